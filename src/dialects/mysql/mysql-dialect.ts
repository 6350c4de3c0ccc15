import type { Capabilities, Dialect } from '../dialect.js';
import { mysqlCompiler } from './mysql-compiler.js';
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

/**
 * The MySQL/MariaDB dialect: SQL compilation, reflection from information_schema, the canonical
 * form for compare, and the run lock (GET_LOCK on the run's own connection).
 *
 * `beginSql` is `START TRANSACTION`, for migrations that only change data; DDL still commits
 * implicitly (capabilities.transactionalDdl is false).
 *
 * @example
 * const model = mysqlDialect.normalize(await mysqlDialect.reflect(conn, { excludeTables: ['athanor_version'] }));
 */
export const mysqlDialect: Dialect = Object.freeze({
  name: 'mysql',
  capabilities: mysqlCapabilities,
  ...mysqlCompiler,
  reflect: reflectMysql,
  normalize: normalizeMysql,
  lock: mysqlLock,
  beginSql: 'START TRANSACTION',
} satisfies Dialect);
