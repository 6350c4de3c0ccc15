import type { AnyColumnBuilder, ColumnBuilder } from './column-builder.js';
import type { Schema } from './schema.js';
import type { AnyTable, ColumnsShape, tableBrand } from './table.js';

/**
 * Kysely's column wrapper, declared structurally (same property names as Kysely's `ColumnType`),
 * so Kysely's `Selectable` / `Insertable` / `Updateable` understand it without athanor
 * depending on Kysely.
 *
 * @example
 * type Id = KyselyColumnType<number, number | undefined, number>;
 */
export interface KyselyColumnType<SelectType, InsertType = SelectType, UpdateType = InsertType> {
  readonly __select__: SelectType;
  readonly __insert__: InsertType;
  readonly __update__: UpdateType;
}

/**
 * A column the database fills in (autoincrement or default): optional on insert. Same shape as
 * Kysely's `Generated<T>`.
 *
 * @example
 * interface UsersTable { id: Generated<number>; email: string }
 */
export type Generated<S> = KyselyColumnType<S, S | undefined, S>;

type ColumnsOf<T> = T extends {
  readonly [tableBrand]: { readonly columns: infer C extends ColumnsShape };
}
  ? C
  : never;
type NameOf<T> = T extends { readonly [tableBrand]: { readonly name: infer N extends string } }
  ? N
  : never;

/** The selected value type of a builder: `T`, or `T | null` unless NOT NULL. */
type SelectType<B> =
  B extends ColumnBuilder<infer D, infer N, boolean> ? (N extends true ? D : D | null) : never;
type HasDefault<B> = B extends ColumnBuilder<unknown, boolean, infer H> ? H : false;

/**
 * The row a SELECT * returns: nullable columns are `T | null`.
 *
 * @example
 * type User = InferRow<typeof users>; // { id: number; email: string; phone_number: string | null }
 */
export type InferRow<T extends AnyTable> = {
  -readonly [K in keyof ColumnsOf<T>]: SelectType<ColumnsOf<T>[K]>;
};

/**
 * A Kysely table interface: columns the database fills in (autoincrement, default) are
 * `Generated<T>`, nullable columns `T | null` (Kysely makes both optional on insert).
 *
 * @example
 * type UsersTable = InferTable<typeof users>; // { id: Generated<number>; email: string; ... }
 */
export type InferTable<T extends AnyTable> = {
  -readonly [K in keyof ColumnsOf<T>]: HasDefault<ColumnsOf<T>[K]> extends true
    ? Generated<SelectType<ColumnsOf<T>[K]>>
    : SelectType<ColumnsOf<T>[K]>;
};

type OptionalInsertKeys<C> = {
  [K in keyof C]: HasDefault<C[K]> extends true ? K : null extends SelectType<C[K]> ? K : never;
}[keyof C];

/**
 * The object an INSERT takes: generated and nullable columns are optional.
 *
 * @example
 * const row: InferInsert<typeof users> = { email: 'a@b.c' };
 */
export type InferInsert<T extends AnyTable> = Simplify<
  {
    -readonly [K in Exclude<keyof ColumnsOf<T>, OptionalInsertKeys<ColumnsOf<T>>>]: SelectType<
      ColumnsOf<T>[K]
    >;
  } & {
    -readonly [K in OptionalInsertKeys<ColumnsOf<T>>]?: SelectType<ColumnsOf<T>[K]>;
  }
>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type TablesOf<S> = S extends Schema<infer T> ? T : never;

/**
 * A Kysely `DB` interface for a schema, keyed by the tables' SQL names.
 *
 * @example
 * const db = new Kysely<InferDB<typeof schema>>({ dialect });
 */
export type InferDB<S extends Schema> = {
  -readonly [K in keyof TablesOf<S> as NameOf<TablesOf<S>[K]>]: InferTable<TablesOf<S>[K]>;
};

/** The value type of a column builder (for helpers that take builders). */
export type InferColumn<B extends AnyColumnBuilder> = SelectType<B>;
