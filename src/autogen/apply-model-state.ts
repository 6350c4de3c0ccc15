import { AthanorError } from '../errors.js';
import type { Operation } from '../operations/operation.js';
import type { EnumModel, ForeignKeyModel, SchemaModel, TableModel } from '../schema/model.js';
import type { NamingConvention } from '../schema/naming.js';
import type { ColumnType } from '../schema/types.js';

/**
 * The model being changed by `applyOperations`: maps keyed by qualified name, local to one call.
 */
export interface WorkingModel {
  readonly tables: TableStore;
  readonly enums: Map<string, EnumModel>;
  readonly extensions: string[];
  /** Check what a database would refuse (missing references, dependent objects). */
  readonly strict: boolean;
  readonly naming: NamingConvention;
}

/** `schema.name`, or `name` in the default namespace. */
export function qualify(schema: string | undefined, name: string): string {
  return schema === undefined ? name : `${schema}.${name}`;
}

export function tableKey(table: Pick<TableModel, 'schema' | 'name'>): string {
  return qualify(table.schema, table.name);
}

/** Key of the table a foreign key points at. */
export function refKey(fk: ForeignKeyModel): string {
  return qualify(fk.refSchema, fk.refTable);
}

export function opFailure(op: Operation, message: string): AthanorError {
  return new AthanorError('E_INVALID_OP', `cannot apply ${op.kind}: ${message}`, {
    details: { operation: op },
  });
}

/**
 * Tables by qualified name, plus an index of which tables hold foreign keys to which, so the
 * "does anything still reference this" checks stay linear on 5,000-table schemas.
 */
export class TableStore {
  readonly #tables = new Map<string, TableModel>();
  /** Referenced table key -> holder table key -> number of FKs. */
  readonly #incoming = new Map<string, Map<string, number>>();

  get(key: string): TableModel | undefined {
    return this.#tables.get(key);
  }

  has(key: string): boolean {
    return this.#tables.has(key);
  }

  values(): IterableIterator<TableModel> {
    return this.#tables.values();
  }

  /** Replaces in place (a table keeps its position) or appends. */
  set(key: string, table: TableModel): void {
    const old = this.#tables.get(key);
    if (old) this.#count(key, old, -1);
    this.#tables.set(key, table);
    this.#count(key, table, 1);
  }

  delete(key: string): void {
    const old = this.#tables.get(key);
    if (!old) return;
    this.#count(key, old, -1);
    this.#tables.delete(key);
  }

  /** Tables holding at least one foreign key to `key`. */
  holdersOf(key: string): TableModel[] {
    const holders = this.#incoming.get(key);
    return holders ? [...holders.keys()].flatMap((h) => this.#tables.get(h) ?? []) : [];
  }

  #count(holder: string, table: TableModel, delta: 1 | -1): void {
    for (const fk of table.foreignKeys) {
      const target = refKey(fk);
      const holders = this.#incoming.get(target) ?? new Map<string, number>();
      const next = (holders.get(holder) ?? 0) + delta;
      if (next > 0) holders.set(holder, next);
      else holders.delete(holder);
      if (holders.size > 0) this.#incoming.set(target, holders);
      else this.#incoming.delete(target);
    }
  }
}

export function workingModel(
  model: SchemaModel,
  strict: boolean,
  naming: NamingConvention,
): WorkingModel {
  const tables = new TableStore();
  for (const table of model.tables) tables.set(tableKey(table), table);
  const enums = new Map<string, EnumModel>();
  for (const e of model.enums) enums.set(qualify(e.schema, e.name), e);
  return { tables, enums, extensions: [...model.extensions], strict, naming };
}

export function requireTable(
  w: WorkingModel,
  op: Operation,
  schema: string | undefined,
  name: string,
): TableModel {
  const table = w.tables.get(qualify(schema, name));
  if (!table) throw opFailure(op, `table ${qualify(schema, name)} does not exist`);
  return table;
}

/** Strict mode: enum types a column uses must exist. */
export function requireEnums(w: WorkingModel, op: Operation, type: ColumnType): void {
  if (!w.strict) return;
  let inner: ColumnType = type;
  while (inner.kind === 'array') inner = inner.of;
  if (inner.kind !== 'enum') return;
  const name = inner.name;
  if (![...w.enums.values()].some((e) => e.name === name))
    throw opFailure(op, `enum type ${name} does not exist`);
}

/** Foreign keys of any table that point at `key`'s table, with the table holding them. */
export function referencesTo(w: WorkingModel, key: string): [TableModel, ForeignKeyModel][] {
  return w.tables
    .holdersOf(key)
    .flatMap((table) =>
      table.foreignKeys
        .filter((fk) => refKey(fk) === key)
        .map((fk): [TableModel, ForeignKeyModel] => [table, fk]),
    );
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** True when `columns` are the primary key, a unique constraint or a full unique index of `table`. */
export function isKey(table: TableModel, columns: readonly string[]): boolean {
  if (table.primaryKey && sameSet(table.primaryKey.columns, columns)) return true;
  if (table.uniques.some((u) => sameSet(u.columns, columns))) return true;
  return table.indexes.some(
    (i) =>
      i.unique &&
      i.where === undefined &&
      i.parts.every((p) => 'column' in p) &&
      sameSet(
        i.parts.map((p) => ('column' in p ? p.column : '')),
        columns,
      ),
  );
}

/** Strict mode: a foreign key's table exists and its columns are a key there. */
export function requireReferenceTarget(
  w: WorkingModel,
  op: Operation,
  holder: TableModel,
  fk: ForeignKeyModel,
): void {
  if (!w.strict) return;
  const target = refKey(fk) === tableKey(holder) ? holder : w.tables.get(refKey(fk));
  if (!target)
    throw opFailure(
      op,
      `foreign key on ${holder.name} references ${refKey(fk)}, which does not exist`,
    );
  const missing = fk.refColumns.find((c) => !target.columns.some((col) => col.name === c));
  if (missing !== undefined)
    throw opFailure(
      op,
      `foreign key on ${holder.name} references unknown column ${refKey(fk)}.${missing}`,
    );
  if (!isKey(target, fk.refColumns)) {
    throw opFailure(
      op,
      `foreign key on ${holder.name} references ${refKey(fk)}(${fk.refColumns.join(', ')}), which is no key`,
    );
  }
}

/** Names of the columns an SQL expression mentions (bare or double-quoted identifiers). */
export function mentionsColumn(expression: string, column: string): boolean {
  for (const match of expression.matchAll(
    /"((?:[^"]|"")+)"|'(?:[^']|'')*'|([A-Za-z_][A-Za-z0-9_$]*)/g,
  )) {
    const word = match[1] !== undefined ? match[1].replace(/""/g, '"') : match[2];
    if (word === column) return true;
  }
  return false;
}
