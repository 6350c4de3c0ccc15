import type { ColumnModel, DefaultValue, Requirements } from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import { numberOrText, parsePostgresDefault } from './postgres-default.js';
import { canonicalPostgresExpression } from './postgres-expression.js';
import { parsePostgresType } from './postgres-type-parser.js';

/**
 * Column-level pieces of `normalizePostgres`: types, defaults and the autoincrement flag in the
 * form PostgreSQL gives back. Kept apart from the table-level rules so each stays readable.
 */

/**
 * A type as PostgreSQL stores it: custom spellings with a neutral equivalent become it
 * (`varchar(20)` is `string(20)`), other dialects' spellings go, `numeric(p)` is `numeric(p,0)`,
 * arrays of arrays are one array.
 *
 * @example
 * normalizePostgresType({ kind: 'custom', postgresql: 'VARCHAR(20)', sqlite: 'TEXT' }) // { kind: 'string', length: 20 }
 */
export function normalizePostgresType(type: ColumnType): ColumnType {
  switch (type.kind) {
    case 'custom':
      return type.postgresql === undefined ? type : parsePostgresType(type.postgresql);
    case 'array': {
      const of = normalizePostgresType(type.of);
      return { kind: 'array', of: of.kind === 'array' ? of.of : of };
    }
    case 'numeric':
      if (type.precision === undefined) return { kind: 'numeric' };
      return { kind: 'numeric', precision: type.precision, scale: type.scale ?? 0 };
    case 'string':
      return type.length === undefined
        ? { kind: 'string' }
        : { kind: 'string', length: type.length };
    case 'timestamp':
      return { kind: 'timestamp', withTimezone: type.withTimezone === true };
    case 'enum':
      return { kind: 'enum', name: type.name, values: [...type.values] };
    default:
      return type;
  }
}

const integerKinds = new Set<ColumnType['kind']>(['integer', 'bigint', 'smallint']);
const numberKinds = new Set<ColumnType['kind']>([
  'integer',
  'bigint',
  'smallint',
  'real',
  'double',
  'numeric',
]);
const serialTypes: Readonly<Record<string, ColumnType>> = {
  serial: { kind: 'integer' },
  serial4: { kind: 'integer' },
  bigserial: { kind: 'bigint' },
  serial8: { kind: 'bigint' },
  smallserial: { kind: 'smallint' },
  serial2: { kind: 'smallint' },
};

/**
 * One column as reflection reads it back. `inPrimaryKey`: PostgreSQL makes key columns NOT NULL.
 *
 * @example
 * normalizePostgresColumn({ name: 'id', type: { kind: 'custom', postgresql: 'serial' }, nullable: true }, true, [])
 * // { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true }
 */
export function normalizePostgresColumn(
  column: ColumnModel,
  inPrimaryKey: boolean,
  enumNames: readonly string[],
): ColumnModel {
  const serial =
    column.type.kind === 'custom'
      ? serialTypes[(column.type.postgresql ?? '').trim().toLowerCase()]
      : undefined;
  const type = serial ?? normalizePostgresType(column.type);
  // Identity and serial columns are NOT NULL and their generated value is not a default.
  const autoincrement =
    (column.autoincrement === true || serial !== undefined) && integerKinds.has(type.kind);
  const value =
    autoincrement || column.default === undefined
      ? undefined
      : normalizeDefault(column.default, type, enumNames);
  const comment =
    column.comment === undefined || column.comment === '' ? undefined : column.comment;
  return {
    name: column.name,
    type,
    nullable: column.nullable && !inPrimaryKey && !autoincrement,
    ...(value !== undefined ? { default: value } : {}),
    ...(autoincrement ? { autoincrement: true } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...normalizeRequires(column.requires),
  };
}

/**
 * A model element's `requires`, kept for compare (which decides with the database's extensions
 * and removes it), extension names lower case as `extensions` are.
 *
 * @example
 * normalizeRequires({ extensions: ['Vector'] }); // { requires: { extensions: ['vector'] } }
 */
export function normalizeRequires(requires: Requirements | undefined): { requires?: Requirements } {
  if (requires === undefined) return {};
  return { requires: { extensions: requires.extensions.map((e) => e.trim().toLowerCase()) } };
}

/** SQL functions that PostgreSQL treats as one another for a default, written one way. */
const sameFunctions: Readonly<Record<string, string>> = {
  'now()': 'CURRENT_TIMESTAMP',
  current_timestamp: 'CURRENT_TIMESTAMP',
  'transaction_timestamp()': 'CURRENT_TIMESTAMP',
  current_date: 'CURRENT_DATE',
  current_time: 'CURRENT_TIME',
  localtimestamp: 'LOCALTIMESTAMP',
  localtime: 'LOCALTIME',
  current_user: 'CURRENT_USER',
  session_user: 'SESSION_USER',
  current_schema: 'CURRENT_SCHEMA',
  'current_schema()': 'CURRENT_SCHEMA',
};

/**
 * A default in one form: an expression that is one constant is a literal of the column's type
 * (`'5'::text` and `5` on a text column are both '5'); NULL is no default; `now()` and
 * `CURRENT_TIMESTAMP` are one; other expressions are canonical (see postgres-expression.ts).
 *
 * @example
 * normalizeDefault({ kind: 'sql', sql: "'abc'::character varying" }, { kind: 'string' }, []) // { kind: 'literal', value: 'abc' }
 */
export function normalizeDefault(
  value: DefaultValue,
  type: ColumnType,
  enumNames: readonly string[],
): DefaultValue | undefined {
  const parsed = value.kind === 'sql' ? parsePostgresDefault(value.sql) : value;
  if (parsed === undefined) return undefined;
  if (parsed.kind === 'literal') {
    const literal = coerceLiteral(parsed.value, type);
    return literal === null ? undefined : { kind: 'literal', value: literal };
  }
  const canonical = canonicalPostgresExpression(parsed.sql, { enumNames });
  return { kind: 'sql', sql: sameFunctions[canonical] ?? canonical };
}

const trueWords = new Set(['t', 'true', 'y', 'yes', 'on', '1']);
const falseWords = new Set(['f', 'false', 'n', 'no', 'off', '0']);

/** A literal as PostgreSQL reads it into the column's type and prints it back. */
function coerceLiteral(
  value: string | number | boolean | null,
  type: ColumnType,
): string | number | boolean | null {
  if (value === null) return null;
  if (numberKinds.has(type.kind)) {
    return typeof value === 'string' && /^\s*-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?\s*$/i.test(value)
      ? numberOrText(value.trim())
      : value;
  }
  if (type.kind === 'boolean') {
    const word = String(value).trim().toLowerCase();
    if (trueWords.has(word)) return true;
    if (falseWords.has(word)) return false;
    return value;
  }
  const text = String(value);
  if (type.kind === 'json') return jsonbText(text);
  if (type.kind === 'uuid') return text.toLowerCase();
  return text;
}

/**
 * JSON text as jsonb prints it: `{"a": 1, "bb": [1, 2]}`, object keys shorter first then in byte
 * order, one space after `:` and `,`. Text that is not JSON is left alone.
 * https://www.postgresql.org/docs/current/datatype-json.html
 *
 * @example
 * jsonbText('{"bb":1,"a":2}'); // '{"a": 2, "bb": 1}'
 */
export function jsonbText(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const print = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(print).join(', ')}]`;
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v).sort(
        (a, b) =>
          Buffer.byteLength(a) - Buffer.byteLength(b) ||
          Buffer.compare(Buffer.from(a), Buffer.from(b)),
      );
      return `{${keys.map((k) => `${JSON.stringify(k)}: ${print((v as Record<string, unknown>)[k])}`).join(', ')}}`;
    }
    return JSON.stringify(v);
  };
  return print(value);
}
