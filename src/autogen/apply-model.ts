import type {
  AddEnumValue,
  CreateTable,
  DropTable,
  Operation,
  RecreateTable,
  RenameTable,
} from '../operations/operation.js';
import { deepFreeze } from '../schema/deep-freeze.js';
import type { SchemaModel, TableModel } from '../schema/model.js';
import { defaultNamingConvention, type NamingConvention } from '../schema/naming.js';
import { applyAddColumn, applyAlterColumn, applyDropColumn } from './apply-model-columns.js';
import {
  applyAddConstraint,
  applyCreateIndex,
  applyDropConstraint,
  applyDropIndex,
} from './apply-model-keys.js';
import {
  opFailure,
  qualify,
  referencesTo,
  refKey,
  requireEnums,
  requireReferenceTarget,
  requireTable,
  tableKey,
  workingModel,
  type WorkingModel,
} from './apply-model-state.js';

export interface ApplyOptions {
  /**
   * Refuse what a database would refuse (default true): a foreign key to a missing table or to
   * columns that are no key, dropping a table or key that a foreign key still needs, an enum
   * type that does not exist. Off, only the named objects must exist.
   */
  readonly strict?: boolean;
  /** Convention that names unnamed constraints, so `dropConstraint` can find them. */
  readonly naming?: NamingConvention;
}

type Handler<K extends Operation['kind']> = (
  w: WorkingModel,
  op: Extract<Operation, { kind: K }>,
) => void;

const handlers = {
  createTable: applyCreateTable,
  dropTable: applyDropTable,
  renameTable: applyRenameTable,
  addColumn: applyAddColumn,
  dropColumn: applyDropColumn,
  alterColumn: applyAlterColumn,
  setTableComment(w, op) {
    const table = requireTable(w, op, op.schema, op.table);
    const { comment: _old, ...rest } = table;
    w.tables.set(tableKey(table), op.comment === null ? rest : { ...rest, comment: op.comment });
  },
  createIndex: applyCreateIndex,
  dropIndex: applyDropIndex,
  addConstraint: applyAddConstraint,
  dropConstraint: applyDropConstraint,
  createEnum(w, op) {
    const key = qualify(op.schema, op.name);
    if (w.enums.has(key)) throw opFailure(op, `enum ${key} exists`);
    w.enums.set(key, {
      name: op.name,
      ...(op.schema === undefined ? {} : { schema: op.schema }),
      values: [...op.values],
    });
  },
  dropEnum(w, op) {
    const key = qualify(op.schema, op.name);
    if (!w.enums.has(key)) {
      if (op.ifExists) return;
      throw opFailure(op, `enum ${key} does not exist`);
    }
    if (w.strict) assertEnumUnused(w, op.name, op);
    w.enums.delete(key);
  },
  addEnumValue: applyAddEnumValue,
  createExtension(w, op) {
    if (w.extensions.includes(op.name)) {
      if (op.ifNotExists) return;
      throw opFailure(op, `extension ${op.name} exists`);
    }
    w.extensions.push(op.name);
  },
  dropExtension(w, op) {
    const at = w.extensions.indexOf(op.name);
    if (at < 0) {
      if (op.ifExists) return;
      throw opFailure(op, `extension ${op.name} does not exist`);
    }
    w.extensions.splice(at, 1);
  },
  executeSql() {},
  bulkInsert(w, op) {
    requireTable(w, op, op.schema, op.table);
  },
  recreateTable: applyRecreateTable,
} satisfies { [K in Operation['kind']]: Handler<K> };

/**
 * Applies operations to a model in memory, as a database would apply them to its schema: a pure
 * function that throws (E_INVALID_OP) where the database would refuse. It checks autogenerate
 * (`applyOperations(current, compare(current, target).operations)` gives `target`), replays an
 * offline migration against a known model, and gives `reverse` the state before each step.
 * `executeSql` changes nothing here: raw SQL is opaque.
 *
 * @example
 * const next = applyOperations(model, [{ kind: 'addColumn', table: 'users', column: { name: 'phone', type: { kind: 'string', length: 20 }, nullable: true } }]);
 */
export function applyOperations(
  model: SchemaModel,
  ops: readonly Operation[],
  options: ApplyOptions = {},
): SchemaModel {
  const w = workingModel(model, options.strict ?? true, options.naming ?? defaultNamingConvention);
  for (const op of ops) {
    const handler = handlers[op.kind] as (w: WorkingModel, op: Operation) => void;
    handler(w, op);
  }
  return deepFreeze({
    tables: [...w.tables.values()],
    enums: [...w.enums.values()],
    extensions: [...w.extensions],
  });
}

function applyCreateTable(w: WorkingModel, op: CreateTable): void {
  const table: TableModel =
    op.schema !== undefined && op.table.schema === undefined
      ? { ...op.table, schema: op.schema }
      : op.table;
  const key = tableKey(table);
  if (w.tables.has(key)) {
    if (op.ifNotExists) return;
    throw opFailure(op, `table ${key} exists`);
  }
  for (const column of table.columns) requireEnums(w, op, column.type);
  for (const fk of table.foreignKeys) requireReferenceTarget(w, op, table, fk);
  w.tables.set(key, table);
}

function applyDropTable(w: WorkingModel, op: DropTable): void {
  const key = qualify(op.schema, op.table);
  if (!w.tables.has(key)) {
    if (op.ifExists) return;
    throw opFailure(op, `table ${key} does not exist`);
  }
  if (w.strict && !op.cascade) {
    for (const [holder, fk] of referencesTo(w, key)) {
      if (tableKey(holder) !== key)
        throw opFailure(op, `foreign key ${fk.name ?? ''} on ${holder.name} references ${key}`);
    }
  }
  w.tables.delete(key);
  if (op.cascade) {
    for (const [holder] of [...referencesTo(w, key)]) {
      const current = w.tables.get(tableKey(holder)) ?? holder;
      w.tables.set(tableKey(current), {
        ...current,
        foreignKeys: current.foreignKeys.filter((f) => refKey(f) !== key),
      });
    }
  }
}

/** Renames the table; its indexes and the foreign keys pointing at it follow, as in the database. */
function applyRenameTable(w: WorkingModel, op: RenameTable): void {
  const table = requireTable(w, op, op.schema, op.table);
  const oldKey = tableKey(table);
  const newKey = qualify(op.schema, op.newName);
  if (w.tables.has(newKey)) throw opFailure(op, `table ${newKey} exists`);
  const holders = [...referencesTo(w, oldKey)].map(([holder]) => tableKey(holder));
  const renamed: TableModel = {
    ...table,
    name: op.newName,
    indexes: table.indexes.map((i) => ({ ...i, table: op.newName })),
  };
  w.tables.delete(oldKey);
  w.tables.set(newKey, renamed);
  for (const holderKey of new Set(holders)) {
    const key = holderKey === oldKey ? newKey : holderKey;
    const holder = w.tables.get(key);
    if (!holder) continue;
    w.tables.set(key, {
      ...holder,
      foreignKeys: holder.foreignKeys.map((f) =>
        refKey(f) === oldKey ? { ...f, refTable: op.newName } : f,
      ),
    });
  }
}

function applyAddEnumValue(w: WorkingModel, op: AddEnumValue): void {
  const key = qualify(op.schema, op.name);
  const existing = w.enums.get(key);
  if (!existing) throw opFailure(op, `enum ${key} does not exist`);
  if (existing.values.includes(op.value))
    throw opFailure(op, `enum ${key} already has '${op.value}'`);
  const anchor = op.before ?? op.after;
  const at = anchor === undefined ? existing.values.length : existing.values.indexOf(anchor);
  if (at < 0) throw opFailure(op, `enum ${key} has no value '${anchor ?? ''}'`);
  const position = op.after !== undefined ? at + 1 : at;
  const values = [
    ...existing.values.slice(0, position),
    op.value,
    ...existing.values.slice(position),
  ];
  w.enums.set(key, { ...existing, values });
}

function assertEnumUnused(w: WorkingModel, name: string, op: Operation): void {
  for (const table of w.tables.values()) {
    for (const column of table.columns) {
      let type = column.type;
      while (type.kind === 'array') type = type.of;
      if (type.kind === 'enum' && type.name === name)
        throw opFailure(op, `column ${table.name}.${column.name} uses enum ${name}`);
    }
  }
}

function applyRecreateTable(w: WorkingModel, op: RecreateTable): void {
  const old = requireTable(w, op, op.schema ?? op.table.schema, op.from);
  const table: TableModel =
    op.schema !== undefined && op.table.schema === undefined
      ? { ...op.table, schema: op.schema }
      : op.table;
  w.tables.delete(tableKey(old));
  if (w.tables.has(tableKey(table))) throw opFailure(op, `table ${tableKey(table)} exists`);
  w.tables.set(tableKey(table), table);
}
