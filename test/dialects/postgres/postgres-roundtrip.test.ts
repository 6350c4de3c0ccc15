/**
 * The invariant normalize exists for: normalize(model) deep-equals
 * normalize(reflect(apply(model))), on PGlite and on the server, for a model that uses unnamed
 * constraints (PostgreSQL names them), custom spellings, defaults of each kind, expression and
 * partial indexes, and vectors where pgvector is installed.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postgresDialect } from '../../../src/dialects/postgres/postgres-dialect.js';
import type { Operation } from '../../../src/operations/operation.js';
import type { SchemaModel, TableModel } from '../../../src/schema/model.js';
import { postgresEngines, type OpenDatabase } from './postgres-engines.js';

// PGlite compiles its WebAssembly at start-up: seconds on an idle machine, a minute or more
// on a busy one (parallel test files), so this file allows more than the default 60 s.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const engines = await postgresEngines();
const mood = { kind: 'enum', name: 'mood', values: ['sad', 'ok', 'happy'] } as const;

const users: TableModel = {
  name: 'users',
  columns: [
    { name: 'id', type: { kind: 'integer' }, nullable: true, autoincrement: true },
    { name: 'email', type: { kind: 'string', length: 255 }, nullable: false, comment: 'login' },
    {
      name: 'nickname',
      type: { kind: 'custom', postgresql: 'VARCHAR(40)', sqlite: 'TEXT' },
      nullable: true,
    },
    {
      name: 'big',
      type: { kind: 'custom', postgresql: 'int8' },
      nullable: true,
      default: { kind: 'literal', value: '7' },
    },
    {
      name: 'active',
      type: { kind: 'boolean' },
      nullable: false,
      default: { kind: 'literal', value: true },
    },
    {
      name: 'label',
      type: { kind: 'text' },
      nullable: true,
      default: { kind: 'literal', value: 5 },
    },
    {
      name: 'created_at',
      type: { kind: 'timestamp', withTimezone: true },
      nullable: false,
      default: { kind: 'sql', sql: 'now()' },
    },
    {
      name: 'born',
      type: { kind: 'date' },
      nullable: true,
      default: { kind: 'sql', sql: 'current_date' },
    },
    {
      name: 'balance',
      type: { kind: 'numeric', precision: 12, scale: 2 },
      nullable: true,
      default: { kind: 'literal', value: 1.5 },
    },
    {
      name: 'settings',
      type: { kind: 'json' },
      nullable: true,
      default: { kind: 'literal', value: '{"b": 1, "a": 2}' },
    },
    { name: 'raw', type: { kind: 'custom', postgresql: 'json' }, nullable: true },
    { name: 'feeling', type: mood, nullable: true, default: { kind: 'literal', value: 'ok' } },
    {
      name: 'tags',
      type: { kind: 'array', of: { kind: 'text' } },
      nullable: true,
      default: { kind: 'sql', sql: "'{}'::text[]" },
    },
    {
      name: 'token',
      type: { kind: 'uuid' },
      nullable: true,
      default: { kind: 'sql', sql: 'gen_random_uuid()' },
    },
    {
      name: 'gone',
      type: { kind: 'text' },
      nullable: true,
      default: { kind: 'literal', value: null },
    },
    { name: 'seen_at', type: { kind: 'timestamp', withTimezone: false }, nullable: true },
  ],
  primaryKey: { columns: ['id'] },
  indexes: [
    {
      name: 'ix_users_email_lower',
      table: 'users',
      parts: [{ expression: 'lower(email)' }],
      unique: true,
    },
    {
      name: 'ix_users_created',
      table: 'users',
      parts: [{ column: 'created_at', order: 'desc' }, { expression: 'id' }],
      unique: false,
      using: 'btree',
    },
    {
      name: 'ix_users_settings',
      table: 'users',
      parts: [{ column: 'settings' }],
      unique: false,
      using: 'gin',
    },
    {
      name: 'ix_users_nick',
      table: 'users',
      parts: [{ column: 'nickname', opclass: 'text_ops' }],
      unique: false,
      with: { fillfactor: '80' },
    },
    {
      // Date and time literals come back in PostgreSQL's format, with casts.
      name: 'ix_users_recent',
      table: 'users',
      parts: [{ column: 'created_at' }],
      unique: false,
      where: "created_at > '2020-01-01 10:30+02:00'",
    },
  ],
  uniques: [{ columns: ['email'] }],
  foreignKeys: [],
  checks: [
    { expression: "length(email) > 3 AND email <> 'x'" },
    {
      name: 'ck_users_dates',
      expression:
        "born >= '1900-01-01' AND seen_at < '2100-01-01T10:30' AND created_at > '2000-01-01T00:00:00Z'",
    },
  ],
  comment: 'people',
};

const posts: TableModel = {
  name: 'posts',
  columns: [
    { name: 'id', type: { kind: 'bigint' }, nullable: false, autoincrement: true },
    { name: 'author_id', type: { kind: 'integer' }, nullable: false },
    {
      name: 'status',
      type: { kind: 'string', length: 10 },
      nullable: true,
      default: { kind: 'sql', sql: "'draft'::character varying" },
    },
    { name: 'score', type: { kind: 'integer' }, nullable: true },
  ],
  primaryKey: { name: 'pk_posts', columns: ['id'] },
  indexes: [
    {
      name: 'ix_posts_live',
      table: 'posts',
      parts: [{ column: 'score' }],
      unique: false,
      where: "status = 'live' AND score > -1",
    },
  ],
  uniques: [{ name: 'uq_posts_author_status', columns: ['author_id', 'status'] }],
  foreignKeys: [
    {
      columns: ['author_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'cascade',
      onUpdate: 'no action',
    },
    {
      name: 'fk_posts_self',
      columns: ['score'],
      refTable: 'posts',
      refColumns: ['id'],
      deferrable: true,
      initiallyDeferred: true,
    },
  ],
  checks: [
    { name: 'ck_posts_status', expression: "status IN ('draft', 'live')" },
    { expression: '(score >= 0) OR (score IS NULL)' },
  ],
};

const jobs: TableModel = {
  name: 'jobs',
  columns: [
    { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
    { name: 'embedding', type: { kind: 'vector', dimensions: 1536 }, nullable: true },
  ],
  primaryKey: { columns: ['id'] },
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

function modelFor(vector: boolean): SchemaModel {
  return {
    tables: vector ? [users, posts, jobs] : [users, posts],
    enums: [{ name: 'mood', values: ['sad', 'ok', 'happy'] }],
    extensions: vector ? ['vector'] : [],
  };
}

function operations(model: SchemaModel): Operation[] {
  return [
    ...model.extensions.map((name): Operation => ({ kind: 'createExtension', name })),
    ...model.tables.map((table): Operation => ({ kind: 'createTable', table })),
  ];
}

describe.each(engines)('normalize(model) = normalize(reflect(apply(model))) on $name', (engine) => {
  let db: OpenDatabase;
  beforeAll(async () => {
    if (engine.available) db = await engine.open();
  });
  afterAll(async () => db?.cleanup());

  it.runIf(engine.available)('round-trips the model', async () => {
    const model = modelFor(db.vector);
    for (const op of operations(model)) {
      for (const statement of postgresDialect.compile(op, { offline: false }))
        await db.conn.execute(statement.sql, statement.params);
    }
    const reflected = await postgresDialect.reflect(db.conn, {});
    expect(postgresDialect.normalize(reflected)).toEqual(postgresDialect.normalize(model));
  });
});
