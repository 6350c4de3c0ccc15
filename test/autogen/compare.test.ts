import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import { compare } from '../../src/autogen/compare.js';
import { sql } from '../../src/operations/sql-tag.js';
import { t } from '../../src/schema/column-types.js';
import { emptySchema, type SchemaModel } from '../../src/schema/model.js';
import { check, foreignKey, index, unique } from '../../src/schema/table-extras.js';
import { designSchema } from '../schema/design-example.js';
import { model, tbl, withTable } from './model-helpers.js';

const users = tbl('users', {
  id: t.integer().primaryKey().autoincrement(),
  email: t.string(255).notNull(),
});
const base = model([users]);

/** compare, and check that applying the result really gives the target. */
function diff(current: SchemaModel, target: SchemaModel) {
  const result = compare(current, target);
  expect(compare(applyOperations(current, result.operations), target).operations).toEqual([]);
  return result;
}

describe('compare: tables', () => {
  test('a new table is created', () => {
    const jobs = tbl('jobs', { id: t.integer().primaryKey() });
    expect(diff(base, model([users, jobs])).operations).toEqual([
      { kind: 'createTable', table: jobs },
    ]);
  });

  test('a removed table is dropped', () => {
    expect(diff(base, emptySchema).operations).toEqual([{ kind: 'dropTable', table: 'users' }]);
  });

  test('a table comment change is setTableComment', () => {
    const commented = withTable(base, 'users', (u) => ({ ...u, comment: 'people' }));
    expect(diff(base, commented).operations).toEqual([
      { kind: 'setTableComment', table: 'users', comment: 'people' },
    ]);
    expect(diff(commented, base).operations).toEqual([
      { kind: 'setTableComment', table: 'users', comment: null },
    ]);
  });

  test('schema-qualified tables carry their schema', () => {
    const audit = tbl('log', { id: t.integer().primaryKey() }, [], { schema: 'audit' });
    expect(diff(emptySchema, model([audit])).operations).toEqual([
      { kind: 'createTable', table: audit, schema: 'audit' },
    ]);
  });

  test('include leaves other tables out on both sides', () => {
    const jobs = tbl('jobs', { id: t.integer().primaryKey() });
    const result = compare(model([jobs]), model([users]), { include: (name) => name !== 'jobs' });
    expect(result.operations.map((o) => o.kind)).toEqual(['createTable']);
  });
});

describe('compare: columns', () => {
  const withColumn = (name: string, column: Parameters<typeof tbl>[1][string]) =>
    model([
      tbl('users', {
        id: t.integer().primaryKey().autoincrement(),
        email: t.string(255).notNull(),
        [name]: column,
      }),
    ]);

  test('a new column is added', () => {
    expect(diff(base, withColumn('phone', t.string(20))).operations).toEqual([
      {
        kind: 'addColumn',
        table: 'users',
        column: { name: 'phone', type: { kind: 'string', length: 20 }, nullable: true },
      },
    ]);
  });

  test('a removed column is dropped', () => {
    expect(diff(withColumn('phone', t.string(20)), base).operations).toEqual([
      { kind: 'dropColumn', table: 'users', column: 'phone' },
    ]);
  });

  test('a type change is an alterColumn that carries the existing column', () => {
    const wider = model([
      tbl('users', {
        id: t.integer().primaryKey().autoincrement(),
        email: t.string(320).notNull(),
      }),
    ]);
    expect(diff(base, wider).operations).toEqual([
      {
        kind: 'alterColumn',
        table: 'users',
        column: 'email',
        type: { kind: 'string', length: 320 },
        existing: { type: { kind: 'string', length: 255 }, nullable: false },
      },
    ]);
  });

  test('types compare by meaning, not by object shape', () => {
    const a = withColumn('price', t.numeric(10, 2));
    const b = withTable(a, 'users', (u) => ({
      ...u,
      columns: u.columns.map((c) =>
        c.name === 'price'
          ? { ...c, type: { scale: 2, precision: 10, kind: 'numeric' as const } }
          : c,
      ),
    }));
    expect(diff(a, b).operations).toEqual([]);
  });

  test('a nullability change is an alterColumn', () => {
    const optional = model([
      tbl('users', { id: t.integer().primaryKey().autoincrement(), email: t.string(255) }),
    ]);
    expect(diff(base, optional).operations).toEqual([
      {
        kind: 'alterColumn',
        table: 'users',
        column: 'email',
        nullable: true,
        existing: { type: { kind: 'string', length: 255 }, nullable: false },
      },
    ]);
  });

  test('default added, changed and dropped', () => {
    const none = withColumn('status', t.string(10));
    const literal = withColumn('status', t.string(10).default('new'));
    const expression = withColumn('status', t.string(10).default(sql`'x' || 'y'`));
    const ops = (a: SchemaModel, b: SchemaModel) =>
      diff(a, b).operations.map((o) => (o.kind === 'alterColumn' ? o.default : o.kind));
    expect(ops(none, literal)).toEqual([{ kind: 'literal', value: 'new' }]);
    expect(ops(literal, expression)).toEqual([{ kind: 'sql', sql: "'x' || 'y'" }]);
    expect(ops(expression, none)).toEqual([null]);
    expect(ops(literal, literal)).toEqual([]);
  });

  test('a column comment change is an alterColumn', () => {
    const commented = withColumn('phone', t.string(20).comment('mobile'));
    const plain = withColumn('phone', t.string(20));
    expect(diff(plain, commented).operations).toMatchObject([
      { kind: 'alterColumn', column: 'phone', comment: 'mobile' },
    ]);
    expect(diff(commented, plain).operations).toMatchObject([
      { kind: 'alterColumn', column: 'phone', comment: null },
    ]);
  });

  test('an autoincrement change is a note, not an operation', () => {
    const plain = model([
      tbl('users', { id: t.integer().primaryKey(), email: t.string(255).notNull() }),
    ]);
    expect(compare(base, plain)).toEqual({
      operations: [],
      comments: [
        { kind: 'autoincrementChanged', table: 'users', column: 'id', from: true, to: false },
      ],
    });
  });

  test('a dropped and an added column of one type are drop + add plus a rename note', () => {
    const a = withColumn('fullname', t.text());
    const b = withColumn('full_name', t.text());
    const result = diff(a, b);
    expect(result.operations.map((o) => o.kind)).toEqual(['addColumn', 'dropColumn']);
    expect(result.comments).toEqual([
      { kind: 'renameCandidate', table: 'users', from: 'fullname', to: 'full_name' },
    ]);
  });
});

describe('compare: indexes and constraints', () => {
  const idx = (...extras: Parameters<typeof tbl>[2] & object) =>
    model([
      tbl(
        'users',
        {
          id: t.integer().primaryKey().autoincrement(),
          email: t.string(255).notNull(),
          org: t.integer(),
        },
        extras,
      ),
    ]);

  test('index added, removed, changed (drop then create under the same name)', () => {
    const plain = idx(index('ix_users_email').on('email'));
    const uniq = idx(index('ix_users_email').on('email').unique());
    expect(diff(idx(), plain).operations).toMatchObject([
      { kind: 'createIndex', index: { name: 'ix_users_email' } },
    ]);
    expect(diff(plain, idx()).operations).toEqual([
      { kind: 'dropIndex', name: 'ix_users_email', table: 'users' },
    ]);
    expect(diff(plain, uniq).operations).toMatchObject([
      { kind: 'dropIndex', name: 'ix_users_email' },
      { kind: 'createIndex', index: { name: 'ix_users_email', unique: true } },
    ]);
  });

  test('index details matter: expression, where, using, opclass, with, order', () => {
    const variants = [
      index('ix').on(sql`lower(email)`),
      index('ix')
        .on('email')
        .where(sql`org IS NOT NULL`),
      index('ix').on('email').using('hash'),
      index('ix').on('email').opclass('text_pattern_ops'),
      index('ix').on('email').using('btree').with({ fillfactor: 70 }),
      index('ix').on('email desc'),
    ];
    const plain = idx(index('ix').on('email'));
    for (const v of variants)
      expect(diff(plain, idx(v)).operations.map((o) => o.kind)).toEqual([
        'dropIndex',
        'createIndex',
      ]);
    expect(diff(plain, idx(index('ix').on('email').using('btree'))).operations).toEqual([]);
  });

  test('unique constraint added and removed', () => {
    const uq = idx(unique().on('email', 'org'));
    expect(diff(idx(), uq).operations).toEqual([
      {
        kind: 'addConstraint',
        table: 'users',
        constraint: { type: 'unique', name: 'uq_users_email_org', columns: ['email', 'org'] },
      },
    ]);
    expect(diff(uq, idx()).operations).toEqual([
      { kind: 'dropConstraint', table: 'users', name: 'uq_users_email_org', type: 'unique' },
    ]);
  });

  test('check constraint added, removed, changed', () => {
    const a = idx(check('ck_users_org', sql`org > 0`));
    const b = idx(check('ck_users_org', sql`org > 1`));
    expect(diff(idx(), a).operations).toMatchObject([
      { kind: 'addConstraint', constraint: { type: 'check', expression: 'org > 0' } },
    ]);
    expect(diff(a, idx()).operations).toMatchObject([
      { kind: 'dropConstraint', name: 'ck_users_org', type: 'check' },
    ]);
    expect(diff(a, b).operations.map((o) => o.kind)).toEqual(['dropConstraint', 'addConstraint']);
    expect(diff(a, idx(check('ck_users_org', sql`org   >   0`))).operations).toEqual([]);
  });

  test('foreign key added, removed, and changed actions', () => {
    const orgs = tbl('orgs', { id: t.integer().primaryKey() });
    const withFk = (onDelete?: 'cascade') =>
      model([
        orgs,
        tbl('users', {
          id: t.integer().primaryKey(),
          org: t.integer().references('orgs.id', onDelete ? { onDelete } : {}),
        }),
      ]);
    const without = model([orgs, tbl('users', { id: t.integer().primaryKey(), org: t.integer() })]);
    expect(diff(without, withFk()).operations).toEqual([
      {
        kind: 'addConstraint',
        table: 'users',
        constraint: {
          type: 'foreignKey',
          name: 'fk_users_org_orgs',
          columns: ['org'],
          refTable: 'orgs',
          refColumns: ['id'],
        },
      },
    ]);
    expect(diff(withFk(), without).operations).toEqual([
      { kind: 'dropConstraint', table: 'users', name: 'fk_users_org_orgs', type: 'foreignKey' },
    ]);
    expect(diff(withFk(), withFk('cascade')).operations.map((o) => o.kind)).toEqual([
      'dropConstraint',
      'addConstraint',
    ]);
  });

  test('composite foreign keys compare column lists', () => {
    const parent = tbl('parent', { a: t.integer(), b: t.integer() }, [unique().on('a', 'b')]);
    const child = (cols: string[]) =>
      tbl('child', { x: t.integer(), y: t.integer() }, [
        foreignKey()
          .columns(...cols)
          .references(['parent.a', 'parent.b']),
      ]);
    expect(
      diff(model([parent, child(['x', 'y'])]), model([parent, child(['y', 'x'])])).operations.map(
        (o) => o.kind,
      ),
    ).toEqual(['dropConstraint', 'addConstraint']);
  });

  test('primary key change: drop the old key, add the new one', () => {
    const a = model([tbl('m', { a: t.integer().primaryKey(), b: t.integer().notNull() })]);
    const b = model([
      tbl('m', { a: t.integer().primaryKey(), b: t.integer().notNull().primaryKey() }),
    ]);
    expect(diff(a, b).operations).toEqual([
      { kind: 'dropConstraint', table: 'm', name: 'pk_m', type: 'primaryKey' },
      {
        kind: 'addConstraint',
        table: 'm',
        constraint: { type: 'primaryKey', name: 'pk_m', columns: ['a', 'b'] },
      },
    ]);
  });

  test('a foreign key whose referenced key is re-created is dropped first and added back', () => {
    const a = model([
      tbl('users', { id: t.integer().notNull(), email: t.string(255).notNull() }, [
        unique().on('email'),
      ]),
      tbl('notes', { author: t.string(255).references('users.email') }),
    ]);
    const b = withTable(a, 'users', (u) => ({
      ...u,
      uniques: [],
      indexes: [
        { name: 'ix_users_email', table: 'users', parts: [{ column: 'email' }], unique: true },
      ],
    }));
    expect(
      diff(a, b).operations.map(
        (o) => `${o.kind}${o.kind === 'dropConstraint' ? `:${o.type}` : ''}`,
      ),
    ).toEqual([
      'dropConstraint:foreignKey',
      'dropConstraint:unique',
      'createIndex',
      'addConstraint',
    ]);
  });
});

describe('compare: enums and extensions', () => {
  const mood = (values: string[]) => model([], { enums: [{ name: 'mood', values }] });

  test('enum created and dropped', () => {
    expect(diff(emptySchema, mood(['a'])).operations).toEqual([
      { kind: 'createEnum', name: 'mood', values: ['a'] },
    ]);
    expect(diff(mood(['a']), emptySchema).operations).toEqual([{ kind: 'dropEnum', name: 'mood' }]);
  });

  test('new enum values are added in place', () => {
    expect(diff(mood(['b', 'd']), mood(['a', 'b', 'c', 'd', 'e'])).operations).toEqual([
      { kind: 'addEnumValue', name: 'mood', value: 'a', before: 'b' },
      { kind: 'addEnumValue', name: 'mood', value: 'c', after: 'b' },
      { kind: 'addEnumValue', name: 'mood', value: 'e', after: 'd' },
    ]);
  });

  test('removed and reordered enum values are notes (PostgreSQL cannot do them)', () => {
    expect(compare(mood(['a', 'b', 'c']), mood(['b', 'a']))).toEqual({
      operations: [],
      comments: [
        { kind: 'enumValueRemoved', enum: 'mood', value: 'c' },
        { kind: 'enumValuesReordered', enum: 'mood', from: ['a', 'b', 'c'], to: ['b', 'a'] },
      ],
    });
  });

  test('an enum column whose enum gained a value is not altered', () => {
    const a = model([tbl('p', { m: t.enum('mood', ['a']) })], {
      enums: [{ name: 'mood', values: ['a'] }],
    });
    const b = model([tbl('p', { m: t.enum('mood', ['a', 'b']) })], {
      enums: [{ name: 'mood', values: ['a', 'b'] }],
    });
    expect(diff(a, b).operations).toEqual([
      { kind: 'addEnumValue', name: 'mood', value: 'b', after: 'a' },
    ]);
  });

  test('extensions created first and dropped last', () => {
    const a = model([], { extensions: ['citext'] });
    const b = model([tbl('x', { v: t.vector(3) })], { extensions: ['vector'] });
    expect(diff(a, b).operations.map((o) => o.kind)).toEqual([
      'createExtension',
      'createTable',
      'dropExtension',
    ]);
  });
});

describe('compare: the DESIGN §4 models', () => {
  test('from nothing: extension, then the tables in FK order', () => {
    const result = diff(emptySchema, designSchema.model);
    expect(
      result.operations.map((o) =>
        o.kind === 'createTable' ? `createTable ${o.table.name}` : o.kind,
      ),
    ).toEqual(['createExtension', 'createTable users', 'createTable jobs', 'createTable resumes']);
  });

  test('a schema compared with itself is empty', () => {
    expect(compare(designSchema.model, designSchema.model)).toEqual({
      operations: [],
      comments: [],
    });
  });
});
