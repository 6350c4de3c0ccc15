/**
 * A small SQL tokenizer for reading back what databases store as text: SQLite's CREATE TABLE /
 * CREATE INDEX statements and the expressions MySQL/MariaDB report for CHECK constraints and
 * defaults. It respects quotes, comments and parentheses; it is not a parser.
 *
 * @example
 * tokenizeSql(`"a b" > 'it''s'`).map((t) => t.value); // ['a b', '>', "it's"]
 */
export interface SqlToken {
  /**
   * `word`: a bare word (keyword, identifier or function name); `identifier`: a quoted identifier;
   * `string`: a string literal; `number`; `blob`: X'..'; `punct`: an operator or bracket.
   */
  readonly kind: 'word' | 'identifier' | 'string' | 'number' | 'blob' | 'punct';
  /** The token as written. */
  readonly text: string;
  /** Identifier without quotes, string literal unescaped; otherwise the text. */
  readonly value: string;
  /** Offsets in the source text: `source.slice(start, end) === text`. */
  readonly start: number;
  readonly end: number;
}

export interface TokenizeOptions {
  /** MySQL: `\` escapes inside '...' (the default sql_mode). */
  readonly backslashEscapes?: boolean;
  /** MySQL without ANSI_QUOTES: "..." is a string literal, not an identifier. */
  readonly doubleQuotedStrings?: boolean;
  /** MySQL: `#` starts a comment. */
  readonly hashComments?: boolean;
}

const operators = ['<=>', '<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '->>', '->', '::'];
const backslashMap: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  b: '\b',
  Z: '\x1a',
};

/**
 * Splits SQL text into tokens; comments and whitespace are dropped.
 *
 * @example
 * tokenizeSql('CHECK (x IN (1, 2)) -- note').length; // 10
 */
export function tokenizeSql(source: string, options: TokenizeOptions = {}): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) i++;
    else if (source.startsWith('--', i) || (ch === '#' && options.hashComments))
      i = endOfLine(source, i);
    else if (source.startsWith('/*', i)) i = endOfComment(source, i);
    else {
      const token = readToken(source, i, options);
      tokens.push(token);
      i = token.end;
    }
  }
  return tokens;
}

function endOfLine(source: string, i: number): number {
  const n = source.indexOf('\n', i);
  return n === -1 ? source.length : n + 1;
}

function endOfComment(source: string, i: number): number {
  const n = source.indexOf('*/', i + 2);
  return n === -1 ? source.length : n + 2;
}

function readToken(source: string, start: number, options: TokenizeOptions): SqlToken {
  const ch = source[start] as string;
  const make = (kind: SqlToken['kind'], end: number, value?: string): SqlToken => {
    const text = source.slice(start, end);
    return { kind, text, value: value ?? text, start, end };
  };
  if ((ch === 'x' || ch === 'X') && source[start + 1] === "'") {
    const q = readQuoted(source, start + 1, "'", false);
    return make('blob', q.end);
  }
  if (ch === "'" || (ch === '"' && options.doubleQuotedStrings)) {
    const q = readQuoted(source, start, ch, options.backslashEscapes === true);
    return make('string', q.end, q.value);
  }
  if (ch === '"' || ch === '`') {
    const q = readQuoted(source, start, ch, false);
    return make('identifier', q.end, q.value);
  }
  if (ch === '[') {
    const end = source.indexOf(']', start);
    const stop = end === -1 ? source.length : end + 1;
    return make('identifier', stop, source.slice(start + 1, stop - 1));
  }
  const number = /^(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+)/.exec(
    source.slice(start),
  );
  if (number) return make('number', start + number[0].length);
  const word = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(source.slice(start));
  if (word) return make('word', start + word[0].length);
  const op = operators.find((o) => source.startsWith(o, start));
  return make('punct', start + (op?.length ?? 1));
}

/** Reads '...' / "..." / `...` starting at the opening quote; a doubled quote is one quote. */
function readQuoted(
  source: string,
  start: number,
  quote: string,
  backslash: boolean,
): { end: number; value: string } {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] as string;
    if (backslash && ch === '\\' && i + 1 < source.length) {
      const next = source[i + 1] as string;
      value += backslashMap[next] ?? next;
      i += 2;
    } else if (ch === quote) {
      if (source[i + 1] === quote) {
        value += quote;
        i += 2;
      } else return { end: i + 1, value };
    } else {
      value += ch;
      i++;
    }
  }
  return { end: source.length, value };
}

/**
 * Index of the `)` matching the `(` at `open`, or -1 when unbalanced.
 *
 * @example
 * closingParen(tokenizeSql('(a, (b)) c'), 0); // 5
 */
export function closingParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i] as SqlToken;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Splits tokens at commas that are not inside parentheses.
 *
 * @example
 * splitTopLevel(tokenizeSql('a, f(b, c), d')).length; // 3
 */
export function splitTopLevel(tokens: readonly SqlToken[]): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') parts.push([]);
    else (parts[parts.length - 1] as SqlToken[]).push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/**
 * The source text covered by a run of tokens (original spacing and comments inside kept).
 *
 * @example
 * const src = 'a  +  b'; sourceText(src, tokenizeSql(src)); // 'a  +  b'
 */
export function sourceText(source: string, tokens: readonly SqlToken[]): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  return first && last ? source.slice(first.start, last.end) : '';
}

/** True when the token is the keyword `word` (case-insensitive, bare). */
export function isKeyword(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === word;
}

/** True when the token is the punctuation `text`. */
export function isPunct(token: SqlToken | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}
