/**
 * PostgreSQL specifics end to end through the real CLI (models -> autogenerate -> upgrade ->
 * reflect/normalize/compare via `check` -> a second autogenerate finds nothing -> downgrade), on
 * PGlite (PostgreSQL 18) and the server (PostgreSQL 15): jsonb, uuid with gen_random_uuid(),
 * arrays, identity columns, partial and expression indexes, enums and values added to them
 * inside a migration's transaction, CREATE INDEX CONCURRENTLY under the default transaction
 * mode, and a schema other than `public` (config `schema`).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  columnTypes,
  featureEngines,
  featureProject,
  indexDefinitions,
  migrationFile,
  type FeatureEngine,
  type FeatureProject,
} from './pg-features-fixture.js';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const engines = (await featureEngines()).filter((e) => e.available);

const typeModels = `import { defineSchema, table, t, index, sql } from 'athanor';
export const docs = table('docs', {
  id: t.bigint().primaryKey().autoincrement(),
  public_id: t.uuid().notNull().default(sql\`gen_random_uuid()\`),
  meta: t.json().notNull().default(sql\`'{}'::jsonb\`),
  tags: t.array(t.text()).notNull().default(sql\`'{}'::text[]\`),
  scores: t.array(t.integer()),
  status: t.enum('doc_status', ['draft', 'live']).notNull().default('draft'),
  history: t.array(t.enum('doc_status', ['draft', 'live'])),
  title: t.string(200).notNull(),
  deleted_at: t.timestamp({ withTimezone: true }),
}, (d) => [
  index('ix_docs_title_lower').on(sql\`lower(title)\`).unique().where(sql\`deleted_at IS NULL\`),
  index('ix_docs_live').on(d.title).where(sql\`status = 'live'\`),
  index('ix_docs_meta').on(d.meta).using('gin'),
  index('ix_docs_meta_kind').on(sql\`(meta ->> 'kind')\`),
  index('ix_docs_tags').on(d.tags).using('gin'),
]);
export default defineSchema({ docs });
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

describe.each(engines)('PostgreSQL features on $name', (engine) => {
  it('jsonb, uuid, arrays, identity, enums, partial and expression indexes round-trip', async () => {
    const p = await open(engine);
    p.models(typeModels);
    await p.ok(['revision', '--autogenerate', '-m', 'docs']);
    const source = p.read(p.files()[0] ?? '');
    expect(source).toContain('id: t.bigint().primaryKey().autoincrement(),');
    expect(source).toContain('public_id: t.uuid().notNull().default(sql`gen_random_uuid()`),');
    expect(source).toContain("history: t.array(t.enum('doc_status', ['draft', 'live'])),");
    expect(source).toContain(
      "index('ix_docs_title_lower').on(sql`lower(title)`).unique().where(sql`deleted_at is null`)",
    );
    await p.ok(['upgrade', 'head']);

    expect(await columnTypes(p, 'docs')).toMatchObject({
      id: 'bigint',
      public_id: 'uuid',
      meta: 'jsonb',
      tags: 'text[]',
      scores: 'integer[]',
      status: 'doc_status',
      history: 'doc_status[]',
      title: 'character varying(200)',
      deleted_at: 'timestamp with time zone',
    });
    const [identity] = await p.query<{ identity: string; uuid_default: string }>(
      `SELECT (SELECT attidentity FROM pg_attribute WHERE attrelid = 'docs'::regclass AND attname = 'id') AS identity,
              (SELECT column_default FROM information_schema.columns WHERE table_name = 'docs' AND column_name = 'public_id') AS uuid_default`,
    );
    expect(identity).toEqual({ identity: 'd', uuid_default: 'gen_random_uuid()' });
    const defs = await indexDefinitions(p, 'docs');
    expect(defs['ix_docs_title_lower']).toMatch(
      /^CREATE UNIQUE INDEX .* \(lower\(\(title\)::text\)\) WHERE \(deleted_at IS NULL\)$/,
    );
    expect(defs['ix_docs_live']).toMatch(/\(title\) WHERE \(status = 'live'::doc_status\)$/);
    expect(defs['ix_docs_meta']).toMatch(/USING gin \(meta\)$/);
    expect(defs['ix_docs_meta_kind']).toMatch(/USING btree \(\(\(meta ->> 'kind'::text\)\)\)$/);

    // Defaults and identity work for rows the app inserts.
    const [row] = await p.query<{
      id: string;
      public_id: string;
      meta: unknown;
      tags: string[];
      status: string;
    }>(
      "INSERT INTO docs (title, scores, history) VALUES ('a', '{1,2}', '{draft,live}') RETURNING id, public_id, meta, tags, status",
    );
    expect(row).toMatchObject({ id: '1', meta: {}, tags: [], status: 'draft' });
    expect(row?.public_id).toMatch(/^[0-9a-f-]{36}$/);

    await p.ok(['check']);
    expect((await p.ok(['revision', '--autogenerate', '-m', 'again'])).stdout).toContain(
      'No changes detected',
    );
    await p.ok(['downgrade', 'base']);
    expect(await p.query("SELECT 1 FROM pg_type WHERE typname = 'doc_status'")).toEqual([]);
  });

  it('adds an enum value inside a migration transaction; using it needs op.autocommit', async () => {
    const p = await open(engine);
    p.migration(
      '001_mood.ts',
      migrationFile({
        id: 'e1e1e1e1e1e1',
        down: null,
        message: 'people with a mood',
        upgrade: `await op.createTable('people', { id: t.integer().primaryKey(), mood: t.enum('mood', ['sad', 'ok']) });`,
        downgrade: `await op.dropTable('people'); await op.dropEnum('mood');`,
      }),
    );
    p.migration(
      '002_happy.ts',
      migrationFile({
        id: 'e2e2e2e2e2e2',
        down: 'e1e1e1e1e1e1',
        message: 'add happy',
        upgrade: `await op.addEnumValue('mood', 'happy', { after: 'ok' });`,
        downgrade: `await op.execute("DELETE FROM people WHERE mood = 'happy'");`,
      }),
    );
    await p.ok(['upgrade', 'head']);
    p.models(`import { defineSchema, table, t } from 'athanor';
export const people = table('people', { id: t.integer().primaryKey(), mood: t.enum('mood', ['sad', 'ok', 'happy']) });
export default defineSchema({ people });
`);
    await p.ok(['check']);

    // PostgreSQL >= 12 runs ALTER TYPE ... ADD VALUE in a transaction block, but the new value
    // cannot be used before that transaction commits (SQLSTATE 55P04):
    // https://www.postgresql.org/docs/current/sql-altertype.html#id-1.9.3.42.7
    p.migration(
      '003_glad.ts',
      migrationFile({
        id: 'e3e3e3e3e3e3',
        down: 'e2e2e2e2e2e2',
        message: 'add glad and use it at once',
        upgrade: `await op.addEnumValue('mood', 'glad');
    await op.execute("INSERT INTO people (id, mood) VALUES (1, 'glad')");`,
        downgrade: `await op.execute('DELETE FROM people');`,
      }),
    );
    const failed = await p.ok(['upgrade', 'head'], 1);
    expect(failed.stderr).toMatch(/unsafe use of new value "glad"/);
    const labels = async () =>
      (
        await p.query<{ label: string }>(
          "SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'mood'::regtype ORDER BY enumsortorder",
        )
      ).map((r) => r.label);
    expect(await labels()).toEqual(['sad', 'ok', 'happy']); // rolled back with the step
    expect((await p.ok(['current'])).stdout).toContain('e2e2e2e2e2e2');

    // A new file name: this process has imported 003_glad.ts already (a new CLI process would not care).
    rmSync(join(p.versions, '003_glad.ts'));
    p.migration(
      '003_glad_autocommit.ts',
      migrationFile({
        id: 'e3e3e3e3e3e3',
        down: 'e2e2e2e2e2e2',
        message: 'add glad and use it at once',
        upgrade: `await op.autocommit(() => op.addEnumValue('mood', 'glad'));
    await op.execute("INSERT INTO people (id, mood) VALUES (1, 'glad')");`,
        downgrade: `await op.execute('DELETE FROM people');`,
      }),
    );
    await p.ok(['upgrade', 'head']);
    expect(await labels()).toEqual(['sad', 'ok', 'happy', 'glad']);
    expect(await p.query('SELECT mood FROM people')).toEqual([{ mood: 'glad' }]);
    await p.ok(['downgrade', 'base']);
  });

  it('moves CREATE/DROP INDEX CONCURRENTLY out of the migration transaction', async () => {
    const p = await open(engine);
    p.migration(
      '001_events.ts',
      migrationFile({
        id: 'f1f1f1f1f1f1',
        down: null,
        message: 'events',
        upgrade: `await op.createTable('events', { id: t.integer().primaryKey(), kind: t.string(20) });
    await op.bulkInsert('events', [{ id: 1, kind: 'a' }, { id: 2, kind: 'b' }]);
    await op.createIndex('ix_events_kind', 'events', ['kind'], { concurrently: true, where: sql\`kind <> 'a'\` });`,
        downgrade: `await op.dropIndex('ix_events_kind', { concurrently: true });
    await op.dropTable('events');`,
      }),
    );
    await p.ok(['upgrade', 'head']);
    const [index] = await p.query<{ valid: boolean }>(
      "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'ix_events_kind'::regclass",
    );
    expect(index?.valid).toBe(true);
    const script = (await p.ok(['upgrade', 'head', '--sql', '--url', 'postgresql://u@h/db']))
      .stdout;
    const statements = script.split('\n').filter((l) => /^(BEGIN|COMMIT|CREATE INDEX)/.test(l));
    expect(statements).toEqual([
      'BEGIN;',
      'COMMIT;',
      `CREATE INDEX CONCURRENTLY "ix_events_kind" ON "events" ("kind") WHERE kind <> 'a';`,
      'BEGIN;',
      'COMMIT;',
    ]);
    await p.ok(['downgrade', 'base']);
    expect(await p.query("SELECT 1 FROM pg_class WHERE relname = 'events'")).toEqual([]);
  });
});

describe.each(engines)('a schema other than public on $name', (engine) => {
  const models = `import { defineSchema, table, t, index } from 'athanor';
export const items = table('items', {
  id: t.integer().primaryKey().autoincrement(),
  name: t.string(50).notNull(),
  level: t.enum('level', ['low', 'high']),
}, (i) => [index().on(i.name)]);
export default defineSchema({ items });
`;

  it('keeps the version table, the tables autogenerate writes and check in config.schema', async () => {
    const p = await open(engine, { schema: 'app' });
    await p.withConnection((c) => c.execute('CREATE SCHEMA app'));
    p.models(models);
    await p.ok(['revision', '--autogenerate', '-m', 'items']);
    const source = p.read(p.files()[0] ?? '');
    expect(source).toContain("await op.createEnum('level', ['low', 'high'], { schema: 'app' });");
    expect(source).toContain("schema: 'app'");
    await p.ok(['upgrade', 'head']);
    const tables = await p.query<{ schema: string; name: string }>(
      "SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE schemaname IN ('app', 'public') ORDER BY 1, 2",
    );
    expect(tables).toEqual([
      { schema: 'app', name: 'athanor_version' },
      { schema: 'app', name: 'athanor_version_log' },
      { schema: 'app', name: 'items' },
    ]);
    await p.ok(['check']);
    expect((await p.ok(['revision', '--autogenerate', '-m', 'again'])).stdout).toContain(
      'No changes detected',
    );
    await p.ok(['downgrade', 'base']);
    expect(await p.query("SELECT 1 FROM pg_tables WHERE tablename = 'items'")).toEqual([]);
  });

  // Without `{ schema }`, operations run on the session's search_path, which the run sets to
  // `"app", public` (src/runtime/session-settings.ts): items lands in app, where check looks.
  it('runs unqualified operations in config.schema', async () => {
    const p = await open(engine, { schema: 'app' });
    await p.withConnection((c) => c.execute('CREATE SCHEMA app'));
    p.models(models);
    p.migration(
      '001_items.ts',
      migrationFile({
        id: 'a9a9a9a9a9a9',
        down: null,
        message: 'items, unqualified',
        upgrade: `await op.createTable('items', {
      id: t.integer().primaryKey().autoincrement(),
      name: t.string(50).notNull(),
      level: t.enum('level', ['low', 'high']),
    }, { extras: [index().on('name')] });`,
        downgrade: `await op.dropTable('items'); await op.dropEnum('level');`,
      }),
    );
    await p.ok(['upgrade', 'head']);
    expect(
      await p.query(
        "SELECT schemaname AS schema, tablename AS name FROM pg_tables WHERE tablename IN ('items', 'athanor_version', 'athanor_version_log') ORDER BY 2",
      ),
    ).toEqual([
      { schema: 'app', name: 'athanor_version' },
      { schema: 'app', name: 'athanor_version_log' },
      { schema: 'app', name: 'items' },
    ]);
    expect(
      await p.query(
        "SELECT n.nspname AS schema FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'level'",
      ),
    ).toEqual([{ schema: 'app' }]);
    await p.ok(['check']);
    await p.ok(['downgrade', 'base']);
    expect(await p.query("SELECT 1 FROM pg_tables WHERE tablename = 'items'")).toEqual([]);
  });
});
