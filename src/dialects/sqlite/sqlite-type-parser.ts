import type { ColumnType } from '../../schema/types.js';
import { inverseNativeType, splitNativeType } from '../shared/type-inverse.js';
import { sqliteTypes } from './sqlite-types.js';

/**
 * Reads a SQLite declared column type into the neutral ColumnType. SQLite keeps the declared
 * text verbatim (https://www.sqlite.org/datatype3.html#affinity_name_examples), so the compiler's
 * own spellings (`sqliteTypes`) are read backwards first; then the spellings people write by hand
 * (`INT`, `DATETIME`, `DOUBLE PRECISION`, `CLOB`, ...). Anything else is
 * `custom({ sqlite: <declared text> })`, so it survives a copy-and-move unchanged.
 *
 * Enum columns are TEXT plus a `CHECK (col IN (...))`; the reflector, which sees the checks,
 * turns them back into enums (see sqlite-reflector.ts).
 *
 * @example
 * parseSqliteType('VARCHAR(255)');   // { kind: 'string', length: 255 }
 * parseSqliteType('datetime');       // { kind: 'timestamp', withTimezone: false }
 * parseSqliteType('MEDIUMINT');      // { kind: 'custom', sqlite: 'MEDIUMINT' }
 */
export function parseSqliteType(declared: string): ColumnType {
  const text = declared.trim();
  if (text === '') return { kind: 'custom', sqlite: '' };
  return (
    inverseNativeType(sqliteTypes, text) ?? handWritten(text) ?? { kind: 'custom', sqlite: text }
  );
}

const bareSpellings: Readonly<Record<string, ColumnType>> = {
  INT: { kind: 'integer' },
  INTEGER: { kind: 'integer' },
  INT4: { kind: 'integer' },
  BIGINT: { kind: 'bigint' },
  INT8: { kind: 'bigint' },
  SMALLINT: { kind: 'smallint' },
  INT2: { kind: 'smallint' },
  TEXT: { kind: 'text' },
  CLOB: { kind: 'text' },
  BOOLEAN: { kind: 'boolean' },
  BOOL: { kind: 'boolean' },
  DATETIME: { kind: 'timestamp', withTimezone: false },
  TIMESTAMP: { kind: 'timestamp', withTimezone: false },
  TIMESTAMPTZ: { kind: 'timestamp', withTimezone: true },
  'TIMESTAMP WITH TIME ZONE': { kind: 'timestamp', withTimezone: true },
  'TIMESTAMP WITHOUT TIME ZONE': { kind: 'timestamp', withTimezone: false },
  DATE: { kind: 'date' },
  TIME: { kind: 'time' },
  REAL: { kind: 'real' },
  FLOAT: { kind: 'real' },
  DOUBLE: { kind: 'double' },
  'DOUBLE PRECISION': { kind: 'double' },
  JSON: { kind: 'json' },
  UUID: { kind: 'uuid' },
  BLOB: { kind: 'binary' },
};

const lengthNames: ReadonlySet<string> = new Set([
  'VARCHAR',
  'CHARACTER VARYING',
  'NVARCHAR',
  'VARYING CHARACTER',
  'NATIVE CHARACTER',
]);
const precisionNames: ReadonlySet<string> = new Set(['NUMERIC', 'DECIMAL']);

function handWritten(text: string): ColumnType | undefined {
  const parts = splitNativeType(text);
  const bare = bareSpellings[parts.text];
  if (bare) return bare;
  const [a, b] = parts.args;
  if (parts.suffix !== '') return undefined;
  if (lengthNames.has(parts.name) && parts.args.length <= 1) {
    return { kind: 'string', ...(a !== undefined ? { length: a } : {}) };
  }
  if (precisionNames.has(parts.name) && parts.args.length <= 2) {
    return {
      kind: 'numeric',
      ...(a !== undefined ? { precision: a } : {}),
      ...(b !== undefined ? { scale: b } : {}),
    };
  }
  return undefined;
}
