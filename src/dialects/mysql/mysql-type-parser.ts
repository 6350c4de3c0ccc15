import type { ColumnType } from '../../schema/types.js';
import { tokenizeSql } from '../shared/sql-tokenizer.js';
import { inverseNativeType, splitNativeType } from '../shared/type-inverse.js';
import { mysqlTypes } from './mysql-types.js';

/**
 * Reads a MySQL/MariaDB column type (information_schema.COLUMNS.COLUMN_TYPE, or what a user
 * writes in `t.custom({ mysql })`) into the neutral ColumnType.
 *
 * - The compiler's own spellings (`mysqlTypes`) are read backwards first, so every type athanor
 *   creates reads back as itself: `char(36)` is uuid, `tinyint(1)` boolean, `datetime(6)` a
 *   timestamp (MySQL keeps no zone: `withTimezone` is always false), `longblob` binary.
 * - Integer display widths (`int(11)`, which MySQL 8.0.19+ no longer shows) are ignored.
 * - `longtext` is text here: on MariaDB a JSON column is LONGTEXT plus a `json_valid` CHECK,
 *   which only the reflector sees, so the reflector turns it into json.
 * - All text types are text and all blob/binary types binary; TIMESTAMP is a timestamp with
 *   time zone (it is stored in UTC), DATETIME without; `uuid` (MariaDB 10.7+) is uuid.
 * - `enum('a','b')` is an enum named `enumName` (MySQL enums are inline and have no name).
 * - Anything else (`mediumint`, `int unsigned`, `char(2)`, `set(...)`, `year`) is custom, spelled
 *   lower-case without display width, so a model's `t.custom({ mysql: 'INT(10) UNSIGNED' })` and
 *   MariaDB's `int(10) unsigned` compare equal.
 *
 * @example
 * parseMysqlType('varchar(255)');               // { kind: 'string', length: 255 }
 * parseMysqlType("enum('a','b''c')", 'users_mood'); // { kind: 'enum', name: 'users_mood', values: ['a', "b'c"] }
 * parseMysqlType('bigint(20) unsigned');        // { kind: 'custom', mysql: 'bigint unsigned' }
 */
export function parseMysqlType(spelling: string, enumName = ''): ColumnType {
  const enumValues = parseEnumValues(spelling);
  if (enumValues) return { kind: 'enum', name: enumName, values: enumValues };
  const parts = splitNativeType(spelling);
  if (parts.text === 'LONGTEXT') return { kind: 'text' };
  const canonical = withoutDisplayWidth(parts.text);
  return (
    inverseNativeType(mysqlTypes, parts.text) ??
    inverseNativeType(mysqlTypes, canonical) ??
    handWritten(canonical) ?? { kind: 'custom', mysql: canonical.toLowerCase() }
  );
}

const integerNames = ['TINYINT', 'SMALLINT', 'MEDIUMINT', 'INT', 'INTEGER', 'BIGINT'];

/** `INT(11) UNSIGNED` -> `INT UNSIGNED`; `TINYINT(1)` keeps its width, which means boolean. */
function withoutDisplayWidth(text: string): string {
  const match = /^([A-Z]+)\(\d+\)(.*)$/.exec(text);
  if (!match || !integerNames.includes(match[1] ?? '') || text.startsWith('TINYINT(1)'))
    return text;
  return `${match[1] ?? ''}${match[2] ?? ''}`;
}

const bareSpellings: Readonly<Record<string, ColumnType>> = {
  INT: { kind: 'integer' },
  INTEGER: { kind: 'integer' },
  BIGINT: { kind: 'bigint' },
  SMALLINT: { kind: 'smallint' },
  'TINYINT(1)': { kind: 'boolean' },
  BOOLEAN: { kind: 'boolean' },
  BOOL: { kind: 'boolean' },
  TINYTEXT: { kind: 'text' },
  TEXT: { kind: 'text' },
  MEDIUMTEXT: { kind: 'text' },
  LONGTEXT: { kind: 'text' },
  DATE: { kind: 'date' },
  FLOAT: { kind: 'real' },
  DOUBLE: { kind: 'double' },
  'DOUBLE PRECISION': { kind: 'double' },
  REAL: { kind: 'double' },
  JSON: { kind: 'json' },
  UUID: { kind: 'uuid' },
  TINYBLOB: { kind: 'binary' },
  BLOB: { kind: 'binary' },
  MEDIUMBLOB: { kind: 'binary' },
  LONGBLOB: { kind: 'binary' },
};

function handWritten(text: string): ColumnType | undefined {
  const bare = bareSpellings[text];
  if (bare) return bare;
  const parts = splitNativeType(text);
  if (parts.suffix !== '') return undefined;
  const [a, b] = parts.args;
  switch (parts.name) {
    case 'VARCHAR':
      return a === undefined ? { kind: 'string' } : { kind: 'string', length: a };
    case 'DECIMAL':
    case 'NUMERIC':
      return {
        kind: 'numeric',
        ...(a !== undefined ? { precision: a } : {}),
        ...(b !== undefined ? { scale: b } : {}),
      };
    case 'DATETIME':
      return { kind: 'timestamp', withTimezone: false };
    case 'TIMESTAMP':
      return { kind: 'timestamp', withTimezone: true };
    case 'TIME':
      return { kind: 'time' };
    case 'BINARY':
    case 'VARBINARY':
    case 'BLOB':
      return { kind: 'binary' };
    default:
      return undefined;
  }
}

/** The values of `enum('a','b')`, with MySQL's quoting (`''` and `\'`) undone. */
function parseEnumValues(spelling: string): string[] | undefined {
  const match = /^\s*enum\s*\(([\s\S]*)\)\s*$/i.exec(spelling);
  if (!match) return undefined;
  const tokens = tokenizeSql(match[1] ?? '', { backslashEscapes: true, doubleQuotedStrings: true });
  const values = tokens.filter((t) => t.kind === 'string').map((t) => t.value);
  const commas = tokens.filter((t) => t.kind === 'punct' && t.text === ',').length;
  return values.length > 0 &&
    values.length === commas + 1 &&
    values.length + commas === tokens.length
    ? values
    : undefined;
}
