/**
 * pgvector end to end (models -> autogenerate (compare + render) -> upgrade (compile + run) ->
 * reflect -> normalize -> compare is empty -> downgrade), through the real CLI: vector, halfvec
 * and sparsevec columns, HNSW and IVFFlat indexes with operator classes and storage parameters,
 * the extension's own options, an index built CONCURRENTLY from a migration that runs in the
 * default transaction mode, and models whose vector parts need an optional extension.
 * Runs on PGlite (PostgreSQL 18 + pgvector 0.8) and on the server where pgvector is packaged.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  columnTypes,
  featureEngines,
  featureProject,
  indexDefinitions,
  migrationFile,
  revisionOf,
  type FeatureEngine,
  type FeatureProject,
} from './pg-features-fixture.js';

// PGlite compiles its WebAssembly on every open: slow on a busy two-core machine.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const engines = await featureEngines();
const vectorEngines = engines.filter((e) => e.available && e.vector);
const serverWithoutVector = engines.filter(
  (e) => e.name === 'postgresql' && e.available && !e.vector,
);
if (engines.some((e) => e.name === 'postgresql' && e.available && !e.vector)) {
  console.warn(
    'pg-features-vector: the PostgreSQL server has no pgvector; its vector tests run on PGlite only',
  );
}

const vectorModels = `import { defineSchema, table, t, index } from 'athanor';
export const items = table('items', {
  id: t.bigint().primaryKey().autoincrement(),
  embedding: t.vector(3),
  half: t.halfvec(3),
  sparse: t.sparsevec(5),
}, (i) => [
  index('ix_items_l2').on(i.embedding).using('hnsw').opclass('vector_l2_ops').with({ m: 16, ef_construction: 64 }),
  index('ix_items_ip').on(i.embedding).using('hnsw').opclass('vector_ip_ops'),
  index('ix_items_cosine').on(i.embedding).using('ivfflat').opclass('vector_cosine_ops').with({ lists: 10 }),
  index('ix_items_half').on(i.half).using('hnsw').opclass('halfvec_cosine_ops'),
  index('ix_items_sparse').on(i.sparse).using('hnsw').opclass('sparsevec_l2_ops'),
]);
export default defineSchema({ items }, { extensions: ['vector'] });
`;

let project: FeatureProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

async function open(
  engine: FeatureEngine,
  config: Record<string, unknown> = {},
): Promise<FeatureProject> {
  project = await featureProject(engine, config);
  return project;
}

describe.each(vectorEngines)('pgvector on $name', (engine) => {
  it('autogenerates, applies, checks clean, finds nothing more, and downgrades', async () => {
    const p = await open(engine);
    p.models(vectorModels);
    const generated = await p.ok(['revision', '--autogenerate', '-m', 'vectors']);
    expect(generated.stdout).toContain('+ extension vector');
    const source = p.read(p.files()[0] ?? '');
    expect(source).toContain("await op.createExtension('vector');");
    expect(source).toContain('embedding: t.vector(3),');
    expect(source).toContain('half: t.halfvec(3),');
    expect(source).toContain('sparse: t.sparsevec(5),');
    expect(source).toContain(
      "index('ix_items_l2').on('embedding').using('hnsw').opclass('vector_l2_ops').with({ ef_construction: 64, m: 16 })",
    );
    expect(source).toContain(
      "index('ix_items_cosine').on('embedding').using('ivfflat').opclass('vector_cosine_ops').with({ lists: 10 })",
    );
    expect(source).toContain("await op.dropExtension('vector');");

    await p.ok(['upgrade', 'head']);
    expect(await columnTypes(p, 'items')).toEqual({
      id: 'bigint',
      embedding: 'vector(3)',
      half: 'halfvec(3)',
      sparse: 'sparsevec(5)',
    });
    const defs = await indexDefinitions(p, 'items');
    // The rendered migration writes storage parameters in key order.
    expect(defs['ix_items_l2']).toMatch(
      /USING hnsw \(embedding vector_l2_ops\) WITH \(ef_construction='?64'?, m='?16'?\)$/,
    );
    expect(defs['ix_items_ip']).toMatch(/USING hnsw \(embedding vector_ip_ops\)$/);
    expect(defs['ix_items_cosine']).toMatch(
      /USING ivfflat \(embedding vector_cosine_ops\) WITH \(lists='?10'?\)$/,
    );
    expect(defs['ix_items_half']).toMatch(/USING hnsw \(half halfvec_cosine_ops\)$/);
    expect(defs['ix_items_sparse']).toMatch(/USING hnsw \(sparse sparsevec_l2_ops\)$/);

    await p.ok(['check']);
    const again = await p.ok(['revision', '--autogenerate', '-m', 'nothing']);
    expect(again.stdout).toContain('No changes detected');
    expect(p.files()).toHaveLength(1);

    await p.ok(['downgrade', 'base']);
    const left = await p.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'vector'",
    );
    expect(left[0]?.n).toBe(0);
  });

  it('creates the extension with IF NOT EXISTS, WITH SCHEMA and VERSION, and drops it', async () => {
    const p = await open(engine);
    const [available] = await p.query<{ version: string }>(
      "SELECT default_version AS version FROM pg_available_extensions WHERE name = 'vector'",
    );
    const version = available?.version ?? '';
    p.migration(
      '001_vector.ts',
      migrationFile({
        id: 'a1a1a1a1a1a1',
        down: null,
        message: 'vector in its own schema',
        upgrade: `await op.execute('CREATE SCHEMA ext');
    await op.createExtension('vector', { ifNotExists: true, extensionSchema: 'ext', version: ${JSON.stringify(version)} });
    await op.createExtension('vector', { ifNotExists: true });
    await op.execute('CREATE TABLE probe (v ext.vector(2))');`,
        downgrade: `await op.execute('DROP TABLE probe');
    await op.dropExtension('vector', { ifExists: true, cascade: true });
    await op.dropExtension('vector', { ifExists: true });
    await op.execute('DROP SCHEMA ext');`,
      }),
    );
    await p.ok(['upgrade', 'head']);
    const rows = await p.query<{ schema: string; version: string }>(
      `SELECT n.nspname AS schema, e.extversion AS version
         FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'`,
    );
    expect(rows).toEqual([{ schema: 'ext', version }]);
    const sql = await p.ok(['upgrade', 'head', '--sql', '--url', 'postgresql://u@h/db']);
    expect(sql.stdout).toContain(
      `CREATE EXTENSION IF NOT EXISTS "vector" WITH SCHEMA "ext" VERSION '${version}';`,
    );
    await p.ok(['downgrade', 'base']);
    expect(await p.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).toEqual([]);
  });

  it('builds an HNSW index CONCURRENTLY from a migration in the default transaction mode', async () => {
    const p = await open(engine);
    p.migration(
      '001_items.ts',
      migrationFile({
        id: 'b1b1b1b1b1b1',
        down: null,
        message: 'items with an HNSW index built concurrently',
        upgrade: `await op.createExtension('vector', { ifNotExists: true });
    await op.createTable('items', { id: t.integer().primaryKey().autoincrement(), embedding: t.vector(3) });
    await op.bulkInsert('items', [{ embedding: '[1,0,0]' }, { embedding: '[0,1,0]' }, { embedding: '[0,0,1]' }]);
    await op.createIndex('ix_items_embedding', 'items', ['embedding'], {
      using: 'hnsw', opclass: 'vector_cosine_ops', with: { m: 8 }, concurrently: true,
    });`,
        downgrade: `await op.dropIndex('ix_items_embedding', { concurrently: true });
    await op.dropTable('items');
    await op.dropExtension('vector');`,
      }),
    );
    const run = await p.ok(['upgrade', 'head']);
    expect(run.stdout).toContain('Running upgrade  -> b1b1b1b1b1b1 (001_items)');
    const [index] = await p.query<{ valid: boolean }>(
      "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'ix_items_embedding'::regclass",
    );
    expect(index?.valid).toBe(true);
    await p.ok(['downgrade', 'base']);
    expect(await p.query("SELECT 1 FROM pg_class WHERE relname = 'items'")).toEqual([]);
  });
});

/** The example app's way: vector parts that need an extension the schema does not declare. */
const optionalVectorModels = `import { defineSchema, table, t, index } from 'athanor';
const pgvector = { extensions: ['vector'] };
export const jobs = table('jobs', {
  id: t.integer().primaryKey().autoincrement(),
  title: t.string(200).notNull(),
  embedding: t.vector(3).requires(pgvector),
}, (j) => [
  index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops'),
  index('ix_jobs_title').on(j.title),
]);
export default defineSchema({ jobs });
`;

describe.each(engines.filter((e) => e.available))('optional vector parts on $name', (engine) => {
  it('leaves them out until the extension is installed, then autogenerates them', async () => {
    const p = await open(engine);
    p.models(optionalVectorModels);
    const first = await p.ok(['revision', '--autogenerate', '-m', 'jobs']);
    expect(first.stdout).toContain('+ table jobs');
    expect(p.read(p.files()[0] ?? '')).not.toContain('embedding');
    await p.ok(['upgrade', 'head']);
    await p.ok(['check']);
    if (!engine.vector) return;
    p.migration(
      '002_vector.ts',
      migrationFile({
        id: 'c2c2c2c2c2c2',
        down: revisionOf(p.read(p.files()[0] ?? '')),
        message: 'install pgvector',
        upgrade: "await op.createExtension('vector');",
        downgrade: "await op.dropExtension('vector');",
      }),
    );
    await p.ok(['upgrade', 'head']);
    const failed = await p.ok(['check'], 1);
    expect(failed.stdout).toContain('+ column jobs.embedding (vector(3))');
    const second = await p.ok(['revision', '--autogenerate', '-m', 'vectors']);
    expect(second.stdout).not.toContain('extension');
    await p.ok(['upgrade', 'head']);
    await p.ok(['check']);
    await p.ok(['downgrade', 'base']);
  });
});

describe.each(serverWithoutVector)('vector models on $name without pgvector', (engine) => {
  it('refuses a declared (mandatory) extension clearly', async () => {
    const p = await open(engine);
    p.models(vectorModels);
    await p.ok(['revision', '--autogenerate', '-m', 'vectors']);
    const failed = await p.ok(['upgrade', 'head'], 1);
    expect(failed.stderr).toMatch(/vector/);
    expect(failed.stderr).toMatch(/extension/i);
  });
});
