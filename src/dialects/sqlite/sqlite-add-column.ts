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
