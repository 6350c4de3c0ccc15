import type { DefaultValue } from '../../schema/model.js';
import {
  closingParen,
  isPunct,
  tokenizeSql,
  type SqlToken,
  type TokenizeOptions,
} from './sql-tokenizer.js';

/**
 * One canonical spelling for an SQL expression (CHECK bodies, defaults, index expressions and
 * predicates), so that what a user wrote and what a database reports back compare equal:
 * redundant outer parentheses dropped, bare words lower-cased, simple quoted identifiers unquoted,
 * `!=` written `<>`, and one space between tokens except around brackets, commas and dots.
 * The result is still valid SQL for the dialect (reserved words stay quoted).
 *
 * @example
 * canonicalExpression('("Age" >= 18)', { quote: '"' });    // 'age >= 18'
 * canonicalExpression('`x` IN (\'a\',\'b\')', { quote: '`' }); // "x in ('a', 'b')"
 */
export interface CanonicalOptions extends TokenizeOptions {
  /** Quote used for identifiers that must stay quoted. */
  readonly quote: '"' | '`';
  /** A dialect's own rewrites, applied to the tokens before printing (e.g. MariaDB's spellings). */
  readonly rewrite?: (tokens: readonly SqlToken[]) => SqlToken[];
}

/**
 * Words that cannot be bare identifiers on SQLite or MySQL; an identifier equal to one of them
 * keeps its quotes. https://www.sqlite.org/lang_keywords.html and
 * https://dev.mysql.com/doc/refman/8.0/en/keywords.html (the reserved ones both share and more).
 */
const reservedWords: ReadonlySet<string> = new Set(
  (
    'add all alter analyze and as asc between by case cast check collate column constraint create cross ' +
    'current_date current_time current_timestamp default deferrable delete desc distinct drop else end ' +
    'escape except exists false for foreign from full glob group having if in index inner insert ' +
    'intersect into is isnull join key left like limit match natural not notnull null on or order ' +
    'outer primary references regexp right rowid select set table then to true union unique update ' +
    'using values when where with interval div mod xor rlike database schema range read write'
  ).split(' '),
);

/** Words after which `(` opens a group rather than a function's arguments: `x in (...)`. */
const spacedBeforeParen: ReadonlySet<string> = new Set(
  'in not and or exists is like glob regexp between then else when as on where case select by xor div mod'.split(
    ' ',
  ),
);

const simpleIdentifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Returns the canonical text of an expression (see CanonicalOptions).
 *
 * @example
 * canonicalExpression('length(body)>0', { quote: '"' }); // 'length(body) > 0'
 */
export function canonicalExpression(sql: string, options: CanonicalOptions): string {
  let tokens = stripOuterParens(tokenizeSql(sql, options));
  if (options.rewrite) tokens = stripOuterParens(options.rewrite(tokens));
  const parts = tokens.map((t) => printToken(t, options));
  let out = '';
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (prev && needsSpace(prev, t, tokens[i - 2])) out += ' ';
    out += parts[i];
  });
  return out;
}

/** Removes parentheses that wrap the whole expression, repeatedly: `((a > 0))` -> `a > 0`. */
export function stripOuterParens(tokens: readonly SqlToken[]): SqlToken[] {
  let result = [...tokens];
  while (
    result.length >= 2 &&
    isPunct(result[0], '(') &&
    closingParen(result, 0) === result.length - 1
  ) {
    result = result.slice(1, -1);
  }
  return result;
}

function printToken(t: SqlToken, options: CanonicalOptions): string {
  switch (t.kind) {
    case 'word':
      return t.text.toLowerCase();
    case 'identifier':
      return simpleIdentifier.test(t.value) && !reservedWords.has(t.value.toLowerCase())
        ? t.value.toLowerCase()
        : options.quote +
            t.value.replaceAll(options.quote, options.quote + options.quote) +
            options.quote;
    case 'string':
      return quoteText(t.value, options.backslashEscapes === true);
    case 'blob':
      return t.text.toLowerCase();
    case 'number':
      return t.text.toLowerCase();
    case 'punct':
      return t.text === '!=' ? '<>' : t.text === '==' ? '=' : t.text;
  }
}

function quoteText(text: string, backslash: boolean): string {
  let body = text.replaceAll("'", "''");
  if (backslash) body = body.replaceAll('\\', '\\\\');
  return `'${body}'`;
}

function needsSpace(prev: SqlToken, t: SqlToken, beforePrev: SqlToken | undefined): boolean {
  if (isPunct(prev, '(') || isPunct(prev, '.') || isPunct(t, '.')) return false;
  if (isPunct(t, ')') || isPunct(t, ',')) return false;
  // f(x): no space between a function name and its arguments; `in (`, `not (` keep theirs.
  if (
    isPunct(t, '(') &&
    (prev.kind === 'identifier' ||
      (prev.kind === 'word' && !spacedBeforeParen.has(prev.text.toLowerCase())))
  ) {
    return false;
  }
  // Unary sign: `-1`, `(-x)`, `= -1`.
  if ((isPunct(prev, '-') || isPunct(prev, '+')) && isUnaryPosition(beforePrev)) return false;
  return true;
}

function isUnaryPosition(before: SqlToken | undefined): boolean {
  if (before === undefined) return true;
  if (before.kind === 'punct') return before.text !== ')';
  return before.kind === 'word' && reservedWords.has(before.text.toLowerCase());
}

/**
 * Reads a default as the database reports it into the neutral DefaultValue: a lone string,
 * number, NULL, TRUE or FALSE is a literal; anything else is SQL, as written but without
 * wrapping parentheses (normalize canonicalizes it further).
 *
 * @example
 * readDefaultExpression("'it''s'");            // { kind: 'literal', value: "it's" }
 * readDefaultExpression('(CURRENT_TIMESTAMP)'); // { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }
 */
export function readDefaultExpression(text: string, options: TokenizeOptions = {}): DefaultValue {
  const tokens = stripOuterParens(tokenizeSql(text, options));
  const literal = literalOf(tokens);
  if (literal !== undefined) return { kind: 'literal', value: literal };
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return { kind: 'sql', sql: first && last ? text.slice(first.start, last.end) : text.trim() };
}

function literalOf(tokens: readonly SqlToken[]): string | number | boolean | null | undefined {
  const [first, second] = tokens;
  if (tokens.length === 1 && first) {
    if (first.kind === 'string') return first.value;
    if (first.kind === 'number') return numberValue(first.text);
    const word = first.kind === 'word' ? first.text.toLowerCase() : '';
    if (word === 'null') return null;
    if (word === 'true' || word === 'false') return word === 'true';
  }
  if (
    tokens.length === 2 &&
    first &&
    second?.kind === 'number' &&
    (isPunct(first, '-') || isPunct(first, '+'))
  ) {
    const n = numberValue(second.text);
    return n === undefined ? undefined : first.text === '-' ? -n : n;
  }
  return undefined;
}

function numberValue(text: string): number | undefined {
  const n = Number(text);
  // Keep integers beyond 2^53 as SQL rather than silently rounding them.
  return Number.isFinite(n) && (!Number.isInteger(n) || Number.isSafeInteger(n)) ? n : undefined;
}

/**
 * Recognises `col IN ('a', 'b', ...)`, the CHECK an enum becomes where the database has no enum
 * type (SQLite; also what a hand-written enum looks like). Returns the column and the values.
 *
 * @example
 * enumCheckValues(`"status" IN ('new', 'done')`); // { column: 'status', values: ['new', 'done'] }
 * enumCheckValues('status IN (1, 2)');             // undefined
 */
export function enumCheckValues(
  expression: string,
  options: TokenizeOptions = {},
): { readonly column: string; readonly values: readonly string[] } | undefined {
  const tokens = stripOuterParens(tokenizeSql(expression, options));
  const [column, keyword, open] = tokens;
  if (!column || (column.kind !== 'word' && column.kind !== 'identifier')) return undefined;
  if (keyword?.kind !== 'word' || keyword.text.toLowerCase() !== 'in' || !isPunct(open, '('))
    return undefined;
  if (closingParen(tokens, 2) !== tokens.length - 1) return undefined;
  const inner = tokens.slice(3, -1);
  const values: string[] = [];
  for (let i = 0; i < inner.length; i += 2) {
    const value = inner[i];
    if (value?.kind !== 'string' || (i + 1 < inner.length && !isPunct(inner[i + 1], ',')))
      return undefined;
    values.push(value.value);
  }
  return values.length > 0 ? { column: column.value, values } : undefined;
}
