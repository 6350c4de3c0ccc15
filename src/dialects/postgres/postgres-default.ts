import type { DefaultValue } from '../../schema/model.js';

/**
 * Reads a column default as PostgreSQL prints it (`pg_get_expr(adbin, adrelid, true)`) into a
 * DefaultValue: a literal where the default is one constant, an SQL expression otherwise.
 *
 * PostgreSQL keeps the constant's type as a cast and quotes what it cannot print bare:
 *   'abc'::character varying -> 'abc'     '-1'::integer -> -1     1.50 -> 1.5     true -> true
 *   '{}'::jsonb -> '{}'     NULL::text -> (no default)     now() -> sql now()
 * Numbers keep their text (as a string literal) when a JS number would change them (bigint
 * beyond 2^53, numeric with more digits than a double holds).
 * https://www.postgresql.org/docs/current/catalog-pg-attrdef.html
 *
 * @example
 * parsePostgresDefault("'abc'::character varying") // { kind: 'literal', value: 'abc' }
 * parsePostgresDefault('CURRENT_TIMESTAMP')        // { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }
 */
export function parsePostgresDefault(text: string): DefaultValue | undefined {
  const expr = stripOuterParens(text.trim());
  if (/^null(?:::[\w ."[\]()]+)?$/i.test(expr)) return undefined;
  if (/^(?:true|false)$/i.test(expr))
    return { kind: 'literal', value: expr.toLowerCase() === 'true' };
  if (/^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(expr))
    return { kind: 'literal', value: numberOrText(expr) };
  const quoted = /^(E?)'((?:[^']|'')*)'((?:::[\w ."[\]()]+?)*)$/is.exec(expr);
  if (quoted) {
    const [, escape = '', body = '', casts = ''] = quoted;
    const value = unquote(body, escape !== '');
    const boolCast = /^::boolean$/i.test(casts.trim());
    if (boolCast && /^(?:t|true|f|false)$/i.test(value))
      return { kind: 'literal', value: /^t/i.test(value) };
    const numeric =
      /^::(?:integer|bigint|smallint|numeric|real|double precision)(?:\(\d+(?:,\d+)?\))?$/i.test(
        casts.trim(),
      );
    if (numeric && /^-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(value))
      return { kind: 'literal', value: numberOrText(value) };
    return { kind: 'literal', value };
  }
  return { kind: 'sql', sql: text.trim() };
}

/**
 * A JS number when it prints back as the same number, else the text (no silent rounding).
 *
 * @example
 * numberOrText('1.50');             // 1.5
 * numberOrText('9007199254740993'); // '9007199254740993'
 */
export function numberOrText(text: string): number | string {
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return sameNumber(String(n), text) ? n : text;
}

function sameNumber(a: string, b: string): boolean {
  const canon = (s: string): string => {
    if (/e/i.test(s)) return String(Number(s));
    const [int = '', frac = ''] = s.replace(/^\+/, '').split('.');
    const sign = int.startsWith('-') ? '-' : '';
    const digits = int.replace(/^-/, '').replace(/^0+(?=\d)/, '');
    const fraction = frac.replace(/0+$/, '');
    return `${sign}${digits}${fraction ? `.${fraction}` : ''}`;
  };
  const x = canon(a);
  const y = canon(b);
  return x === y || (x === '0' && y === '-0') || (x === '-0' && y === '0');
}

/** The body of a quoted literal: '' is one quote; in E'...' strings, backslash escapes too. */
function unquote(body: string, escapes: boolean): string {
  const text = body.replace(/''/g, "'");
  if (!escapes) return text;
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code.startsWith('x')) return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return (
      ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[code] ?? code
    );
  });
}

/** Strips parentheses that enclose the whole text: `(-1)` -> `-1`. */
function stripOuterParens(text: string): string {
  let out = text;
  while (out.startsWith('(') && out.endsWith(')') && enclosesAll(out))
    out = out.slice(1, -1).trim();
  return out;
}

function enclosesAll(text: string): boolean {
  let depth = 0;
  let quote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return true;
}
