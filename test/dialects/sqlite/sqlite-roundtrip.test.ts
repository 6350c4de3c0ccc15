import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { sqliteDialect } from '../../../src/dialects/sqlite/sqlite-dialect.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { betterSqlite3Driver } from '../../../src/drivers/better-sqlite3-driver.js';
import type { SchemaModel, TableModel } from '../../../src/schema/model.js';
import { jobMatchingSchema } from '../job-matching-model.js';
import { createSqliteDatabase, type TestDatabase } from '../../helpers/databases.js';

/** The invariant other parts rely on: normalize(model) deep-equals normalize(reflect(apply(model))). */
const users: TableModel = {
  name: 'users',
  columns: [
    { name: 'id', type: { kind: 'bigint' }, nullable: false, autoincrement: true },
    { name: 'email', type: { kind: 'string', length: 255 }, nullable: false, comment: 'login' },
    {
      name: 'name',
      type: { kind: 'string' },
      nullable: true,
      default: { kind: 'literal', value: "O'Brien" },
    },
    {
      name: 'active',
      type: { kind: 'boolean' },
      nullable: false,
      default: { kind: 'literal', value: true },
    },
    {
      name: 'score',
      type: { kind: 'numeric', precision: 10, scale: 2 },
      nullable: true,
      default: { kind: 'literal', value: 1.5 },
    },
    { name: 'ratio', type: { kind: 'real' }, nullable: true },
    {
      name: 'weight',
      type: { kind: 'double' },
      nullable: true,
      default: { kind: 'sql', sql: '-2.5' },
    },
    {
      name: 'created_at',
      type: { kind: 'timestamp', withTimezone: true },
      nullable: false,
      default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
    },
    {
      name: 'updated_at',
      type: { kind: 'timestamp', withTimezone: false },
      nullable: true,
      default: { kind: 'sql', sql: "datetime('now')" },
    },
    { name: 'born', type: { kind: 'date' }, nullable: true },
    { name: 'wakes', type: { kind: 'time' }, nullable: true },
    {
      name: 'profile',
      type: { kind: 'json' },
      nullable: true,
      default: { kind: 'literal', value: '{}' },
    },
    { name: 'token', type: { kind: 'uuid' }, nullable: true },
    { name: 'avatar', type: { kind: 'binary' }, nullable: true },
    {
      name: 'status',
      type: { kind: 'enum', name: 'user_status', values: ['new', 'active', "it's"] },
      nullable: false,
      default: { kind: 'literal', value: 'new' },
    },
    {
      name: 'age',
      type: { kind: 'smallint' },
      nullable: true,
      default: { kind: 'literal', value: null },
    },
    { name: 'bio', type: { kind: 'text' }, nullable: true },
    {
      name: 'legacy',
      type: { kind: 'custom', sqlite: 'mediumint', postgresql: 'integer' },
      nullable: true,
    },
    {
      name: 'count',
      type: { kind: 'integer' },
      nullable: false,
      default: { kind: 'literal', value: 0 },
    },
  ],
  primaryKey: { name: 'pk_users', columns: ['id'] },
  indexes: [
    {
      name: 'ix_users_lower_email',
      table: 'users',
      parts: [{ expression: 'lower(email)' }],
      unique: true,
    },
    {
      name: 'ix_users_active_score',
      table: 'users',
      parts: [{ column: 'active' }, { column: 'score', order: 'desc' }],
      unique: false,
      where: 'active = 1',
    },
  ],
  uniques: [{ name: 'uq_users_email', columns: ['email'] }, { columns: ['name', 'born'] }],
  foreignKeys: [],
  checks: [{ name: 'ck_users_age', expression: 'age >= 0' }, { expression: '"count" < 1000' }],
  comment: 'people',
};

const posts: TableModel = {
  name: 'posts',
  columns: [
    { name: 'user_id', type: { kind: 'bigint' }, nullable: false },
    { name: 'slug', type: { kind: 'string', length: 80 }, nullable: false },
    { name: 'parent_user', type: { kind: 'bigint' }, nullable: true },
    { name: 'parent_slug', type: { kind: 'string', length: 80 }, nullable: true },
    { name: 'kind', type: { kind: 'text' }, nullable: true },
  ],
  primaryKey: { columns: ['user_id', 'slug'] },
  indexes: [],
  uniques: [],
  foreignKeys: [
    {
      name: 'fk_posts_user',
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'cascade',
      onUpdate: 'no action',
    },
    {
      columns: ['parent_user', 'parent_slug'],
      refTable: 'posts',
      refColumns: ['user_id', 'slug'],
      onDelete: 'set null',
      initiallyDeferred: true,
    },
  ],
  // A hand-written enum: text + CHECK (col IN (...)) is the same table as t.enum().
  checks: [{ expression: "kind IN ('a', 'b')" }],
};

const model: SchemaModel = {
  tables: [users, posts],
  enums: [{ name: 'user_status', values: ['new', 'active', "it's"] }],
  extensions: ['vector'],
};

describe('sqlite round trip: normalize(model) = normalize(reflect(apply(model)))', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeEach(async () => {
    db = await createSqliteDatabase();
    conn = await betterSqlite3Driver.connect(parseUrl(db.url));
  });
  afterEach(async () => {
    await conn.close();
    await db.cleanup();
  });

  it('holds for every type, default, key, index and constraint kind', async () => {
    for (const table of model.tables) {
      for (const statement of sqliteDialect.compile(
        { kind: 'createTable', table },
        { offline: false },
      )) {
        await conn.execute(statement.sql, statement.params);
      }
    }
    const reflected = await sqliteDialect.reflect(conn);
    expect(sqliteDialect.normalize(reflected)).toEqual(sqliteDialect.normalize(model));
  });

  it('holds for the job-matching models written with the DSL', async () => {
    const { model: dsl } = jobMatchingSchema({ partialIndex: true });
    for (const table of dsl.tables) {
      for (const statement of sqliteDialect.compile(
        { kind: 'createTable', table },
        { offline: false },
      )) {
        await conn.execute(statement.sql, statement.params);
      }
    }
    const reflected = await sqliteDialect.reflect(conn);
    expect(sqliteDialect.normalize(reflected)).toEqual(sqliteDialect.normalize(dsl));
  });

  it('is idempotent', () => {
    const once = sqliteDialect.normalize(model);
    expect(sqliteDialect.normalize(once)).toEqual(once);
  });
});
