import type { ColumnType } from '../../schema/types.js';
import { postgresLiteralStyle, renderLiteral } from '../shared/literals.js';
import { postgresIdentifierRules, quoteIdentifierWith } from '../shared/quoting.js';
import { renderNativeType, type NativeTypeTable } from '../shared/type-spec.js';

/**
 * Neutral type -> PostgreSQL type, in the short spellings; `aliases` are the spellings
 * `format_type()` / information_schema report, so a reflector can invert the table.
 * - json is `jsonb` (indexable, the usual choice); enum is a named type (`CREATE TYPE ... AS
 *   ENUM`), the column's type being the quoted type name, qualified by the table's schema.
 * - vector/halfvec/sparsevec come from the pgvector extension; array is `<element>[]`.
 * https://www.postgresql.org/docs/current/datatype.html
 *
 * @example
 * postgresTypes.json; // { form: 'fixed', name: 'jsonb' }
 */
export const postgresTypes = {
  integer: { form: 'fixed', name: 'integer', aliases: ['int4', 'int', 'serial'] },
  bigint: { form: 'fixed', name: 'bigint', aliases: ['int8', 'bigserial'] },
  smallint: { form: 'fixed', name: 'smallint', aliases: ['int2', 'smallserial'] },
  string: { form: 'length', name: 'varchar', aliases: ['character varying'] },
  text: { form: 'fixed', name: 'text' },
  boolean: { form: 'fixed', name: 'boolean', aliases: ['bool'] },
  timestamp: {
    form: 'timezone',
    without: 'timestamp',
    with: 'timestamptz',
    aliases: ['timestamp without time zone', 'timestamp with time zone'],
  },
  date: { form: 'fixed', name: 'date' },
  time: { form: 'fixed', name: 'time', aliases: ['time without time zone'] },
  numeric: { form: 'precision', name: 'numeric', aliases: ['decimal'] },
  real: { form: 'fixed', name: 'real', aliases: ['float4'] },
  double: { form: 'fixed', name: 'double precision', aliases: ['float8'] },
  json: { form: 'fixed', name: 'jsonb' },
  uuid: { form: 'fixed', name: 'uuid' },
  binary: { form: 'fixed', name: 'bytea' },
  enum: { form: 'enum', style: 'named-type' },
  vector: { form: 'dimensions', name: 'vector' },
  halfvec: { form: 'dimensions', name: 'halfvec' },
  sparsevec: { form: 'dimensions', name: 'sparsevec' },
  array: { form: 'array', suffix: '[]' },
  custom: { form: 'custom' },
} as const satisfies NativeTypeTable;

/**
 * The PostgreSQL type of a neutral type; `schema` qualifies a named enum type.
 *
 * @example
 * postgresNativeType({ kind: 'array', of: { kind: 'text' } }); // 'text[]'
 * postgresNativeType({ kind: 'enum', name: 'mood', values: ['ok'] }, 'app'); // '"app"."mood"'
 */
export function postgresNativeType(type: ColumnType, schema?: string): string {
  return renderNativeType(postgresTypes, type, {
    dialect: 'postgresql',
    quoteIdentifier: (name) => quoteIdentifierWith(postgresIdentifierRules, name),
    literal: (value) => renderLiteral(postgresLiteralStyle, value),
    ...(schema === undefined ? {} : { schema }),
  });
}

/**
 * Alias named as the brief's per-dialect `nativeType`.
 *
 * @example
 * nativeType({ kind: 'text' });
 */
export const nativeType = postgresNativeType;
