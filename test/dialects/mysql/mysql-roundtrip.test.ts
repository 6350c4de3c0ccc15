import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { mysql2Driver } from '../../../src/drivers/mysql2-driver.js';
import type { SchemaModel, TableModel } from '../../../src/schema/model.js';
import { jobMatchingSchema } from '../job-matching-model.js';
import {
  createMysqlDatabase,
  serverAvailable,
  type TestDatabase,
} from '../../helpers/databases.js';

const available = await serverAvailable('mysql');

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
      default: { kind: 'literal', value: "O'Brien \\ co" },
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
    { name: 'amount', type: { kind: 'numeric' }, nullable: true },
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
      default: { kind: 'literal', value: '2020-01-01 00:00:00' },
    },
    {
      name: 'born',
      type: { kind: 'date' },
      nullable: true,
      default: { kind: 'sql', sql: '(CURRENT_DATE)' },
    },
    { name: 'wakes', type: { kind: 'time' }, nullable: true },
    { name: 'profile', type: { kind: 'json' }, nullable: true },
    {
      name: 'token',
      type: { kind: 'uuid' },
      nullable: true,
      default: { kind: 'sql', sql: 'uuid()' },
    },
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
      type: { kind: 'custom', mysql: 'MEDIUMINT UNSIGNED', postgresql: 'integer' },
      nullable: true,
    },
    {
      name: 'code',
      type: { kind: 'string', length: 10 },
      nullable: false,
      default: { kind: 'literal', value: 0 },
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
      name: 'ix_users_active_score',
      table: 'users',
      parts: [{ column: 'active' }, { column: 'score', order: 'desc' }],
      unique: false,
    },
    {
      name: 'ix_users_code',
      table: 'users',
      parts: [{ column: 'code' }],
      unique: true,
      using: 'btree',
    },
  ],
  uniques: [{ name: 'uq_users_email', columns: ['email'] }],
  foreignKeys: [],
  checks: [
    { name: 'ck_users_age', expression: 'age >= 0 AND age != 200' },
    { name: 'ck_users_bio', expression: 'LENGTH(bio) > 0 OR bio IS NULL' },
  ],
  comment: 'people',
};

const posts: TableModel = {
  name: 'posts',
  columns: [
    { name: 'user_id', type: { kind: 'bigint' }, nullable: false },
    { name: 'slug', type: { kind: 'string', length: 80 }, nullable: false },
    { name: 'parent_user', type: { kind: 'bigint' }, nullable: true },
    { name: 'parent_slug', type: { kind: 'string', length: 80 }, nullable: true },
    { name: 'author', type: { kind: 'bigint' }, nullable: true },
  ],
  primaryKey: { columns: ['user_id', 'slug'] },
  indexes: [
    { name: 'ix_posts_author', table: 'posts', parts: [{ column: 'author' }], unique: false },
  ],
  uniques: [],
  foreignKeys: [
    {
      name: 'fk_posts_user',
      columns: ['user_id'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'cascade',
      onUpdate: 'restrict',
    },
    {
      name: 'fk_posts_parent',
      columns: ['parent_user', 'parent_slug'],
      refTable: 'posts',
      refColumns: ['user_id', 'slug'],
      onDelete: 'set null',
      initiallyDeferred: true,
    },
    {
      name: 'fk_posts_author',
      columns: ['author'],
      refTable: 'users',
      refColumns: ['id'],
      onDelete: 'no action',
    },
  ],
  checks: [],
};

const model: SchemaModel = {
  tables: [users, posts],
  enums: [{ name: 'user_status', values: ['new', 'active', "it's"] }],
  extensions: [],
};

describe.skipIf(!available)(
  'mysql round trip: normalize(model) = normalize(reflect(apply(model)))',
  () => {
    let db: TestDatabase;
    let conn: Connection;
    beforeEach(async () => {
      db = await createMysqlDatabase();
      conn = await mysql2Driver.connect(parseUrl(db.url));
    });
    afterEach(async () => {
      await conn.close();
      await db.cleanup();
    });

    it('holds for every type, default, key, index and constraint kind', async () => {
      for (const table of model.tables) {
        for (const statement of mysqlDialect.compile(
          { kind: 'createTable', table },
          { offline: false },
        )) {
          await conn.execute(statement.sql, statement.params);
        }
      }
      const reflected = await mysqlDialect.reflect(conn);
      expect(mysqlDialect.normalize(reflected)).toEqual(mysqlDialect.normalize(model));
    });

    it('holds for the job-matching models written with the DSL', async () => {
      const { model: dsl } = jobMatchingSchema({ partialIndex: false });
      for (const table of dsl.tables) {
        for (const statement of mysqlDialect.compile(
          { kind: 'createTable', table },
          { offline: false },
        )) {
          await conn.execute(statement.sql, statement.params);
        }
      }
      const reflected = await mysqlDialect.reflect(conn);
      expect(mysqlDialect.normalize(reflected)).toEqual(mysqlDialect.normalize(dsl));
    });

    it('is idempotent', () => {
      const once = mysqlDialect.normalize(model);
      expect(mysqlDialect.normalize(once)).toEqual(once);
    });
  },
);
