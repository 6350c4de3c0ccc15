/**
 * The `sql` tagged template: SQL text with bound values that each dialect renders with its own
 * placeholders ($1 on PostgreSQL, ? on SQLite and MySQL), so one migration runs everywhere.
 *
 * Fragments are recognised by a registry-wide symbol rather than `instanceof`, because a user's
 * migration file and the CLI may load two copies of this module (a TS loader and the built dist).
 *
 * @example
 * await op.query(sql`SELECT id FROM users WHERE email = ${email}`);
 * t.timestamp().default(sql`CURRENT_TIMESTAMP`);
 */
const brand = Symbol.for('athanor.sql');

export interface SqlFragment {
  readonly [brand]: true;
  /** Literal text between the interpolations; always one more than `values`. */
  readonly strings: readonly string[];
  /** Bound values, nested fragments or identifiers, in order. */
  readonly values: readonly SqlValue[];
}

export interface SqlIdentifier {
  readonly [brand]: 'identifier';
  readonly parts: readonly string[];
}

export type SqlValue = unknown;

function fragment(strings: readonly string[], values: readonly SqlValue[]): SqlFragment {
  return Object.freeze({
    [brand]: true as const,
    strings: Object.freeze([...strings]),
    values: Object.freeze([...values]),
  });
}

export interface SqlTag {
  (strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment;
  /** Text inserted as is (never user input). */
  raw(text: string): SqlFragment;
  /** A quoted identifier, e.g. `sql.id('users', 'email')` renders `"users"."email"`. */
  id(...parts: string[]): SqlIdentifier;
  /** Joins fragments or values with a separator fragment (default `, `). */
  join(items: readonly SqlValue[], separator?: SqlFragment): SqlFragment;
}

export const sql: SqlTag = Object.assign(
  (strings: TemplateStringsArray, ...values: SqlValue[]) => fragment(strings, values),
  {
    raw: (text: string) => fragment([text], []),
    id: (...parts: string[]): SqlIdentifier =>
      Object.freeze({ [brand]: 'identifier' as const, parts: Object.freeze(parts) }),
    join(items: readonly SqlValue[], separator: SqlFragment = fragment([', '], [])): SqlFragment {
      if (items.length === 0) return fragment([''], []);
      const strings: string[] = [''];
      const values: SqlValue[] = [];
      items.forEach((item, i) => {
        if (i > 0) {
          values.push(separator);
          strings.push('');
        }
        values.push(item);
        strings.push('');
      });
      return fragment(strings, values);
    },
  },
);

export function isSqlFragment(value: unknown): value is SqlFragment {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === true
  );
}

export function isSqlIdentifier(value: unknown): value is SqlIdentifier {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[brand] === 'identifier'
  );
}

/** How a dialect writes the pieces of a fragment. */
export interface SqlRenderer {
  /** Placeholder for the n-th bound value (1-based): `$1` or `?`. */
  placeholder(index: number): string;
  quoteIdentifier(name: string): string;
  /** Inline literal, used when values cannot be bound (offline scripts). */
  literal(value: unknown): string;
}

/**
 * Renders a fragment to text plus parameters. With `inline`, values become literals and the
 * parameter list is empty (offline mode).
 */
export function renderSql(
  input: SqlFragment | string,
  renderer: SqlRenderer,
  options: { inline?: boolean; params?: readonly unknown[] } = {},
): { sql: string; params: unknown[] } {
  if (typeof input === 'string') {
    const params = [...(options.params ?? [])];
    if (options.inline && params.length > 0) {
      return { sql: inlineQuestionMarks(input, params, renderer), params: [] };
    }
    return { sql: input, params };
  }
  const params: unknown[] = [];
  const text = renderInto(input, renderer, params, options.inline === true);
  return { sql: text, params };
}

function renderInto(
  frag: SqlFragment,
  renderer: SqlRenderer,
  params: unknown[],
  inline: boolean,
): string {
  let out = frag.strings[0] ?? '';
  frag.values.forEach((value, i) => {
    if (isSqlFragment(value)) out += renderInto(value, renderer, params, inline);
    else if (isSqlIdentifier(value))
      out += value.parts.map((p) => renderer.quoteIdentifier(p)).join('.');
    else if (inline) out += renderer.literal(value);
    else {
      params.push(value);
      out += renderer.placeholder(params.length);
    }
    out += frag.strings[i + 1] ?? '';
  });
  return out;
}

/** Offline rendering of a plain string with `?`-style parameters (outside quotes). */
function inlineQuestionMarks(
  text: string,
  params: readonly unknown[],
  renderer: SqlRenderer,
): string {
  let index = 0;
  let out = '';
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else if (ch === '?' && index < params.length) {
      out += renderer.literal(params[index++]);
    } else out += ch;
  }
  return out;
}
