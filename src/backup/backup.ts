import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeUrl, type ParsedUrl } from '../config/url.js';
import { AthanorError } from '../errors.js';
import { backupMysql, restoreMysql } from './backup-mysql.js';
import { backupPostgres, restorePostgres } from './backup-postgres.js';

export interface BackupResult {
  readonly path: string;
  readonly bytes: number;
  readonly durationMs: number;
  readonly tool: string;
}

/**
 * Backs the database up into `dir` before a migration: PostgreSQL with `pg_dump -Fc`, SQLite
 * with its online backup API (a consistent copy even while others write), MySQL/MariaDB with
 * `mysqldump --single-transaction`. The file name carries the database, the time and the
 * revision the database was at, so a restore knows where it goes back to.
 *
 * @example
 * const { path } = await backupDatabase(parseUrl('postgres://app@db/prod'), { dir: './backups', label: 'a1b2c3' });
 */
export async function backupDatabase(
  url: ParsedUrl,
  options: { dir: string; label?: string },
): Promise<BackupResult> {
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const base = `${databaseName(url)}-${timestamp()}${options.label ? `-${options.label}` : ''}`;
  let path: string;
  let tool: string;
  if (url.driver === 'better-sqlite3') {
    path = join(dir, `${base}.sqlite`);
    tool = 'sqlite online backup';
    await backupSqlite(url, path);
  } else if (url.driver === 'pg') {
    path = join(dir, `${base}.dump`);
    tool = 'pg_dump -Fc';
    await backupPostgres(url, path);
  } else if (url.driver === 'mysql2') {
    path = join(dir, `${base}.sql`);
    tool = 'mysqldump --single-transaction';
    await backupMysql(url, path);
  } else {
    throw new AthanorError(
      'E_UNSUPPORTED_OP',
      `backups of ${describeUrl(url)} are not supported (PGlite: copy its data directory)`,
    );
  }
  return { path, bytes: statSync(path).size, durationMs: Date.now() - started, tool };
}

/**
 * Restores a file written by `backupDatabase` over the database the URL names, putting it back
 * in the backup's state: objects created after the backup are removed too (SQLite: the file is
 * replaced; PostgreSQL: the dumped schemas are recreated in one transaction; MySQL: the
 * database's tables are dropped first). Destructive: the CLI asks for confirmation first.
 *
 * @example
 * await restoreDatabase(parseUrl(process.env.DATABASE_URL!), './backups/app-20250101T000000Z-base.dump');
 */
export async function restoreDatabase(
  url: ParsedUrl,
  file: string,
): Promise<{ durationMs: number }> {
  const path = resolve(file);
  if (!existsSync(path)) throw new AthanorError('E_USAGE', `backup file not found: ${path}`);
  const started = Date.now();
  if (url.driver === 'better-sqlite3') await restoreSqlite(url, path);
  else if (url.driver === 'pg') await restorePostgres(url, path);
  else if (url.driver === 'mysql2') await restoreMysql(url, path);
  else
    throw new AthanorError('E_UNSUPPORTED_OP', `restore into ${describeUrl(url)} is not supported`);
  return { durationMs: Date.now() - started };
}

function databaseName(url: ParsedUrl): string {
  const raw =
    'path' in url
      ? url.path
          .split(/[\\/]/)
          .pop()
          ?.replace(/\.[^.]*$/, '')
      : url.database;
  return (raw || 'database').replace(/[^A-Za-z0-9_-]+/g, '_');
}

function timestamp(): string {
  return new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

async function openSqlite(path: string): Promise<import('better-sqlite3').Database> {
  const mod = await import('better-sqlite3');
  const Database = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return new Database(path, { fileMustExist: true });
}

async function backupSqlite(
  url: Extract<ParsedUrl, { driver: 'better-sqlite3' }>,
  target: string,
): Promise<void> {
  if (url.memory)
    throw new AthanorError(
      'E_UNSUPPORTED_OP',
      'an in-memory SQLite database cannot be backed up from another process',
    );
  const db = await openSqlite(url.path);
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

async function restoreSqlite(
  url: Extract<ParsedUrl, { driver: 'better-sqlite3' }>,
  source: string,
): Promise<void> {
  if (url.memory)
    throw new AthanorError('E_UNSUPPORTED_OP', 'cannot restore into an in-memory SQLite database');
  if (!existsSync(url.path)) {
    copyFileSync(source, url.path);
    return;
  }
  // The backup API copies page by page under SQLite's locks, so a reader never sees half a file.
  const backup = await openSqlite(source);
  try {
    await backup.backup(url.path);
  } finally {
    backup.close();
  }
}
