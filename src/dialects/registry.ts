import type { DialectName } from '../schema/types.js';
import type { Dialect } from './dialect.js';

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
