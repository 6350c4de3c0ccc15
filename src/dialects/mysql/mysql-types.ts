import type { ColumnType } from '../../schema/types.js';
import { mysqlLiteralStyle, renderLiteral } from '../shared/literals.js';
import { mysqlIdentifierRules, quoteIdentifierWith } from '../shared/quoting.js';
import { renderNativeType, type NativeTypeTable } from '../shared/type-spec.js';

/**
 * Neutral type -> MySQL/MariaDB type. Choices worth knowing:
 * - timestamp is `DATETIME(6)` with or without time zone. MySQL's TIMESTAMP ends in 2038 and,
 *   with explicit_defaults_for_timestamp off, grows an automatic DEFAULT/ON UPDATE
 *   (https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html); neither type keeps a
 *   zone, so `withTimezone` cannot be represented: store UTC (as Django and Rails do), and the
 *   MySQL normalizer must ignore `withTimezone` on both sides. time is `TIME(6)` to match.
 * - string without a length is `VARCHAR(255)`; uuid is `CHAR(36)`; binary is `LONGBLOB`;
 *   boolean is `BOOLEAN` (stored and reported as `tinyint(1)`); numeric without precision is
 *   `DECIMAL`, which MySQL reads as DECIMAL(10,0).
 * - json is `JSON` (MariaDB reports it as `longtext` with a json_valid CHECK).
 * - enum is inline `ENUM('a','b')`; vectors and arrays are unsupported.
 *
 * @example
 * mysqlTypes.uuid; // { form: 'fixed', name: 'CHAR(36)' }
 */
export const mysqlTypes = {
  integer: { form: 'fixed', name: 'INT', aliases: ['INTEGER', 'INT(11)'] },
  bigint: { form: 'fixed', name: 'BIGINT', aliases: ['BIGINT(20)'] },
  smallint: { form: 'fixed', name: 'SMALLINT', aliases: ['SMALLINT(6)'] },
  string: { form: 'length', name: 'VARCHAR', defaultLength: 255 },
  text: { form: 'fixed', name: 'TEXT' },
  boolean: { form: 'fixed', name: 'BOOLEAN', aliases: ['TINYINT(1)', 'BOOL'] },
  timestamp: { form: 'timezone', without: 'DATETIME(6)', with: 'DATETIME(6)' },
  date: { form: 'fixed', name: 'DATE' },
  time: { form: 'fixed', name: 'TIME(6)' },
  numeric: { form: 'precision', name: 'DECIMAL', aliases: ['NUMERIC'] },
  real: { form: 'fixed', name: 'FLOAT' },
  double: { form: 'fixed', name: 'DOUBLE', aliases: ['DOUBLE PRECISION'] },
  json: { form: 'fixed', name: 'JSON', aliases: ['LONGTEXT'] },
  uuid: { form: 'fixed', name: 'CHAR(36)' },
  binary: { form: 'fixed', name: 'LONGBLOB' },
  enum: { form: 'enum', style: 'inline', name: 'ENUM' },
  vector: {
    form: 'unsupported',
    reason:
      "MySQL 8 and MariaDB 10.11 have no vector type (restrict the operation with dialects: ['postgresql'])",
  },
  halfvec: {
    form: 'unsupported',
    reason: "MySQL has no halfvec type (restrict the operation with dialects: ['postgresql'])",
  },
  sparsevec: {
    form: 'unsupported',
    reason: "MySQL has no sparsevec type (restrict the operation with dialects: ['postgresql'])",
  },
  array: { form: 'unsupported', reason: 'MySQL has no array types; store JSON instead (t.json())' },
  custom: { form: 'custom' },
} as const satisfies NativeTypeTable;

/**
 * The MySQL type of a neutral type.
 *
 * @example
 * mysqlNativeType({ kind: 'enum', name: 'mood', values: ['happy', 'sad'] }); // "ENUM('happy', 'sad')"
 */
export function mysqlNativeType(type: ColumnType): string {
  return renderNativeType(mysqlTypes, type, {
    dialect: 'mysql',
    quoteIdentifier: (name) => quoteIdentifierWith(mysqlIdentifierRules, name),
    literal: (value) => renderLiteral(mysqlLiteralStyle, value),
  });
}

/**
 * Alias named as the brief's per-dialect `nativeType`.
 *
 * @example
 * nativeType({ kind: 'text' });
 */
export const nativeType = mysqlNativeType;
