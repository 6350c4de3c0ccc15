/**
 * Model elements that `.requires({ extensions })` (pure: DSL, PostgreSQL normalize, compare and
 * the models as a configured database sees them). The live runs are in pg-features-vector.
 */
import { describe, expect, it } from 'vitest';
import { compare, compareBothWays } from '../../../src/autogen/compare.js';
import { projectRequirements } from '../../../src/autogen/compare/requirements.js';
import { modelsForDatabase } from '../../../src/autogen/models-load.js';
import { parseUrl } from '../../../src/config/url.js';
import { normalizePostgres } from '../../../src/dialects/postgres/postgres-normalize.js';
import { sql } from '../../../src/operations/sql-tag.js';
import { defineSchema, index, t, table, unique } from '../../../src/schema/dsl.js';
import type { SchemaModel } from '../../../src/schema/model.js';

const pgvector = { extensions: ['vector'] };

function jobsSchema(extensions: readonly string[] = []) {
  const jobs = table(
    'jobs',
    {
      id: t.integer().primaryKey().autoincrement(),
      title: t.string(200).notNull(),
      embedding: t.vector(3).requires(pgvector),
    },
    (j) => [
      index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops'),
      index('ix_jobs_half')
        .on(sql`(embedding::halfvec(3)) halfvec_cosine_ops`)
        .using('hnsw'),
      index('ix_jobs_title').on(j.title),
      index('ix_jobs_title_trgm')
        .on(sql`title gin_trgm_ops`)
        .using('gin')
        .requires({ extensions: ['pg_trgm'] }),
      unique('uq_jobs_title_embedding').on(j.title, j.embedding),
    ],
  );
  return normalizePostgres(defineSchema({ jobs }, { extensions }).model);
}

/** What the database holds without the vector parts (as reflected and normalised). */
function databaseWithout(extensions: readonly string[]): SchemaModel {
  const jobs = table(
    'jobs',
    { id: t.integer().primaryKey().autoincrement(), title: t.string(200).notNull() },
    (j) => [index('ix_jobs_title').on(j.title)],
  );
  return normalizePostgres(defineSchema({ jobs }, { extensions }).model);
}

describe('requires', () => {
  it('is carried by columns and indexes of the DSL and kept (lower case) by PostgreSQL normalize', () => {
    const Vector = { extensions: ['Vector', 'Vector'] };
    const model = normalizePostgres(
      defineSchema({
        x: table('x', { v: t.vector(3).requires(Vector) }, (x) => [
          index('ix_v').on(x.v).requires(Vector),
        ]),
      }).model,
    );
    expect(model.tables[0]?.columns[0]?.requires).toEqual({ extensions: ['vector'] });
    expect(model.tables[0]?.indexes[0]?.requires).toEqual({ extensions: ['vector'] });
  });

  it('leaves the parts out where an undeclared extension is not installed, and says nothing of it', () => {
    expect(compare(databaseWithout([]), jobsSchema()).operations).toEqual([]);
  });

  it('compares the parts where it is installed, and neither creates nor drops the extension', () => {
    const { upgrade, downgrade } = compareBothWays(databaseWithout(['vector']), jobsSchema());
    expect(
      upgrade.operations.map((op) => [
        op.kind,
        'name' in op ? op.name : 'index' in op ? op.index.name : '',
      ]),
    ).toEqual([
      ['addColumn', ''],
      ['addConstraint', ''],
      ['createIndex', 'ix_jobs_embedding'],
      ['createIndex', 'ix_jobs_half'],
    ]);
    expect(JSON.stringify(upgrade.operations)).not.toContain('requires');
    expect(downgrade.operations.map((op) => op.kind)).toEqual([
      'dropConstraint',
      'dropIndex',
      'dropIndex',
      'dropColumn',
    ]);
  });

  it('treats a declared extension as mandatory: created, and its parts always compared', () => {
    const ops = compare(databaseWithout([]), jobsSchema(['vector'])).operations;
    expect(ops[0]).toEqual({ kind: 'createExtension', name: 'vector' });
    expect(ops.filter((op) => op.kind === 'addColumn')).toHaveLength(1);
  });

  it('keeps an index that requires another extension out until that one is installed too', () => {
    const current = databaseWithout(['vector', 'pg_trgm']);
    const target = projectRequirements(current, jobsSchema());
    expect(target.extensions).toEqual(['pg_trgm', 'vector']);
    expect(target.tables[0]?.indexes.map((i) => i.name)).toContain('ix_jobs_title_trgm');
    const withoutTrgm = projectRequirements(databaseWithout(['vector']), jobsSchema());
    expect(withoutTrgm.tables[0]?.indexes.map((i) => i.name)).not.toContain('ix_jobs_title_trgm');
  });
});

describe('modelsForDatabase', () => {
  const model = defineSchema({
    jobs: table(
      'jobs',
      { id: t.integer().primaryKey(), embedding: t.vector(3).requires(pgvector) },
      (j) => [
        index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops'),
      ],
    ),
  }).model;

  it('leaves out what requires an extension on a dialect without extensions', async () => {
    const sqlite = await modelsForDatabase(model, { parsedUrl: parseUrl('sqlite::memory:') });
    expect(sqlite.tables[0]?.columns.map((c) => c.name)).toEqual(['id']);
    expect(sqlite.tables[0]?.indexes).toEqual([]);
    const postgres = await modelsForDatabase(model, { parsedUrl: parseUrl('pglite:memory:') });
    expect(postgres).toBe(model);
  });

  it("puts unqualified tables and enums in the config's schema on PostgreSQL only", async () => {
    const withEnum = defineSchema({
      a: table('a', { id: t.integer().primaryKey(), lvl: t.enum('lvl', ['x']) }),
    }).model;
    const pg = await modelsForDatabase(withEnum, {
      parsedUrl: parseUrl('postgres://h/db'),
      schema: 'app',
    });
    expect([pg.tables[0]?.schema, pg.enums[0]?.schema]).toEqual(['app', 'app']);
    const lite = await modelsForDatabase(withEnum, {
      parsedUrl: parseUrl('sqlite::memory:'),
      schema: 'app',
    });
    expect(lite.tables[0]?.schema).toBeUndefined();
  });
});
