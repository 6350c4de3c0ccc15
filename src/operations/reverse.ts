import { constraintNameOf, tableConstraints } from '../schema/constraint-names.js';
import type { ColumnModel, DefaultValue, SchemaModel, TableModel } from '../schema/model.js';
import type { ColumnType } from '../schema/types.js';
import type { AlterColumn, Operation } from './operation.js';

/** What was there before the operation: the whole schema, or the one table it touches. */
export type ReverseContext = SchemaModel | TableModel;

type Reverser<K extends Operation['kind']> = (
  op: Extract<Operation, { kind: K }>,
  before: ReverseContext | undefined,
) => Operation | undefined;

/**
 * Base fields (`schema`, `dialects`) carried over to the inverse operation.
 */
function base(op: Operation): { schema?: string; dialects?: Operation['dialects'] } {
  return {
    ...(op.schema === undefined ? {} : { schema: op.schema }),
    ...(op.dialects === undefined ? {} : { dialects: op.dialects }),
  };
}

function findTable(
  before: ReverseContext | undefined,
  name: string,
  schema?: string,
): TableModel | undefined {
  if (before === undefined) return undefined;
  if (!('tables' in before)) return before.name === name ? before : undefined;
  return before.tables.find(
    (t) =>
      t.name === name && (schema === undefined || t.schema === undefined || t.schema === schema),
  );
}

const reversers = {
  createTable: (op) => ({
    kind: 'dropTable',
    table: op.table.name,
    ...base(op),
    ...(op.schema === undefined && op.table.schema !== undefined
      ? { schema: op.table.schema }
      : {}),
  }),
  dropTable(op, before) {
    const table = findTable(before, op.table, op.schema);
    return table && { kind: 'createTable', table, ...base(op) };
  },
  renameTable: (op) => ({ kind: 'renameTable', table: op.newName, newName: op.table, ...base(op) }),
  addColumn: (op) => ({ kind: 'dropColumn', table: op.table, column: op.column.name, ...base(op) }),
  dropColumn(op, before) {
    const column = findTable(before, op.table, op.schema)?.columns.find(
      (c) => c.name === op.column,
    );
    return column && { kind: 'addColumn', table: op.table, column, ...base(op) };
  },
  alterColumn: reverseAlterColumn,
  setTableComment(op, before) {
    const table = findTable(before, op.table, op.schema);
    return (
      table && {
        kind: 'setTableComment',
        table: op.table,
        comment: table.comment ?? null,
        ...base(op),
      }
    );
  },
  createIndex: (op) => ({
    kind: 'dropIndex',
    name: op.index.name,
    table: op.index.table,
    ...base(op),
  }),
  dropIndex(op, before) {
    const tables = before === undefined ? [] : 'tables' in before ? before.tables : [before];
    const index = tables
      .flatMap((t) => t.indexes)
      .find((i) => i.name === op.name && (op.table === undefined || i.table === op.table));
    return index && { kind: 'createIndex', index, ...base(op) };
  },
  addConstraint: (op) => ({
    kind: 'dropConstraint',
    table: op.table,
    name: op.constraint.name,
    type: op.constraint.type,
    ...base(op),
  }),
  dropConstraint(op, before) {
    const table = findTable(before, op.table, op.schema);
    const found =
      table &&
      tableConstraints(table).find(
        (c) => constraintNameOf(table, c) === op.name && (op.type ?? c.type) === c.type,
      );
    return (
      found && {
        kind: 'addConstraint',
        table: op.table,
        constraint: { ...found, name: op.name },
        ...base(op),
      }
    );
  },
  createEnum: (op) => ({ kind: 'dropEnum', name: op.name, ...base(op) }),
  dropEnum(op, before) {
    const found =
      before && 'enums' in before ? before.enums.find((e) => e.name === op.name) : undefined;
    return found && { kind: 'createEnum', name: op.name, values: found.values, ...base(op) };
  },
  /** PostgreSQL cannot drop an enum value. */
  addEnumValue: () => undefined,
  createExtension: (op) => ({ kind: 'dropExtension', name: op.name, ...base(op) }),
  dropExtension: (op) => ({ kind: 'createExtension', name: op.name, ...base(op) }),
  executeSql: () => undefined,
  bulkInsert: () => undefined,
  recreateTable(op, before) {
    const old = findTable(before, op.from, op.schema);
    if (!old) return undefined;
    const kept = old.columns.filter((c) => op.table.columns.some((n) => n.name === c.name));
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const columnMap = Object.fromEntries(kept.map((c) => [c.name, quote(c.name)]));
    return { kind: 'recreateTable', table: old, from: op.table.name, columnMap, ...base(op) };
  },
} satisfies { [K in Operation['kind']]: Reverser<K> };

/**
 * The operation that undoes `op`, or undefined when it cannot be undone from what is known:
 * raw SQL, bulk inserts and added enum values are irreversible; dropTable, dropColumn,
 * dropIndex, dropConstraint, dropEnum and setTableComment need `before` (the schema or the
 * table as it was) to know what to re-create; alterColumn needs its `existing` fields (or
 * `before`). Autogenerate does not build downgrades with this (it compares in the other
 * direction); `reverse` serves migrations written by hand and `op.batch`.
 *
 * @example
 * reverse({ kind: 'addColumn', table: 'users', column: { name: 'phone', type: { kind: 'text' }, nullable: true } });
 * // { kind: 'dropColumn', table: 'users', column: 'phone' }
 */
export function reverse(op: Operation, before?: ReverseContext): Operation | undefined {
  const reverser = reversers[op.kind] as (
    op: Operation,
    before: ReverseContext | undefined,
  ) => Operation | undefined;
  return reverser(op, before);
}

function reverseAlterColumn(
  op: AlterColumn,
  before: ReverseContext | undefined,
): Operation | undefined {
  const known = findTable(before, op.table, op.schema)?.columns.find((c) => c.name === op.column);
  const prior: Partial<Omit<ColumnModel, 'name'>> | undefined =
    known || op.existing ? { ...stripName(known), ...op.existing } : undefined;
  const changes: {
    type?: ColumnType;
    nullable?: boolean;
    default?: DefaultValue | null;
    comment?: string | null;
  } = {};
  if (op.type !== undefined) {
    if (prior?.type === undefined) return undefined;
    changes.type = prior.type;
  }
  if (op.nullable !== undefined) {
    if (prior?.nullable === undefined) return undefined;
    changes.nullable = prior.nullable;
  }
  if (op.default !== undefined) {
    if (prior === undefined) return undefined;
    changes.default = prior.default ?? null;
  }
  if (op.comment !== undefined) {
    if (prior === undefined) return undefined;
    changes.comment = prior.comment ?? null;
  }
  const after = prior && afterState(prior, op);
  return {
    kind: 'alterColumn',
    table: op.table,
    column: op.newName ?? op.column,
    ...(op.newName === undefined ? {} : { newName: op.column }),
    ...base(op),
    ...changes,
    ...(after === undefined ? {} : { existing: after }),
  };
}

function stripName(column: ColumnModel | undefined): Partial<Omit<ColumnModel, 'name'>> {
  if (!column) return {};
  const { name: _name, ...rest } = column;
  return rest;
}

/** The column's state after `op`: the `existing` of the inverse. */
function afterState(
  prior: Partial<Omit<ColumnModel, 'name'>>,
  op: AlterColumn,
): Partial<Omit<ColumnModel, 'name'>> {
  const { default: d, comment: c, ...rest } = prior;
  const nextDefault = op.default === undefined ? d : (op.default ?? undefined);
  const nextComment = op.comment === undefined ? c : (op.comment ?? undefined);
  return {
    ...rest,
    ...(op.type === undefined ? {} : { type: op.type }),
    ...(op.nullable === undefined ? {} : { nullable: op.nullable }),
    ...(nextDefault === undefined ? {} : { default: nextDefault }),
    ...(nextComment === undefined ? {} : { comment: nextComment }),
  };
}
