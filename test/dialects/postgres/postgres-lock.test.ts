import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { advisoryLockKey, postgresLock } from '../../../src/dialects/postgres/postgres-lock.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { pgDriver } from '../../../src/drivers/pg-driver.js';
import { pgliteDriver } from '../../../src/drivers/pglite-driver.js';
import { LockTimeoutError } from '../../../src/errors.js';
import {
  createPostgresDatabase,
  serverAvailable,
  type TestDatabase,
} from '../../helpers/databases.js';

// PGlite compiles its WebAssembly at start-up: seconds on an idle machine, a minute or more
// on a busy one (parallel test files), so this file allows more than the default 60 s.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const server = await serverAvailable('postgresql');

describe('advisoryLockKey', () => {
  it('is a stable signed 64-bit integer per name', () => {
    const key = advisoryLockKey('athanor_version');
    expect(advisoryLockKey('athanor_version')).toBe(key);
    expect(advisoryLockKey('other_version')).not.toBe(key);
    const n = BigInt(key);
    expect(n >= -(2n ** 63n) && n < 2n ** 63n).toBe(true);
  });
});

describe('postgresLock on PGlite', () => {
  it('is a no-op that never opens a second connection', async () => {
    const conn = await pgliteDriver.connect(parseUrl('pglite:memory:'));
    try {
      const openConnection = (): Promise<Connection> =>
        Promise.reject(new Error('PGlite must not open a second instance'));
      const held = await postgresLock.acquire({ conn, openConnection, key: 'k', timeoutMs: 10 });
      const again = await postgresLock.acquire({ conn, openConnection, key: 'k', timeoutMs: 10 });
      await held.release();
      await again.release();
      expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await conn.close();
    }
  });
});

describe.runIf(server)('postgresLock on the server', () => {
  let db: TestDatabase;
  const opened: Connection[] = [];
  let main: Connection;
  const open = async (): Promise<Connection> => {
    const conn = await pgDriver.connect(parseUrl(db.url));
    opened.push(conn);
    return conn;
  };
  const pidOf = async (conn: Connection): Promise<number> =>
    (await conn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]?.pid ?? -1;

  beforeAll(async () => {
    db = await createPostgresDatabase();
    main = await open();
  });
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
    await db?.cleanup();
  });

  /** Acquires with an openConnection that remembers the lock's own connection. */
  async function acquire(key: string, timeoutMs: number) {
    let lockConn: Connection | undefined;
    const openConnection = async () => (lockConn = await open());
    const held = await postgresLock.acquire({ conn: main, openConnection, key, timeoutMs });
    return { held, lockConn: lockConn as unknown as Connection };
  }

  it('holds the lock on a connection of its own, not on the caller connection', async () => {
    const { held, lockConn } = await acquire('own', 1000);
    expect(lockConn).toBeDefined();
    expect(await pidOf(lockConn)).not.toBe(await pidOf(main));
    const locks = await main.query<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(locks.map((l) => l.pid)).toContain(await pidOf(lockConn));
    await held.release();
  });

  it('times out naming the holder pid and application_name', async () => {
    const first = await acquire('busy', 1000);
    const holderPid = await pidOf(first.lockConn);
    const started = Date.now();
    const error = await acquire('busy', 300).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).code).toBe('E_LOCK_TIMEOUT');
    expect((error as Error).message).toContain('another athanor run holds the lock');
    expect((error as Error).message).toContain(`pid ${holderPid}`);
    expect((error as Error).message).toContain("application_name 'athanor'");
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await first.held.release();
  });

  it('makes the second run wait until the first releases', async () => {
    const first = await acquire('wait', 1000);
    let secondHasIt = false;
    const second = acquire('wait', 10_000).then((r) => {
      secondHasIt = true;
      return r;
    });
    // The waiter waits in the server, queued on the advisory lock (not polling between tries):
    // the server hands it the lock the moment the holder lets go.
    const waiting = async () =>
      main.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
    for (let i = 0; i < 100 && (await waiting())[0]?.n !== 1; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await waiting()).toEqual([{ n: 1 }]);
    expect(secondHasIt).toBe(false);
    await first.held.release();
    const { held } = await second;
    expect(secondHasIt).toBe(true);
    await held.release();
  });

  it('is freed when the holder connection dies (a crashed run)', async () => {
    const first = await acquire('crash', 1000);
    await main.query('SELECT pg_terminate_backend($1)', [await pidOf(first.lockConn)]);
    const { held } = await acquire('crash', 5000);
    await held.release();
  });

  it('does not block runs that use another key', async () => {
    const a = await acquire('key-a', 1000);
    const b = await acquire('key-b', 200);
    await a.held.release();
    await b.held.release();
  });

  it('release unlocks and closes the lock connection', async () => {
    const { held, lockConn } = await acquire('closing', 1000);
    await held.release();
    await expect(lockConn.query('SELECT 1')).rejects.toThrow();
    const again = await acquire('closing', 200);
    await again.held.release();
  });
});
