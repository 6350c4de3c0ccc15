import { AthanorError } from '../../errors.js';
import type {
  AddConstraint,
  AlterColumn,
  DropConstraint,
  Operation,
  RecreateTable,
} from '../../operations/operation.js';
import type { ColumnModel, IndexModel, TableModel } from '../../schema/model.js';
import { quoteIdentifierWith, sqliteIdentifierRules } from '../shared/quoting.js';
import { mentionsIdentifier, renameIdentifier, sqliteScanRules } from '../shared/sql-scan.js';

/**
 * What the runner does around a SQLite copy-and-move (RecreateTable), as data:
 * - `before`, OUTSIDE the migration transaction: `PRAGMA foreign_keys` is a no-op inside a
 *   transaction (https://www.sqlite.org/pragma.html#pragma_foreign_keys), and with foreign keys on,
 *   DROP TABLE of the old table would delete (cascade) or refuse the rows of child tables.
 *   legacy_alter_table=ON keeps RENAME from re-checking views and triggers that name the
 *   table while it is briefly missing (https://www.sqlite.org/lang_altertable.html#otheralter).
 * - `check`, INSIDE the transaction before COMMIT: rows must fail the migration, not the
 *   next write, when the new table breaks a foreign key. Any row returned is a violation.
 * - `after`, after COMMIT or ROLLBACK: restores the defaults. The runner should read
 *   `PRAGMA foreign_keys` first and restore foreign_keys=ON only if it was on.
 * - `triggers`: DROP TABLE drops the table's triggers and a TableModel does not carry them; the
 *   runner reads them with this query (one parameter: the table name) before the batch and
 *   re-executes each `sql` after it.
 *
 * @example
 * for (const p of sqliteBatchPragmas.before) await conn.execute(p);
 */
export const sqliteBatchPragmas = Object.freeze({
  before: Object.freeze(['PRAGMA foreign_keys = OFF', 'PRAGMA legacy_alter_table = ON']),
  check: 'PRAGMA foreign_key_check',
  after: Object.freeze(['PRAGMA legacy_alter_table = OFF', 'PRAGMA foreign_keys = ON']),
  triggers: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
});

/**
 * Prefix of the temporary table a copy-and-move builds.
 *
 * @example
 * `${sqliteBatchTablePrefix}users`; // '_athanor_tmp_users'
 */
export const sqliteBatchTablePrefix = '_athanor_tmp_';

const describedKinds: ReadonlySet<Operation['kind']> = new Set([
  'addColumn',
  'dropColumn',
  'alterColumn',
  'addConstraint',
  'dropConstraint',
]);

/**
 * The table whose live definition the SQLite compiler may need for `op` (compile is synchronous,
 * so the executor reflects it first and passes it as `ctx.describeTable`); undefined when the
 * operation never rebuilds a table.
 *
 * @example
 * const name = sqliteTableToDescribe(op);
 * const table = name === undefined ? undefined : (await dialect.reflect(conn, { onlyTables: [name] })).tables[0];
 */
export function sqliteTableToDescribe(op: Operation): string | undefined {
  return describedKinds.has(op.kind) && 'table' in op && typeof op.table === 'string'
    ? op.table
    : undefined;
}

const quote = (name: string): string => quoteIdentifierWith(sqliteIdentifierRules, name);

interface BatchState {
  readonly table: TableModel;
  /** New column name -> SQL expression over the old table. */
  readonly columnMap: Readonly<Record<string, string>>;
}

/**
 * Plans one SQLite copy-and-move for several changes of one table (Alembic's batch_alter_table):
 * applies `ops` to the table's current definition and returns the RecreateTable that builds the
 * result and copies the rows across. Supported operations: addColumn, dropColumn, alterColumn,
 * setTableComment, createIndex, dropIndex, addConstraint, dropConstraint.
 * Dropping a column also drops the indexes and constraints that use it (as PostgreSQL does);
 * renaming a column rewrites it in indexes, constraints and CHECK expressions, but not in other
 * tables' foreign keys: rename with a plain alterColumn (native RENAME COLUMN) when children
 * reference the column.
 *
 * @example
 * const recreate = planSqliteBatch(describeTable('users'), [
 *   { kind: 'alterColumn', table: 'users', column: 'email', nullable: false },
 *   { kind: 'dropColumn', table: 'users', column: 'legacy' },
 * ]);
 */
export function planSqliteBatch(table: TableModel, ops: readonly Operation[]): RecreateTable {
  const start: BatchState = {
    table,
    columnMap: Object.fromEntries(table.columns.map((c) => [c.name, quote(c.name)])),
  };
  const end = ops.reduce(applyBatchOp, start);
  return Object.freeze({
    kind: 'recreateTable',
    table: end.table,
    from: table.name,
    columnMap: end.columnMap,
    ...(table.schema === undefined ? {} : { schema: table.schema }),
  });
}

function applyBatchOp(state: BatchState, op: Operation): BatchState {
  const table = state.table;
  const target =
    op.kind === 'createIndex'
      ? op.index.table
      : 'table' in op && typeof op.table === 'string'
        ? op.table
        : undefined;
  if (target !== table.name) {
    throw new AthanorError(
      'E_INVALID_OP',
      `batch on table "${table.name}" cannot run ${op.kind}${target ? ` on "${target}"` : ''}`,
    );
  }
  switch (op.kind) {
    case 'addColumn':
      if (findColumn(table, op.column.name))
        throw invalid(`column "${op.column.name}" already exists in "${table.name}"`);
      return { ...state, table: { ...table, columns: [...table.columns, op.column] } };
    case 'dropColumn':
      return dropColumn(state, op.column);
    case 'alterColumn':
      return alterColumn(state, op);
    case 'setTableComment':
      return { ...state, table: withOptional(table, 'comment', op.comment ?? undefined) };
    case 'createIndex':
      return { ...state, table: { ...table, indexes: [...table.indexes, op.index] } };
    case 'dropIndex':
      if (!table.indexes.some((i) => i.name === op.name))
        throw invalid(`no index "${op.name}" on "${table.name}"`);
      return {
        ...state,
        table: { ...table, indexes: table.indexes.filter((i) => i.name !== op.name) },
      };
    case 'addConstraint':
      return { ...state, table: addConstraint(table, op) };
    case 'dropConstraint':
      return { ...state, table: dropConstraint(table, op) };
    default:
      throw invalid(`${op.kind} cannot be part of a SQLite batch on "${table.name}"`);
  }
}

function invalid(message: string): AthanorError {
  return new AthanorError('E_INVALID_OP', `sqlite batch: ${message}`);
}

function findColumn(table: TableModel, name: string): ColumnModel | undefined {
  return table.columns.find((c) => c.name === name);
}

/** A copy of `object` with `key` set, or removed when `value` is undefined. */
function withOptional<T extends object, K extends keyof T>(
  object: T,
  key: K,
  value: T[K] | undefined,
): T {
  const copy = { ...object };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/** Whether an index uses the column (as a key part, in an expression or in its predicate). */
function indexUses(index: IndexModel, column: string): boolean {
  return (
    index.parts.some((p) =>
      'column' in p
        ? p.column === column
        : mentionsIdentifier(p.expression, column, sqliteScanRules),
    ) ||
    (index.where !== undefined && mentionsIdentifier(index.where, column, sqliteScanRules))
  );
}

/**
 * Whether SQLite's own `ALTER TABLE DROP COLUMN` would refuse the column: it is part of the
 * primary key, a unique constraint, an index, a foreign key or a CHECK.
 * https://www.sqlite.org/lang_altertable.html#altertabdropcol
 * @example
 * columnHasDependents(users, 'email'); // true when an index or constraint uses email
 */
export function columnHasDependents(table: TableModel, column: string): boolean {
  return (
    (table.primaryKey?.columns.includes(column) ?? false) ||
    table.uniques.some((u) => u.columns.includes(column)) ||
    table.foreignKeys.some((fk) => fk.columns.includes(column)) ||
    table.indexes.some((i) => indexUses(i, column)) ||
    table.checks.some((c) => mentionsIdentifier(c.expression, column, sqliteScanRules))
  );
}

function dropColumn(state: BatchState, column: string): BatchState {
  const { table } = state;
  if (!findColumn(table, column)) throw invalid(`no column "${column}" in "${table.name}"`);
  const columnMap = Object.fromEntries(
    Object.entries(state.columnMap).filter(([name]) => name !== column),
  );
  const next: TableModel = {
    ...withOptional(
      table,
      'primaryKey',
      table.primaryKey?.columns.includes(column) ? undefined : table.primaryKey,
    ),
    columns: table.columns.filter((c) => c.name !== column),
    indexes: table.indexes.filter((i) => !indexUses(i, column)),
    uniques: table.uniques.filter((u) => !u.columns.includes(column)),
    foreignKeys: table.foreignKeys.filter((fk) => !fk.columns.includes(column)),
    checks: table.checks.filter((c) => !mentionsIdentifier(c.expression, column, sqliteScanRules)),
  };
  return { table: next, columnMap };
}

function alterColumn(state: BatchState, op: AlterColumn): BatchState {
  const column = findColumn(state.table, op.column);
  if (!column) throw invalid(`no column "${op.column}" in "${state.table.name}"`);
  let changed: ColumnModel = {
    ...column,
    type: op.type ?? column.type,
    nullable: op.nullable ?? column.nullable,
  };
  if (op.default !== undefined) changed = withOptional(changed, 'default', op.default ?? undefined);
  if (op.comment !== undefined) changed = withOptional(changed, 'comment', op.comment ?? undefined);
  const columns = state.table.columns.map((c) => (c.name === op.column ? changed : c));
  // `using` is PostgreSQL SQL (AlterColumn's doc): the copy relies on SQLite's type affinity instead.
  const next: BatchState = { table: { ...state.table, columns }, columnMap: state.columnMap };
  return op.newName === undefined || op.newName === op.column
    ? next
    : renameColumn(next, op.column, op.newName);
}

/**
 * Renames a column in a table definition: the column, its key parts, constraints and the
 * expressions that mention it. Exported for the compiler, which renames natively first.
 * @example
 * renameColumnInTable(users, 'email', 'email_address').checks; // CHECKs now say "email_address"
 */
export function renameColumnInTable(table: TableModel, from: string, to: string): TableModel {
  if (findColumn(table, to)) throw invalid(`column "${to}" already exists in "${table.name}"`);
  const cols = (names: readonly string[]): string[] => names.map((n) => (n === from ? to : n));
  const expr = (text: string): string => renameIdentifier(text, from, to, sqliteScanRules, quote);
  return {
    ...table,
    columns: table.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    ...(table.primaryKey
      ? { primaryKey: { ...table.primaryKey, columns: cols(table.primaryKey.columns) } }
      : {}),
    indexes: table.indexes.map((i) => ({
      ...i,
      parts: i.parts.map((p) =>
        'column' in p
          ? { ...p, column: p.column === from ? to : p.column }
          : { ...p, expression: expr(p.expression) },
      ),
      ...(i.where === undefined ? {} : { where: expr(i.where) }),
    })),
    uniques: table.uniques.map((u) => ({ ...u, columns: cols(u.columns) })),
    foreignKeys: table.foreignKeys.map((fk) => ({
      ...fk,
      columns: cols(fk.columns),
      refColumns: fk.refTable === table.name ? cols(fk.refColumns) : fk.refColumns,
    })),
    checks: table.checks.map((c) => ({ ...c, expression: expr(c.expression) })),
  };
}

function renameColumn(state: BatchState, from: string, to: string): BatchState {
  const columnMap = Object.fromEntries(
    Object.entries(state.columnMap).map(([name, e]) => [name === from ? to : name, e]),
  );
  return { table: renameColumnInTable(state.table, from, to), columnMap };
}

function addConstraint(table: TableModel, op: AddConstraint): TableModel {
  const { constraint } = op;
  switch (constraint.type) {
    case 'primaryKey':
      if (table.primaryKey)
        throw invalid(`"${table.name}" already has a primary key; drop it first`);
      return { ...table, primaryKey: { name: constraint.name, columns: constraint.columns } };
    case 'unique': {
      const { type: _type, ...unique } = constraint;
      return { ...table, uniques: [...table.uniques, unique] };
    }
    case 'foreignKey': {
      const { type: _type, ...fk } = constraint;
      return { ...table, foreignKeys: [...table.foreignKeys, fk] };
    }
    case 'check': {
      const { type: _type, ...check } = constraint;
      return { ...table, checks: [...table.checks, check] };
    }
  }
}

function dropConstraint(table: TableModel, op: DropConstraint): TableModel {
  const wants = (type: DropConstraint['type']): boolean =>
    op.type === undefined || op.type === type;
  if (wants('primaryKey') && table.primaryKey?.name === op.name)
    return withOptional(table, 'primaryKey', undefined);
  const next: TableModel = {
    ...table,
    uniques: wants('unique') ? table.uniques.filter((u) => u.name !== op.name) : table.uniques,
    foreignKeys: wants('foreignKey')
      ? table.foreignKeys.filter((fk) => fk.name !== op.name)
      : table.foreignKeys,
    checks: wants('check') ? table.checks.filter((c) => c.name !== op.name) : table.checks,
  };
  const removed =
    table.uniques.length +
    table.foreignKeys.length +
    table.checks.length -
    (next.uniques.length + next.foreignKeys.length + next.checks.length);
  if (removed === 0)
    throw invalid(`no ${op.type ?? 'constraint'} named "${op.name}" on "${table.name}"`);
  return next;
}
