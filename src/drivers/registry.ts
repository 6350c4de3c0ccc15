import type { ParsedUrl } from '../config/url.js';
import type { Connection, Driver } from './driver.js';

/**
 * Opens a connection for a parsed URL. Each driver module (and its peer dependency) is imported
 * only when its scheme is used.
 *
 * @example
 * const conn = await connect(parseUrl('sqlite:./app.db'));
 */
export async function connect(url: ParsedUrl): Promise<Connection> {
  return (await loadDriver(url.driver)).connect(url);
}

export async function loadDriver(name: ParsedUrl['driver']): Promise<Driver> {
  switch (name) {
    case 'better-sqlite3':
      return (await import('./better-sqlite3-driver.js')).betterSqlite3Driver;
    case 'pg':
      return (await import('./pg-driver.js')).pgDriver;
    case 'pglite':
      return (await import('./pglite-driver.js')).pgliteDriver;
    case 'mysql2':
      return (await import('./mysql2-driver.js')).mysql2Driver;
  }
}
