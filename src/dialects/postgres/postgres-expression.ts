import { betweenAsComparisons } from './postgres-between.js';
import {
  canonicalTemporalLiteral,
  temporalCastTypes,
  typedLiteralsAsCasts,
} from './postgres-temporal.js';

/**
 * One canonical spelling for an SQL expression (a CHECK, a partial-index predicate, an index
 * expression, a default), so that what a model says and what PostgreSQL prints back compare
 * equal. PostgreSQL stores expressions parsed and prints them again (`pg_get_expr(..., true)`),
 * adding casts it inferred and dropping parentheses it does not need:
 *
 *   model:   length(body) > 0 AND status IN ('a', 'b')
 *   catalog: length(body::text) > 0 AND status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])
 *
 * This is a token-level rewrite, not a parser: unquoted words lower-cased, whitespace made single,
 * casts PostgreSQL adds implicitly removed (to text/varchar, to a number type after a number, to
 * an enum after a string), `= ANY (ARRAY[...])` read as `IN (...)`, LIKE written as `~~`, `!=` as
 * `<>`, and parentheses dropped around single terms, around comparisons joined by AND/OR, and
 * around the whole expression. It keeps the expression valid SQL with the same meaning.
 * `a BETWEEN x AND y` is written as the two comparisons PostgreSQL prints (postgres-between.ts);
 * date and time literals are written in one format, without the cast PostgreSQL adds to them
 * (postgres-temporal.ts).
 * Known gaps (the rewrites PostgreSQL does that this does not): NOT BETWEEN and BETWEEN with
 * arithmetic operands, parentheses made redundant by arithmetic precedence, explicit casts to
 * other types.
 * https://www.postgresql.org/docs/current/functions-info.html#FUNCTIONS-INFO-CATALOG
 *
 * @example
 * canonicalPostgresExpression("(length((body)::text) > 0)") // 'length(body) > 0'
 * canonicalPostgresExpression('LENGTH(body) > 0')           // 'length(body) > 0'
 */
export function canonicalPostgresExpression(
  sql: string,
  options: { readonly enumNames?: readonly string[] } = {},
): string {
  const words = typedLiteralsAsCasts(tokenize(sql).map(canonicalToken));
  let tokens = betweenAsComparisons(signedNumbers(words.map(canonicalTemporalLiteral)));
  tokens = dropImplicitCasts(tokens, new Set(options.enumNames ?? []));
  tokens = anyArrayAsIn(tokens);
  for (let before = -1; before !== tokens.length;) {
    before = tokens.length;
    tokens = dropRedundantParens(tokens);
  }
  return join(tokens);
}

type Token = string;

const tokenSource =
  /\s+|[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|(\$[A-Za-z_0-9]*\$)[\s\S]*?\1|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_$]*|::|[+\-*/<>=~!@#%^&|`?]+|[()[\],.;:]/
    .source;

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  // Made per call: a sticky regex carries lastIndex, which must not be shared module state.
  const tokenPattern = new RegExp(tokenSource, 'y');
  let index = 0;
  while (index < sql.length) {
    tokenPattern.lastIndex = index;
    const match = tokenPattern.exec(sql);
    const text = match?.[0] ?? sql.charAt(index);
    if (!/^\s+$/.test(text)) tokens.push(text);
    index += text.length;
  }
  return tokens;
}

/** A unary minus before a number is part of it: `x > -1` (PostgreSQL prints `'-1'::integer`). */
function signedNumbers(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const previous = out.at(-1);
    const beforeMinus = out.at(-2);
    const unary =
      beforeMinus === undefined ||
      /^[(,[]$|^[+\-*/<>=~!@#%^&|`?]+$/.test(beforeMinus) ||
      keywords.has(beforeMinus);
    if (previous === '-' && /^[\d.]/.test(token) && unary) out[out.length - 1] = `-${token}`;
    else out.push(token);
  }
  return out;
}

/** Words PostgreSQL would need quoted as identifiers: leave `"user"` quoted. */
const keywords = new Set(
  'all and any array as asc between case cast check collate column constraint default desc distinct do else end false for foreign from grant group having in is isnull limit not notnull null offset on only or order primary references select some table then to true union unique user using when where with'.split(
    ' ',
  ),
);

const operatorWords: Readonly<Record<string, string>> = { like: '~~', ilike: '~~*', '!=': '<>' };

function canonicalToken(token: Token): Token {
  if (/^[A-Za-z_][A-Za-z0-9_$]*$/.test(token)) return token.toLowerCase();
  const quoted = /^"([a-z_][a-z0-9_$]*)"$/.exec(token);
  if (quoted?.[1] !== undefined && !keywords.has(quoted[1])) return quoted[1];
  return token;
}

const textTypes = new Set(['text', 'character varying', 'varchar', 'bpchar', 'character', 'name']);
const numberTypes = new Set([
  'integer',
  'bigint',
  'smallint',
  'numeric',
  'double precision',
  'real',
  'int',
  'int4',
  'int8',
  'int2',
]);
const multiWordTypes = [
  'character varying',
  'double precision',
  'timestamp with time zone',
  'timestamp without time zone',
  'time with time zone',
  'time without time zone',
];

/** Reads a type name after `::`: returns its spelling and the number of tokens it spans. */
function readType(
  tokens: readonly Token[],
  at: number,
): { name: string; length: number; array: boolean } {
  let length = 1;
  let name = tokens[at] ?? '';
  for (const words of multiWordTypes) {
    const parts = words.split(' ');
    if (parts.every((w, i) => tokens[at + i] === w)) {
      name = words;
      length = parts.length;
      break;
    }
  }
  if (tokens[at + length] === '(' && tokens[at + length + 2] === ')') length += 3;
  let array = false;
  while (tokens[at + length] === '[' && tokens[at + length + 1] === ']') {
    length += 2;
    array = true;
  }
  return { name, length, array };
}

function dropImplicitCasts(tokens: readonly Token[], enums: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token !== '::') {
      out.push(operatorWords[token] ?? token);
      continue;
    }
    const type = readType(tokens, i + 1);
    const previous = out.at(-1) ?? '';
    const isString = previous.startsWith("'");
    const numericString = isString && /^'-?\d+(\.\d+)?'$/.test(previous);
    // PostgreSQL adds text casts to columns, literals and calls (v::text, 'x'::text,
    // coalesce(v, 'z')::text); a cast of a computed value, (a + b)::text, is the author's.
    const castOfTerm = previous !== ')' || out.at(-3) === '(' || isCallEnd(out);
    let drop = textTypes.has(type.name) && castOfTerm;
    // A column compared with a wider number gets a cast (`id::numeric` next to `c1 * 2`).
    const column = /^[a-z_][a-z0-9_$]*$/.test(previous) && !keywords.has(previous);
    if (
      !type.array &&
      numberTypes.has(type.name) &&
      (/^-?\d/.test(previous) || numericString || column)
    ) {
      drop = true;
      if (numericString) out[out.length - 1] = previous.slice(1, -1);
    }
    if (!type.array && isString && enums.has(type.name.replace(/^"|"$/g, ''))) drop = true;
    // A date or time literal: PostgreSQL casts it to the column's type (postgres-temporal.ts).
    if (!type.array && isString && temporalCastTypes.has(type.name)) drop = true;
    if (drop) i += type.length;
    else out.push(token);
  }
  return notLike(out);
}

/** Whether the tokens end with a function call: `name(...)`. */
function isCallEnd(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (tokens[i] === ')') depth++;
    else if (tokens[i] === '(' && --depth === 0) {
      const name = tokens[i - 1] ?? '';
      return callers.test(name) && !keywords.has(name);
    }
  }
  return false;
}

/** `NOT LIKE` is PostgreSQL's `!~~` (and NOT ILIKE `!~~*`). */
function notLike(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    if ((token === '~~' || token === '~~*') && out.at(-1) === 'not')
      out[out.length - 1] = `!${token}`;
    else out.push(token);
  }
  return out;
}

/** Index of the token closing the bracket opened at `open`, or -1. */
function closing(tokens: readonly Token[], open: number): number {
  const pairs: Readonly<Record<string, string>> = { '(': ')', '[': ']' };
  const opener = tokens[open] ?? '';
  const closer = pairs[opener];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i] === opener) depth++;
    else if (tokens[i] === closer && --depth === 0) return i;
  }
  return -1;
}

/** `x = ANY (ARRAY[a, b])` -> `x IN (a, b)`; `x <> ALL (ARRAY[a, b])` -> `x NOT IN (a, b)`. */
function anyArrayAsIn(tokens: readonly Token[]): Token[] {
  const out = [...tokens];
  for (let i = 0; i < out.length; i++) {
    const form =
      out[i] === '=' && out[i + 1] === 'any'
        ? ['in']
        : out[i] === '<>' && out[i + 1] === 'all'
          ? ['not', 'in']
          : undefined;
    if (!form || out[i + 2] !== '(' || out[i + 3] !== 'array' || out[i + 4] !== '[') continue;
    const paren = closing(out, i + 2);
    const bracket = closing(out, i + 4);
    if (paren !== bracket + 1) continue;
    out.splice(i, paren - i + 1, ...form, '(', ...out.slice(i + 5, bracket), ')');
  }
  return out;
}

const callers = /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")*")$/;
const edges = new Set(['(', ')', ',']);

/**
 * How loosely the top level of a parenthesised group binds, tightest first: 0 terms and
 * arithmetic (`* / % + - ||` and the other operators), 1 comparisons (`= <> < > <= >=`, LIKE, IN,
 * IS), 2 NOT, 3 AND (and BETWEEN, whose AND is syntax), 4 OR, 5 a list (a comma).
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-PRECEDENCE
 */
type Level = 0 | 1 | 2 | 3 | 4 | 5;

const comparisonTokens = new Set([
  '=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  '~~',
  '!~~',
  '~~*',
  '!~~*',
  'is',
  'in',
  'isnull',
  'notnull',
]);

/** The loosest operator at the top level of tokens[from, to): what parentheses around it protect. */
function looseness(tokens: readonly Token[], from: number, to: number): Level {
  let depth = 0;
  let level: Level = 0;
  const raise = (to: Level) => {
    if (level < to) level = to;
  };
  for (let i = from; i < to; i++) {
    const t = tokens[i] ?? '';
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (depth > 0) continue;
    else if (t === ',') return 5;
    else if (t === 'or') raise(4);
    else if (t === 'and' || t === 'between') raise(3);
    // A leading NOT (not the one of NOT IN, IS NOT, NOT LIKE) negates what follows.
    else if (t === 'not' && (i === from || ['and', 'or', 'not'].includes(tokens[i - 1] ?? '')))
      raise(2);
    else if (comparisonTokens.has(t) || t === 'not') raise(1);
  }
  return level;
}

/** Whether a neighbour of a parenthesised group lets it go: no operator binds tighter than it. */
function neighbourAllows(neighbour: Token | undefined, level: Level): boolean {
  if (neighbour === undefined || edges.has(neighbour)) return level < 5;
  // AND and OR are associative: (a AND b) AND c is a AND b AND c.
  if (neighbour === 'or') return level <= 4;
  if (neighbour === 'and') return level <= 3;
  if (neighbour === 'not') return level <= 1;
  // Arithmetic binds tighter than a comparison: (a + b) > c is a + b > c. Comparisons do not
  // associate, and arithmetic next to arithmetic keeps its parentheses.
  if (comparisonTokens.has(neighbour) && neighbour !== 'in') return level === 0;
  return false;
}

/**
 * Removes one pair of parentheses that changes nothing; the caller repeats until none is left.
 * Arithmetic binds tighter than comparisons, comparisons tighter than NOT, NOT than AND, AND
 * than OR, which is how PostgreSQL's pretty printer decides too (ruleutils.c, isSimpleNode):
 * it prints `NOT id = 5` and `(id % 2) = 0` both without the parentheses a model may write.
 */
function dropRedundantParens(tokens: readonly Token[]): Token[] {
  for (let open = 0; open < tokens.length; open++) {
    if (tokens[open] !== '(') continue;
    const previous = tokens[open - 1];
    // A call's or an IN list's parentheses are syntax: f(x), IN (x), ANY (x) stay.
    if (
      previous !== undefined &&
      callers.test(previous) &&
      !['and', 'or', 'not'].includes(previous)
    )
      continue;
    const close = closing(tokens, open);
    if (close < 0) continue;
    const level = looseness(tokens, open + 1, close);
    const single = close === open + 2;
    if (single || (neighbourAllows(previous, level) && neighbourAllows(tokens[close + 1], level))) {
      return [
        ...tokens.slice(0, open),
        ...tokens.slice(open + 1, close),
        ...tokens.slice(close + 1),
      ];
    }
  }
  return [...tokens];
}

function join(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    const tight =
      previous === undefined ||
      previous === '(' ||
      previous === '[' ||
      previous === '.' ||
      previous === '::' ||
      token === ')' ||
      token === ']' ||
      token === ',' ||
      token === '.' ||
      token === '::' ||
      (token === '(' && callers.test(previous) && !keywords.has(previous)) ||
      (token === '[' && previous !== 'array' && !/^[=<>]/.test(previous));
    out += tight ? token : ` ${token}`;
  });
  return out;
}
