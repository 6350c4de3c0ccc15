import type { Capabilities, Dialect } from '../dialect.js';
import { postgresCore } from './postgres-core.js';
import { postgresCompiler } from './postgres-compiler.js';
import { postgresLock } from './postgres-lock.js';
import { normalizePostgres } from './postgres-normalize.js';
import { reflectPostgres } from './postgres-reflector.js';

/**
 * What PostgreSQL (15+, and PGlite, which is PostgreSQL 18) can do, as data.
 * Vectors need the pgvector extension (always loaded on PGlite; on a server only where it is
 * installed): the capability says the dialect can express them.
 *
 * @example
 * if (dialect.capabilities.transactionalDdl) await conn.execute(dialect.beginSql);
 */
export const postgresCapabilities: Capabilities = Object.freeze({
  // DDL is transactional: a failed migration leaves nothing behind.
  // https://wiki.postgresql.org/wiki/Transactional_DDL_in_PostgreSQL:_A_Competitive_Analysis
  transactionalDdl: true,
  alterColumn: true,
  alterConstraints: true,
  enumTypes: true,
  extensions: true,
  schemas: true,
  partialIndexes: true,
  expressionIndexes: true,
  concurrentIndexes: true,
  comments: true,
  checkConstraints: true,
  deferrableConstraints: true,
  arrays: true,
  vectors: true,
  // NAMEDATALEN - 1: longer names are truncated, silently.
  // https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS
  maxIdentifierLength: 63,
});

/**
 * The PostgreSQL dialect, shared by the `pg` (server) and PGlite drivers: SQL compilation,
 * reflection (bulk catalog queries), the canonical form for compare, and the migration lock
 * (a session advisory lock on its own connection; a no-op on PGlite).
 *
 * @example
 * const model = postgresDialect.normalize(await postgresDialect.reflect(conn, { excludeTables: ['athanor_version'] }));
 */
export const postgresDialect: Dialect = Object.freeze({
  name: 'postgresql',
  capabilities: postgresCapabilities,
  ...postgresCompiler,
  tableNames: postgresCore.tableNames,
  reflect: reflectPostgres,
  normalize: normalizePostgres,
  lock: postgresLock,
  beginSql: 'BEGIN',
} satisfies Dialect);
