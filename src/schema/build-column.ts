import { AthanorError } from '../errors.js';
import type { ConstraintModel } from '../operations/operation.js';
import {
  isColumnRef,
  type ColumnBuilder,
  type ColumnRef,
  type ColumnReference,
} from './column-builder.js';
import { deepFreeze } from './deep-freeze.js';
import type { ColumnModel, ForeignKeyModel } from './model.js';
import { constraintName, defaultNamingConvention, type NamingConvention } from './naming.js';
import type { ForeignKeyTarget } from './table-extras.js';

/** A constraint with its (given or conventional) name. */
export type NamedConstraint = ConstraintModel & { readonly name: string };

/**
 * The ColumnModel of a builder, plus its inline constraints (`.primaryKey()`, `.unique()`,
 * `.references()`) as named constraints: what `op.addColumn` needs to add a column with them.
 *
 * @example
 * buildColumn('resumes', 'user_id', t.integer().notNull().references('users.id'));
 * // { column: { name: 'user_id', type: { kind: 'integer' }, nullable: false },
 * //   constraints: [{ type: 'foreignKey', name: 'fk_resumes_user_id_users', columns: ['user_id'], refTable: 'users', refColumns: ['id'] }] }
 */
export function buildColumn(
  table: string,
  name: string,
  builder: ColumnBuilder,
  naming: NamingConvention = defaultNamingConvention,
): { column: ColumnModel; constraints: readonly NamedConstraint[] } {
  const spec = builder.spec;
  const column: ColumnModel = {
    name,
    type: spec.type,
    nullable: !spec.notNull,
    ...(spec.default === undefined ? {} : { default: spec.default }),
    ...(spec.autoincrement ? { autoincrement: true } : {}),
    ...(spec.comment === undefined ? {} : { comment: spec.comment }),
    ...(spec.requires === undefined ? {} : { requires: spec.requires }),
  };
  const constraints: NamedConstraint[] = [];
  const parts = { table, columns: [name] };
  if (spec.primaryKey) {
    constraints.push({
      type: 'primaryKey',
      name: spec.primaryKey.name ?? constraintName('primaryKey', parts, naming),
      columns: [name],
    });
  }
  if (spec.unique) {
    constraints.push({
      type: 'unique',
      name: spec.unique.name ?? constraintName('unique', parts, naming),
      columns: [name],
    });
  }
  if (spec.references) {
    constraints.push({
      type: 'foreignKey',
      ...inlineForeignKey(table, name, spec.references, naming),
    });
  }
  return deepFreeze({ column, constraints });
}

function inlineForeignKey(
  table: string,
  column: string,
  ref: ColumnReference,
  naming: NamingConvention,
): ForeignKeyModel & { name: string } {
  const { refTable, refSchema, refColumns } = resolveForeignKeyTarget(
    ref.target,
    `${table}.${column}`,
  );
  return foreignKeyModel(table, [column], { refTable, refSchema, refColumns }, { ...ref }, naming);
}

/** Builds a ForeignKeyModel with only the fields that are set, named by the convention when unnamed. */
export function foreignKeyModel(
  table: string,
  columns: readonly string[],
  target: { refTable: string; refSchema?: string | undefined; refColumns: readonly string[] },
  options: {
    name?: string | undefined;
    onDelete?: ForeignKeyModel['onDelete'];
    onUpdate?: ForeignKeyModel['onUpdate'];
    deferrable?: boolean | undefined;
    initiallyDeferred?: boolean | undefined;
  },
  naming: NamingConvention,
): ForeignKeyModel & { name: string } {
  const name =
    options.name ??
    constraintName(
      'foreignKey',
      { table, columns, refTable: target.refTable, refColumns: target.refColumns },
      naming,
    );
  return {
    name,
    columns: [...columns],
    refTable: target.refTable,
    ...(target.refSchema === undefined ? {} : { refSchema: target.refSchema }),
    refColumns: [...target.refColumns],
    ...(options.onDelete === undefined ? {} : { onDelete: options.onDelete }),
    ...(options.onUpdate === undefined ? {} : { onUpdate: options.onUpdate }),
    ...(options.deferrable === undefined ? {} : { deferrable: options.deferrable }),
    ...(options.initiallyDeferred === undefined
      ? {}
      : { initiallyDeferred: options.initiallyDeferred }),
  };
}

/**
 * Resolves what a foreign key points at. Closures are called here, late, so tables may
 * reference each other in any declaration order. Strings are `table.column` or
 * `schema.table.column`; several strings must name the same table.
 *
 * @example
 * resolveForeignKeyTarget('users.id', 'resumes.user_id'); // { refTable: 'users', refColumns: ['id'] }
 */
export function resolveForeignKeyTarget(
  target: ForeignKeyTarget | (() => ColumnRef),
  where: string,
): { refTable: string; refSchema?: string; refColumns: string[] } {
  const resolved = typeof target === 'function' ? target() : target;
  const items: readonly unknown[] = Array.isArray(resolved) ? resolved : [resolved];
  if (items.length === 0)
    throw new AthanorError('E_SCHEMA', `foreign key ${where} references no columns`);
  const refs = items.map((item) => toRefParts(item, where));
  const first = refs[0] as (typeof refs)[number];
  for (const ref of refs) {
    if (ref.table !== first.table || ref.schema !== first.schema) {
      throw new AthanorError(
        'E_SCHEMA',
        `foreign key ${where} references columns of several tables`,
      );
    }
  }
  return {
    refTable: first.table,
    ...(first.schema === undefined ? {} : { refSchema: first.schema }),
    refColumns: refs.map((r) => r.column),
  };
}

function toRefParts(
  item: unknown,
  where: string,
): { table: string; schema?: string | undefined; column: string } {
  if (isColumnRef(item)) return { table: item.table, schema: item.schema, column: item.column };
  if (typeof item === 'string') {
    const parts = item.split('.');
    const column = parts.pop();
    const tableName = parts.pop();
    if (!column || !tableName || parts.length > 1) {
      throw new AthanorError(
        'E_SCHEMA',
        `foreign key ${where}: '${item}' is not 'table.column' or 'schema.table.column'`,
      );
    }
    return { table: tableName, schema: parts[0], column };
  }
  throw new AthanorError(
    'E_SCHEMA',
    `foreign key ${where} references ${String(item)}: expected a column such as () => users.id or 'users.id' (is the referenced table declared?)`,
  );
}
