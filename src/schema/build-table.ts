import { AthanorError } from '../errors.js';
import { buildColumn, foreignKeyModel, resolveForeignKeyTarget } from './build-column.js';
import { indexFromSpec } from './build-index.js';
import { isColumnRef, type ColumnBuilder } from './column-builder.js';
import { deepFreeze } from './deep-freeze.js';
import type {
  CheckConstraintModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  PrimaryKeyModel,
  TableModel,
  UniqueConstraintModel,
} from './model.js';
import {
  checkNameColumns,
  constraintName,
  defaultNamingConvention,
  type NamingConvention,
} from './naming.js';
import { sqlText } from './sql-text.js';
import type { ColumnTarget, ForeignKeySpec, TableExtra } from './table-extras.js';

export interface BuildTableOptions {
  readonly schema?: string;
  readonly comment?: string;
  readonly naming?: NamingConvention;
}

/** The lists of a TableModel while it is being assembled. */
interface TableParts {
  readonly columns: ColumnModel[];
  primaryKey?: PrimaryKeyModel;
  readonly indexes: IndexModel[];
  readonly uniques: UniqueConstraintModel[];
  readonly foreignKeys: ForeignKeyModel[];
  readonly checks: CheckConstraintModel[];
}

/**
 * The TableModel of a set of column builders and table extras, with the inline `.primaryKey()`,
 * `.unique()` and `.references()` moved into the table's lists and every unnamed constraint or
 * index named by the convention. Used by `defineSchema` and by `op.createTable`.
 *
 * @example
 * buildTableModel('users', { id: t.integer().primaryKey(), email: t.string(255).notNull().unique() });
 * // { name: 'users', columns: [...], primaryKey: { name: 'pk_users', columns: ['id'] },
 * //   uniques: [{ name: 'uq_users_email', columns: ['email'] }], indexes: [], foreignKeys: [], checks: [] }
 */
export function buildTableModel(
  name: string,
  columns: Readonly<Record<string, ColumnBuilder>>,
  extras: readonly TableExtra[] = [],
  options: BuildTableOptions = {},
): TableModel {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    // A callback (`(t) => ...`, as Knex writes it) or an array reads as "no columns": say what fits.
    throw new AthanorError(
      'E_SCHEMA',
      `table ${name}: columns must be an object of column builders, such as ` +
        `{ id: t.integer().primaryKey(), name: t.string(50) }, not ${
          typeof columns === 'function'
            ? 'a function'
            : Array.isArray(columns)
              ? 'an array'
              : String(columns)
        }`,
    );
  }
  const naming = options.naming ?? defaultNamingConvention;
  const parts: TableParts = { columns: [], indexes: [], uniques: [], foreignKeys: [], checks: [] };
  addColumns(parts, name, columns, naming);
  for (const extra of extras) addExtra(parts, name, extra, naming);
  validateTable(name, parts);
  return deepFreeze({
    name,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    columns: parts.columns,
    ...(parts.primaryKey === undefined ? {} : { primaryKey: parts.primaryKey }),
    indexes: parts.indexes,
    uniques: parts.uniques,
    foreignKeys: parts.foreignKeys,
    checks: parts.checks,
    ...(options.comment === undefined ? {} : { comment: options.comment }),
  });
}

function addColumns(
  parts: TableParts,
  table: string,
  columns: Readonly<Record<string, ColumnBuilder>>,
  naming: NamingConvention,
): void {
  const keyColumns: string[] = [];
  let keyName: string | undefined;
  for (const [columnName, builder] of Object.entries(columns)) {
    const built = buildColumn(table, columnName, builder, naming);
    parts.columns.push(built.column);
    for (const constraint of built.constraints) {
      const { type, ...model } = constraint;
      if (type === 'unique') parts.uniques.push(model as UniqueConstraintModel);
      else if (type === 'foreignKey') parts.foreignKeys.push(model as ForeignKeyModel);
    }
    if (builder.spec.primaryKey) {
      keyColumns.push(columnName);
      keyName ??= builder.spec.primaryKey.name;
    }
  }
  if (keyColumns.length > 0) {
    parts.primaryKey = {
      name: keyName ?? constraintName('primaryKey', { table, columns: keyColumns }, naming),
      columns: keyColumns,
    };
  }
}

function addExtra(
  parts: TableParts,
  table: string,
  extra: TableExtra,
  naming: NamingConvention,
): void {
  const spec = extra.spec;
  switch (spec.kind) {
    case 'index':
      parts.indexes.push(indexFromSpec(table, spec, naming));
      return;
    case 'unique': {
      const columns = columnNames(table, spec.columns, 'unique constraint');
      parts.uniques.push({
        name: spec.name ?? constraintName('unique', { table, columns }, naming),
        columns,
      });
      return;
    }
    case 'check': {
      const expression = sqlText(spec.expression);
      const columns = checkNameColumns(
        expression,
        parts.columns.map((c) => c.name),
      );
      parts.checks.push({
        name: spec.name ?? constraintName('check', { table, columns }, naming),
        expression,
      });
      return;
    }
    case 'foreignKey':
      parts.foreignKeys.push(foreignKeyFromSpec(table, spec, naming));
      return;
    case 'primaryKey': {
      if (parts.primaryKey)
        throw new AthanorError('E_SCHEMA', `table ${table} declares its primary key twice`);
      const columns = columnNames(table, spec.columns, 'primary key');
      parts.primaryKey = {
        name: spec.name ?? constraintName('primaryKey', { table, columns }, naming),
        columns,
      };
      return;
    }
  }
}

function foreignKeyFromSpec(
  table: string,
  spec: ForeignKeySpec,
  naming: NamingConvention,
): ForeignKeyModel {
  const columns = columnNames(table, spec.columns, 'foreign key');
  if (spec.target === undefined) {
    throw new AthanorError('E_SCHEMA', `foreign key on ${table} has no .references(...)`);
  }
  const target = resolveForeignKeyTarget(spec.target, `${table}(${columns.join(', ')})`);
  return foreignKeyModel(table, columns, target, spec, naming);
}

function columnNames(table: string, targets: readonly ColumnTarget[], what: string): string[] {
  if (targets.length === 0)
    throw new AthanorError('E_SCHEMA', `${what} on ${table} has no columns`);
  return targets.map((target) => {
    if (!isColumnRef(target)) return target;
    if (target.table !== table) {
      throw new AthanorError(
        'E_SCHEMA',
        `${what} on ${table} uses ${target.table}.${target.column}, a column of another table`,
      );
    }
    return target.column;
  });
}

/** Every constraint and index names columns of the table; names are not used twice. */
function validateTable(table: string, parts: TableParts): void {
  const columns = new Set<string>();
  for (const column of parts.columns) columns.add(column.name);
  const lists: [string, readonly string[]][] = [
    ...(parts.primaryKey
      ? [['primary key', parts.primaryKey.columns] as [string, readonly string[]]]
      : []),
    ...parts.uniques.map((u): [string, readonly string[]] => [`unique ${u.name ?? ''}`, u.columns]),
    ...parts.foreignKeys.map((f): [string, readonly string[]] => [
      `foreign key ${f.name ?? ''}`,
      f.columns,
    ]),
    ...parts.indexes.map((i): [string, readonly string[]] => [
      `index ${i.name}`,
      i.parts.flatMap((p) => ('column' in p ? [p.column] : [])),
    ]),
  ];
  for (const [what, names] of lists) {
    const missing = names.find((n) => !columns.has(n));
    if (missing !== undefined)
      throw new AthanorError('E_SCHEMA', `${what} on ${table} uses unknown column '${missing}'`);
  }
  const seen = new Set<string>();
  const named = [
    parts.primaryKey?.name,
    ...parts.uniques.map((u) => u.name),
    ...parts.foreignKeys.map((f) => f.name),
    ...parts.checks.map((c) => c.name),
  ];
  for (const n of named) {
    if (n === undefined) continue;
    if (seen.has(n))
      throw new AthanorError('E_SCHEMA', `table ${table} has two constraints named '${n}'`);
    seen.add(n);
  }
}
