import type { DialectName } from '../schema/types.js';
import type { Dialect, DialectCore } from './dialect.js';

/**
 * Dialects are imported on demand, so a command that needs one pays for one.
 *
 * @example
 * const dialect = await loadDialect('postgresql');
 */
export async function loadDialect(name: DialectName): Promise<Dialect> {
  switch (name) {
    case 'sqlite':
      return (await import('./sqlite/sqlite-dialect.js')).sqliteDialect;
    case 'postgresql':
      return (await import('./postgres/postgres-dialect.js')).postgresDialect;
    case 'mysql':
      return (await import('./mysql/mysql-dialect.js')).mysqlDialect;
  }
}

/**
 * The small part of a dialect that read commands need (SQL spelling and a table probe), without
 * the compiler and the reflector.
 *
 * @example
 * const core = await loadDialectCore('sqlite');
 * await core.tableNames(conn, ['athanor_version']); // Set { 'athanor_version' }
 */
export async function loadDialectCore(name: DialectName): Promise<DialectCore> {
  switch (name) {
    case 'sqlite':
      return (await import('./sqlite/sqlite-core.js')).sqliteCore;
    case 'postgresql':
      return (await import('./postgres/postgres-core.js')).postgresCore;
    case 'mysql':
      return (await import('./mysql/mysql-core.js')).mysqlCore;
  }
}
