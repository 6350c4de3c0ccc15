import type { CanonicalOptions } from '../shared/sql-expression.js';
import { isPunct, type SqlToken, type TokenizeOptions } from '../shared/sql-tokenizer.js';
import { pushDownNot } from './mysql-not.js';
import { dropRedundantParens } from './mysql-parens.js';

/**
 * How MySQL/MariaDB text is read: `\` escapes in strings and "..." is a string (the default
 * sql_mode, without ANSI_QUOTES), `#` starts a comment.
 * https://dev.mysql.com/doc/refman/8.0/en/string-literals.html
 */
export const mysqlTokenizeOptions: TokenizeOptions = Object.freeze({
  backslashEscapes: true,
  doubleQuotedStrings: true,
  hashComments: true,
});

/** Function-name spellings MariaDB prints for what users write (`length` is `octet_length`). */
const synonyms: Readonly<Record<string, string>> = {
  octet_length: 'length',
  lcase: 'lower',
  ucase: 'upper',
  substr: 'substring',
};

/** Clock functions, with or without `()` or a precision: all one value per statement. */
const clocks: Readonly<Record<string, string>> = {
  current_timestamp: 'current_timestamp',
  now: 'current_timestamp',
  localtimestamp: 'current_timestamp',
  localtime: 'current_timestamp',
  current_date: 'current_date',
  curdate: 'current_date',
  current_time: 'current_time',
  curtime: 'current_time',
};

function word(text: string): SqlToken {
  return { kind: 'word', text, value: text, start: -1, end: -1 };
}

/**
 * MariaDB stores CHECK clauses and defaults re-printed: `length(b)` as `octet_length(`b`)`,
 * `lower` as `lcase`, `%` as `MOD`, TRUE as 1, and `CURRENT_TIMESTAMP` on a DATETIME(6) column as
 * `current_timestamp(6)`; MySQL 8 writes `_utf8mb4'x'` for a string; NOTs are pushed down
 * (mysql-not.ts) and parentheses kept only where precedence needs them (mysql-parens.ts). These rewrites bring what a user wrote and what the server reports to
 * one spelling. https://mariadb.com/kb/en/constraint/#check-constraints
 *
 * @example
 * rewriteMysqlTokens(tokenizeSql('now(6)')); // [current_timestamp]
 */
export function rewriteMysqlTokens(tokens: readonly SqlToken[]): SqlToken[] {
  const out: SqlToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as SqlToken;
    const lower = t.kind === 'word' ? t.text.toLowerCase() : '';
    const calls = isPunct(tokens[i + 1], '(');
    // MySQL 8 prints string literals in CHECK clauses with a charset introducer: _utf8mb4'x'.
    if (/^_[a-z0-9]+$/.test(lower) && tokens[i + 1]?.kind === 'string') continue;
    if (clocks[lower] !== undefined) {
      out.push(word(clocks[lower]));
      // Skip `()` or `(6)`.
      if (
        calls &&
        (isPunct(tokens[i + 2], ')') ||
          (tokens[i + 2]?.kind === 'number' && isPunct(tokens[i + 3], ')')))
      ) {
        i += isPunct(tokens[i + 2], ')') ? 2 : 3;
      }
    } else if (synonyms[lower] !== undefined && calls) out.push(word(synonyms[lower]));
    else if (lower === 'mod' && !calls) out.push({ ...t, kind: 'punct', text: '%', value: '%' });
    else if (lower === 'true' || lower === 'false')
      out.push({ ...t, kind: 'number', text: lower === 'true' ? '1' : '0', value: '' });
    else out.push(t);
  }
  return dropRedundantParens(pushDownNot(out));
}

/** Canonical-expression options for MySQL/MariaDB (see sql-expression.ts). */
export const mysqlExpressionStyle: CanonicalOptions = Object.freeze({
  ...mysqlTokenizeOptions,
  quote: '`',
  rewrite: rewriteMysqlTokens,
});
