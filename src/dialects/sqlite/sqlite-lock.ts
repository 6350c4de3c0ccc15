import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import type { Connection } from '../../drivers/driver.js';
import { AthanorError, LockTimeoutError } from '../../errors.js';
import type { MigrationLock } from '../dialect.js';
import { persistJournal } from './sqlite-journal.js';

/** Who holds the lock, written next to it for the message a waiter shows when it gives up. */
interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly user: string;
  readonly key: string;
  readonly since: string;
}

/** Pause between attempts while another process holds the lock. */
const retryMs = 100;

/**
 * The run lock for SQLite. A migration run commits once per step, so a lock row in the database
 * could not be held across steps, and a second connection holding a write transaction on the
 * database file would block the migrating connection itself. Instead the lock is a sidecar
 * SQLite file, `<database>.athanor-lock`, on which a connection of the lock's own holds
 * `BEGIN EXCLUSIVE` for the whole run (https://www.sqlite.org/lang_transaction.html).
 * The operating system drops that file lock when the process ends, however it ends, so a killed
 * run leaves no stale lock. Waiters retry until `timeoutMs`, then fail with a LockTimeoutError
 * naming the holder (pid, host, user, since), which the holder writes to
 * `<database>.athanor-lock.json` once it has the lock.
 * An in-memory or temporary database is private to its connection and needs no lock.
 * The sidecar file is never deleted: a waiter may have it open, and deleting it would let a
 * third process lock a new file while the waiter locks the old one.
 *
 * @example
 * const lock = await sqliteLock.acquire({ conn, openConnection, key: 'athanor_version', timeoutMs: 60_000 });
 * try { await runMigrations(); } finally { await lock.release(); }
 */
export const sqliteLock: MigrationLock = Object.freeze({
  async acquire(options: {
    readonly conn: Connection;
    readonly openConnection: () => Promise<Connection>;
    readonly key: string;
    readonly timeoutMs: number;
  }): Promise<{ release(): Promise<void> }> {
    const file = await databaseFile(options.conn);
    if (file === '') return { release: async () => undefined };
    const lockPath = `${file}.athanor-lock`;
    const db = await openLockDatabase(lockPath);
    try {
      await waitForLock(db, lockPath, options.timeoutMs);
    } catch (error) {
      db.close();
      throw error;
    }
    writeHolder(`${lockPath}.json`, options.key);
    // The lock spans the run, so it also keeps the run's journal between commits (see there).
    const journal = await persistJournal(options.conn).catch((error: unknown) => {
      releaseLock(db, lockPath);
      throw error;
    });
    return {
      async release(): Promise<void> {
        try {
          await journal.restore();
        } finally {
          releaseLock(db, lockPath);
        }
      },
    };
  },
} satisfies MigrationLock);

function releaseLock(db: BetterSqlite3.Database, lockPath: string): void {
  rmSync(`${lockPath}.json`, { force: true });
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
}

/** The main database's file, or '' for an in-memory or temporary one (PRAGMA database_list). */
async function databaseFile(conn: Connection): Promise<string> {
  const rows = await conn.query<{ file: string | null }>(
    "SELECT file FROM pragma_database_list WHERE name = 'main'",
  );
  return rows[0]?.file ?? '';
}

async function openLockDatabase(path: string): Promise<BetterSqlite3.Database> {
  const mod = await import('better-sqlite3');
  const Database =
    (mod as { default?: typeof BetterSqlite3 }).default ?? (mod as unknown as typeof BetterSqlite3);
  try {
    // timeout 0: never block the event loop inside SQLite; waitForLock polls instead.
    return new Database(path, { timeout: 0 });
  } catch (error) {
    throw new AthanorError(
      'E_CONNECT',
      `cannot open the migration lock file ${path}: ${messageOf(error)}`,
      { cause: error },
    );
  }
}

async function waitForLock(
  db: BetterSqlite3.Database,
  lockPath: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + Math.max(0, timeoutMs);
  for (;;) {
    try {
      db.exec('BEGIN EXCLUSIVE');
      return;
    } catch (error) {
      if (!isBusy(error)) throw error;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw timeoutError(lockPath, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, Math.min(retryMs, left)));
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function writeHolder(path: string, key: string): void {
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    user: currentUser(),
    key,
    since: new Date().toISOString(),
  };
  // Write then rename, so a waiter never reads half a file.
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(holder));
    renameSync(temp, path);
  } catch {
    // The holder's name is a courtesy for messages; the lock itself is already held.
    rmSync(temp, { force: true });
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function timeoutError(lockPath: string, timeoutMs: number): LockTimeoutError {
  const holder = readHolder(`${lockPath}.json`);
  const who = holder
    ? `held by pid ${holder.pid} on ${holder.host} (user ${holder.user}) since ${holder.since}`
    : 'held by another process';
  return new LockTimeoutError(
    `could not take the migration lock ${lockPath} within ${timeoutMs / 1000} s: ${who}. ` +
      'Another athanor run is migrating this database; wait for it, or raise --lock-timeout.',
  );
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
