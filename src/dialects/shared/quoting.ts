import { AthanorError } from '../../errors.js';
import type { DialectName } from '../../schema/types.js';

/**
 * How a dialect quotes identifiers, as data: the quote character (doubled inside a name) and the
 * longest name the database keeps.
 *
 * @example
 * const rules: IdentifierRules = { dialect: 'postgresql', quote: '"', maxLength: 63, lengthUnit: 'bytes' };
 */
export interface IdentifierRules {
  readonly dialect: DialectName;
  readonly quote: '"' | '`';
  /** Longest identifier the database accepts; absent means no practical limit (SQLite). */
  readonly maxLength?: number;
  /** PostgreSQL counts bytes of UTF-8 (NAMEDATALEN - 1); MySQL counts characters. */
  readonly lengthUnit: 'bytes' | 'characters';
}

/**
 * PostgreSQL truncates longer names silently to 63 bytes, which would make two long names
 * collide; athanor refuses them instead.
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
 * @example
 * quoteIdentifierWith(postgresIdentifierRules, 'users'); // '"users"'
 */
export const postgresIdentifierRules: IdentifierRules = Object.freeze({
  dialect: 'postgresql',
  quote: '"',
  maxLength: 63,
  lengthUnit: 'bytes',
});

/**
 * https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html (64 characters).
 *
 * @example
 * quoteIdentifierWith(mysqlIdentifierRules, 'a`b'); // '`a``b`'
 */
export const mysqlIdentifierRules: IdentifierRules = Object.freeze({
  dialect: 'mysql',
  quote: '`',
  maxLength: 64,
  lengthUnit: 'characters',
});

/**
 * SQLite has no identifier length limit short of SQLITE_MAX_SQL_LENGTH.
 *
 * @example
 * quoteIdentifierWith(sqliteIdentifierRules, 'x'.repeat(200)); // no length limit
 */
export const sqliteIdentifierRules: IdentifierRules = Object.freeze({
  dialect: 'sqlite',
  quote: '"',
  lengthUnit: 'characters',
});

/**
 * Throws AthanorError('E_INVALID_OP') naming the identifier when the database cannot hold it:
 * empty, containing NUL, or longer than the dialect allows.
 *
 * @example
 * checkIdentifier(postgresIdentifierRules, 'x'.repeat(64)); // throws: 64 bytes, at most 63
 */
export function checkIdentifier(rules: IdentifierRules, name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new AthanorError(
      'E_INVALID_OP',
      `${rules.dialect}: an identifier must be a non-empty string`,
    );
  }
  if (name.includes('\0')) {
    throw new AthanorError(
      'E_INVALID_OP',
      `${rules.dialect}: identifier ${JSON.stringify(name)} contains a NUL character`,
    );
  }
  if (rules.maxLength === undefined) return;
  const length = rules.lengthUnit === 'bytes' ? Buffer.byteLength(name, 'utf8') : [...name].length;
  if (length > rules.maxLength) {
    throw new AthanorError(
      'E_INVALID_OP',
      `identifier "${name}" is ${length} ${rules.lengthUnit} long; ${rules.dialect} allows at most ${rules.maxLength}`,
      { details: { identifier: name, dialect: rules.dialect, length, maxLength: rules.maxLength } },
    );
  }
}

/**
 * Quotes one identifier: the quote character is doubled inside the name, so quotes, spaces,
 * reserved words and unicode all survive.
 *
 * @example
 * quoteIdentifierWith(sqliteIdentifierRules, 'say "hi"'); // '"say ""hi"""'
 * quoteIdentifierWith(mysqlIdentifierRules, 'order');      // '`order`'
 */
export function quoteIdentifierWith(rules: IdentifierRules, name: string): string {
  checkIdentifier(rules, name);
  const q = rules.quote;
  return q + name.replaceAll(q, q + q) + q;
}

/**
 * `"schema"."name"`, or `"name"` when no schema is given.
 *
 * @example
 * qualifiedName((n) => `"${n}"`, 'users', 'app'); // '"app"."users"'
 */
export function qualifiedName(
  quote: (name: string) => string,
  name: string,
  schema?: string,
): string {
  return schema === undefined ? quote(name) : `${quote(schema)}.${quote(name)}`;
}

const bareWordPattern = /^[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/**
 * Returns `text` when it is a plain (optionally schema-qualified) SQL word such as an access
 * method, an operator class or a storage parameter name; anything else is refused, so no user
 * text reaches the SQL unquoted.
 *
 * @example
 * bareWord('vector_cosine_ops', 'operator class'); // 'vector_cosine_ops'
 * bareWord('x; DROP TABLE y', 'operator class');   // throws E_INVALID_OP
 */
export function bareWord(text: string, what: string): string {
  if (!bareWordPattern.test(text)) {
    throw new AthanorError(
      'E_INVALID_OP',
      `invalid ${what} ${JSON.stringify(text)}: expected a plain SQL name`,
    );
  }
  return text;
}
