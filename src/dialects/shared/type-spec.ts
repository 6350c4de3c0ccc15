import { AthanorError, UnsupportedOperationError } from '../../errors.js';
import type { ColumnType, ColumnTypeKind, DialectName } from '../../schema/types.js';
import { qualifiedName } from './quoting.js';

/**
 * How one neutral type kind is spelled natively, as data, so that a reflector can read the same
 * table backwards (native name -> kind). `aliases` are other spellings the catalog may report
 * for the same type (`character varying` for `varchar`).
 *
 * @example
 * const spec: NativeTypeSpec = { form: 'length', name: 'VARCHAR', defaultLength: 255 };
 */
export type NativeTypeSpec =
  /** A name without parameters: `INTEGER`, `jsonb`. */
  | { readonly form: 'fixed'; readonly name: string; readonly aliases?: readonly string[] }
  /** `VARCHAR(n)`; without a length: `VARCHAR(defaultLength)`, or bare `VARCHAR` when absent. */
  | {
      readonly form: 'length';
      readonly name: string;
      readonly defaultLength?: number;
      readonly aliases?: readonly string[];
    }
  /** `NUMERIC(p,s)` / `NUMERIC(p)` / `NUMERIC`. */
  | { readonly form: 'precision'; readonly name: string; readonly aliases?: readonly string[] }
  /** `timestamp` vs `timestamptz`; both the same where the dialect has no zone-aware type. */
  | {
      readonly form: 'timezone';
      readonly without: string;
      readonly with: string;
      readonly aliases?: readonly string[];
    }
  /** `vector(n)`. */
  | { readonly form: 'dimensions'; readonly name: string }
  /**
   * named-type: PostgreSQL `CREATE TYPE ... AS ENUM`, the column's type is the quoted type name.
   * inline: MySQL `ENUM('a','b')`. text-check: SQLite `TEXT` plus a column CHECK (col IN (...)).
   */
  | {
      readonly form: 'enum';
      readonly style: 'named-type' | 'inline' | 'text-check';
      readonly name?: string;
    }
  /** `<element type>[]`. */
  | { readonly form: 'array'; readonly suffix: string }
  /** The user's text for this dialect (`t.custom({ postgresql: 'citext' })`). */
  | { readonly form: 'custom' }
  | { readonly form: 'unsupported'; readonly reason: string };

/**
 * One spec per neutral kind: a missing kind is a type error.
 *
 * @example
 * export const myTypes = { integer: { form: 'fixed', name: 'INT' }, ... } as const satisfies NativeTypeTable;
 */
export type NativeTypeTable = { readonly [K in ColumnTypeKind]: NativeTypeSpec };

/**
 * What rendering a type needs from the dialect besides its table.
 *
 * @example
 * renderNativeType(mysqlTypes, type, { dialect: 'mysql', quoteIdentifier, literal });
 */
export interface TypeRenderContext {
  readonly dialect: DialectName;
  quoteIdentifier(name: string): string;
  literal(value: unknown): string;
  /** Schema qualifying a named enum type (PostgreSQL); absent = search_path. */
  readonly schema?: string;
}

/**
 * Renders a neutral type with a dialect's table. Unsupported kinds (vector on MySQL) and missing
 * custom entries throw UnsupportedOperationError naming the dialect.
 *
 * @example
 * renderNativeType(postgresTypes, { kind: 'string', length: 20 }, ctx); // 'varchar(20)'
 */
export function renderNativeType(
  table: NativeTypeTable,
  type: ColumnType,
  ctx: TypeRenderContext,
): string {
  const spec: NativeTypeSpec = table[type.kind];
  switch (spec.form) {
    case 'fixed':
      return spec.name;
    case 'length':
      return lengthType(spec.name, type, spec.defaultLength);
    case 'precision':
      return precisionType(spec.name, type);
    case 'timezone':
      return type.kind === 'timestamp' && type.withTimezone ? spec.with : spec.without;
    case 'dimensions':
      return `${spec.name}(${positiveInteger(dimensionsOf(type), `${type.kind} dimensions`)})`;
    case 'enum':
      return enumType(spec, type, ctx);
    case 'array':
      if (type.kind !== 'array') throw mismatch(type);
      return renderNativeType(table, type.of, ctx) + spec.suffix;
    case 'custom':
      return customType(type, ctx.dialect);
    case 'unsupported':
      throw new UnsupportedOperationError(ctx.dialect, `${type.kind} columns`, spec.reason);
  }
}

function lengthType(name: string, type: ColumnType, defaultLength: number | undefined): string {
  const length = type.kind === 'string' ? type.length : undefined;
  if (length !== undefined) return `${name}(${positiveInteger(length, 'string length')})`;
  return defaultLength === undefined ? name : `${name}(${defaultLength})`;
}

function precisionType(name: string, type: ColumnType): string {
  if (type.kind !== 'numeric') throw mismatch(type);
  const { precision, scale } = type;
  if (precision === undefined) {
    if (scale !== undefined)
      throw new AthanorError('E_INVALID_OP', 'numeric: a scale needs a precision');
    return name;
  }
  const p = positiveInteger(precision, 'numeric precision');
  if (scale === undefined) return `${name}(${p})`;
  if (!Number.isInteger(scale) || scale < 0)
    throw new AthanorError('E_INVALID_OP', `numeric scale ${scale} must be an integer >= 0`);
  return `${name}(${p},${scale})`;
}

function enumType(
  spec: Extract<NativeTypeSpec, { form: 'enum' }>,
  type: ColumnType,
  ctx: TypeRenderContext,
): string {
  if (type.kind !== 'enum') throw mismatch(type);
  switch (spec.style) {
    case 'named-type':
      return qualifiedName((n) => ctx.quoteIdentifier(n), type.name, ctx.schema);
    case 'inline':
      return `${spec.name ?? 'ENUM'}(${type.values.map((v) => ctx.literal(v)).join(', ')})`;
    case 'text-check':
      return spec.name ?? 'TEXT';
  }
}

function customType(type: ColumnType, dialect: DialectName): string {
  if (type.kind !== 'custom') throw mismatch(type);
  const text = type[dialect];
  if (text === undefined || text.trim() === '') {
    throw new UnsupportedOperationError(
      dialect,
      'custom columns',
      `t.custom() has no '${dialect}' entry; give it one, e.g. t.custom({ ${dialect}: '...' })`,
    );
  }
  return text;
}

function dimensionsOf(type: ColumnType): number {
  if (type.kind === 'vector' || type.kind === 'halfvec' || type.kind === 'sparsevec')
    return type.dimensions;
  throw mismatch(type);
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value <= 0)
    throw new AthanorError('E_INVALID_OP', `${what} must be a positive integer, got ${value}`);
  return value;
}

function mismatch(type: ColumnType): AthanorError {
  return new AthanorError('E_INVALID_OP', `type table entry does not fit a ${type.kind} column`);
}
