import type { ColumnType } from '../../schema/types.js';

/**
 * Reads a PostgreSQL type spelling into the neutral ColumnType: `format_type()` output from the
 * catalog (`character varying(20)`, `timestamp with time zone`, `integer[]`) and the common
 * aliases people write in `t.custom({ postgresql })` (`varchar(20)`, `timestamptz`, `int8`).
 * Anything without a neutral equivalent becomes `custom` with a canonical spelling, so the same
 * type reads the same from a model and from a database.
 *
 * Decisions:
 * - `jsonb` is the neutral `json` (what athanor creates: it is indexable and compares by value);
 *   plain `json` stays `custom('json')`, so a `json` column is not mistaken for a `jsonb` one.
 * - A precision the neutral type cannot carry (`timestamp(3)`, `time(0)`) keeps the type custom.
 * - `numeric(p)` is `numeric(p,0)`, as PostgreSQL stores it.
 * - Arrays of arrays are one array: PostgreSQL ignores declared dimensions.
 *   https://www.postgresql.org/docs/current/arrays.html#ARRAYS-DECLARATION
 *
 * @example
 * parsePostgresType('character varying(255)') // { kind: 'string', length: 255 }
 * parsePostgresType('vector(1536)')           // { kind: 'vector', dimensions: 1536 }
 * parsePostgresType('citext')                 // { kind: 'custom', postgresql: 'citext' }
 */
export function parsePostgresType(spelling: string): ColumnType {
  const text = canonicalSpelling(spelling);
  if (text.endsWith('[]'))
    return { kind: 'array', of: elementOf(parsePostgresType(text.slice(0, -2))) };
  const array = /^(.*) array(?:\[\d*\])?$/.exec(text);
  if (array?.[1] !== undefined)
    return { kind: 'array', of: elementOf(parsePostgresType(array[1])) };
  return simpleTypes[text] ?? parameterised(text) ?? { kind: 'custom', postgresql: text };
}

function elementOf(type: ColumnType): ColumnType {
  return type.kind === 'array' ? type.of : type;
}

const simpleTypes: Readonly<Record<string, ColumnType>> = {
  integer: { kind: 'integer' },
  int: { kind: 'integer' },
  int4: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  int8: { kind: 'bigint' },
  smallint: { kind: 'smallint' },
  int2: { kind: 'smallint' },
  'character varying': { kind: 'string' },
  varchar: { kind: 'string' },
  text: { kind: 'text' },
  boolean: { kind: 'boolean' },
  bool: { kind: 'boolean' },
  'timestamp without time zone': { kind: 'timestamp', withTimezone: false },
  timestamp: { kind: 'timestamp', withTimezone: false },
  'timestamp with time zone': { kind: 'timestamp', withTimezone: true },
  timestamptz: { kind: 'timestamp', withTimezone: true },
  date: { kind: 'date' },
  'time without time zone': { kind: 'time' },
  time: { kind: 'time' },
  numeric: { kind: 'numeric' },
  decimal: { kind: 'numeric' },
  real: { kind: 'real' },
  float4: { kind: 'real' },
  'double precision': { kind: 'double' },
  float8: { kind: 'double' },
  float: { kind: 'double' },
  jsonb: { kind: 'json' },
  uuid: { kind: 'uuid' },
  bytea: { kind: 'binary' },
};

/** Spellings that are custom types, mapped to what format_type() prints for them. */
const customAliases: Readonly<Record<string, string>> = {
  timetz: 'time with time zone',
  'time with time zone': 'time with time zone',
  char: 'character(1)',
  character: 'character(1)',
  bpchar: 'bpchar',
  'bit varying': 'bit varying',
  varbit: 'bit varying',
  bit: 'bit(1)',
};

function parameterised(text: string): ColumnType | undefined {
  const match = /^([a-z][a-z ]*?) ?\((\d+)(?: ?, ?(-?\d+))?\)(.*)$/.exec(text);
  if (!match)
    return customAliases[text] === undefined
      ? undefined
      : { kind: 'custom', postgresql: customAliases[text] };
  const [, name = '', first = '', second, rest = ''] = match;
  const n = Number(first);
  const suffix = rest.trim();
  if (suffix === '') {
    if (name === 'character varying' || name === 'varchar') return { kind: 'string', length: n };
    if (name === 'numeric' || name === 'decimal')
      return { kind: 'numeric', precision: n, scale: Number(second ?? 0) };
    if (name === 'vector' || name === 'halfvec' || name === 'sparsevec')
      return { kind: name, dimensions: n };
    if (name === 'float') return n <= 24 ? { kind: 'real' } : { kind: 'double' };
    if (name === 'char' || name === 'character' || name === 'bpchar')
      return custom(`character(${n})`);
    if (name === 'varbit' || name === 'bit varying') return custom(`bit varying(${n})`);
  }
  // timestamp(3) with time zone, time(0), timestamptz(3): the precision makes them custom.
  const zoned = /^(timestamp|time)tz$/.exec(name);
  const base = zoned?.[1] ?? name;
  if (base === 'timestamp' || base === 'time') {
    const zone = zoned || suffix === 'with time zone' ? 'with time zone' : 'without time zone';
    return custom(`${base}(${n}) ${zone}`);
  }
  return undefined;
}

function custom(postgresql: string): ColumnType {
  return { kind: 'custom', postgresql };
}

/**
 * Lower case (unless the spelling holds a quoted identifier), single spaces, no space before a
 * parenthesis, and no `pg_catalog.`/`public.` qualification (format_type() omits the schema of a
 * type that is visible on the search path).
 */
function canonicalSpelling(spelling: string): string {
  let text = spelling.trim().replace(/\s+/g, ' ');
  if (!text.includes('"')) text = text.toLowerCase();
  return text
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')')
    .replace(/\s*,\s*/g, ',')
    .replace(/\)(?=[a-z])/g, ') ')
    .replace(/\s*\[\s*(\d*)\s*\]/g, '[$1]')
    .replace(/\[\d+\]/g, '[]')
    .replace(/^(?:pg_catalog|public)\./, '');
}
