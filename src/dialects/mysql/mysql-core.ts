import type { Connection } from '../../drivers/driver.js';
import { AthanorError } from '../../errors.js';
import type { DialectCore } from '../dialect.js';
import { mysqlLiteralStyle, renderLiteral } from '../shared/literals.js';
import { mysqlIdentifierRules, quoteIdentifierWith } from '../shared/quoting.js';

const quoteIdentifier = (name: string): string => quoteIdentifierWith(mysqlIdentifierRules, name);
const literal = (value: unknown): string => renderLiteral(mysqlLiteralStyle, value);

/**
 * The base tables of the database (`schema`, default the connection's) among the names, by the
 * reflector's rules (mysql-reflector.ts), and its error when the URL names no database. One
 * row comes back even when no table matches, carrying DATABASE(). information_schema may
 * compare names without regard to case (lower_case_table_names), so names are matched again
 * here, exactly, as the reflector does.
 */
async function tableNames(
  conn: Connection,
  names: readonly string[],
  schema?: string,
): Promise<ReadonlySet<string>> {
  const list = names.length === 0 ? 'NULL' : names.map(() => '?').join(', ');
  const rows = await conn.query<{ db: string | null; tbl: string | null }>(
    `SELECT DATABASE() AS db, t.TABLE_NAME AS tbl
       FROM (SELECT 1 AS one) AS x
       LEFT JOIN information_schema.TABLES AS t
         ON t.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND t.TABLE_TYPE = 'BASE TABLE'
        AND t.TABLE_NAME IN (${list})`,
    [schema ?? null, ...names],
  );
  if (!schema && !rows[0]?.db) {
    throw new AthanorError(
      'E_REFLECT',
      `mysql: no database to reflect on ${conn.description}: put one in the URL (mysql://host/db)`,
    );
  }
  const found = rows.map((r) => r.tbl).filter((name): name is string => name !== null);
  return new Set(found.filter((name) => names.includes(name)));
}

/**
 * MySQL's and MariaDB's SQL spelling (`?` placeholders, backquotes) and table probe;
 * mysql-dialect.ts builds the whole dialect on it.
 *
 * @example
 * await mysqlCore.tableNames(conn, ['athanor_version']);
 */
export const mysqlCore: DialectCore = Object.freeze({
  name: 'mysql',
  placeholder: () => '?',
  quoteIdentifier,
  literal,
  tableNames,
} satisfies DialectCore);
