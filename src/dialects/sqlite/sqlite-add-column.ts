import type { Operation } from '../../operations/operation.js';
import type { ColumnModel } from '../../schema/model.js';
import { isConstantExpression } from '../shared/ddl-fragments.js';

/**
 * Whether SQLite's ALTER TABLE ADD COLUMN can add this column in place. It cannot add a key
 * (an autoincrement column is an INTEGER PRIMARY KEY), a NOT NULL column without a non-NULL
 * default, or a default that is not a constant (CURRENT_TIMESTAMP, an expression): the compiler
 * rebuilds the table for those, and the executor must then describe the live table to it.
 * https://www.sqlite.org/lang_altertable.html#altertabaddcol
 *
 * @example
 * canAddColumnInPlace({ name: 'code', type: { kind: 'text' }, nullable: false }); // false
 */
export function canAddColumnInPlace(column: ColumnModel): boolean {
  if (column.autoincrement) return false;
  const value = column.default;
  if (value?.kind === 'sql' && !isConstantExpression(value.sql)) return false;
  const nullDefault =
    value === undefined ||
    (value.kind === 'literal' ? value.value === null : /^null$/i.test(value.sql.trim()));
  return column.nullable || !nullDefault;
}

/**
 * Operations that a dialect without ALTER COLUMN (SQLite) may carry out by copy-and-move:
 * the executor reads the table's current definition for them and guards foreign keys. An
 * addColumn is one only when ADD COLUMN cannot add the column in place (NOT NULL without a
 * default, a non-constant default); the others stay a plain ALTER, with foreign keys on.
 *
 * @example
 * sqliteRebuiltTable({ kind: 'dropColumn', table: 'users', column: 'x' }); // 'users'
 */
export function sqliteRebuiltTable(op: Operation): string | undefined {
  switch (op.kind) {
    case 'addColumn':
      return canAddColumnInPlace(op.column) ? undefined : op.table;
    case 'alterColumn':
    case 'dropColumn':
    case 'addConstraint':
    case 'dropConstraint':
      return op.table;
    case 'recreateTable':
      return op.from;
    default:
      return undefined;
  }
}
