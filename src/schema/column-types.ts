import {
  createColumnBuilder,
  toColumnType,
  type AnyColumnBuilder,
  type ColumnBuilder,
} from './column-builder.js';
import type { ColumnType } from './types.js';

/** A fresh builder: nullable, no default, not a key. */
function column<T>(type: ColumnType): ColumnBuilder<T, false, false> {
  return createColumnBuilder<T, false, false>({
    type: Object.freeze(type),
    notNull: false,
    autoincrement: false,
  });
}

type DataOf<B> = B extends ColumnBuilder<infer D, boolean, boolean> ? D : unknown;

/** Per-dialect native type names for `t.custom`. */
export interface CustomTypeSpec {
  readonly postgresql?: string;
  readonly sqlite?: string;
  readonly mysql?: string;
}

/**
 * The dialect-neutral column types (DESIGN §4). Row types follow what the usual drivers return:
 * `bigint` and `numeric` are strings (pg returns them so, to keep precision), dates are `Date`,
 * `json` and `custom` are `unknown`; override any of them with `.$type<T>()`.
 *
 * @example
 * const users = table('users', {
 *   id: t.integer().primaryKey().autoincrement(),
 *   email: t.string(255).notNull().unique(),
 *   mood: t.enum('mood', ['happy', 'sad']),
 *   embedding: t.vector(1536),
 * });
 */
export const t = Object.freeze({
  integer: () => column<number>({ kind: 'integer' }),
  bigint: () => column<string>({ kind: 'bigint' }),
  smallint: () => column<number>({ kind: 'smallint' }),
  /** VARCHAR(length); without a length, the dialect's unbounded string. */
  string: (length?: number) =>
    column<string>(length === undefined ? { kind: 'string' } : { kind: 'string', length }),
  text: () => column<string>({ kind: 'text' }),
  boolean: () => column<boolean>({ kind: 'boolean' }),
  timestamp: (options: { readonly withTimezone?: boolean } = {}) =>
    column<Date>({ kind: 'timestamp', withTimezone: options.withTimezone ?? false }),
  date: () => column<Date>({ kind: 'date' }),
  time: () => column<string>({ kind: 'time' }),
  numeric: (precision?: number, scale?: number) =>
    column<string>({
      kind: 'numeric',
      ...(precision === undefined ? {} : { precision }),
      ...(scale === undefined ? {} : { scale }),
    }),
  real: () => column<number>({ kind: 'real' }),
  double: () => column<number>({ kind: 'double' }),
  json: () => column<unknown>({ kind: 'json' }),
  uuid: () => column<string>({ kind: 'uuid' }),
  binary: () => column<Uint8Array>({ kind: 'binary' }),
  /** A named enum type (CREATE TYPE on PostgreSQL, inline ENUM on MySQL, a CHECK on SQLite). */
  enum: <const V extends readonly string[]>(name: string, values: V) =>
    column<V[number]>({ kind: 'enum', name, values: Object.freeze([...values]) }),
  /** pgvector `vector(dim)`. */
  vector: (dimensions: number) => column<number[]>({ kind: 'vector', dimensions }),
  halfvec: (dimensions: number) => column<number[]>({ kind: 'halfvec', dimensions }),
  sparsevec: (dimensions: number) => column<string>({ kind: 'sparsevec', dimensions }),
  /** PostgreSQL array of another type: `t.array(t.integer())`. */
  array: <B extends AnyColumnBuilder | ColumnType>(of: B) =>
    column<(B extends AnyColumnBuilder ? DataOf<B> : unknown)[]>({
      kind: 'array',
      of: toColumnType(of),
    }),
  /** A native type per dialect: `t.custom({ postgresql: 'citext', sqlite: 'TEXT' })`. */
  custom: (spec: CustomTypeSpec) => column<unknown>({ kind: 'custom', ...spec }),
});
