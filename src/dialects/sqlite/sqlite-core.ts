import type { Connection } from '../../drivers/driver.js';
import type { DialectCore } from '../dialect.js';
import { renderLiteral, sqliteLiteralStyle } from '../shared/literals.js';
import { quoteIdentifierWith, sqliteIdentifierRules } from '../shared/quoting.js';

const quoteIdentifier = (name: string): string => quoteIdentifierWith(sqliteIdentifierRules, name);
const literal = (value: unknown): string => renderLiteral(sqliteLiteralStyle, value);

/**
 * The tables of `main` among the names, by the reflector's rules (sqlite-reflector.ts): ordinary
 * tables only (pragma_table_list, SQLite 3.37+, tells virtual and shadow tables apart), never
 * SQLite's own `sqlite_*`. SQLite has no schemas, so `schema` does not apply, as in reflect.
 */
async function tableNames(
  conn: Connection,
  names: readonly string[],
): Promise<ReadonlySet<string>> {
  const rows = await conn.query<{ name: string }>(
    `SELECT s.name AS name FROM sqlite_schema AS s
     JOIN pragma_table_list AS l ON l.name = s.name AND l.schema = 'main'
     WHERE s.type = 'table' AND l.type = 'table' AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
       AND s.name IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(names)],
  );
  return new Set(rows.map((r) => r.name).filter((name) => names.includes(name)));
}

/**
 * SQLite's SQL spelling (`?` placeholders, `"` quoting) and table probe; sqlite-dialect.ts
 * builds the whole dialect on it.
 *
 * @example
 * await sqliteCore.tableNames(conn, ['athanor_version', 'athanor_version_log']);
 */
export const sqliteCore: DialectCore = Object.freeze({
  name: 'sqlite',
  placeholder: () => '?',
  quoteIdentifier,
  literal,
  tableNames,
} satisfies DialectCore);
