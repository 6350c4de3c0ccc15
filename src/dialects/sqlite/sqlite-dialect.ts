import type { Capabilities, Dialect } from '../dialect.js';
import { sqliteRebuiltTable } from './sqlite-add-column.js';
import { sqliteCore } from './sqlite-core.js';
import { sqliteCompiler } from './sqlite-compiler.js';
import { sqliteLock } from './sqlite-lock.js';
import { normalizeSqlite } from './sqlite-normalize.js';
import { reflectSqlite } from './sqlite-reflector.js';

/** What SQLite (3.37+, as bundled with better-sqlite3 12) can do, as data. */
export const sqliteCapabilities: Capabilities = Object.freeze({
  // DDL is transactional: a failed migration step rolls back whole.
  transactionalDdl: true,
  // No ALTER COLUMN and no ADD/DROP CONSTRAINT: those become a copy-and-move of the table.
  // https://www.sqlite.org/lang_altertable.html#otheralter
  alterColumn: false,
  alterConstraints: false,
  // Enums are TEXT + CHECK (col IN (...)); no CREATE TYPE.
  enumTypes: false,
  extensions: false,
  // ATTACHed databases are not schemas a migration manages.
  schemas: false,
  partialIndexes: true,
  expressionIndexes: true,
  concurrentIndexes: false,
  comments: false,
  checkConstraints: true,
  // Foreign keys can be DEFERRABLE INITIALLY DEFERRED: https://www.sqlite.org/foreignkeys.html#fk_deferred
  deferrableConstraints: true,
  arrays: false,
  vectors: false,
  // SQLite has no identifier length limit short of SQLITE_MAX_SQL_LENGTH.
  maxIdentifierLength: Number.MAX_SAFE_INTEGER,
});

/**
 * The SQLite dialect: SQL compilation (with copy-and-move for the ALTERs SQLite lacks),
 * reflection from sqlite_schema and the PRAGMA functions, the canonical form for compare, and the
 * run lock (a sidecar lock file; see sqlite-lock.ts).
 *
 * Migration transactions start with `BEGIN IMMEDIATE`, which takes the write lock up front. A
 * plain (deferred) BEGIN takes it only at the first write, so two connections that have both
 * read could each wait for the other to finish to upgrade to writing, and one fails with
 * SQLITE_BUSY mid-migration; IMMEDIATE makes the second wait at BEGIN instead, before it has
 * done anything. https://www.sqlite.org/lang_transaction.html#deferred_immediate_and_exclusive_transactions
 *
 * @example
 * const model = sqliteDialect.normalize(await sqliteDialect.reflect(conn, { excludeTables: ['athanor_version'] }));
 */
export const sqliteDialect: Dialect = Object.freeze({
  name: 'sqlite',
  capabilities: sqliteCapabilities,
  ...sqliteCompiler,
  tableNames: sqliteCore.tableNames,
  reflect: reflectSqlite,
  normalize: normalizeSqlite,
  lock: sqliteLock,
  beginSql: 'BEGIN IMMEDIATE',
  rebuiltTable: sqliteRebuiltTable,
} satisfies Dialect);
