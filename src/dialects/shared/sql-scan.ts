import { AthanorError } from '../../errors.js';

/**
 * One piece of SQL text as the minimal lexer below sees it: code, a string literal, a quoted
 * identifier or a comment. Enough to inline placeholders and rewrite column names only in code.
 *
 * @example
 * const token: SqlToken = { kind: 'string', text: "'it''s'" };
 */
export interface SqlToken {
  readonly kind: 'code' | 'string' | 'identifier' | 'comment';
  readonly text: string;
}

/**
 * What the lexer must know of a dialect's quoting.
 *
 * @example
 * const rules: SqlScanRules = { backslashEscapes: false, dollarQuotes: true, identifierQuotes: '"' };
 */
export interface SqlScanRules {
  /** `\` escapes inside '...' (MySQL's default sql_mode). */
  readonly backslashEscapes: boolean;
  /** `$tag$ ... $tag$` strings (PostgreSQL). */
  readonly dollarQuotes: boolean;
  /** Characters that open a quoted identifier. */
  readonly identifierQuotes: string;
}

/**
 * PostgreSQL: standard strings, dollar quotes, "identifiers".
 *
 * @example
 * scanSql('SELECT $$ ? $$', postgresScanRules); // the ? is inside a dollar-quoted string
 */
export const postgresScanRules: SqlScanRules = Object.freeze({
  backslashEscapes: false,
  dollarQuotes: true,
  identifierQuotes: '"',
});
/**
 * SQLite: "identifiers", also `...` and [...] for compatibility.
 *
 * @example
 * scanSql('SELECT [a?]', sqliteScanRules); // [a?] is an identifier
 */
export const sqliteScanRules: SqlScanRules = Object.freeze({
  backslashEscapes: false,
  dollarQuotes: false,
  identifierQuotes: '"`[',
});
/**
 * MySQL: backslash escapes in strings, `identifiers` (and "..." under ANSI_QUOTES).
 *
 * @example
 * scanSql("SELECT 'a\\'?'", mysqlScanRules); // one string literal
 */
export const mysqlScanRules: SqlScanRules = Object.freeze({
  backslashEscapes: true,
  dollarQuotes: false,
  identifierQuotes: '`"',
});

const wordChar = /[A-Za-z0-9_$]/;

/**
 * Splits SQL text into tokens; unterminated quotes run to the end of the text.
 *
 * @example
 * scanSql("SELECT '?', ?", sqliteScanRules);
 * // [{ kind: 'code', text: 'SELECT ' }, { kind: 'string', text: "'?'" }, { kind: 'code', text: ', ?' }]
 */
export function scanSql(text: string, rules: SqlScanRules): SqlToken[] {
  const tokens: SqlToken[] = [];
  let code = '';
  let i = 0;
  while (i < text.length) {
    const end = quotedEnd(text, i, rules);
    if (end === undefined) {
      code += text[i];
      i += 1;
      continue;
    }
    if (code) tokens.push({ kind: 'code', text: code });
    code = '';
    tokens.push({ kind: tokenKind(text, i, rules), text: text.slice(i, end) });
    i = end;
  }
  if (code) tokens.push({ kind: 'code', text: code });
  return tokens;
}

function tokenKind(text: string, i: number, rules: SqlScanRules): SqlToken['kind'] {
  const ch = text[i] ?? '';
  if (ch === '-' || ch === '/') return 'comment';
  if (rules.identifierQuotes.includes(ch)) return 'identifier';
  return 'string';
}

/** End index of a quoted token or comment starting at `i`, or undefined when `i` starts code. */
function quotedEnd(text: string, i: number, rules: SqlScanRules): number | undefined {
  const ch = text[i] ?? '';
  const next = text[i + 1] ?? '';
  if (ch === '-' && next === '-') return lineEnd(text, i);
  if (ch === '/' && next === '*') return blockEnd(text, i);
  if (ch === "'") return closingQuote(text, i, "'", rules.backslashEscapes);
  if (rules.identifierQuotes.includes(ch))
    return closingQuote(text, i, ch === '[' ? ']' : ch, false);
  if (ch === '$' && rules.dollarQuotes && !wordChar.test(text[i - 1] ?? ' ')) {
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))?.[0];
    if (tag) {
      const close = text.indexOf(tag, i + tag.length);
      return close < 0 ? text.length : close + tag.length;
    }
  }
  return undefined;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

function blockEnd(text: string, i: number): number {
  const close = text.indexOf('*/', i + 2);
  return close < 0 ? text.length : close + 2;
}

function closingQuote(
  text: string,
  start: number,
  quote: string,
  backslashEscapes: boolean,
): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') i += 2;
    else if (ch === quote && text[i + 1] === quote && quote !== ']') i += 2;
    else if (ch === quote) return i + 1;
    else i += 1;
  }
  return text.length;
}

/**
 * Replaces `?` (SQLite, MySQL) or `$n` (PostgreSQL) placeholders outside quotes and comments with
 * literals: how an offline script writes `op.execute(text, params)`.
 *
 * @example
 * inlinePlaceholders('SELECT $1, $1', [5], postgresScanRules, 'dollar', String); // 'SELECT 5, 5'
 */
export function inlinePlaceholders(
  text: string,
  params: readonly unknown[],
  rules: SqlScanRules,
  style: 'question' | 'dollar',
  literal: (value: unknown) => string,
): string {
  let next = 0;
  const valueAt = (index: number): string => {
    if (index < 0 || index >= params.length) {
      throw new AthanorError(
        'E_INVALID_OP',
        `SQL placeholder ${index + 1} has no parameter (${params.length} given)`,
      );
    }
    return literal(params[index]);
  };
  const inline = (code: string): string =>
    style === 'dollar'
      ? code.replace(/(?<![A-Za-z0-9_$])\$(\d+)/g, (_match, n: string) => valueAt(Number(n) - 1))
      : code.replace(/\?/g, () => valueAt(next++));
  return scanSql(text, rules)
    .map((token) => (token.kind === 'code' ? inline(token.text) : token.text))
    .join('');
}

/** A bare word: a fresh RegExp each time, since global RegExps carry lastIndex state. */
const barePattern = (): RegExp => /(?<![A-Za-z0-9_$])[A-Za-z_][A-Za-z0-9_$]*/g;

/** Content of a quoted identifier token, unescaped. */
function unquote(token: string): string {
  const open = token[0] ?? '';
  const close = open === '[' ? ']' : open;
  const inner = token.slice(1, token.endsWith(close) && token.length > 1 ? -1 : undefined);
  return open === '[' ? inner : inner.replaceAll(close + close, close);
}

/**
 * Whether an SQL expression refers to a column, quoted (`"a b"`) or bare (`a`, case-insensitive),
 * ignoring string literals and function names (`length(...)`).
 *
 * @example
 * mentionsIdentifier('length(body) > 0', 'body', sqliteScanRules); // true
 */
export function mentionsIdentifier(expression: string, name: string, rules: SqlScanRules): boolean {
  return scanSql(expression, rules).some((token) => {
    if (token.kind === 'identifier') return unquote(token.text) === name;
    if (token.kind !== 'code') return false;
    return [...token.text.matchAll(barePattern())].some(
      (m) =>
        m[0].toLowerCase() === name.toLowerCase() &&
        !/^\s*\(/.test(token.text.slice(m.index + m[0].length)),
    );
  });
}

/**
 * Rewrites references to column `from` as the quoted `to` in an SQL expression (used when a batch
 * renames a column that a CHECK, an index expression or a partial-index predicate mentions).
 *
 * @example
 * renameIdentifier('a > 0', 'a', 'b', sqliteScanRules, (n) => `"${n}"`); // '"b" > 0'
 */
export function renameIdentifier(
  expression: string,
  from: string,
  to: string,
  rules: SqlScanRules,
  quote: (name: string) => string,
): string {
  return scanSql(expression, rules)
    .map((token) => {
      if (token.kind === 'identifier') return unquote(token.text) === from ? quote(to) : token.text;
      if (token.kind !== 'code') return token.text;
      return token.text.replace(barePattern(), (word: string, offset: number, whole: string) =>
        word.toLowerCase() === from.toLowerCase() &&
        !/^\s*\(/.test(whole.slice(offset + word.length))
          ? quote(to)
          : word,
      );
    })
    .join('');
}
