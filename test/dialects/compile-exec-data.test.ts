/**
 * Compiled data statements, indexes and constraints run on real engines: values read back equal
 * (bound online, inlined offline), indexes and constraints checked through the catalog and by the
 * rows the database accepts or refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnModel, TableModel } from '../../src/schema/model.js';
import type { ColumnType } from '../../src/schema/types.js';
import {
  apply,
  catalogIndexes,
  engineTargets,
  refuses,
  type Engine,
  openTimeoutMs,
} from './compile-helpers.js';

const targets = await engineTargets();

const col = (name: string, type: ColumnType, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: true,
  ...extra,
});
const table = (
  name: string,
  columns: ColumnModel[],
  extra: Partial<TableModel> = {},
): TableModel => ({
  name,
  columns,
  primaryKey: { name: `pk_${name}`, columns: [columns[0]!.name] },
  indexes: [],
  uniques: [],
  foreignKeys: [],
  checks: [],
  ...extra,
});

const tricky = [
  "O'Brien",
  "''",
  'back\\slash \\\\ and \\n not a newline',
  "\\'; DROP TABLE t; --",
  'real\nnewline\ttab',
  'unicode é ü ß 日本語 😀',
  '"double" `back` $1 ? $$',
  '',
];

describe.each(targets)('$name', ({ available, open }) => {
  let engine: Engine;
  beforeAll(async () => {
    if (available) engine = await open();
  }, openTimeoutMs);
  afterAll(async () => {
    if (available) await engine.close();
  });
  const test = it.skipIf(!available);

  test('bulkInsert reads tricky strings, bytes and JSON back equal, bound online and inlined offline', async () => {
    const columns = [
      col('id', { kind: 'integer' }, { nullable: false }),
      col('s', { kind: 'text' }),
      col('b', { kind: 'binary' }),
      col('j', { kind: 'json' }),
    ];
    await apply(engine, { kind: 'createTable', table: table('values_t', columns) });
    const rows = (offset: number) =>
      tricky.map((s, i) => ({
        id: offset + i,
        s,
        b: Buffer.from([i, 0, 255, 39, 92]),
        j: { s, n: i, list: [true, null] },
      }));
    await apply(engine, { kind: 'bulkInsert', table: 'values_t', rows: rows(0) });
    const offline = await apply(
      engine,
      { kind: 'bulkInsert', table: 'values_t', rows: rows(100) },
      { offline: true },
    );
    expect(offline.every((s) => s.params.length === 0)).toBe(true);
    const back = await engine.query<{ id: unknown; s: string; b: Uint8Array; j: unknown }>(
      'SELECT id, s, b, j FROM values_t ORDER BY id',
    );
    const decoded = back.map((r) => ({
      id: Number(r.id),
      s: r.s,
      b: Buffer.from(r.b).toString('hex'),
      j: typeof r.j === 'string' ? JSON.parse(r.j) : r.j,
    }));
    const expected = [...rows(0), ...rows(100)].map((r) => ({ ...r, b: r.b.toString('hex') }));
    expect(decoded).toEqual(expected);
  });

  test('executeSql binds online and inlines offline', async () => {
    await apply(engine, {
      kind: 'createTable',
      table: table('exec_t', [
        col('id', { kind: 'integer' }, { nullable: false }),
        col('s', { kind: 'text' }),
      ]),
    });
    const p = (n: number) => (engine.dialect === 'postgresql' ? `$${n}` : '?');
    const insert = `INSERT INTO exec_t (id, s) VALUES (${p(1)}, ${p(2)})`;
    await apply(engine, { kind: 'executeSql', sql: insert, params: [1, tricky[2]] });
    await apply(
      engine,
      { kind: 'executeSql', sql: insert, params: [2, tricky[3]] },
      { offline: true },
    );
    // The '?' inside the string literal is not a placeholder.
    const concat = engine.dialect === 'mysql' ? "CONCAT(s, '?')" : "s || '?'";
    await apply(
      engine,
      {
        kind: 'executeSql',
        sql: `UPDATE exec_t SET s = ${concat} WHERE id = ${p(1)}`,
        params: [2],
      },
      { offline: true },
    );
    const back = await engine.query<{ s: string }>('SELECT s FROM exec_t ORDER BY id');
    expect(back.map((r) => r.s)).toEqual([tricky[2], `${tricky[3]}?`]);
  });

  test('creates unique, expression and partial indexes that the catalog lists and the database enforces', async () => {
    const t = table('idx_t', [
      col('id', { kind: 'integer' }, { nullable: false }),
      col('email', { kind: 'string', length: 100 }),
      col('active', { kind: 'boolean' }),
    ]);
    await apply(engine, { kind: 'createTable', table: t });
    await apply(engine, {
      kind: 'createIndex',
      index: {
        name: 'ix_idx_t_email',
        table: 'idx_t',
        parts: [{ column: 'email', order: 'desc' }, { column: 'id' }],
        unique: false,
      },
    });
    await apply(engine, {
      kind: 'createIndex',
      index: { name: 'uq_idx_t_email', table: 'idx_t', parts: [{ column: 'email' }], unique: true },
      ifNotExists: true,
    });
    const made = ['ix_idx_t_email', 'uq_idx_t_email'];
    // MariaDB has no functional key parts; MySQL has no partial indexes.
    if (engine.name !== 'mysql') {
      await apply(engine, {
        kind: 'createIndex',
        index: {
          name: 'ix_idx_t_lower',
          table: 'idx_t',
          parts: [{ expression: 'lower(email)' }],
          unique: false,
        },
      });
      await apply(engine, {
        kind: 'createIndex',
        index: {
          name: 'uq_idx_t_active',
          table: 'idx_t',
          parts: [{ column: 'id' }],
          unique: true,
          where: 'active',
        },
      });
      made.push('ix_idx_t_lower', 'uq_idx_t_active');
    }
    const listed = await catalogIndexes(engine, 'idx_t');
    expect(listed).toEqual(expect.arrayContaining(made));
    await apply(engine, {
      kind: 'bulkInsert',
      table: 'idx_t',
      rows: [{ id: 1, email: 'a@x', active: true }],
    });
    expect(
      await refuses(() =>
        apply(engine, { kind: 'bulkInsert', table: 'idx_t', rows: [{ id: 2, email: 'a@x' }] }),
      ),
    ).toBe(true);
    await apply(engine, {
      kind: 'dropIndex',
      name: 'uq_idx_t_email',
      table: 'idx_t',
      ifExists: true,
    });
    await apply(engine, { kind: 'bulkInsert', table: 'idx_t', rows: [{ id: 2, email: 'a@x' }] });
    expect(await catalogIndexes(engine, 'idx_t')).not.toContain('uq_idx_t_email');
  });

  test('adds and drops unique, check, foreign key and primary key constraints', async () => {
    const parent = table('parent_t', [col('id', { kind: 'integer' }, { nullable: false })]);
    let child = table(
      'child_t',
      [
        col('id', { kind: 'integer' }, { nullable: false }),
        col('parent_id', { kind: 'integer' }),
        col('code', { kind: 'string', length: 10 }),
      ],
      {
        primaryKey: undefined,
      },
    );
    const ctx = {
      offline: false,
      describeTable: (n: string) =>
        n === 'child_t' ? child : n === 'parent_t' ? parent : undefined,
    };
    await apply(engine, { kind: 'createTable', table: parent });
    await apply(engine, { kind: 'createTable', table: child });
    await apply(engine, { kind: 'bulkInsert', table: 'parent_t', rows: [{ id: 1 }] });
    await apply(engine, {
      kind: 'bulkInsert',
      table: 'child_t',
      rows: [{ id: 1, parent_id: 1, code: 'a' }],
    });
    if (engine.dialect === 'sqlite') await engine.query('PRAGMA foreign_keys = ON');

    const add = async (constraint: Parameters<typeof addOp>[0]) => {
      await apply(engine, addOp(constraint), ctx);
      child = withConstraint(child, constraint);
    };
    await add({ type: 'primaryKey', name: 'pk_child_t', columns: ['id'] });
    await add({ type: 'unique', name: 'uq_child_t_code', columns: ['code'] });
    await add({ type: 'check', name: 'ck_child_t_code', expression: "code <> 'bad'" });
    await add({
      type: 'foreignKey',
      name: 'fk_child_t_parent_id_parent_t',
      columns: ['parent_id'],
      refTable: 'parent_t',
      refColumns: ['id'],
      onDelete: 'cascade',
    });

    const insert = (row: Record<string, unknown>) =>
      apply(engine, { kind: 'bulkInsert', table: 'child_t', rows: [row] });
    expect(await refuses(() => insert({ id: 1, parent_id: 1, code: 'z' }))).toBe(true); // primary key
    expect(await refuses(() => insert({ id: 2, parent_id: 1, code: 'a' }))).toBe(true); // unique
    expect(await refuses(() => insert({ id: 3, parent_id: 1, code: 'bad' }))).toBe(true); // check
    expect(await refuses(() => insert({ id: 4, parent_id: 9, code: 'q' }))).toBe(true); // foreign key
    await insert({ id: 5, parent_id: 1, code: 'ok' });
    await apply(engine, { kind: 'executeSql', sql: 'DELETE FROM parent_t', params: [] });
    expect(await engine.query('SELECT id FROM child_t')).toEqual([]); // ON DELETE CASCADE

    for (const [name, type] of [
      ['ck_child_t_code', 'check'],
      ['uq_child_t_code', 'unique'],
      ['fk_child_t_parent_id_parent_t', 'foreignKey'],
    ] as const) {
      await apply(engine, { kind: 'dropConstraint', table: 'child_t', name, type }, ctx);
      child = withoutConstraint(child, name);
    }
    await insert({ id: 6, parent_id: 42, code: 'bad' });
    await insert({ id: 7, parent_id: 42, code: 'bad' });
    expect((await engine.query('SELECT id FROM child_t ORDER BY id')).length).toBe(2);
  });
});

type NamedConstraint = Extract<Parameters<typeof addOp>[0], object>;

function addOp(
  constraint: import('../../src/operations/operation.js').AddConstraint['constraint'],
) {
  return { kind: 'addConstraint', table: 'child_t', constraint } as const;
}

function withConstraint(t: TableModel, c: NamedConstraint): TableModel {
  switch (c.type) {
    case 'primaryKey':
      return { ...t, primaryKey: { name: c.name, columns: c.columns } };
    case 'unique':
      return { ...t, uniques: [...t.uniques, { name: c.name, columns: c.columns }] };
    case 'check':
      return { ...t, checks: [...t.checks, { name: c.name, expression: c.expression }] };
    case 'foreignKey': {
      const { type: _type, ...fk } = c;
      return { ...t, foreignKeys: [...t.foreignKeys, fk] };
    }
  }
}

function withoutConstraint(t: TableModel, name: string): TableModel {
  return {
    ...t,
    uniques: t.uniques.filter((u) => u.name !== name),
    checks: t.checks.filter((c) => c.name !== name),
    foreignKeys: t.foreignKeys.filter((f) => f.name !== name),
  };
}
