import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import { compare } from '../../src/autogen/compare.js';
import { dependencyOrder } from '../../src/autogen/compare/table-order.js';
import type { Operation } from '../../src/operations/operation.js';
import type {
  AnyColumnBuilder,
  ColumnBuilder,
  ColumnRef,
} from '../../src/schema/column-builder.js';
import { t } from '../../src/schema/column-types.js';
import { emptySchema, type SchemaModel, type TableModel } from '../../src/schema/model.js';
import { defineSchema } from '../../src/schema/schema.js';
import { table, type AnyTable } from '../../src/schema/table.js';
import { model, tbl } from './model-helpers.js';

const label = (op: Operation) => {
  switch (op.kind) {
    case 'createTable':
      return `create ${op.table.name}${op.table.foreignKeys.length ? ` -> ${op.table.foreignKeys.map((f) => f.refTable).join(',')}` : ''}`;
    case 'dropTable':
      return `drop ${op.table}`;
    case 'addConstraint':
      return `add fk ${op.table} -> ${op.constraint.type === 'foreignKey' ? op.constraint.refTable : '?'}`;
    case 'dropConstraint':
      return `drop fk ${op.table}.${op.name}`;
    default:
      return op.kind;
  }
};

/** t0 <- t1 <- ... <- t(n-1): each table references the one before; listed newest first. */
function chainModel(n: number): SchemaModel {
  const tables: TableModel[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const columns: Record<string, ColumnBuilder> = { id: t.integer().primaryKey() };
    if (i > 0) columns['parent'] = t.integer().references(`t${i - 1}.id`);
    tables.push(tbl(`t${i}`, columns));
  }
  return model(tables);
}

describe('FK-topological order', () => {
  test('a 5,000-table FK chain: created oldest first, dropped newest first, no recursion', () => {
    const chain = chainModel(5000);
    const started = performance.now();
    const up = compare(emptySchema, chain).operations;
    const down = compare(chain, emptySchema).operations;
    const elapsed = performance.now() - started;
    expect(up.map((o) => (o.kind === 'createTable' ? o.table.name : o.kind))).toEqual(
      Array.from({ length: 5000 }, (_, i) => `t${i}`),
    );
    expect(down.map((o) => (o.kind === 'dropTable' ? o.table : o.kind))).toEqual(
      Array.from({ length: 5000 }, (_, i) => `t${4999 - i}`),
    );
    expect(applyOperations(applyOperations(emptySchema, up), down)).toEqual(emptySchema);
    expect(elapsed).toBeLessThan(10_000);
  });

  test('a 5,000-table chain declared with closures in the DSL (defineSchema resolves them without recursion)', () => {
    const tables: Record<string, AnyTable> = {};
    let previous: AnyTable | undefined;
    for (let i = 0; i < 5000; i++) {
      const parent = previous;
      const columns: Record<string, AnyColumnBuilder> = { id: t.integer().primaryKey() };
      if (parent) columns['parent'] = t.integer().references(() => parent['id'] as ColumnRef);
      previous = table(`t${i}`, columns);
      tables[`t${i}`] = previous;
    }
    const schema = defineSchema(tables);
    expect(schema.model.tables[4999]?.foreignKeys[0]).toMatchObject({
      refTable: 't4998',
      name: 'fk_t4999_parent_t4998',
    });
    const ops = compare(emptySchema, schema.model).operations;
    expect(ops[0]).toMatchObject({ kind: 'createTable', table: { name: 't0' } });
  });

  test('independent tables keep their declared order', () => {
    const tables = ['b', 'c', 'a'].map((n) => tbl(n, { id: t.integer().primaryKey() }));
    expect(compare(emptySchema, model(tables)).operations.map(label)).toEqual([
      'create b',
      'create c',
      'create a',
    ]);
  });

  test('a two-table cycle: create both, the cycle-closing FK added after; dropped in mirror order', () => {
    const a = tbl('a', { id: t.integer().primaryKey(), b_id: t.integer().references('b.id') });
    const b = tbl('b', { id: t.integer().primaryKey(), a_id: t.integer().references('a.id') });
    const schema = model([a, b]);
    const up = compare(emptySchema, schema).operations;
    expect(up.map(label)).toEqual(['create b', 'create a -> b', 'add fk b -> a']);
    const down = compare(schema, emptySchema).operations;
    expect(down.map(label)).toEqual(['drop fk b.fk_b_a_id_a', 'drop a', 'drop b']);
    expect(compare(applyOperations(emptySchema, up), schema).operations).toEqual([]);
    expect(applyOperations(schema, down)).toEqual(emptySchema);
  });

  test('a self-reference is no cycle to break', () => {
    const tree = tbl('tree', {
      id: t.integer().primaryKey(),
      parent: t.integer().references('tree.id'),
    });
    expect(compare(emptySchema, model([tree])).operations.map(label)).toEqual([
      'create tree -> tree',
    ]);
  });

  test('a three-table cycle with a tail breaks one edge only', () => {
    const ref = (target: string) => t.integer().references(`${target}.id`);
    const schema = model([
      tbl('tail', { id: t.integer().primaryKey(), x: ref('x') }),
      tbl('x', { id: t.integer().primaryKey(), y: ref('y') }),
      tbl('y', { id: t.integer().primaryKey(), z: ref('z') }),
      tbl('z', { id: t.integer().primaryKey(), x: ref('x') }),
    ]);
    const up = compare(emptySchema, schema).operations;
    expect(up.filter((o) => o.kind === 'addConstraint')).toHaveLength(1);
    expect(compare(applyOperations(emptySchema, up), schema).operations).toEqual([]);
    expect(applyOperations(schema, compare(schema, emptySchema).operations)).toEqual(emptySchema);
  });

  test('new tables referencing kept tables, and kept tables referencing new ones', () => {
    const users = tbl('users', { id: t.integer().primaryKey() });
    const before = model([users]);
    const after = model([
      tbl('users', { id: t.integer().primaryKey(), team: t.integer().references('teams.id') }),
      tbl('posts', { id: t.integer().primaryKey(), author: t.integer().references('users.id') }),
      tbl('teams', { id: t.integer().primaryKey() }),
    ]);
    const up = compare(before, after).operations;
    expect(up.map(label)).toEqual([
      'addColumn',
      'create posts -> users',
      'create teams',
      'add fk users -> teams',
    ]);
    expect(compare(applyOperations(before, up), after).operations).toEqual([]);
  });

  test('dependencyOrder on a 100,000-node chain is iterative', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const { order, broken } = dependencyOrder([...nodes].reverse(), (n) => {
      const i = Number(n.slice(1));
      return i === 0 ? [] : [`n${i - 1}`];
    });
    expect(order).toEqual(nodes);
    expect(broken).toEqual([]);
  });

  test('dependencyOrder breaks a 100,000-node ring once', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    const { order, broken } = dependencyOrder(nodes, (n) => [
      `n${(Number(n.slice(1)) + 1) % 100_000}`,
    ]);
    expect(broken).toHaveLength(1);
    expect(new Set(order).size).toBe(100_000);
  });
});
