import type { ConstraintModel } from '../operations/operation.js';
import type { IndexModel, TableModel } from './model.js';
import {
  checkNameColumns,
  constraintName,
  defaultNamingConvention,
  expressionNamePart,
  type NamingConvention,
} from './naming.js';

/**
 * The name a constraint has, or the naming convention's name when the model leaves it unnamed
 * (a reflected SQLite table, say). Used wherever an operation must name what it drops or adds.
 *
 * @example
 * constraintNameOf(users, { type: 'unique', columns: ['email'] }); // 'uq_users_email'
 */
export function constraintNameOf(
  table: Pick<TableModel, 'name' | 'columns'>,
  constraint: ConstraintModel,
  naming: NamingConvention = defaultNamingConvention,
): string {
  if (constraint.name !== undefined) return constraint.name;
  return conventionalConstraintName(table, constraint, naming);
}

/**
 * The naming convention's name for a constraint, whatever name it has now.
 *
 * @example
 * conventionalConstraintName(resumes, { type: 'foreignKey', columns: ['user_id'], refTable: 'users', refColumns: ['id'] });
 * // 'fk_resumes_user_id_users'
 */
export function conventionalConstraintName(
  table: Pick<TableModel, 'name' | 'columns'>,
  constraint: ConstraintModel,
  naming: NamingConvention = defaultNamingConvention,
): string {
  switch (constraint.type) {
    case 'primaryKey':
      return constraintName(
        'primaryKey',
        { table: table.name, columns: constraint.columns },
        naming,
      );
    case 'unique':
      return constraintName('unique', { table: table.name, columns: constraint.columns }, naming);
    case 'foreignKey':
      return constraintName(
        'foreignKey',
        {
          table: table.name,
          columns: constraint.columns,
          refTable: constraint.refTable,
          refColumns: constraint.refColumns,
        },
        naming,
      );
    case 'check': {
      const columns = checkNameColumns(
        constraint.expression,
        table.columns.map((c) => c.name),
      );
      return constraintName('check', { table: table.name, columns }, naming);
    }
  }
}

/**
 * The naming convention's name for an index.
 *
 * @example
 * conventionalIndexName({ name: 'x', table: 'jobs', parts: [{ column: 'title' }], unique: false }); // 'ix_jobs_title'
 */
export function conventionalIndexName(
  index: IndexModel,
  naming: NamingConvention = defaultNamingConvention,
): string {
  const columns = index.parts.map((part) =>
    'column' in part ? part.column : expressionNamePart(part.expression),
  );
  return constraintName('index', { table: index.table, columns }, naming);
}

/**
 * Every constraint of a table as ConstraintModels (primary key, uniques, foreign keys, checks).
 *
 * @example
 * tableConstraints(users).map((c) => c.type); // ['primaryKey', 'unique']
 */
export function tableConstraints(table: TableModel): ConstraintModel[] {
  return [
    ...(table.primaryKey ? [{ type: 'primaryKey' as const, ...table.primaryKey }] : []),
    ...table.uniques.map((u) => ({ type: 'unique' as const, ...u })),
    ...table.foreignKeys.map((f) => ({ type: 'foreignKey' as const, ...f })),
    ...table.checks.map((c) => ({ type: 'check' as const, ...c })),
  ];
}
