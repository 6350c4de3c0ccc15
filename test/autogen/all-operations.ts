import type { Operation } from '../../src/operations/operation.js';
import { sql } from '../../src/operations/sql-tag.js';
import { t } from '../../src/schema/column-types.js';
import { check, foreignKey, index, primaryKey, unique } from '../../src/schema/table-extras.js';
import { tbl } from './model-helpers.js';

/**
 * At least one operation of every kind, with the options that change how they render: names
 * that differ from the convention, schemas, dialects, SQL that needs escaping.
 */
export const allOperations: readonly Operation[] = [
  { kind: 'createExtension', name: 'vector', ifNotExists: true, dialects: ['postgresql'] },
  { kind: 'createExtension', name: 'citext', version: '1.6', extensionSchema: 'ext' },
  { kind: 'createEnum', name: 'mood', values: ['happy', "it's"] },
  { kind: 'addEnumValue', name: 'mood', value: 'sad', after: 'happy' },
  { kind: 'addEnumValue', name: 'mood', value: 'meh', before: 'happy' },
  {
    kind: 'createTable',
    table: tbl(
      'users',
      {
        id: t.integer().primaryKey().autoincrement(),
        email: t.string(255).notNull().unique(),
        created_at: t
          .timestamp({ withTimezone: true })
          .notNull()
          .default(sql`CURRENT_TIMESTAMP`),
        status: t.string(20).default("it's `new` ${x}"),
        score: t.numeric(10, 2).default(0),
        active: t.boolean().default(true),
        tags: t.array(t.text()),
        mood: t.enum('mood', ['meh', 'happy', 'sad', "it's"]),
        doc: t.json().default(null),
        misc: t.custom({ postgresql: 'citext', sqlite: 'TEXT' }).comment('multi\nline'),
      },
      [
        index('users_lower_email')
          .on(sql`lower(email)`)
          .unique()
          .where(sql`status <> 'gone'`),
      ],
      { comment: 'people' },
    ),
  },
  {
    kind: 'createTable',
    schema: 'app',
    table: tbl(
      'memberships',
      {
        org_id: t.bigint(),
        user_id: t.integer().references('users.id', {
          onDelete: 'cascade',
          onUpdate: 'restrict',
          name: 'membership_user',
        }),
        role: t.smallint().notNull(),
        since: t.date(),
        at: t.time(),
        ratio: t.real(),
        precise: t.double(),
        key: t.uuid(),
        blob: t.binary(),
        v: t.halfvec(3),
        s: t.sparsevec(5),
        n: t.numeric(),
        w: t.string(),
        p: t.numeric(8),
      },
      [
        primaryKey('org_id', 'user_id').named('memberships_pkey'),
        unique('uq_role_since').on('role', 'since'),
        foreignKey().columns('org_id', 'role').references(['app.orgs.id', 'app.orgs.level'], {
          deferrable: true,
          initiallyDeferred: true,
        }),
        check('positive_role', sql`role > 0`),
        index().on('role desc', 'since').using('btree').with({ fillfactor: 70 }),
        index('ix_v').on('v').using('hnsw').opclass({ v: 'halfvec_cosine_ops' }),
      ],
      { schema: 'app' },
    ),
  },
  { kind: 'renameTable', table: 'people', newName: 'persons' },
  {
    kind: 'addColumn',
    table: 'users',
    column: { name: 'phone', type: { kind: 'string', length: 20 }, nullable: true },
  },
  {
    kind: 'addColumn',
    table: 'users',
    schema: 'app',
    column: {
      name: 'n',
      type: { kind: 'integer' },
      nullable: false,
      default: { kind: 'literal', value: 1 },
      comment: 'count',
    },
  },
  { kind: 'dropColumn', table: 'users', column: 'phone' },
  {
    kind: 'alterColumn',
    table: 'users',
    column: 'email',
    type: { kind: 'string', length: 320 },
    nullable: true,
    default: { kind: 'sql', sql: "lower('X')" },
    comment: null,
    newName: 'email_address',
    using: 'email::varchar(320)',
    existing: {
      type: { kind: 'string', length: 255 },
      nullable: false,
      default: { kind: 'literal', value: 'a' },
      comment: 'old',
    },
  },
  {
    kind: 'alterColumn',
    table: 'users',
    column: 'status',
    default: null,
    comment: 'state',
    existing: { type: { kind: 'text' }, nullable: true },
  },
  {
    kind: 'alterColumn',
    table: 'users',
    column: 'doc',
    default: { kind: 'literal', value: null },
    existing: { type: { kind: 'json' }, nullable: true },
  },
  { kind: 'setTableComment', table: 'users', comment: "people's" },
  { kind: 'setTableComment', table: 'users', comment: null },
  {
    kind: 'createIndex',
    index: {
      name: 'ix_jobs_embedding',
      table: 'jobs',
      parts: [{ column: 'embedding', opclass: 'vector_cosine_ops' }],
      unique: false,
      using: 'hnsw',
      with: { m: 16, ef_construction: 64 },
    },
    concurrently: true,
    ifNotExists: true,
  },
  {
    kind: 'createIndex',
    index: {
      name: 'ix_users_email',
      table: 'users',
      parts: [{ column: 'email' }],
      unique: true,
      where: 'deleted_at IS NULL',
    },
  },
  { kind: 'dropIndex', name: 'ix_old', table: 'users', concurrently: true, ifExists: true },
  { kind: 'dropIndex', name: 'ix_other' },
  {
    kind: 'addConstraint',
    table: 'users',
    constraint: { type: 'unique', name: 'uq_users_email', columns: ['email'] },
  },
  {
    kind: 'addConstraint',
    table: 'resumes',
    notValid: true,
    constraint: {
      type: 'foreignKey',
      name: 'fk_resumes_user_id_users',
      columns: ['user_id'],
      refTable: 'users',
      refSchema: 'app',
      refColumns: ['id'],
      onDelete: 'set null',
      deferrable: false,
    },
  },
  {
    kind: 'addConstraint',
    table: 'resumes',
    constraint: { type: 'check', name: 'ck_resumes_body', expression: 'length(body) > 0' },
  },
  {
    kind: 'addConstraint',
    table: 'm',
    constraint: { type: 'primaryKey', name: 'pk_m', columns: ['a', 'b'] },
  },
  { kind: 'dropConstraint', table: 'users', name: 'uq_users_email', type: 'unique' },
  { kind: 'dropConstraint', table: 'users', name: 'whatever' },
  {
    kind: 'executeSql',
    sql: "UPDATE users SET full_name = first_name || ' ' || last_name",
    params: [],
  },
  {
    kind: 'executeSql',
    sql: 'UPDATE users SET n = ? WHERE email = ?',
    params: [1, 'a@b.c'],
    dialects: ['sqlite'],
  },
  {
    kind: 'bulkInsert',
    table: 'users',
    rows: [
      { email: 'a@b.c', n: 1, active: true, doc: null },
      { email: "o'hara", n: -0.5, active: false, doc: { a: [1, 2] } },
    ],
  },
  { kind: 'dropTable', table: 'old', ifExists: true, cascade: true },
  { kind: 'dropEnum', name: 'mood', ifExists: true },
  { kind: 'dropExtension', name: 'citext', ifExists: true, cascade: true },
];
