import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { Executor } from '../runtime/executor.js';
import { buildColumn, buildIndexModel, buildTableModel, toColumnType, toDefaultValue } from '../schema/dsl.js';
import type { ColumnBuilder } from '../schema/dsl.js';
import type { ColumnModel } from '../schema/model.js';
import { sqlText } from '../schema/sql-text.js';
import type { AlterColumnOptions, BatchOp, CreateIndexOptions, ForeignKeyOptions, Op, OpOptions } from './op-types.js';
import type { AlterColumn, ConstraintModel, Operation, OperationBase } from './operation.js';
import { isSqlFragment, renderSql, type SqlFragment } from './sql-tag.js';

/** What `createOp` needs besides the executor. */
export interface CreateOpOptions {
  readonly dialect: Dialect;
  readonly args: Readonly<Record<string, string>>;
  readonly offline: boolean;
}

/** The `dialects` / `schema` fields of an operation, from the options a user passed. */
function base(options: OpOptions | undefined): OperationBase {
  return {
    ...(options?.dialects ? { dialects: [...options.dialects] } : {}),
    ...(options?.schema ? { schema: options.schema } : {}),
  };
}

const frozen = <T extends Operation>(op: T): T => Object.freeze(op);

/** AddColumn, then one AddConstraint per inline `.primaryKey()` / `.unique()` / `.references()`. */
function addColumnOps(table: string, name: string, builder: ColumnBuilder, options?: OpOptions): Operation[] {
  const { column, constraints } = buildColumn(table, name, builder);
  return [
    frozen({ kind: 'addColumn', table, column, ...base(options) }),
    ...constraints.map((constraint) => frozen({ kind: 'addConstraint', table, constraint, ...base(options) })),
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

function createIndexOp(name: string, table: string, columns: readonly (string | SqlFragment)[], options: CreateIndexOptions = {}): Operation {
  return frozen({
    kind: 'createIndex',
    index: buildIndexModel(name, table, columns, options),
    ...(options.concurrently ? { concurrently: true } : {}),
    ...(options.ifNotExists ? { ifNotExists: true } : {}),
    ...base(options),
  });
}

function constraintOp(table: string, constraint: ConstraintModel & { readonly name: string }, options?: OpOptions & { readonly notValid?: boolean }): Operation {
  return frozen({ kind: 'addConstraint', table, constraint, ...(options?.notValid ? { notValid: true } : {}), ...base(options) });
}

function foreignKeyConstraint(
  name: string,
  refTable: string,
  columns: readonly string[],
  refColumns: readonly string[],
  options: ForeignKeyOptions = {},
): ConstraintModel & { readonly name: string } {
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
    ...(options.initiallyDeferred === undefined ? {} : { initiallyDeferred: options.initiallyDeferred }),
  };
}

const conditionText = (condition: string | SqlFragment): string => (isSqlFragment(condition) ? sqlText(condition) : condition);

/**
 * Writes bound values into SQL text for an offline script. Strings use the dialect's own
 * placeholders (`?`, or `$1` on PostgreSQL); placeholders inside quotes are left alone.
 */
function inlineParams(text: string, params: readonly unknown[], dialect: Dialect): string {
  if (dialect.placeholder(1) === '?') return renderSql(text, dialect, { inline: true, params }).sql;
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, n: string | undefined) =>
    n === undefined || Number(n) > params.length ? match : dialect.literal(params[Number(n) - 1]),
  );
}

/** SQL text plus parameters for the executor: bound online, inlined offline. */
function statementOf(statement: string | SqlFragment, params: readonly unknown[] | undefined, o: CreateOpOptions): { sql: string; params: unknown[] } {
  if (isSqlFragment(statement)) return renderSql(statement, o.dialect, { inline: o.offline });
  const values = [...(params ?? [])];
  if (o.offline && values.length > 0) return { sql: inlineParams(statement, values, o.dialect), params: [] };
  return { sql: statement, params: values };
}

/** The BatchOp of `op.batch(table, fn)`: each call records operations on `table`. */
function createBatchOp(table: string, ops: Operation[], options: OpOptions | undefined): BatchOp {
  const opts = base(options);
  return {
    addColumn: (name, column) => void ops.push(...addColumnOps(table, name, column, opts)),
    dropColumn: (name) => void ops.push(frozen({ kind: 'dropColumn', table, column: name, ...opts })),
    alterColumn: (name, changes) => void ops.push(alterColumnOp(table, name, { ...opts, ...changes })),
    createIndex: (name, columns, indexOptions) => void ops.push(createIndexOp(name, table, columns, { ...opts, ...indexOptions })),
    dropIndex: (name) => void ops.push(frozen({ kind: 'dropIndex', name, table, ...opts })),
    createUniqueConstraint: (name, columns) => void ops.push(constraintOp(table, { type: 'unique', name, columns: [...columns] }, opts)),
    createForeignKey: (name, refTable, columns, refColumns, fkOptions) =>
      void ops.push(constraintOp(table, foreignKeyConstraint(name, refTable, columns, refColumns, fkOptions), opts)),
    createCheckConstraint: (name, condition) =>
      void ops.push(constraintOp(table, { type: 'check', name, expression: conditionText(condition) }, opts)),
    dropConstraint: (name, dropOptions) =>
      void ops.push(frozen({ kind: 'dropConstraint', table, name, ...(dropOptions?.type ? { type: dropOptions.type } : {}), ...opts })),
  };
}

/**
 * The `op` object handed to a migration's `upgrade(op)` / `downgrade(op)`. Each method builds
 * one Operation (plain data) and awaits `executor.apply(op)`: online it runs at once, offline it
 * is written to the script. The executor skips operations whose `dialects` exclude this one.
 *
 * @example
 * const op = createOp(executor, { dialect, args: { tenant: 'acme' }, offline: false });
 * await op.addColumn('users', 'phone_number', t.string(20));
 * const rows = await op.query(sql`SELECT id FROM users WHERE email = ${email}`);
 */
export function createOp(executor: Executor, options: CreateOpOptions): Op {
  const apply = (op: Operation) => executor.apply(op);
  const applyAll = async (ops: readonly Operation[]) => {
    for (const op of ops) await executor.apply(op);
  };
  return Object.freeze({
    dialect: options.dialect,
    args: Object.freeze({ ...options.args }),
    offline: options.offline,
    createTable: (name, columns, o) =>
      apply(frozen({
        kind: 'createTable',
        table: buildTableModel(name, columns, o?.extras ?? [], { ...(o?.schema ? { schema: o.schema } : {}), ...(o?.comment ? { comment: o.comment } : {}) }),
        ...(o?.ifNotExists ? { ifNotExists: true } : {}),
        ...base(o),
      })),
    dropTable: (name, o) =>
      apply(frozen({ kind: 'dropTable', table: name, ...(o?.ifExists ? { ifExists: true } : {}), ...(o?.cascade ? { cascade: true } : {}), ...base(o) })),
    renameTable: (name, newName, o) => apply(frozen({ kind: 'renameTable', table: name, newName, ...base(o) })),
    addColumn: (table, name, column, o) => applyAll(addColumnOps(table, name, column, o)),
    dropColumn: (table, name, o) => apply(frozen({ kind: 'dropColumn', table, column: name, ...base(o) })),
    alterColumn: (table, name, changes) => apply(alterColumnOp(table, name, changes)),
    setTableComment: (table, comment, o) => apply(frozen({ kind: 'setTableComment', table, comment, ...base(o) })),
    createIndex: (name, table, columns, o) => apply(createIndexOp(name, table, columns, o)),
    dropIndex: (name, o) =>
      apply(frozen({
        kind: 'dropIndex',
        name,
        ...(o?.table ? { table: o.table } : {}),
        ...(o?.concurrently ? { concurrently: true } : {}),
        ...(o?.ifExists ? { ifExists: true } : {}),
        ...base(o),
      })),
    createUniqueConstraint: (name, table, columns, o) => apply(constraintOp(table, { type: 'unique', name, columns: [...columns] }, o)),
    createForeignKey: (name, table, refTable, columns, refColumns, o) =>
      apply(constraintOp(table, foreignKeyConstraint(name, refTable, columns, refColumns, o), o)),
    createCheckConstraint: (name, table, condition, o) => apply(constraintOp(table, { type: 'check', name, expression: conditionText(condition) }, o)),
    createPrimaryKey: (name, table, columns, o) => apply(constraintOp(table, { type: 'primaryKey', name, columns: [...columns] }, o)),
    dropConstraint: (name, table, o) => apply(frozen({ kind: 'dropConstraint', table, name, ...(o?.type ? { type: o.type } : {}), ...base(o) })),
    createEnum: (name, values, o) => apply(frozen({ kind: 'createEnum', name, values: [...values], ...base(o) })),
    dropEnum: (name, o) => apply(frozen({ kind: 'dropEnum', name, ...(o?.ifExists ? { ifExists: true } : {}), ...base(o) })),
    addEnumValue: (name, value, o) =>
      apply(frozen({ kind: 'addEnumValue', name, value, ...(o?.before ? { before: o.before } : {}), ...(o?.after ? { after: o.after } : {}), ...base(o) })),
    createExtension: (name, o) =>
      apply(frozen({
        kind: 'createExtension',
        name,
        ...(o?.ifNotExists ? { ifNotExists: true } : {}),
        ...(o?.version ? { version: o.version } : {}),
        ...(o?.extensionSchema ? { extensionSchema: o.extensionSchema } : {}),
        ...base(o),
      })),
    dropExtension: (name, o) =>
      apply(frozen({ kind: 'dropExtension', name, ...(o?.ifExists ? { ifExists: true } : {}), ...(o?.cascade ? { cascade: true } : {}), ...base(o) })),
    execute: (statement, params, o) => apply(frozen({ kind: 'executeSql', ...statementOf(statement, params, options), ...base(o) })),
    async query<R = Record<string, unknown>>(statement: string | SqlFragment, params?: readonly unknown[]): Promise<R[]> {
      if (options.offline) {
        throw new AthanorError('E_OFFLINE', 'op.query() cannot run in offline mode (--sql): a script cannot read rows back. Check `op.offline` in the migration, or run it online.');
      }
      const rendered = statementOf(statement, params, options);
      return executor.query<R>(rendered.sql, rendered.params);
    },
    bulkInsert: (table, rows, o) => apply(frozen({ kind: 'bulkInsert', table, rows: rows.map((r) => ({ ...r })), ...base(o) })),
    async batch(table: string, fn: (batchOp: BatchOp) => Promise<void> | void, o?: OpOptions): Promise<void> {
      const ops: Operation[] = [];
      await fn(createBatchOp(table, ops, o));
      await executor.applyBatch(table, ops);
    },
    autocommit: (fn) => executor.autocommit(fn),
  } satisfies Op);
}
