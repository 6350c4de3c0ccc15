/**
 * `x BETWEEN a AND b` as PostgreSQL stores it: `x >= a AND x <= b` (the parser expands it, and
 * `pg_get_expr` prints the expansion), so a model's check or predicate compares equal to the
 * catalog's. Token-level, for the simple forms only: each operand one term (a name, a literal, a
 * function call, a parenthesized group, with casts), the whole BETWEEN standing alone between
 * AND/OR, parentheses or the ends. Anything else (NOT BETWEEN, SYMMETRIC, arithmetic operands)
 * is left as written.
 * https://www.postgresql.org/docs/current/functions-comparison.html
 *
 * @example
 * betweenAsComparisons(['id', 'between', '1', 'and', '10']); // ['id', '>=', '1', 'and', 'id', '<=', '10']
 */
export function betweenAsComparisons(tokens: readonly string[]): string[] {
  let out = [...tokens];
  for (let i = out.indexOf('between'); i >= 0; i = out.indexOf('between', i + 1)) {
    const rewritten = rewriteAt(out, i);
    if (rewritten) {
      out = rewritten.tokens;
      i = rewritten.next - 1;
    }
  }
  return out;
}

/** Tokens that may stand right before or after a whole BETWEEN (lower case: canonical tokens). */
const before = new Set(['(', 'and', 'or']);
const after = new Set([')', 'and', 'or']);

function rewriteAt(
  tokens: readonly string[],
  at: number,
): { tokens: string[]; next: number } | undefined {
  const start = termStart(tokens, at - 1);
  if (start === undefined) return undefined;
  const low = termEnd(tokens, at + 1);
  if (low === undefined || tokens[low + 1] !== 'and') return undefined;
  const high = termEnd(tokens, low + 2);
  if (high === undefined) return undefined;
  const previous = tokens[start - 1];
  const following = tokens[high + 1];
  if (previous !== undefined && !before.has(previous)) return undefined;
  if (following !== undefined && !after.has(following)) return undefined;
  const x = tokens.slice(start, at);
  const expanded = [
    ...x,
    '>=',
    ...tokens.slice(at + 1, low + 1),
    'and',
    ...x,
    '<=',
    ...tokens.slice(low + 2, high + 1),
  ];
  return {
    tokens: [...tokens.slice(0, start), ...expanded, ...tokens.slice(high + 1)],
    next: start + expanded.length,
  };
}

const word = /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")*")$/;
const literal = /^(?:-?[\d.]|'|[Ee]')/;
const reserved = new Set(['and', 'or', 'not', 'between', 'symmetric', 'is', 'in', 'like']);

const isAtom = (token: string | undefined): boolean =>
  token !== undefined && !reserved.has(token) && (word.test(token) || literal.test(token));

/** Index of the bracket matching the one at `from`, scanning in `step` direction, or -1. */
function matching(tokens: readonly string[], from: number, step: 1 | -1): number {
  const open = tokens[from];
  const close = open === '(' ? ')' : open === ')' ? '(' : open === '[' ? ']' : '[';
  let depth = 0;
  for (let i = from; i >= 0 && i < tokens.length; i += step) {
    if (tokens[i] === open) depth++;
    else if (tokens[i] === close && --depth === 0) return i;
  }
  return -1;
}

/** Last index of the one term that starts at `from` (casts included), or undefined. */
function termEnd(tokens: readonly string[], from: number): number | undefined {
  let end: number;
  if (tokens[from] === '(') end = matching(tokens, from, 1);
  else if (isAtom(tokens[from])) {
    end = from;
    while (tokens[end + 1] === '.' && isAtom(tokens[end + 2])) end += 2;
    if (tokens[end + 1] === '(' && word.test(tokens[end] ?? '')) end = matching(tokens, end + 1, 1);
  } else return undefined;
  if (end < 0) return undefined;
  while (tokens[end + 1] === '::' && isAtom(tokens[end + 2])) {
    end += 2;
    while (isAtom(tokens[end + 1]) && tokens[end] !== ')') end++; // `character varying`
    if (tokens[end + 1] === '(') end = matching(tokens, end + 1, 1);
    while (tokens[end + 1] === '[' && tokens[end + 2] === ']') end += 2;
    if (end < 0) return undefined;
  }
  return end;
}

/** First index of the one term that ends at `to` (casts included), or undefined. */
function termStart(tokens: readonly string[], to: number): number | undefined {
  let start = to;
  for (let guard = 0; guard < tokens.length; guard++) {
    if (tokens[start] === ')' || tokens[start] === ']') {
      start = matching(tokens, start, -1);
      if (start < 0) return undefined;
      if (
        tokens[start] === '(' &&
        word.test(tokens[start - 1] ?? '') &&
        !reserved.has(tokens[start - 1] ?? '')
      )
        start--;
    } else if (!isAtom(tokens[start])) return undefined;
    while (tokens[start - 1] === '.' && isAtom(tokens[start - 2])) start -= 2;
    // A cast: step over the type to the term it casts.
    const cast = castBefore(tokens, start);
    if (cast === undefined) return start;
    start = cast;
  }
  return undefined;
}

/** When `tokens[at]` begins a type name after `::` (possibly several words), the index before `::`. */
function castBefore(tokens: readonly string[], at: number): number | undefined {
  for (let i = at; i >= 1 && isAtom(tokens[i]); i--) {
    if (tokens[i - 1] === '::') return i - 2;
  }
  return undefined;
}
