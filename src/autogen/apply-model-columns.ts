import type { AddColumn, AlterColumn, DropColumn } from '../operations/operation.js';
import type { ColumnModel, IndexModel, TableModel } from '../schema/model.js';
import {
  mentionsColumn,
  opFailure,
  qualify,
  referencesTo,
  requireEnums,
  requireTable,
  tableKey,
  type WorkingModel,
} from './apply-model-state.js';

export function applyAddColumn(w: WorkingModel, op: AddColumn): void {
  const table = requireTable(w, op, op.schema, op.table);
  if (table.columns.some((c) => c.name === op.column.name))
    throw opFailure(op, `column ${op.table}.${op.column.name} exists`);
  requireEnums(w, op, op.column.type);
  w.tables.set(tableKey(table), { ...table, columns: [...table.columns, op.column] });
}

/** Drops the column and, as PostgreSQL does, the indexes and constraints that involve it. */
export function applyDropColumn(w: WorkingModel, op: DropColumn): void {
  const table = requireTable(w, op, op.schema, op.table);
  const name = op.column;
  if (!table.columns.some((c) => c.name === name))
    throw opFailure(op, `column ${op.table}.${name} does not exist`);
  if (w.strict) {
    for (const [holder, fk] of referencesTo(w, tableKey(table))) {
      if (holder !== table && fk.refColumns.includes(name)) {
        throw opFailure(
          op,
          `foreign key ${fk.name ?? ''} on ${holder.name} depends on ${op.table}.${name}`,
        );
      }
    }
  }
  const uses = (columns: readonly string[]) => columns.includes(name);
  const { primaryKey, ...rest } = table;
  w.tables.set(tableKey(table), {
    ...rest,
    ...(primaryKey && !uses(primaryKey.columns) ? { primaryKey } : {}),
    columns: table.columns.filter((c) => c.name !== name),
    indexes: table.indexes.filter((i) => !indexUses(i, name)),
    uniques: table.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: table.foreignKeys.filter(
      (f) => !uses(f.columns) && !(f.refTable === table.name && f.refColumns.includes(name)),
    ),
    checks: table.checks.filter((c) => !mentionsColumn(c.expression, name)),
  });
}

function indexUses(index: IndexModel, column: string): boolean {
  return index.parts.some((p) =>
    'column' in p ? p.column === column : mentionsColumn(p.expression, column),
  );
}

export function applyAlterColumn(w: WorkingModel, op: AlterColumn): void {
  const table = requireTable(w, op, op.schema, op.table);
  const column = table.columns.find((c) => c.name === op.column);
  if (!column) throw opFailure(op, `column ${op.table}.${op.column} does not exist`);
  if (op.type !== undefined) requireEnums(w, op, op.type);
  const changed = alteredColumn(column, op);
  if (
    op.newName !== undefined &&
    op.newName !== op.column &&
    table.columns.some((c) => c.name === op.newName)
  ) {
    throw opFailure(op, `column ${op.table}.${op.newName} exists`);
  }
  const updated: TableModel = {
    ...table,
    columns: table.columns.map((c) => (c === column ? changed : c)),
  };
  w.tables.set(tableKey(table), updated);
  if (op.newName !== undefined && op.newName !== op.column)
    renameColumnEverywhere(w, updated, op.column, op.newName);
}

function alteredColumn(column: ColumnModel, op: AlterColumn): ColumnModel {
  const { default: oldDefault, comment: oldComment, ...rest } = column;
  const nextDefault = op.default === undefined ? oldDefault : (op.default ?? undefined);
  const nextComment = op.comment === undefined ? oldComment : (op.comment ?? undefined);
  return {
    ...rest,
    name: op.newName ?? column.name,
    ...(op.type === undefined ? {} : { type: op.type }),
    ...(op.nullable === undefined ? {} : { nullable: op.nullable }),
    ...(nextDefault === undefined ? {} : { default: nextDefault }),
    ...(nextComment === undefined ? {} : { comment: nextComment }),
  };
}

/** A renamed column keeps its keys, indexes and incoming foreign keys (the database follows). */
function renameColumnEverywhere(
  w: WorkingModel,
  table: TableModel,
  from: string,
  to: string,
): void {
  const swap = (columns: readonly string[]) => columns.map((c) => (c === from ? to : c));
  const key = tableKey(table);
  const { primaryKey } = table;
  w.tables.set(key, {
    ...table,
    ...(primaryKey ? { primaryKey: { ...primaryKey, columns: swap(primaryKey.columns) } } : {}),
    indexes: table.indexes.map((i) => ({
      ...i,
      parts: i.parts.map((p) => ('column' in p && p.column === from ? { ...p, column: to } : p)),
    })),
    uniques: table.uniques.map((u) => ({ ...u, columns: swap(u.columns) })),
    foreignKeys: table.foreignKeys.map((f) => ({ ...f, columns: swap(f.columns) })),
  });
  for (const [holder] of [...referencesTo(w, key)]) {
    const current = w.tables.get(tableKey(holder)) ?? holder;
    w.tables.set(tableKey(current), {
      ...current,
      foreignKeys: current.foreignKeys.map((f) =>
        qualify(f.refSchema, f.refTable) === key ? { ...f, refColumns: swap(f.refColumns) } : f,
      ),
    });
  }
}
