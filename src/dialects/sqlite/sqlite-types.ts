import type { ColumnType } from '../../schema/types.js';
import { renderLiteral, sqliteLiteralStyle } from '../shared/literals.js';
import { quoteIdentifierWith, sqliteIdentifierRules } from '../shared/quoting.js';
import { renderNativeType, type NativeTypeTable } from '../shared/type-spec.js';

/**
 * Neutral type -> SQLite declared type. SQLite keeps the declared text verbatim
 * (https://www.sqlite.org/datatype3.html#determination_of_column_affinity), so each neutral kind
 * gets its own spelling and the reflector can read `sqlite_schema.sql` / `PRAGMA table_xinfo`
 * back into the exact neutral type. The affinity each name implies is noted where it matters:
 * - BIGINT / SMALLINT / INTEGER: INTEGER affinity. An autoincrement key is always declared
 *   `INTEGER PRIMARY KEY AUTOINCREMENT` (the rowid alias), whatever its neutral integer kind.
 * - BOOLEAN, TIMESTAMP, TIMESTAMPTZ, DATE, TIME, NUMERIC, JSON, UUID: NUMERIC affinity (text that
 *   is not a number stays text). JSON text that is a bare number ('123') is stored as a number;
 *   json_extract and friends read it the same.
 * - DOUBLE, REAL: REAL affinity. VARCHAR, TEXT: TEXT affinity. BLOB: BLOB affinity.
 * - enum: `TEXT` plus a column constraint `CONSTRAINT "<enum name>" CHECK ("col" IN (...))`,
 *   so the reflector tells an enum from text by that CHECK and recovers the enum's name from it.
 * - vector/halfvec/sparsevec/array: unsupported (no such types in SQLite).
 *
 * @example
 * sqliteTypes.timestamp; // { form: 'timezone', without: 'TIMESTAMP', with: 'TIMESTAMPTZ' }
 */
export const sqliteTypes = {
  integer: { form: 'fixed', name: 'INTEGER', aliases: ['INT'] },
  bigint: { form: 'fixed', name: 'BIGINT' },
  smallint: { form: 'fixed', name: 'SMALLINT' },
  string: { form: 'length', name: 'VARCHAR' },
  text: { form: 'fixed', name: 'TEXT' },
  boolean: { form: 'fixed', name: 'BOOLEAN' },
  timestamp: { form: 'timezone', without: 'TIMESTAMP', with: 'TIMESTAMPTZ', aliases: ['DATETIME'] },
  date: { form: 'fixed', name: 'DATE' },
  time: { form: 'fixed', name: 'TIME' },
  numeric: { form: 'precision', name: 'NUMERIC', aliases: ['DECIMAL'] },
  real: { form: 'fixed', name: 'REAL', aliases: ['FLOAT'] },
  double: { form: 'fixed', name: 'DOUBLE', aliases: ['DOUBLE PRECISION'] },
  json: { form: 'fixed', name: 'JSON' },
  uuid: { form: 'fixed', name: 'UUID' },
  binary: { form: 'fixed', name: 'BLOB' },
  enum: { form: 'enum', style: 'text-check', name: 'TEXT' },
  vector: {
    form: 'unsupported',
    reason: "SQLite has no vector type (restrict the operation with dialects: ['postgresql'])",
  },
  halfvec: {
    form: 'unsupported',
    reason: "SQLite has no halfvec type (restrict the operation with dialects: ['postgresql'])",
  },
  sparsevec: {
    form: 'unsupported',
    reason: "SQLite has no sparsevec type (restrict the operation with dialects: ['postgresql'])",
  },
  array: {
    form: 'unsupported',
    reason: 'SQLite has no array types; store JSON instead (t.json())',
  },
  custom: { form: 'custom' },
} as const satisfies NativeTypeTable;

/**
 * The SQLite declared type of a neutral type.
 *
 * @example
 * sqliteNativeType({ kind: 'string', length: 20 }); // 'VARCHAR(20)'
 * sqliteNativeType({ kind: 'json' });               // 'JSON'
 */
export function sqliteNativeType(type: ColumnType): string {
  return renderNativeType(sqliteTypes, type, {
    dialect: 'sqlite',
    quoteIdentifier: (name) => quoteIdentifierWith(sqliteIdentifierRules, name),
    literal: (value) => renderLiteral(sqliteLiteralStyle, value),
  });
}

/**
 * Alias named as the brief's per-dialect `nativeType`.
 *
 * @example
 * nativeType({ kind: 'text' });
 */
export const nativeType = sqliteNativeType;
