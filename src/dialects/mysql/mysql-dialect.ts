import type { Connection } from '../../drivers/driver.js';
import type { Capabilities, Dialect } from '../dialect.js';
import { mysqlCore } from './mysql-core.js';
import { mysqlForeignKeyIndexRecovery } from './mysql-fk-index.js';
import { mysqlCompiler, refuseExpressionIndexes } from './mysql-compiler.js';
import { mysqlLock } from './mysql-lock.js';
import { normalizeMysql } from './mysql-normalize.js';
import { reflectMysql } from './mysql-reflector.js';

/** What MySQL 8 and MariaDB 10.11 can both do, as data. */
export const mysqlCapabilities: Capabilities = Object.freeze({
  // Every DDL statement commits implicitly: a failed step cannot be rolled back, so the runner
  // records the step before and after it. https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html
  transactionalDdl: false,
  alterColumn: true,
  alterConstraints: true,
  // ENUM('a','b') is inline in each column; there is no CREATE TYPE.
  enumTypes: false,
  extensions: false,
  // Tables live in the URL's database; a MySQL "schema" is another database.
  schemas: false,
  partialIndexes: false,
  // Functional key parts exist on MySQL 8.0.13+ but not on MariaDB: not across the family.
  // forServer(conn) turns it on for a MySQL server that has them (mysqlDialectFor).
  expressionIndexes: false,
  // CONCURRENTLY has no MySQL meaning; InnoDB builds indexes online anyway.
  concurrentIndexes: false,
  comments: true,
  // Enforced since MySQL 8.0.16 and MariaDB 10.2.1.
  checkConstraints: true,
  deferrableConstraints: false,
  arrays: false,
  vectors: false,
  // https://dev.mysql.com/doc/refman/8.0/en/identifier-length.html
  maxIdentifierLength: 64,
});

/** The server behind a mysql:// or mariadb:// URL, from `SELECT VERSION()`. */
export interface MysqlServer {
  readonly flavour: 'mysql' | 'mariadb';
  /** [major, minor, patch]; zeros where the text has no number. */
  readonly version: readonly [number, number, number];
  /** For messages: `MariaDB 10.11.19`, `MySQL 8.0.36`. */
  readonly label: string;
}

/**
 * Reads `VERSION()` text: MariaDB says so in it (`10.11.19-MariaDB-0+deb12u1`; the old
 * `5.5.5-10.x` prefix of replication handshakes is skipped), MySQL does not (`8.0.36`).
 *
 * @example
 * parseMysqlServer('10.11.19-MariaDB-0+deb12u1'); // { flavour: 'mariadb', version: [10, 11, 19], label: 'MariaDB 10.11.19' }
 */
export function parseMysqlServer(text: string): MysqlServer {
  const flavour = /mariadb/i.test(text) ? 'mariadb' : 'mysql';
  const numbers = /^(?:5\.5\.5-)?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  const version = [1, 2, 3].map((i) => Number(numbers?.[i] ?? 0)) as [number, number, number];
  const label = `${flavour === 'mariadb' ? 'MariaDB' : 'MySQL'} ${version.join('.')}`;
  return { flavour, version, label };
}

/** Functional key parts `((expr))`: MySQL 8.0.13 and later; no MariaDB to date. */
function hasFunctionalKeyParts(server: MysqlServer): boolean {
  if (server.flavour === 'mariadb') return false;
  const [major, minor, patch] = server.version;
  return major > 8 || (major === 8 && (minor > 0 || patch >= 13));
}

/**
 * The dialect as one server speaks it. Both flavours share everything but functional key parts:
 * MySQL 8.0.13+ reports `expressionIndexes` and compiles `CREATE INDEX ix ON t ((lower(email)))`;
 * elsewhere an index with an expression part is an UnsupportedOperationError at compile time,
 * so the runner's dry run refuses the migration before any of it is applied.
 *
 * @example
 * const dialect = mysqlDialectFor(parseMysqlServer('8.0.36')); // dialect.capabilities.expressionIndexes === true
 */
export function mysqlDialectFor(server: MysqlServer): Dialect {
  const functional = hasFunctionalKeyParts(server);
  const dialect: Dialect = {
    ...mysqlDialect,
    capabilities: Object.freeze({ ...mysqlCapabilities, expressionIndexes: functional }),
    compile(op, ctx) {
      if (!functional) refuseExpressionIndexes(op, server.label);
      return mysqlCompiler.compile(op, ctx);
    },
    forServer: async () => dialect,
  };
  return Object.freeze(dialect);
}

async function forServer(conn: Connection): Promise<Dialect> {
  const [row] = await conn.query<{ version: string }>('SELECT VERSION() AS version');
  return mysqlDialectFor(parseMysqlServer(String(row?.version ?? '')));
}

/**
 * The MySQL/MariaDB dialect: SQL compilation, reflection from information_schema, the canonical
 * form for compare, and the run lock (GET_LOCK on the run's own connection).
 *
 * `beginSql` is `START TRANSACTION`, for migrations that only change data; DDL still commits
 * implicitly (capabilities.transactionalDdl is false). `forServer(conn)` returns the dialect of
 * the connected server (MySQL 8 or MariaDB, see mysqlDialectFor); online runs use that one.
 *
 * @example
 * const model = mysqlDialect.normalize(await mysqlDialect.reflect(conn, { excludeTables: ['athanor_version'] }));
 */
export const mysqlDialect: Dialect = Object.freeze({
  name: 'mysql',
  capabilities: mysqlCapabilities,
  ...mysqlCompiler,
  tableNames: mysqlCore.tableNames,
  reflect: reflectMysql,
  normalize: normalizeMysql,
  lock: mysqlLock,
  beginSql: 'START TRANSACTION',
  // Without a server (offline), expression indexes compile as MySQL 8.0.13+ writes them.
  forServer,
  recover: (failed, conn) =>
    mysqlForeignKeyIndexRecovery(failed, conn, (name) => mysqlCompiler.quoteIdentifier(name)),
} satisfies Dialect);
