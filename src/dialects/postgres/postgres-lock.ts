import { createHash } from 'node:crypto';
import type { Connection } from '../../drivers/driver.js';
import { LockTimeoutError } from '../../errors.js';
import type { MigrationLock } from '../dialect.js';

/**
 * The migration lock: a session-level advisory lock held on a connection of its own.
 *
 * - Session-level, not transaction-level (`pg_advisory_xact_lock`): a run commits many
 *   transactions and may step outside them (`op.autocommit`), and the lock must outlive each.
 * - On its own connection: a migration's `op.execute('DISCARD ALL')` or a failed step can't
 *   release it, and when the process dies its connection closes and the server frees the lock.
 * - Waited for in the server (`pg_advisory_lock` under `lock_timeout`, which bounds any
 *   heavyweight-lock wait, advisory ones included, since PostgreSQL 9.3): a waiter wakes the
 *   moment the holder lets go, where polling left it asleep for up to its next attempt (measured:
 *   8 concurrent runs ended ~2 s after the one that did the work, now at once).
 * - The 64-bit key is the first 8 bytes of sha256(key), stable across processes and versions.
 * https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS
 *
 * PGlite is one process with one connection: no other run can hold the lock, and opening a
 * second PGlite instance on the same directory would corrupt it. There the lock is a no-op.
 *
 * @example
 * const held = await postgresLock.acquire({ conn, openConnection, key: 'athanor_version', timeoutMs: 30_000 });
 * try { await runMigrations(conn); } finally { await held.release(); }
 */
export const postgresLock: MigrationLock = Object.freeze({
  async acquire(
    options: Parameters<MigrationLock['acquire']>[0],
  ): Promise<{ release(): Promise<void> }> {
    if (await isPglite(options.conn)) return { release: async () => undefined };
    const key = advisoryLockKey(options.key);
    const lockConn = await options.openConnection();
    try {
      await waitForLock(lockConn, key, options.timeoutMs);
    } catch (error) {
      await lockConn.close().catch(() => undefined);
      throw error;
    }
    return {
      async release(): Promise<void> {
        try {
          await lockConn.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        } finally {
          // Closing alone frees a session lock; the explicit unlock keeps the server log quiet.
          await lockConn.close();
        }
      },
    };
  },
} satisfies MigrationLock);

/**
 * The signed 64-bit advisory-lock key for a lock name, as a decimal string (bound as `bigint`).
 *
 * @example
 * advisoryLockKey('athanor_version') // '-4134...' (always the same for the same name)
 */
export function advisoryLockKey(name: string): string {
  return createHash('sha256').update(`athanor:${name}`).digest().readBigInt64BE(0).toString();
}

async function isPglite(conn: Connection): Promise<boolean> {
  const [row] = await conn.query<{ v: string }>('SELECT version() AS v');
  return row?.v.includes('PGlite') ?? false;
}

async function waitForLock(conn: Connection, key: string, timeoutMs: number): Promise<void> {
  const [row] = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
    key,
  ]);
  if (row?.ok === true) return;
  const waitMs = Math.round(timeoutMs);
  if (waitMs <= 0) throw new LockTimeoutError(await timeoutMessage(conn, key, timeoutMs));
  // The connection is the lock's own: its settings touch nothing else. statement_timeout off, so
  // a role's default cannot cut the wait shorter than --lock-timeout asks.
  await conn.execute(`SET statement_timeout = 0`);
  await conn.execute(`SET lock_timeout = ${waitMs}`);
  try {
    await conn.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== lockNotAvailable) throw error;
    throw new LockTimeoutError(await timeoutMessage(conn, key, timeoutMs));
  }
}

/** SQLSTATE of "canceling statement due to lock timeout". */
const lockNotAvailable = '55P03';

interface Holder {
  readonly pid: number;
  readonly application_name: string | null;
  readonly client_addr: string | null;
  readonly usename: string | null;
  readonly backend_start: Date | string | null;
}

/**
 * Names the session holding the lock. A bigint key shows in pg_locks as classid = high 32 bits,
 * objid = low 32 bits, objsubid = 1.
 * https://www.postgresql.org/docs/current/view-pg-locks.html
 */
async function timeoutMessage(conn: Connection, key: string, timeoutMs: number): Promise<string> {
  const rows = await conn.query<Holder>(
    `SELECT l.pid, a.application_name, host(a.client_addr) AS client_addr, a.usename, a.backend_start
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = (($1::bigint >> 32) & 4294967295)::oid
        AND l.objid = ($1::bigint & 4294967295)::oid
      LIMIT 1`,
    [key],
  );
  const seconds = (timeoutMs / 1000).toFixed(1);
  const holder = rows[0];
  if (!holder)
    return `another athanor run held the lock for more than ${seconds} s (it has just been released; try again)`;
  const who = [
    `pid ${holder.pid}`,
    holder.application_name ? `application_name '${holder.application_name}'` : undefined,
    holder.usename ? `user ${holder.usename}` : undefined,
    holder.client_addr ? `from ${holder.client_addr}` : undefined,
    holder.backend_start
      ? `connected since ${new Date(holder.backend_start).toISOString()}`
      : undefined,
  ].filter((part) => part !== undefined);
  return (
    `another athanor run holds the lock (${who.join(', ')}); gave up after ${seconds} s. ` +
    `If that run is stuck, end it with SELECT pg_terminate_backend(${holder.pid})`
  );
}
