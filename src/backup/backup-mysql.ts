import { describeUrl, type ParsedUrl } from '../config/url.js';
import { mysqlIdentifierRules, quoteIdentifierWith } from '../dialects/shared/quoting.js';
import { connect } from '../drivers/registry.js';
import { AthanorError } from '../errors.js';
import { runTool } from './backup-tools.js';

/** A MySQL/MariaDB server URL. */
export type MysqlUrl = Extract<ParsedUrl, { readonly host: string }>;

function mysqlArgs(url: MysqlUrl): string[] {
  return ['-h', url.host, '-P', String(url.port), ...(url.user ? ['-u', url.user] : [])];
}

/** The password through MYSQL_PWD, so `ps` never shows it. */
function mysqlEnv(url: MysqlUrl): Record<string, string> {
  return url.password ? { MYSQL_PWD: url.password } : {};
}

function databaseOf(url: MysqlUrl, what: string): string {
  if (!url.database) throw new AthanorError('E_URL', `a MySQL ${what} needs a database in the URL`);
  return url.database;
}

/**
 * `mysqldump --single-transaction` (a consistent InnoDB snapshot without locking writers) of the
 * URL's database, with routines and triggers.
 *
 * @example
 * await backupMysql(url, '/backups/app-20250101T000000Z-base.sql');
 */
export async function backupMysql(url: MysqlUrl, target: string): Promise<void> {
  const database = databaseOf(url, 'backup');
  const args = [...mysqlArgs(url), '--single-transaction', '--routines', '--triggers', database];
  const run = await runTool('mysqldump', args, { env: mysqlEnv(url), stdoutFile: target });
  if (run.code !== 0)
    throw new AthanorError('E_CONNECT', `mysqldump of ${describeUrl(url)} failed: ${run.stderr}`);
}

/**
 * Puts the database back in the state of a mysqldump file: first drops every table and view of
 * the database (those created after the backup would otherwise survive it), then runs the
 * dump with the `mysql` client. MySQL commits DDL at once, so this cannot be one transaction.
 *
 * @example
 * await restoreMysql(url, '/backups/app-20250101T000000Z-base.sql');
 */
export async function restoreMysql(url: MysqlUrl, source: string): Promise<void> {
  const database = databaseOf(url, 'restore');
  await dropAllTables(url);
  const run = await runTool('mysql', [...mysqlArgs(url), database], {
    env: mysqlEnv(url),
    stdinFile: source,
  });
  if (run.code !== 0)
    throw new AthanorError('E_CONNECT', `restore into ${describeUrl(url)} failed: ${run.stderr}`);
}

async function dropAllTables(url: MysqlUrl): Promise<void> {
  const conn = await connect(url);
  try {
    const rows = await conn.query<{ name: string; type: string }>(
      'SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = DATABASE()',
    );
    const quote = (name: string) => quoteIdentifierWith(mysqlIdentifierRules, name);
    // Views first (they name tables); foreign keys off so the order of tables does not matter.
    await conn.execute('SET FOREIGN_KEY_CHECKS = 0');
    for (const row of rows.filter((r) => r.type === 'VIEW'))
      await conn.execute(`DROP VIEW IF EXISTS ${quote(row.name)}`);
    for (const row of rows.filter((r) => r.type !== 'VIEW'))
      await conn.execute(`DROP TABLE IF EXISTS ${quote(row.name)}`);
    await conn.execute('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await conn.close();
  }
}
