import { closingParen, isPunct, type SqlToken } from '../shared/sql-tokenizer.js';

/**
 * MariaDB prints a CHECK clause with only the parentheses precedence needs: `(a * 2) < 500`
 * comes back as `a * 2 < 500`, `(a > 1 AND b > 2) OR c < 0` as `a > 1 and b > 2 or c < 0`,
 * `id > (a)` as `id > a` (observed on MariaDB 10.11). This drops the same parentheses from what
 * a model says. It is conservative: parentheses between two arithmetic operators, or around a
 * comparison next to another comparison, stay (so `(a = 1) = b` may still differ).
 * https://mariadb.com/kb/en/operator-precedence/
 *
 * @example
 * dropRedundantParens(tokenizeSql('(a * 2) < 500', opts)); // a * 2 < 500
 */
export function dropRedundantParens(tokens: readonly SqlToken[]): SqlToken[] {
  let out = [...tokens];
  for (let before = -1; before !== out.length;) {
    before = out.length;
    out = dropOnePair(out);
  }
  return out;
}

/** Tightest first: 0 terms and arithmetic, 1 comparisons, 2 NOT, 3 AND (and BETWEEN), 4 OR, 5 a list. */
type Level = 0 | 1 | 2 | 3 | 4 | 5;

const comparisons = new Set(['=', '<>', '!=', '<', '>', '<=', '>=', '<=>']);
const comparisonWords = new Set(['is', 'in', 'like', 'regexp', 'rlike']);

function wordOf(token: SqlToken | undefined): string {
  return token?.kind === 'word' ? token.text.toLowerCase() : '';
}

function isComparison(token: SqlToken | undefined): boolean {
  return (
    (token?.kind === 'punct' && comparisons.has(token.text)) || comparisonWords.has(wordOf(token))
  );
}

function looseness(tokens: readonly SqlToken[], from: number, to: number): Level {
  let depth = 0;
  let level: Level = 0;
  const raise = (next: Level) => {
    if (level < next) level = next;
  };
  for (let i = from; i < to; i++) {
    const t = tokens[i];
    const w = wordOf(t);
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth > 0) continue;
    else if (isPunct(t, ',')) return 5;
    else if (w === 'or' || w === 'xor' || isPunct(t, '||')) raise(4);
    else if (w === 'and' || w === 'between' || isPunct(t, '&&')) raise(3);
    else if (w === 'not' && (i === from || ['and', 'or', 'not'].includes(wordOf(tokens[i - 1]))))
      raise(2);
    else if (isComparison(t) || w === 'not') raise(1);
  }
  return level;
}

function neighbourAllows(neighbour: SqlToken | undefined, level: Level): boolean {
  const w = wordOf(neighbour);
  if (neighbour === undefined || isPunct(neighbour, '(') || isPunct(neighbour, ')'))
    return level < 5;
  if (isPunct(neighbour, ',')) return level < 5;
  if (w === 'or') return level <= 4;
  if (w === 'and') return level <= 3;
  if (w === 'not') return level <= 1;
  if (isComparison(neighbour) && w !== 'in') return level === 0;
  return false;
}

function dropOnePair(tokens: SqlToken[]): SqlToken[] {
  for (let open = 0; open < tokens.length; open++) {
    if (!isPunct(tokens[open], '(')) continue;
    const previous = tokens[open - 1];
    // A call's or an IN list's parentheses are syntax: f(x), IN (x) stay.
    const word = wordOf(previous);
    if (
      (previous?.kind === 'word' || previous?.kind === 'identifier') &&
      !['and', 'or', 'not', 'xor'].includes(word)
    )
      continue;
    const close = closingParen(tokens, open);
    if (close < 0) continue;
    const level = looseness(tokens, open + 1, close);
    const single = close === open + 2;
    if (single || (neighbourAllows(previous, level) && neighbourAllows(tokens[close + 1], level)))
      return [
        ...tokens.slice(0, open),
        ...tokens.slice(open + 1, close),
        ...tokens.slice(close + 1),
      ];
  }
  return tokens;
}
