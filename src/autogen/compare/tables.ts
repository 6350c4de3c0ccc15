import type { ConstraintModel } from '../../operations/operation.js';
import { constraintNameOf } from '../../schema/constraint-names.js';
import type { ForeignKeyModel, TableModel } from '../../schema/model.js';
import { refKey, tableKey } from '../apply-model-state.js';
import { compareColumns } from './columns.js';
import { schemaField, type CompareContext } from './compare-context.js';
import { addConstraintOp, compareConstraints, recordLostKeys } from './constraints.js';
import { compareIndexes } from './indexes.js';
import { dependencyOrder } from './table-order.js';

/**
 * Tables: new ones are created in foreign-key order (a table before the tables that reference
 * it; an FK that closes a cycle is left out of createTable and added afterwards), removed ones
 * dropped in the reverse order (FKs that close a cycle among them dropped first), and tables on
 * both sides compared column by column, index by index, constraint by constraint. A created
 * table has every constraint named (the convention names the unnamed ones), so the operations
 * say exactly what will exist.
 * Both orders come from an iterative topological sort: no recursion along FK chains.
 *
 * @example
 * compareTables(ctx);
 */
export function compareTables(ctx: CompareContext): void {
  const before = new Map(ctx.current.tables.map((t) => [tableKey(t), t]));
  const after = new Map(ctx.target.tables.map((t) => [tableKey(t), t]));
  const created = ctx.target.tables.filter((t) => !before.has(tableKey(t)));
  const dropped = ctx.current.tables.filter((t) => !after.has(tableKey(t)));
  dropTables(ctx, dropped);
  for (const table of ctx.target.tables) {
    const old = before.get(tableKey(table));
    if (old) recordLostKeys(ctx, old, table);
  }
  for (const table of ctx.target.tables) {
    const old = before.get(tableKey(table));
    if (old) compareTable(ctx, old, table);
  }
  createTables(ctx, created);
}

function compareTable(ctx: CompareContext, current: TableModel, target: TableModel): void {
  compareColumns(ctx, current, target);
  compareConstraints(ctx, current, target);
  compareIndexes(ctx, current, target);
  if ((current.comment ?? '') !== (target.comment ?? '')) {
    ctx.emit('tableComment', {
      kind: 'setTableComment',
      table: target.name,
      comment: target.comment || null,
      ...schemaField(target.schema),
    });
  }
}

/** Foreign keys of `tables` between two of them, as "holder key -> referenced key" edges. */
function order(tables: readonly TableModel[]) {
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  const keys = [...byKey.keys()];
  const { order: sorted, broken } = dependencyOrder(keys, (key) =>
    (byKey.get(key)?.foreignKeys ?? []).map(refKey),
  );
  const cut = new Map<string, Set<string>>();
  for (const [from, to] of broken) cut.set(from, (cut.get(from) ?? new Set()).add(to));
  const isCut = (table: TableModel, fk: ForeignKeyModel) =>
    cut.get(tableKey(table))?.has(refKey(fk)) ?? false;
  return { sorted: sorted.map((key) => byKey.get(key) as TableModel), isCut };
}

function createTables(ctx: CompareContext, tables: readonly TableModel[]): void {
  const { sorted, isCut } = order(tables.map((t) => named(ctx, t)));
  for (const table of sorted) {
    const later = table.foreignKeys.filter((fk) => isCut(table, fk));
    const now =
      later.length === 0
        ? table
        : { ...table, foreignKeys: table.foreignKeys.filter((fk) => !isCut(table, fk)) };
    ctx.emit('createTable', { kind: 'createTable', table: now, ...schemaField(table.schema) });
    for (const fk of later)
      addConstraintOp(ctx, table, { type: 'foreignKey', ...fk }, 'addForeignKey');
  }
}

/** The table with every constraint named (by the convention where unnamed): what createTable makes. */
function named(ctx: CompareContext, table: TableModel): TableModel {
  const name = (c: ConstraintModel) => constraintNameOf(table, c, ctx.naming);
  const { primaryKey } = table;
  return {
    ...table,
    ...(primaryKey
      ? { primaryKey: { ...primaryKey, name: name({ type: 'primaryKey', ...primaryKey }) } }
      : {}),
    uniques: table.uniques.map((u) => ({ ...u, name: name({ type: 'unique', ...u }) })),
    foreignKeys: table.foreignKeys.map((f) => ({ ...f, name: name({ type: 'foreignKey', ...f }) })),
    checks: table.checks.map((c) => ({ ...c, name: name({ type: 'check', ...c }) })),
  };
}

function dropTables(ctx: CompareContext, tables: readonly TableModel[]): void {
  const { sorted, isCut } = order(tables);
  for (const table of sorted) {
    for (const fk of table.foreignKeys.filter((f) => isCut(table, f))) {
      ctx.emit('dropForeignKey', {
        kind: 'dropConstraint',
        table: table.name,
        name: constraintNameOf(table, { type: 'foreignKey', ...fk }, ctx.naming),
        type: 'foreignKey',
        ...schemaField(table.schema),
      });
    }
  }
  for (const table of [...sorted].reverse()) {
    ctx.emit('dropTable', { kind: 'dropTable', table: table.name, ...schemaField(table.schema) });
  }
}
