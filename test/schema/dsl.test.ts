import { describe, expect, test } from 'vitest';
import { AthanorError } from '../../src/errors.js';
import { sql } from '../../src/operations/sql-tag.js';
import {
  buildColumn,
  buildIndexModel,
  buildTableModel,
  check,
  defineSchema,
  foreignKey,
  index,
  isColumnBuilder,
  isSchema,
  primaryKey,
  t,
  table,
  toColumnType,
  toDefaultValue,
  toSchemaModel,
  unique,
  type ColumnRef,
} from '../../src/schema/dsl.js';
import { designSchema, resumes, users } from './design-example.js';

const schemaError = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AthanorError);
    return (e as AthanorError).code;
  }
  throw new Error('expected an error');
};

describe('DESIGN §4 example', () => {
  test('gives this SchemaModel (snapshot)', () => {
    expect(designSchema.model).toMatchSnapshot();
  });

  test('inline shortcuts are normalised into the table lists, with convention names', () => {
    const [u, j, r] = designSchema.model.tables;
    expect(u?.primaryKey).toEqual({ name: 'pk_users', columns: ['id'] });
    expect(u?.uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
    expect(j?.indexes).toEqual([
      {
        name: 'ix_jobs_embedding',
        table: 'jobs',
        parts: [{ column: 'embedding', opclass: 'vector_cosine_ops' }],
        unique: false,
        using: 'hnsw',
      },
    ]);
    expect(r?.foreignKeys).toEqual([
      {
        name: 'fk_resumes_user_id_users',
        columns: ['user_id'],
        refTable: 'users',
        refColumns: ['id'],
        onDelete: 'cascade',
      },
    ]);
    expect(r?.checks).toEqual([{ name: 'ck_resumes_body', expression: 'length(body) > 0' }]);
    expect(designSchema.model.extensions).toEqual(['vector']);
  });

  test('the model is frozen plain data and JSON round-trips', () => {
    expect(Object.isFrozen(designSchema.model.tables[0]?.columns[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(designSchema.model))).toEqual(designSchema.model);
  });

  test('table column properties are ColumnRefs', () => {
    expect(users.id).toMatchObject({ table: 'users', column: 'id' });
    expect(resumes.user_id.builder.spec.notNull).toBe(true);
  });
});

describe('column builders', () => {
  test('are immutable: each call returns a new builder', () => {
    const base = t.string(10);
    const strict = base.notNull();
    expect(base.spec.notNull).toBe(false);
    expect(strict.spec.notNull).toBe(true);
    expect(strict.nullable().spec.notNull).toBe(false);
    expect(Object.isFrozen(base)).toBe(true);
    expect(isColumnBuilder(base)).toBe(true);
  });

  test('every type maps to its neutral ColumnType', () => {
    const types = {
      a: t.integer(),
      b: t.bigint(),
      c: t.smallint(),
      d: t.string(),
      e: t.string(5),
      f: t.text(),
      g: t.boolean(),
      h: t.timestamp(),
      i: t.timestamp({ withTimezone: true }),
      j: t.date(),
      k: t.time(),
      l: t.numeric(),
      m: t.numeric(10, 2),
      n: t.real(),
      o: t.double(),
      p: t.json(),
      q: t.uuid(),
      r: t.binary(),
      s: t.enum('mood', ['a', 'b']),
      u: t.vector(3),
      v: t.halfvec(4),
      w: t.sparsevec(5),
      x: t.array(t.integer()),
      y: t.custom({ postgresql: 'citext', sqlite: 'TEXT' }),
    };
    expect(
      Object.fromEntries(Object.entries(types).map(([k, b]) => [k, b.spec.type])),
    ).toMatchSnapshot();
  });

  test('defaults: literals, sql`` with values inlined, DEFAULT NULL', () => {
    expect(t.text().default('x').spec.default).toEqual({ kind: 'literal', value: 'x' });
    expect(t.integer().default(0).spec.default).toEqual({ kind: 'literal', value: 0 });
    expect(t.text().default(sql`lower(${"O'Brien"})`).spec.default).toEqual({
      kind: 'sql',
      sql: "lower('O''Brien')",
    });
    expect(t.text().default(null).spec.default).toEqual({ kind: 'literal', value: null });
  });

  test('buildColumn gives the column and its inline constraints (for op.addColumn)', () => {
    expect(
      buildColumn(
        'resumes',
        'user_id',
        t.integer().notNull().unique().references('users.id', { onDelete: 'cascade' }),
      ),
    ).toEqual({
      column: { name: 'user_id', type: { kind: 'integer' }, nullable: false },
      constraints: [
        { type: 'unique', name: 'uq_resumes_user_id', columns: ['user_id'] },
        {
          type: 'foreignKey',
          name: 'fk_resumes_user_id_users',
          columns: ['user_id'],
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'cascade',
        },
      ],
    });
    expect(buildColumn('t', 'id', t.integer().primaryKey().autoincrement().comment('key'))).toEqual(
      {
        column: {
          name: 'id',
          type: { kind: 'integer' },
          nullable: false,
          autoincrement: true,
          comment: 'key',
        },
        constraints: [{ type: 'primaryKey', name: 'pk_t', columns: ['id'] }],
      },
    );
    expect(
      buildColumn('a', 'b', t.text().references('auth.users.id')).constraints[0],
    ).toMatchObject({ refSchema: 'auth', refTable: 'users' });
  });

  test('toColumnType and toDefaultValue accept both forms', () => {
    expect(toColumnType(t.string(20))).toEqual({ kind: 'string', length: 20 });
    expect(toColumnType({ kind: 'text' })).toEqual({ kind: 'text' });
    expect(toDefaultValue(undefined)).toBeUndefined();
    expect(toDefaultValue(null)).toBeNull();
    expect(toDefaultValue(true)).toEqual({ kind: 'literal', value: true });
    expect(toDefaultValue({ kind: 'sql', sql: 'now()' })).toEqual({ kind: 'sql', sql: 'now()' });
  });
});

describe('tables and extras', () => {
  test('index options: expressions, where (values inlined), unique, using, per-column opclass, with, order', () => {
    const docs = table('docs', { id: t.integer(), title: t.text(), v: t.vector(3) }, (d) => [
      index()
        .on(sql`lower(title)`, d.id)
        .unique()
        .where(sql`id > ${10}`),
      index('ix_docs_v')
        .on(d.v, 'title desc')
        .using('hnsw')
        .opclass({ v: 'vector_l2_ops' })
        .with({ m: 16 }),
    ]);
    expect(defineSchema({ docs }).model.tables[0]?.indexes).toEqual([
      {
        name: 'ix_docs_lower_title_id',
        table: 'docs',
        parts: [{ expression: 'lower(title)' }, { column: 'id' }],
        unique: true,
        where: 'id > 10',
      },
      {
        name: 'ix_docs_v',
        table: 'docs',
        parts: [
          { column: 'v', opclass: 'vector_l2_ops' },
          { column: 'title', order: 'desc' },
        ],
        unique: false,
        using: 'hnsw',
        with: { m: 16 },
      },
    ]);
  });

  test('composite primary key, unique, foreign key and unnamed check', () => {
    const pairs = table('pairs', { a: t.integer(), b: t.integer() }, (p) => [primaryKey(p.a, p.b)]);
    const links = table('links', { x: t.integer(), y: t.integer() }, (l) => [
      foreignKey()
        .columns(l.x, l.y)
        .references(() => [pairs.a, pairs.b], { onDelete: 'cascade' }),
      unique().on(l.x, l.y),
      check(sql`x <> y`),
    ]);
    const [p, l] = defineSchema({ pairs, links }).model.tables;
    expect(p?.primaryKey).toEqual({ name: 'pk_pairs', columns: ['a', 'b'] });
    expect(l?.foreignKeys).toEqual([
      {
        name: 'fk_links_x_y_pairs',
        columns: ['x', 'y'],
        refTable: 'pairs',
        refColumns: ['a', 'b'],
        onDelete: 'cascade',
      },
    ]);
    expect(l?.uniques).toEqual([{ name: 'uq_links_x_y', columns: ['x', 'y'] }]);
    expect(l?.checks).toEqual([{ name: 'ck_links_x_y', expression: 'x <> y' }]);
  });

  test('closures let tables reference each other in any order (a cycle)', () => {
    // In a cycle TypeScript needs the closure's return type spelled out (as with drizzle's AnyPgColumn).
    const a = table('a', {
      id: t.integer().primaryKey(),
      b_id: t.integer().references((): ColumnRef => b.id),
    });
    const b = table('b', {
      id: t.integer().primaryKey(),
      a_id: t.integer().references((): ColumnRef => a.id),
    });
    const model = defineSchema({ a, b }).model;
    expect(model.tables.map((x) => x.foreignKeys[0]?.refTable)).toEqual(['b', 'a']);
  });

  test('schema and comment options; enums used by columns are collected', () => {
    const people = table(
      'people',
      { mood: t.enum('mood', ['ok', 'meh']), moods: t.array(t.enum('mood', ['ok', 'meh'])) },
      undefined,
      {
        schema: 'app',
        comment: 'humans',
      },
    );
    const model = defineSchema({ people }, { enums: [{ name: 'extra', values: ['x'] }] }).model;
    expect(model.tables[0]).toMatchObject({ name: 'people', schema: 'app', comment: 'humans' });
    expect(model.enums).toEqual([
      { name: 'extra', values: ['x'] },
      { name: 'mood', values: ['ok', 'meh'] },
    ]);
  });

  test('buildTableModel and buildIndexModel (the op facade helpers)', () => {
    const model = buildTableModel(
      'users',
      { id: t.integer().primaryKey(), email: t.text().notNull() },
      [index().on('email')],
      { comment: 'c' },
    );
    expect(model).toEqual({
      name: 'users',
      columns: [
        { name: 'id', type: { kind: 'integer' }, nullable: false },
        { name: 'email', type: { kind: 'text' }, nullable: false },
      ],
      primaryKey: { name: 'pk_users', columns: ['id'] },
      indexes: [
        { name: 'ix_users_email', table: 'users', parts: [{ column: 'email' }], unique: false },
      ],
      uniques: [],
      foreignKeys: [],
      checks: [],
      comment: 'c',
    });
    expect(
      buildIndexModel('ix', 'users', ['email', sql`lower(name)`], {
        unique: true,
        opclass: { email: 'text_pattern_ops' },
        where: "name <> ''",
      }),
    ).toEqual({
      name: 'ix',
      table: 'users',
      parts: [{ column: 'email', opclass: 'text_pattern_ops' }, { expression: 'lower(name)' }],
      unique: true,
      where: "name <> ''",
    });
  });
});

describe('schema errors are AthanorError E_SCHEMA', () => {
  test('unknown columns, foreign columns, duplicate names, missing pieces', () => {
    const other = table('other', { id: t.integer() });
    expect(schemaError(() => buildTableModel('x', { a: t.integer() }, [unique().on('b')]))).toBe(
      'E_SCHEMA',
    );
    expect(
      schemaError(() => buildTableModel('x', { a: t.integer() }, [index().on(other.id)])),
    ).toBe('E_SCHEMA');
    expect(schemaError(() => buildTableModel('x', { a: t.integer() }, [index()]))).toBe('E_SCHEMA');
    expect(
      schemaError(() =>
        buildTableModel('x', { a: t.integer() }, [unique('n').on('a'), check('n', 'a > 0')]),
      ),
    ).toBe('E_SCHEMA');
    expect(
      schemaError(() => buildTableModel('x', { a: t.integer().primaryKey() }, [primaryKey('a')])),
    ).toBe('E_SCHEMA');
    expect(
      schemaError(() => buildTableModel('x', { a: t.integer() }, [foreignKey().columns('a')])),
    ).toBe('E_SCHEMA');
    expect(schemaError(() => buildTableModel('x', { a: t.integer().references('nodot') }))).toBe(
      'E_SCHEMA',
    );
    expect(
      schemaError(() =>
        buildTableModel('x', { a: t.integer() }, [index().on('a').opclass({ b: 'x' })]),
      ),
    ).toBe('E_SCHEMA');
  });

  test('defineSchema: duplicate tables, conflicting enums, references to unknown columns', () => {
    const a = table('a', { id: t.integer() });
    expect(schemaError(() => defineSchema({ a, b: a }))).toBe('E_SCHEMA');
    const e1 = table('e1', { m: t.enum('m', ['x']) });
    const e2 = table('e2', { m: t.enum('m', ['y']) });
    expect(schemaError(() => defineSchema({ e1, e2 }))).toBe('E_SCHEMA');
    const r = table('r', { a_id: t.integer().references(() => a['missing' as 'id']) });
    expect(schemaError(() => defineSchema({ a, r }))).toBe('E_SCHEMA');
    const s = table('s', { a_id: t.integer().references('a.nope') });
    expect(schemaError(() => defineSchema({ a, s }))).toBe('E_SCHEMA');
  });
});

describe('Schema objects', () => {
  test('are recognised by a registry symbol, also from another copy of the library', () => {
    const foreign = { [Symbol.for('athanor.schema')]: true, model: designSchema.model };
    expect(isSchema(designSchema)).toBe(true);
    expect(isSchema(foreign)).toBe(true);
    expect(isSchema({ model: designSchema.model })).toBe(false);
    expect(toSchemaModel(foreign)).toBe(designSchema.model);
  });

  test('toSchemaModel takes a Schema, a SchemaModel, or a module with a default export', () => {
    expect(toSchemaModel(designSchema)).toBe(designSchema.model);
    expect(toSchemaModel(designSchema.model)).toBe(designSchema.model);
    expect(toSchemaModel({ default: designSchema })).toBe(designSchema.model);
    expect(schemaError(() => toSchemaModel({ tables: 1 }))).toBe('E_SCHEMA');
  });
});

describe('createTable columns given the wrong way', () => {
  test('a Knex-style callback or an array says what to write instead', () => {
    const callback = (() => undefined) as unknown as Record<string, never>;
    expect(() => buildTableModel('users', callback)).toThrow(
      'table users: columns must be an object of column builders, such as { id: t.integer().primaryKey(), name: t.string(50) }, not a function',
    );
    expect(() => buildTableModel('users', [] as unknown as Record<string, never>)).toThrow(
      /not an array$/,
    );
  });
});
