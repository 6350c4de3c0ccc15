import type { AlterColumn } from '../../operations/operation.js';
import type { ColumnModel, TableModel } from '../../schema/model.js';
import { sameDefault, sameType, schemaField, type CompareContext } from './compare-context.js';

/**
 * Added, dropped and changed columns of a table present on both sides. Columns match by name
 * (renames were applied before); a change of type (by meaning), nullability, default or comment
 * is one alterColumn carrying the column's `existing` state for MySQL and SQLite.
 *
 * @example
 * compareColumns(ctx, currentUsers, targetUsers);
 */
export function compareColumns(ctx: CompareContext, current: TableModel, target: TableModel): void {
  const before = new Map(current.columns.map((c) => [c.name, c]));
  const after = new Set(target.columns.map((c) => c.name));
  const schema = schemaField(target.schema);
  for (const column of target.columns) {
    const old = before.get(column.name);
    if (old === undefined) {
      ctx.emit('addColumn', { kind: 'addColumn', table: target.name, column, ...schema });
      continue;
    }
    const alter = alterColumnOp(ctx, target, old, column);
    if (alter) ctx.emit('alterColumn', alter);
    if ((old.autoincrement ?? false) !== (column.autoincrement ?? false)) {
      ctx.note({
        kind: 'autoincrementChanged',
        ...schema,
        table: target.name,
        column: column.name,
        from: old.autoincrement ?? false,
        to: column.autoincrement ?? false,
      });
    }
  }
  for (const column of current.columns) {
    if (!after.has(column.name))
      ctx.emit('dropColumn', {
        kind: 'dropColumn',
        table: target.name,
        column: column.name,
        ...schema,
      });
  }
}

function alterColumnOp(
  ctx: CompareContext,
  table: TableModel,
  old: ColumnModel,
  next: ColumnModel,
): AlterColumn | undefined {
  const changes: {
    type?: AlterColumn['type'];
    nullable?: boolean;
    default?: AlterColumn['default'];
    comment?: AlterColumn['comment'];
  } = {};
  if (!sameType(old.type, next.type, ctx.sharedEnums)) changes.type = next.type;
  if (old.nullable !== next.nullable) changes.nullable = next.nullable;
  if (!sameDefault(old.default, next.default)) changes.default = meaningfulDefault(next) ?? null;
  if ((old.comment ?? '') !== (next.comment ?? '')) changes.comment = next.comment || null;
  if (Object.keys(changes).length === 0) return undefined;
  return {
    kind: 'alterColumn',
    table: table.name,
    column: old.name,
    ...schemaField(table.schema),
    ...changes,
    existing: existingState(old),
  };
}

function meaningfulDefault(column: ColumnModel): ColumnModel['default'] {
  const d = column.default;
  return d?.kind === 'literal' && d.value === null ? undefined : d;
}

/**
 * A column's state for `AlterColumn.existing` (Alembic's existing_type & co).
 *
 * @example
 * existingState({ name: 'email', type: { kind: 'string', length: 255 }, nullable: false });
 * // { type: { kind: 'string', length: 255 }, nullable: false }
 */
export function existingState(column: ColumnModel): NonNullable<AlterColumn['existing']> {
  const { name: _name, ...rest } = column;
  return rest;
}
