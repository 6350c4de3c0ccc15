/**
 * pgvector types and an HNSW index compiled and run on PGlite with the pgvector extension
 * (DESIGN.md §7), and on the PostgreSQL server where pg_available_extensions lists `vector`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableModel } from '../../src/schema/model.js';
import { serverAvailable } from '../helpers/databases.js';
import {
  apply,
  catalogColumns,
  catalogIndexes,
  openPglite,
  openPostgres,
  type Engine,
  openTimeoutMs,
} from './compile-helpers.js';

const serverHasVector = async (): Promise<boolean> => {
  if (!(await serverAvailable('postgresql'))) return false;
  const engine = await openPostgres();
  try {
    return (
      (await engine.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).length > 0
    );
  } finally {
    await engine.close();
  }
};

const targets = [
  { name: 'pglite', available: true, open: () => openPglite({ vector: true }) },
  { name: 'postgresql', available: await serverHasVector(), open: openPostgres },
];

const jobs: TableModel = {
  name: 'jobs',
  columns: [
    { name: 'id', type: { kind: 'bigint' }, nullable: false, autoincrement: true },
    { name: 'embedding', type: { kind: 'vector', dimensions: 3 }, nullable: true },
    { name: 'half', type: { kind: 'halfvec', dimensions: 3 }, nullable: true },
    { name: 'sparse', type: { kind: 'sparsevec', dimensions: 5 }, nullable: true },
  ],
  primaryKey: { name: 'pk_jobs', columns: ['id'] },
  indexes: [
    {
      name: 'ix_jobs_embedding',
      table: 'jobs',
      parts: [{ column: 'embedding', opclass: 'vector_cosine_ops' }],
      unique: false,
      using: 'hnsw',
      with: { m: 16, ef_construction: 64 },
    },
  ],
  uniques: [],
  foreignKeys: [],
  checks: [],
};

describe.each(targets)('vectors on $name', ({ available, open }) => {
  let engine: Engine;
  beforeAll(async () => {
    if (available) engine = await open();
  }, openTimeoutMs);
  afterAll(async () => {
    if (available) await engine.close();
  });

  it.skipIf(!available)(
    'creates the extension, vector columns and an HNSW cosine index, and finds the nearest row',
    async () => {
      await apply(engine, { kind: 'createExtension', name: 'vector', ifNotExists: true });
      await apply(engine, { kind: 'createTable', table: jobs });
      expect((await catalogColumns(engine, 'jobs')).map((c) => c.type)).toEqual([
        'bigint',
        'vector(3)',
        'halfvec(3)',
        'sparsevec(5)',
      ]);
      expect(await catalogIndexes(engine, 'jobs')).toEqual(['ix_jobs_embedding', 'pk_jobs']);
      const [reloptions] = await engine.query<{ o: string[] }>(
        "SELECT reloptions AS o FROM pg_class WHERE relname = 'ix_jobs_embedding'",
      );
      expect(reloptions?.o).toEqual(['m=16', 'ef_construction=64']);

      await apply(engine, {
        kind: 'bulkInsert',
        table: 'jobs',
        rows: [{ embedding: '[1,0,0]', half: '[1,0,0]', sparse: '{1:1}/5' }],
      });
      await apply(
        engine,
        {
          kind: 'bulkInsert',
          table: 'jobs',
          rows: [{ embedding: '[0,1,0]', half: '[0,1,0]', sparse: '{2:1}/5' }],
        },
        { offline: true },
      );
      const nearest = await engine.query<{ id: unknown }>(
        "SELECT id FROM jobs ORDER BY embedding <=> '[0.1,0.9,0]' LIMIT 1",
      );
      expect(nearest.map((r) => Number(r.id))).toEqual([2]);
      await apply(engine, { kind: 'dropIndex', name: 'ix_jobs_embedding', ifExists: true });
      await apply(engine, { kind: 'dropTable', table: 'jobs' });
      await apply(engine, { kind: 'dropExtension', name: 'vector', ifExists: true });
    },
    // Loading the pgvector bundle into PGlite is slow on a loaded machine.
    openTimeoutMs,
  );
});
