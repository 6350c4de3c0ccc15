import {
  buildColumn,
  buildIndexModel,
  buildTableModel,
  toColumnType,
  toDefaultValue,
} from '../schema/dsl.js';
import type { ColumnBuilder } from '../schema/dsl.js';
import type { ColumnModel } from '../schema/model.js';
import { sqlText } from '../schema/sql-text.js';
import type {
  AlterColumnOptions,
  BatchOp,
  CreateIndexOptions,
  ForeignKeyOptions,
  Op,
  OpOptions,
} from './op-types.js';
import type { AlterColumn, ConstraintModel, Operation, OperationBase } from './operation.js';
import { isSqlFragment, type SqlFragment } from './sql-tag.js';

/** The `op` methods that only build operations (no SQL text, no transactions). */
export type SchemaOpMethods = Omit<
  Op,
  'dialect' | 'args' | 'offline' | 'execute' | 'query' | 'batch' | 'autocommit'
>;

/** Pure builders with the same arguments as the `op` methods, returning the operations. */
export type OperationBuilders = {
  readonly [K in keyof SchemaOpMethods]: (
    ...args: Parameters<SchemaOpMethods[K]>
  ) => Operation | readonly Operation[];
};

/** The `dialects` / `schema` fields of an operation, from the options a user passed. */
function base(options: OpOptions | undefined): OperationBase {
  return {
    ...(options?.dialects ? { dialects: [...options.dialects] } : {}),
    ...(options?.schema ? { schema: options.schema } : {}),
  };
}

/** Only the flags that are set, so operations stay small and compare cleanly. */
function flags<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined && v !== false),
  ) as Partial<T>;
}

const frozen = <T extends Operation>(op: T): T => Object.freeze(op);

/** AddColumn, then one AddConstraint per inline `.primaryKey()` / `.unique()` / `.references()`. */
function addColumnOps(
  table: string,
  name: string,
  builder: ColumnBuilder,
  options?: OpOptions,
): Operation[] {
  const { column, constraints } = buildColumn(table, name, builder);
  return [
    frozen({ kind: 'addColumn', table, column, ...base(options) }),
    ...constraints.map((constraint) =>
      frozen({ kind: 'addConstraint', table, constraint, ...base(options) }),
    ),
  ];
}

function existingOf(changes: AlterColumnOptions): Partial<Omit<ColumnModel, 'name'>> | undefined {
  const existingDefault = toDefaultValue(changes.existingDefault);
  const existing = {
    ...(changes.existingType ? { type: toColumnType(changes.existingType) } : {}),
    ...(changes.existingNullable === undefined ? {} : { nullable: changes.existingNullable }),
    ...(existingDefault ? { default: existingDefault } : {}),
    ...(typeof changes.existingComment === 'string' ? { comment: changes.existingComment } : {}),
  };
  return Object.keys(existing).length > 0 ? existing : undefined;
}

function alterColumnOp(table: string, column: string, changes: AlterColumnOptions): AlterColumn {
  const defaultValue = toDefaultValue(changes.default);
  const existing = existingOf(changes);
  return frozen({
    kind: 'alterColumn',
    table,
    column,
    ...(changes.type ? { type: toColumnType(changes.type) } : {}),
    ...(changes.nullable === undefined ? {} : { nullable: changes.nullable }),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(changes.comment === undefined ? {} : { comment: changes.comment }),
    ...(changes.newName === undefined ? {} : { newName: changes.newName }),
    ...(changes.using === undefined ? {} : { using: changes.using }),
    ...(existing ? { existing } : {}),
    ...base(changes),
  });
}

function createIndexOp(
  name: string,
  table: string,
  columns: readonly (string | SqlFragment)[],
  options: CreateIndexOptions = {},
): Operation {
  return frozen({
    kind: 'createIndex',
    index: buildIndexModel(name, table, columns, options),
    ...flags({ concurrently: options.concurrently, ifNotExists: options.ifNotExists }),
    ...base(options),
  });
}

type NamedConstraint = ConstraintModel & { readonly name: string };

function constraintOp(
  table: string,
  constraint: NamedConstraint,
  options?: OpOptions & { readonly notValid?: boolean },
): Operation {
  return frozen({
    kind: 'addConstraint',
    table,
    constraint,
    ...flags({ notValid: options?.notValid }),
    ...base(options),
  });
}

function foreignKey(
  name: string,
  refTable: string,
  columns: readonly string[],
  refColumns: readonly string[],
  options: ForeignKeyOptions = {},
): NamedConstraint {
  return {
    type: 'foreignKey',
    name,
    columns: [...columns],
    refTable,
    refColumns: [...refColumns],
    ...(options.refSchema ? { refSchema: options.refSchema } : {}),
    ...(options.onDelete ? { onDelete: options.onDelete } : {}),
    ...(options.onUpdate ? { onUpdate: options.onUpdate } : {}),
    ...(options.deferrable === undefined ? {} : { deferrable: options.deferrable }),
    ...(options.initiallyDeferred === undefined
      ? {}
      : { initiallyDeferred: options.initiallyDeferred }),
  };
}

const conditionText = (condition: string | SqlFragment): string =>
  isSqlFragment(condition) ? sqlText(condition) : condition;

/**
 * One builder per `op` method that changes the schema: the same arguments, in Alembic's order,
 * returning plain frozen Operations. `createOp` binds them to an executor; tests and tools can
 * call them directly.
 *
 * @example
 * operationBuilders.dropColumn('users', 'phone'); // { kind: 'dropColumn', table: 'users', column: 'phone' }
 */
export const operationBuilders: OperationBuilders = Object.freeze({
  createTable: (name, columns, o) =>
    frozen({
      kind: 'createTable',
      table: buildTableModel(name, columns, o?.extras ?? [], {
        ...flags({ schema: o?.schema, comment: o?.comment }),
      }),
      ...flags({ ifNotExists: o?.ifNotExists }),
      ...base(o),
    }),
  dropTable: (name, o) =>
    frozen({
      kind: 'dropTable',
      table: name,
      ...flags({ ifExists: o?.ifExists, cascade: o?.cascade }),
      ...base(o),
    }),
  renameTable: (name, newName, o) =>
    frozen({ kind: 'renameTable', table: name, newName, ...base(o) }),
  addColumn: (table, name, column, o) => addColumnOps(table, name, column, o),
  dropColumn: (table, name, o) => frozen({ kind: 'dropColumn', table, column: name, ...base(o) }),
  alterColumn: (table, name, changes) => alterColumnOp(table, name, changes),
  setTableComment: (table, comment, o) =>
    frozen({ kind: 'setTableComment', table, comment, ...base(o) }),
  createIndex: (name, table, columns, o) => createIndexOp(name, table, columns, o),
  dropIndex: (name, o) =>
    frozen({
      kind: 'dropIndex',
      name,
      ...flags({ table: o?.table, concurrently: o?.concurrently, ifExists: o?.ifExists }),
      ...base(o),
    }),
  createUniqueConstraint: (name, table, columns, o) =>
    constraintOp(table, { type: 'unique', name, columns: [...columns] }, o),
  createForeignKey: (name, table, refTable, columns, refColumns, o) =>
    constraintOp(table, foreignKey(name, refTable, columns, refColumns, o), o),
  createCheckConstraint: (name, table, condition, o) =>
    constraintOp(table, { type: 'check', name, expression: conditionText(condition) }, o),
  createPrimaryKey: (name, table, columns, o) =>
    constraintOp(table, { type: 'primaryKey', name, columns: [...columns] }, o),
  dropConstraint: (name, table, o) =>
    frozen({ kind: 'dropConstraint', table, name, ...flags({ type: o?.type }), ...base(o) }),
  createEnum: (name, values, o) =>
    frozen({ kind: 'createEnum', name, values: [...values], ...base(o) }),
  dropEnum: (name, o) =>
    frozen({ kind: 'dropEnum', name, ...flags({ ifExists: o?.ifExists }), ...base(o) }),
  addEnumValue: (name, value, o) =>
    frozen({
      kind: 'addEnumValue',
      name,
      value,
      ...flags({ before: o?.before, after: o?.after }),
      ...base(o),
    }),
  createExtension: (name, o) =>
    frozen({
      kind: 'createExtension',
      name,
      ...flags({
        ifNotExists: o?.ifNotExists,
        version: o?.version,
        extensionSchema: o?.extensionSchema,
      }),
      ...base(o),
    }),
  dropExtension: (name, o) =>
    frozen({
      kind: 'dropExtension',
      name,
      ...flags({ ifExists: o?.ifExists, cascade: o?.cascade }),
      ...base(o),
    }),
  bulkInsert: (table, rows, o) =>
    frozen({ kind: 'bulkInsert', table, rows: rows.map((r) => ({ ...r })), ...base(o) }),
} satisfies OperationBuilders);

/**
 * The BatchOp of `op.batch(table, fn)`: each call records operations on `table` into `ops`.
 *
 * @example
 * const ops: Operation[] = [];
 * createBatchOp('users', ops, undefined).dropColumn('legacy'); // ops: [{ kind: 'dropColumn', table: 'users', column: 'legacy' }]
 */
export function createBatchOp(
  table: string,
  ops: Operation[],
  options: OpOptions | undefined,
): BatchOp {
  const opts = base(options);
  const add = (built: Operation | readonly Operation[]): void =>
    void ops.push(...(Array.isArray(built) ? built : [built as Operation]));
  const b = operationBuilders;
  return {
    addColumn: (name, column) => add(b.addColumn(table, name, column, opts)),
    dropColumn: (name) => add(b.dropColumn(table, name, opts)),
    alterColumn: (name, changes) => add(b.alterColumn(table, name, { ...opts, ...changes })),
    createIndex: (name, columns, indexOptions) =>
      add(b.createIndex(name, table, columns, { ...opts, ...indexOptions })),
    dropIndex: (name) => add(b.dropIndex(name, { ...opts, table })),
    createUniqueConstraint: (name, columns) =>
      add(b.createUniqueConstraint(name, table, columns, opts)),
    createForeignKey: (name, refTable, columns, refColumns, fkOptions) =>
      add(
        b.createForeignKey(name, table, refTable, columns, refColumns, { ...opts, ...fkOptions }),
      ),
    createCheckConstraint: (name, condition) =>
      add(b.createCheckConstraint(name, table, condition, opts)),
    dropConstraint: (name, dropOptions) =>
      add(b.dropConstraint(name, table, { ...opts, ...dropOptions })),
  };
}
