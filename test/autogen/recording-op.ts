import type { AlterColumn, Operation } from '../../src/operations/operation.js';
import type { AlterColumnOptions, CreateIndexOptions, ForeignKeyOptions, OpOptions } from '../../src/operations/op-types.js';
import { sql, type SqlFragment } from '../../src/operations/sql-tag.js';
import { buildColumn } from '../../src/schema/build-column.js';
import { buildIndexModel } from '../../src/schema/build-index.js';
import { buildTableModel } from '../../src/schema/build-table.js';
import { toColumnType, toDefaultValue, type ColumnBuilder } from '../../src/schema/column-builder.js';
import { t } from '../../src/schema/column-types.js';
import { sqlText } from '../../src/schema/sql-text.js';
import { check, foreignKey, index, primaryKey, unique, type TableExtra } from '../../src/schema/table-extras.js';

/**
 * A stand-in for the `op` facade that records the Operations the calls describe, built with
 * the same helpers the facade uses (buildTableModel, buildColumn, buildIndexModel, ...). Lets
 * tests run rendered migration bodies and compare what they do with what was rendered.
 */
export function recordingOp(): { op: Record<string, (...args: never[]) => Promise<void>>; ops: Operation[] } {
  const ops: Operation[] = [];
  const base = (o: OpOptions = {}) => ({
    ...(o.schema === undefined ? {} : { schema: o.schema }),
    ...(o.dialects === undefined ? {} : { dialects: o.dialects }),
  });
  const push = async (op: Operation) => {
    ops.push(op);
  };
  const op = {
    createTable: (name: string, columns: Record<string, ColumnBuilder>, o: OpOptions & { extras?: TableExtra[]; comment?: string; ifNotExists?: boolean } = {}) =>
      push({
        kind: 'createTable',
        table: buildTableModel(name, columns, o.extras ?? [], { ...(o.schema ? { schema: o.schema } : {}), ...(o.comment === undefined ? {} : { comment: o.comment }) }),
        ...(o.ifNotExists ? { ifNotExists: true } : {}),
        ...base(o),
      }),
    dropTable: (table: string, o: OpOptions & { ifExists?: boolean; cascade?: boolean } = {}) =>
      push({ kind: 'dropTable', table, ...(o.ifExists ? { ifExists: true } : {}), ...(o.cascade ? { cascade: true } : {}), ...base(o) }),
    renameTable: (table: string, newName: string, o?: OpOptions) => push({ kind: 'renameTable', table, newName, ...base(o) }),
    addColumn: (table: string, name: string, builder: ColumnBuilder, o?: OpOptions) =>
      push({ kind: 'addColumn', table, column: buildColumn(table, name, builder).column, ...base(o) }),
    dropColumn: (table: string, column: string, o?: OpOptions) => push({ kind: 'dropColumn', table, column, ...base(o) }),
    alterColumn: (table: string, column: string, c: AlterColumnOptions) => push(alterColumn(table, column, c, base(c))),
    setTableComment: (table: string, comment: string | null, o?: OpOptions) => push({ kind: 'setTableComment', table, comment, ...base(o) }),
    createIndex: (name: string, table: string, columns: (string | SqlFragment)[], o: CreateIndexOptions = {}) =>
      push({
        kind: 'createIndex',
        index: buildIndexModel(name, table, columns, o),
        ...(o.concurrently ? { concurrently: true } : {}),
        ...(o.ifNotExists ? { ifNotExists: true } : {}),
        ...base(o),
      }),
    dropIndex: (name: string, o: OpOptions & { table?: string; concurrently?: boolean; ifExists?: boolean } = {}) =>
      push({
        kind: 'dropIndex',
        name,
        ...(o.table === undefined ? {} : { table: o.table }),
        ...(o.concurrently ? { concurrently: true } : {}),
        ...(o.ifExists ? { ifExists: true } : {}),
        ...base(o),
      }),
    createUniqueConstraint: (name: string, table: string, columns: string[], o?: OpOptions) =>
      push({ kind: 'addConstraint', table, constraint: { type: 'unique', name, columns }, ...base(o) }),
    createPrimaryKey: (name: string, table: string, columns: string[], o?: OpOptions) =>
      push({ kind: 'addConstraint', table, constraint: { type: 'primaryKey', name, columns }, ...base(o) }),
    createCheckConstraint: (name: string, table: string, condition: string | SqlFragment, o: OpOptions & { notValid?: boolean } = {}) =>
      push({ kind: 'addConstraint', table, constraint: { type: 'check', name, expression: sqlText(condition) }, ...(o.notValid ? { notValid: true } : {}), ...base(o) }),
    createForeignKey: (name: string, table: string, refTable: string, columns: string[], refColumns: string[], o: ForeignKeyOptions = {}) => {
      const { notValid, refSchema, schema: _s, dialects: _d, ...actions } = o;
      return push({
        kind: 'addConstraint',
        table,
        constraint: { type: 'foreignKey', name, columns, refTable, ...(refSchema === undefined ? {} : { refSchema }), refColumns, ...actions },
        ...(notValid ? { notValid: true } : {}),
        ...base(o),
      });
    },
    dropConstraint: (name: string, table: string, o: OpOptions & { type?: 'unique' | 'foreignKey' | 'check' | 'primaryKey' } = {}) =>
      push({ kind: 'dropConstraint', table, name, ...(o.type === undefined ? {} : { type: o.type }), ...base(o) }),
    createEnum: (name: string, values: string[], o?: OpOptions) => push({ kind: 'createEnum', name, values, ...base(o) }),
    dropEnum: (name: string, o: OpOptions & { ifExists?: boolean } = {}) => push({ kind: 'dropEnum', name, ...(o.ifExists ? { ifExists: true } : {}), ...base(o) }),
    addEnumValue: (name: string, value: string, o: OpOptions & { before?: string; after?: string } = {}) => {
      const { before, after } = o;
      return push({ kind: 'addEnumValue', name, value, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }), ...base(o) });
    },
    createExtension: (name: string, o: OpOptions & { ifNotExists?: boolean; version?: string; extensionSchema?: string } = {}) => {
      const { ifNotExists, version, extensionSchema } = o;
      return push({
        kind: 'createExtension',
        name,
        ...(ifNotExists ? { ifNotExists } : {}),
        ...(version === undefined ? {} : { version }),
        ...(extensionSchema === undefined ? {} : { extensionSchema }),
        ...base(o),
      });
    },
    dropExtension: (name: string, o: OpOptions & { ifExists?: boolean; cascade?: boolean } = {}) =>
      push({ kind: 'dropExtension', name, ...(o.ifExists ? { ifExists: true } : {}), ...(o.cascade ? { cascade: true } : {}), ...base(o) }),
    execute: (statement: string, params: unknown[] = [], o?: OpOptions) => push({ kind: 'executeSql', sql: statement, params, ...base(o) }),
    bulkInsert: (table: string, rows: Record<string, unknown>[], o?: OpOptions) => push({ kind: 'bulkInsert', table, rows, ...base(o) }),
  };
  return { op: op as unknown as Record<string, (...args: never[]) => Promise<void>>, ops };
}

function alterColumn(table: string, column: string, c: AlterColumnOptions, base: object): AlterColumn {
  const existing = {
    ...(c.existingType === undefined ? {} : { type: toColumnType(c.existingType) }),
    ...(c.existingNullable === undefined ? {} : { nullable: c.existingNullable }),
    ...(c.existingDefault === undefined || c.existingDefault === null ? {} : { default: toDefaultValue(c.existingDefault) ?? undefined }),
    ...(c.existingComment === undefined || c.existingComment === null ? {} : { comment: c.existingComment }),
  };
  return {
    kind: 'alterColumn',
    table,
    column,
    ...(c.type === undefined ? {} : { type: toColumnType(c.type) }),
    ...(c.nullable === undefined ? {} : { nullable: c.nullable }),
    ...(c.default === undefined ? {} : { default: toDefaultValue(c.default) ?? null }),
    ...(c.comment === undefined ? {} : { comment: c.comment }),
    ...(c.newName === undefined ? {} : { newName: c.newName }),
    ...(c.using === undefined ? {} : { using: c.using }),
    ...base,
    ...(Object.keys(existing).length > 0 ? { existing } : {}),
  } as AlterColumn;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;

/** Runs a rendered migration body against the recording op; returns what it did. */
export async function runRendered(body: string): Promise<Operation[]> {
  const { op, ops } = recordingOp();
  const fn = new AsyncFunction('op', 't', 'sql', 'index', 'unique', 'check', 'foreignKey', 'primaryKey', body);
  await fn(op, t, sql, index, unique, check, foreignKey, primaryKey);
  return ops;
}
