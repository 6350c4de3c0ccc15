/**
 * Naming convention for constraints and indexes that the model leaves unnamed (Alembic's
 * `naming_convention`). Each entry is a template with `{table}`, `{columns}` (joined by `_`),
 * `{column0}`, `{refTable}` and `{refColumns}`, or a function of those parts. Names longer than
 * `maxLength` are cut and end in `_` plus 8 hex digits of a hash of the full name, so two long
 * names that share a prefix stay distinct and the same input always gives the same name.
 *
 * @example
 * const naming = defineNamingConvention({ index: 'idx_{table}_{columns}' });
 * constraintName('index', { table: 'jobs', columns: ['title'] }, naming); // 'idx_jobs_title'
 */
export interface NamingConvention {
  readonly primaryKey: NameTemplate;
  readonly unique: NameTemplate;
  readonly foreignKey: NameTemplate;
  readonly index: NameTemplate;
  readonly check: NameTemplate;
  /** Longest identifier produced; 63 is PostgreSQL's limit (MySQL allows 64). */
  readonly maxLength: number;
}

/** What a name is made of. `columns` holds sanitised column names (or expression words). */
export interface NameParts {
  readonly table: string;
  readonly columns: readonly string[];
  readonly refTable?: string;
  readonly refColumns?: readonly string[];
}

export type NameTemplate = string | ((parts: NameParts) => string);

export type NamedObjectKind = 'primaryKey' | 'unique' | 'foreignKey' | 'index' | 'check';

/**
 * The default convention: `pk_users`, `uq_users_email`, `fk_resumes_user_id_users`,
 * `ix_jobs_title`, `ck_resumes_body`.
 *
 * @example
 * constraintName('foreignKey', { table: 'resumes', columns: ['user_id'], refTable: 'users' }); // 'fk_resumes_user_id_users'
 */
export const defaultNamingConvention: NamingConvention = Object.freeze({
  primaryKey: 'pk_{table}',
  unique: 'uq_{table}_{columns}',
  foreignKey: 'fk_{table}_{columns}_{refTable}',
  index: 'ix_{table}_{columns}',
  check: 'ck_{table}_{columns}',
  maxLength: 63,
});

/**
 * Builds a convention from the default, overriding only the given entries.
 *
 * @example
 * const naming = defineNamingConvention({ primaryKey: '{table}_pkey', maxLength: 64 });
 */
export function defineNamingConvention(
  overrides: Partial<NamingConvention> = {},
): NamingConvention {
  return Object.freeze({ ...defaultNamingConvention, ...overrides });
}

/**
 * The conventional name of a constraint or index, truncated to the convention's `maxLength`.
 *
 * @example
 * constraintName('unique', { table: 'users', columns: ['email'] }); // 'uq_users_email'
 */
export function constraintName(
  kind: NamedObjectKind,
  parts: NameParts,
  naming: NamingConvention = defaultNamingConvention,
): string {
  const template = naming[kind];
  const name = typeof template === 'function' ? template(parts) : fillTemplate(template, parts);
  return truncateIdentifier(name, naming.maxLength);
}

function fillTemplate(template: string, parts: NameParts): string {
  const values: Readonly<Record<string, string>> = {
    table: parts.table,
    columns: parts.columns.join('_'),
    column0: parts.columns[0] ?? '',
    refTable: parts.refTable ?? '',
    refColumns: (parts.refColumns ?? []).join('_'),
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * Cuts a name to `maxLength`, ending it in `_` + 8 hex digits of the full name's hash.
 *
 * @example
 * truncateIdentifier('ix_' + 'a'.repeat(80), 63).length; // 63
 */
export function truncateIdentifier(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const suffix = `_${shortHash(name)}`;
  return name.slice(0, Math.max(0, maxLength - suffix.length)) + suffix;
}

/**
 * FNV-1a (32 bit) of a string as 8 hex digits: stable across runs and platforms.
 *
 * @example
 * shortHash('abc'); // '1a47e90b'
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Words of an SQL expression usable in a name: `lower(email)` gives `lower_email`.
 *
 * @example
 * expressionNamePart('lower(email)'); // 'lower_email'
 */
export function expressionNamePart(expression: string): string {
  const words = expression.toLowerCase().match(/[a-z0-9_]+/g) ?? [];
  return words.length > 0 ? words.join('_') : shortHash(expression);
}

/**
 * The columns a check expression mentions, in order of first appearance; a check that mentions
 * none is named after a hash of its text. `length(body) > 0` on resumes gives `['body']`.
 *
 * @example
 * checkNameColumns('length(body) > 0', ['id', 'body']); // ['body']
 */
export function checkNameColumns(expression: string, tableColumns: readonly string[]): string[] {
  const known = new Set(tableColumns);
  const found: string[] = [];
  for (const match of expression.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    const word = match[1] !== undefined ? match[1].replace(/""/g, '"') : (match[2] ?? '');
    if (known.has(word) && !found.includes(word)) found.push(word);
  }
  return found.length > 0 ? found : [shortHash(expression)];
}
