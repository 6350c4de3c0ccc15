import { createHash } from 'node:crypto';
import type { Connection } from '../../drivers/driver.js';
import { AthanorError, LockTimeoutError } from '../../errors.js';
import type { MigrationLock } from '../dialect.js';

/** GET_LOCK names longer than 64 characters are an error (MySQL 5.7+). */
const maxLockNameLength = 64;

/**
 * The run lock for MySQL/MariaDB: a named user lock, `GET_LOCK(name, timeout)`, taken on the run's
 * own connection. It belongs to the session, not to a transaction, so the implicit commits of DDL
 * do not release it, and the server releases it when the session ends, so a killed run leaves no
 * stale lock. Lock names are server-wide: the name includes the database and the key (the
 * version table), hashed when longer than 64 characters.
 * https://dev.mysql.com/doc/refman/8.0/en/locking-functions.html#function_get-lock
 * On timeout, the error names the holder: IS_USED_LOCK gives its connection id, and
 * information_schema.PROCESSLIST its user, host and what it is doing.
 *
 * @example
 * const lock = await mysqlLock.acquire({ conn, openConnection, key: 'athanor_version', timeoutMs: 60_000 });
 * try { await runMigrations(); } finally { await lock.release(); }
 */
export const mysqlLock: MigrationLock = Object.freeze({
  async acquire(options: {
    readonly conn: Connection;
    readonly openConnection: () => Promise<Connection>;
    readonly key: string;
    readonly timeoutMs: number;
  }): Promise<{ release(): Promise<void> }> {
    const { conn, key, timeoutMs } = options;
    const [row] = await conn.query<{ db: string | null }>('SELECT DATABASE() AS db');
    const name = lockName(row?.db ?? '', key);
    // Whole seconds, at least 0; fractional timeouts are not accepted by every server version.
    const seconds = Math.max(0, Math.ceil(timeoutMs / 1000));
    const [got] = await conn.query<{ got: number | null }>('SELECT GET_LOCK(?, ?) AS got', [
      name,
      seconds,
    ]);
    if (Number(got?.got) !== 1) {
      if (got?.got === null)
        throw new AthanorError(
          'E_LOCK_TIMEOUT',
          `mysql: GET_LOCK('${name}') failed on ${conn.description}`,
        );
      throw new LockTimeoutError(
        `could not take the migration lock '${name}' on ${conn.description} within ${seconds} s: ${await holder(conn, name)}. ` +
          'Another athanor run is migrating this database; wait for it, or raise --lock-timeout.',
      );
    }
    return {
      async release(): Promise<void> {
        // A session that is gone has lost its locks with it; failing here would only hide the
        // error that ended the run.
        await conn.query('SELECT RELEASE_LOCK(?) AS released', [name]).catch(() => undefined);
      },
    };
  },
} satisfies MigrationLock);

/**
 * `athanor:<database>:<key>`, or a digest of it when that is too long for GET_LOCK.
 *
 * @example
 * lockName('app', 'athanor_version'); // 'athanor:app:athanor_version'
 */
export function lockName(database: string, key: string): string {
  const name = `athanor:${database}:${key}`;
  if (name.length <= maxLockNameLength) return name;
  return `athanor:${createHash('sha256').update(name).digest('hex').slice(0, 48)}`;
}

async function holder(conn: Connection, name: string): Promise<string> {
  const [used] = await conn.query<{ id: number | null }>('SELECT IS_USED_LOCK(?) AS id', [name]);
  const id = used?.id;
  if (id === null || id === undefined) return 'held by another session (now released)';
  const [process] = await conn
    .query<{ user: string; host: string; command: string; time: number }>(
      'SELECT USER AS user, HOST AS host, COMMAND AS command, TIME AS time FROM information_schema.PROCESSLIST WHERE ID = ?',
      [id],
    )
    .catch(() => []);
  if (!process) return `held by connection ${id}`;
  return `held by connection ${id} (${process.user}@${process.host}, ${process.command.toLowerCase()} for ${process.time} s)`;
}
