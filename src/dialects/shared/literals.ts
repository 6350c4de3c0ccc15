import { AthanorError } from '../../errors.js';
import type { DialectName } from '../../schema/types.js';

/**
 * How a dialect writes values inline (offline scripts, DDL defaults and comments, which can never
 * take bound parameters), as a small table of hooks.
 *
 * @example
 * const lit = (v: unknown) => renderLiteral(postgresLiteralStyle, v);
 */
export interface LiteralStyle {
  readonly dialect: DialectName;
  /** MySQL treats `\` as an escape inside '...' (unless NO_BACKSLASH_ESCAPES is set). */
  readonly backslashEscapes: boolean;
  readonly trueLiteral: string;
  readonly falseLiteral: string;
  /** Hex digits of a byte string -> a blob literal. */
  blob(hex: string): string;
  /** A Date -> the text the dialect's timestamp columns read back as the same instant. */
  date(value: Date): string;
  /** NaN / Infinity, which only PostgreSQL can store; undefined = refuse. */
  nonFinite?(value: number): string;
  /** An array -> literal text (PostgreSQL array literal); absent = JSON text. */
  array?(values: readonly unknown[]): string;
}

/**
 * A single-quoted string literal: `'` doubled, and on MySQL `\` and NUL escaped too.
 * https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 *
 * @example
 * quoteString("it's", false);  // "'it''s'"
 * quoteString('a\\b', true);   // "'a\\\\b'"
 */
export function quoteString(text: string, backslashEscapes: boolean): string {
  let body = text.replaceAll("'", "''");
  if (backslashEscapes) body = body.replaceAll('\\', '\\\\').replaceAll('\0', '\\0');
  return `'${body}'`;
}

/**
 * Renders one JavaScript value as an SQL literal of the dialect: null, booleans, finite numbers,
 * bigints, strings, Dates, Buffers/Uint8Arrays, arrays and plain objects (as JSON text).
 *
 * @example
 * renderLiteral(mysqlLiteralStyle, "O'Brien \\ co"); // "'O''Brien \\\\ co'"
 */
export function renderLiteral(style: LiteralStyle, value: unknown): string {
  if (value === null) return 'NULL';
  switch (typeof value) {
    case 'boolean':
      return value ? style.trueLiteral : style.falseLiteral;
    case 'number':
      return numberLiteral(style, value);
    case 'bigint':
      return value.toString();
    case 'string':
      return quoteString(value, style.backslashEscapes);
    default:
      return objectLiteral(style, value);
  }
}

function numberLiteral(style: LiteralStyle, value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (style.nonFinite) return style.nonFinite(value);
  throw new AthanorError('E_INVALID_OP', `${style.dialect} cannot store the number ${value}`);
}

function objectLiteral(style: LiteralStyle, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime()))
      throw new AthanorError('E_INVALID_OP', 'cannot write an invalid Date as SQL');
    return style.date(value);
  }
  if (value instanceof Uint8Array)
    return style.blob(
      Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex'),
    );
  if (Array.isArray(value) && style.array) return style.array(value);
  if (typeof value === 'object' && value !== null)
    return quoteString(JSON.stringify(value), style.backslashEscapes);
  throw new AthanorError('E_INVALID_OP', `cannot write a ${typeof value} value as SQL`);
}

/**
 * `2024-05-01 12:00:00.000000`, in UTC: what DATETIME(6) columns accept on MySQL and MariaDB.
 *
 * @example
 * utcDateTimeText(new Date(0)); // '1970-01-01 00:00:00.000000'
 */
export function utcDateTimeText(value: Date): string {
  const iso = value.toISOString(); // 2024-05-01T12:00:00.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/**
 * PostgreSQL's array text form `{"a","b",NULL}` (what node-postgres sends for a JS array), so an
 * offline script inserts the same value the online driver would.
 * https://www.postgresql.org/docs/current/arrays.html#ARRAYS-IO
 * @example
 * postgresArrayText(['a', null, 'say "hi"']); // '{"a",NULL,"say \\"hi\\""}'
 */
export function postgresArrayText(values: readonly unknown[]): string {
  const items = values.map((v): string => {
    if (v === null || v === undefined) return 'NULL';
    if (Array.isArray(v)) return postgresArrayText(v);
    if (v instanceof Uint8Array) return `"\\\\x${Buffer.from(v).toString('hex')}"`;
    const text =
      v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

/**
 * Standard-conforming strings are on by default since PostgreSQL 9.1, so `\` is an ordinary
 * character inside '...'. https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS
 * @example
 * renderLiteral(postgresLiteralStyle, Buffer.from([1])); // "'\\x01'::bytea"
 */
export const postgresLiteralStyle: LiteralStyle = Object.freeze({
  dialect: 'postgresql',
  backslashEscapes: false,
  trueLiteral: 'TRUE',
  falseLiteral: 'FALSE',
  blob: (hex: string) => `'\\x${hex}'::bytea`,
  date: (value: Date) => `'${value.toISOString()}'`,
  nonFinite: (value: number) =>
    Number.isNaN(value) ? "'NaN'" : value > 0 ? "'Infinity'" : "'-Infinity'",
  array: (values: readonly unknown[]) => quoteString(postgresArrayText(values), false),
});

/**
 * SQLite stores booleans as 1/0 and has no date type: Dates are ISO-8601 text (as the driver binds them).
 *
 * @example
 * renderLiteral(sqliteLiteralStyle, true); // '1'
 */
export const sqliteLiteralStyle: LiteralStyle = Object.freeze({
  dialect: 'sqlite',
  backslashEscapes: false,
  trueLiteral: '1',
  falseLiteral: '0',
  blob: (hex: string) => `X'${hex}'`,
  date: (value: Date) => `'${value.toISOString()}'`,
});

/**
 * MySQL/MariaDB, with the default sql_mode (backslash escapes on).
 *
 * @example
 * renderLiteral(mysqlLiteralStyle, new Date(0)); // "'1970-01-01 00:00:00.000000'"
 */
export const mysqlLiteralStyle: LiteralStyle = Object.freeze({
  dialect: 'mysql',
  backslashEscapes: true,
  trueLiteral: 'TRUE',
  falseLiteral: 'FALSE',
  blob: (hex: string) => `X'${hex}'`,
  date: (value: Date) => `'${utcDateTimeText(value)}'`,
});
