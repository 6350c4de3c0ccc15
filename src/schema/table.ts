import { createColumnRef, type AnyColumnBuilder, type ColumnRef } from './column-builder.js';
import type { TableExtra } from './table-extras.js';

/** Key of a declared table's definition; a registry symbol, so other library copies see it too. */
export const tableBrand: unique symbol = Symbol.for('athanor.table');

export type ColumnsShape = Readonly<Record<string, AnyColumnBuilder>>;

/** The column properties of a declared table: `users.id`, `j.embedding`. */
export type ColumnRefs<C extends ColumnsShape> = {
  readonly [K in keyof C & string]: ColumnRef<C[K]>;
};

export interface TableOptions {
  /** Namespace (PostgreSQL schema); absent means the connection's default. */
  readonly schema?: string;
  readonly comment?: string;
}

export interface TableDefinition<
  N extends string = string,
  C extends ColumnsShape = ColumnsShape,
> extends TableOptions {
  readonly name: N;
  readonly columns: C;
  /** Indexes and table constraints; called lazily by defineSchema, so closures may point anywhere. */
  extras?(columns: ColumnRefs<C>): readonly TableExtra[];
}

/**
 * A declared table: its columns as ColumnRef properties, its definition under `tableBrand`.
 *
 * @example
 * const users: Table<'users', { id: ColumnBuilder<number, true, true> }> = table('users', { id: t.integer().primaryKey().autoincrement() });
 */
export type Table<
  N extends string = string,
  C extends ColumnsShape = ColumnsShape,
> = ColumnRefs<C> & {
  readonly [tableBrand]: TableDefinition<N, C>;
};

/** Any declared table. */
export type AnyTable = Table<string, ColumnsShape>;

/**
 * Declares a table. Column properties of the result are ColumnRefs, so other tables point at
 * them with closures (`.references(() => users.id)`) and the extras callback gets them too.
 *
 * @example
 * export const jobs = table('jobs', {
 *   id: t.integer().primaryKey().autoincrement(),
 *   title: t.string(200).notNull(),
 *   embedding: t.vector(1536),
 * }, (j) => [index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops')]);
 */
export function table<const N extends string, C extends ColumnsShape>(
  name: N,
  columns: C,
  extras?: (columns: ColumnRefs<C>) => readonly TableExtra[],
  options: TableOptions = {},
): Table<N, C> {
  const definition: TableDefinition<N, C> = Object.freeze({
    name,
    columns: Object.freeze({ ...columns }),
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    ...(extras === undefined ? {} : { extras }),
  });
  return Object.freeze({
    ...columnRefsOf(definition),
    [tableBrand]: definition,
  }) as unknown as Table<N, C>;
}

/**
 * True for a table declared with `table()`, also by another copy of this library.
 *
 * @example
 * isTable(users); // true
 */
export function isTable(value: unknown): value is AnyTable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<symbol, unknown>)[tableBrand] === 'object'
  );
}

/**
 * The definition behind a declared table.
 *
 * @example
 * tableDefinition(users).name; // 'users'
 */
export function tableDefinition<N extends string, C extends ColumnsShape>(
  tbl: Table<N, C>,
): TableDefinition<N, C> {
  return tbl[tableBrand];
}

/**
 * The ColumnRefs of a table definition (what its extras callback receives).
 *
 * @example
 * const refs = columnRefsOf(tableDefinition(users));
 */
export function columnRefsOf<C extends ColumnsShape>(
  definition: TableDefinition<string, C>,
): ColumnRefs<C> {
  const refs: Record<string, ColumnRef> = {};
  for (const [key, builder] of Object.entries(definition.columns)) {
    refs[key] = createColumnRef(definition.name, key, builder, definition.schema);
  }
  return Object.freeze(refs) as ColumnRefs<C>;
}
