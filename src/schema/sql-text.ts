import { renderSql, type SqlFragment, type SqlRenderer } from '../operations/sql-tag.js';

/**
 * Writes values inline, as DDL text needs them (a default, a CHECK, an index predicate cannot
 * take bound parameters). Identifiers are quoted with double quotes (standard SQL; PostgreSQL,
 * SQLite, and MySQL with ANSI_QUOTES) because the model holds one dialect-neutral text.
 */
const ddlRenderer: SqlRenderer = Object.freeze({
  placeholder: () => {
    throw new Error('DDL text has no placeholders');
  },
  quoteIdentifier: (name: string) => `"${name.replace(/"/g, '""')}"`,
  literal: ddlLiteral,
});

/**
 * An SQL literal for a JavaScript value: strings quoted with '' doubled, numbers as they are,
 * booleans as TRUE/FALSE, null as NULL, dates as ISO-8601 strings, arrays as comma lists.
 *
 * @example
 * ddlLiteral("it's"); // "'it''s'"
 */
export function ddlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return quoteString(value.toISOString());
  if (Array.isArray(value)) return value.map((item) => ddlLiteral(item)).join(', ');
  if (typeof value === 'string') return quoteString(value);
  return quoteString(JSON.stringify(value));
}

function quoteString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The text of an sql`` fragment (or a plain string) with every value written as a literal.
 *
 * @example
 * sqlText(sql`status <> ${'deleted'}`); // "status <> 'deleted'"
 */
export function sqlText(input: SqlFragment | string): string {
  return renderSql(input, ddlRenderer, { inline: true }).sql;
}
