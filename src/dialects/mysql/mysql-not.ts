import { closingParen, isPunct, type SqlToken } from '../shared/sql-tokenizer.js';

/**
 * MariaDB stores a CHECK clause with its NOTs pushed down: `NOT (a = 1)` comes back as
 * `a <> 1`, `NOT (a > 5 AND b IS NULL)` as `a <= 5 or b is not null`, `NOT b LIKE 'x%'` as
 * `b not like 'x%'` (observed on MariaDB 10.11, information_schema.CHECK_CONSTRAINTS). This
 * rewrite does the same to what a model says, so both compare equal. A NOT it cannot push down
 * (over a bare column, a function call) stays as written.
 *
 * @example
 * pushDownNot(tokenizeSql('NOT (a = 1 OR b IS NULL)', opts)); // a <> 1 and b is not null
 */
export function pushDownNot(tokens: readonly SqlToken[]): SqlToken[] {
  const out = [...tokens];
  // Innermost first: a NOT inside a NOT's operand is pushed down before its parent.
  for (let i = out.length - 1; i >= 0; i--) {
    if (!isWord(out[i], 'not') || !negationPosition(out[i - 1])) continue;
    const end = operandEnd(out, i + 1);
    const negated = negate(out.slice(i + 1, end));
    if (negated === undefined) continue;
    const needsParens =
      topLevel(negated, 'or') && (isWord(out[i - 1], 'and') || isWord(out[end], 'and'));
    out.splice(i, end - i, ...(needsParens ? wrap(negated) : negated));
  }
  return out;
}

const inverse: Readonly<Record<string, string>> = {
  '=': '<>',
  '<>': '=',
  '!=': '=',
  '<': '>=',
  '>=': '<',
  '>': '<=',
  '<=': '>',
};

function isWord(token: SqlToken | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toLowerCase() === word;
}

function word(text: string): SqlToken {
  return { kind: 'word', text, value: text, start: -1, end: -1 };
}

function punct(text: string): SqlToken {
  return { kind: 'punct', text, value: text, start: -1, end: -1 };
}

/** A NOT that negates what follows (not the NOT of NOT IN, IS NOT, NOT LIKE). */
function negationPosition(previous: SqlToken | undefined): boolean {
  return (
    previous === undefined ||
    isPunct(previous, '(') ||
    isPunct(previous, ',') ||
    ['and', 'or', 'not', 'check'].some((w) => isWord(previous, w))
  );
}

/** Where NOT's operand ends: at the next top-level AND, OR, comma or closing parenthesis. */
function operandEnd(tokens: readonly SqlToken[], from: number): number {
  let depth = 0;
  let between = false;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) {
      if (depth === 0) return i;
      depth--;
    } else if (depth > 0) continue;
    else if (isPunct(t, ',') || isWord(t, 'or')) return i;
    else if (isWord(t, 'between')) between = true;
    else if (isWord(t, 'and')) {
      if (!between) return i;
      between = false;
    }
  }
  return tokens.length;
}

/** The top-level parts of tokens between `separator` words (BETWEEN's AND is not one). */
function split(tokens: readonly SqlToken[], separator: 'and' | 'or'): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  let between = false;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth === 0 && isWord(t, 'between')) between = true;
    if (depth === 0 && isWord(t, separator)) {
      if (separator === 'and' && between) between = false;
      else {
        parts.push([]);
        continue;
      }
    }
    parts.at(-1)?.push(t);
  }
  return parts;
}

function topLevel(tokens: readonly SqlToken[], separator: 'and' | 'or'): boolean {
  return split(tokens, separator).length > 1;
}

/** Without parentheses around the whole. */
function unwrap(tokens: readonly SqlToken[]): SqlToken[] {
  let inner = [...tokens];
  while (isPunct(inner[0], '(') && closingParen(inner, 0) === inner.length - 1) {
    inner = inner.slice(1, -1);
  }
  return inner;
}

function wrap(tokens: readonly SqlToken[]): SqlToken[] {
  return [punct('('), ...tokens, punct(')')];
}

/** NOT of tokens, pushed down as MariaDB does; undefined when it keeps the NOT. */
function negate(operand: readonly SqlToken[]): SqlToken[] | undefined {
  const tokens = unwrap(operand);
  for (const [separator, joiner] of [
    ['or', 'and'],
    ['and', 'or'],
  ] as const) {
    const parts = split(tokens, separator);
    if (parts.length < 2) continue;
    const negated = parts.map(negate);
    if (negated.some((p) => p === undefined)) return undefined;
    // NOT (a AND b) is an OR of the parts; under AND an OR part keeps its parentheses.
    return negated.flatMap((p, i) => [
      ...(i > 0 ? [word(joiner)] : []),
      ...(joiner === 'and' && topLevel(p ?? [], 'or') ? wrap(p ?? []) : (p ?? [])),
    ]);
  }
  return negatePredicate(tokens);
}

/** `a = 1` -> `a <> 1`, `a IS NULL` -> `a is not null`, `a IN (..)` -> `a not in (..)`. */
function negatePredicate(tokens: readonly SqlToken[]): SqlToken[] | undefined {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    if (depth > 0 || t === undefined) continue;
    const inverted = t.kind === 'punct' ? inverse[t.text] : undefined;
    if (inverted !== undefined) {
      return [...tokens.slice(0, i), punct(inverted), ...tokens.slice(i + 1)];
    }
    if (isWord(t, 'is')) {
      return isWord(tokens[i + 1], 'not')
        ? [...tokens.slice(0, i + 1), ...tokens.slice(i + 2)]
        : [...tokens.slice(0, i + 1), word('not'), ...tokens.slice(i + 1)];
    }
    if (['in', 'like', 'between'].some((w) => isWord(t, w))) {
      return isWord(tokens[i - 1], 'not')
        ? [...tokens.slice(0, i - 1), ...tokens.slice(i)]
        : [...tokens.slice(0, i), word('not'), ...tokens.slice(i)];
    }
  }
  return undefined;
}
