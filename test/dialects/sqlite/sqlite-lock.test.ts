import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { sqliteLock } from '../../../src/dialects/sqlite/sqlite-lock.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { betterSqlite3Driver } from '../../../src/drivers/better-sqlite3-driver.js';
import { LockTimeoutError } from '../../../src/errors.js';
import { createSqliteDatabase, type TestDatabase } from '../../helpers/databases.js';

const childScript = fileURLToPath(new URL('./hold-lock.child.ts', import.meta.url));

describe('sqlite run lock', () => {
  let db: TestDatabase;
  let connections: Connection[];
  const open = async (): Promise<Connection> => {
    const conn = await betterSqlite3Driver.connect(parseUrl(db.url));
    connections.push(conn);
    return conn;
  };
  const acquire = async (timeoutMs: number) =>
    sqliteLock.acquire({
      conn: await open(),
      openConnection: open,
      key: 'athanor_version',
      timeoutMs,
    });

  beforeEach(async () => {
    db = await createSqliteDatabase();
    connections = [];
  });
  afterEach(async () => {
    for (const conn of connections) await conn.close();
    await db.cleanup();
  });

  it('makes a second taker wait, then time out with a message naming the holder', async () => {
    const first = await acquire(1_000);
    const started = Date.now();
    const error = await acquire(300).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as LockTimeoutError).code).toBe('E_LOCK_TIMEOUT');
    expect((error as Error).message).toContain(`held by pid ${process.pid} on ${hostname()}`);
    expect((error as Error).message).toContain('test.db.athanor-lock');
    await first.release();
  });

  it('hands the lock to a waiter as soon as it is released', async () => {
    const first = await acquire(1_000);
    const waiting = acquire(5_000);
    setTimeout(() => void first.release(), 200);
    const second = await waiting;
    await second.release();
    // Released twice over: a third taker gets it at once.
    const third = await acquire(0);
    await third.release();
  });

  it('does not hold up the migrating connection itself', async () => {
    const lock = await acquire(1_000);
    const conn = await open();
    await conn.execute('BEGIN IMMEDIATE');
    await conn.execute('CREATE TABLE t (id INT)');
    await conn.execute('COMMIT');
    await lock.release();
  });

  it('needs no lock for an in-memory database', async () => {
    const conn = await betterSqlite3Driver.connect(parseUrl('sqlite::memory:'));
    const open2 = () => betterSqlite3Driver.connect(parseUrl('sqlite::memory:'));
    const a = await sqliteLock.acquire({ conn, openConnection: open2, key: 'k', timeoutMs: 0 });
    const b = await sqliteLock.acquire({ conn, openConnection: open2, key: 'k', timeoutMs: 0 });
    await a.release();
    await b.release();
    await conn.close();
  });

  it("names another process as holder, and a killed holder's lock is gone", async () => {
    const path = join(db.dir, 'test.db');
    const child = await startHolder(path);
    try {
      const error = await acquire(300).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as Error).message).toContain(`held by pid ${child.pid} on ${hostname()}`);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const lock = await acquire(2_000);
      await lock.release();
      expect(existsSync(`${path}.athanor-lock`)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

/** Spawns a node process that takes the lock and holds it; resolves once it says so. */
function startHolder(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'jiti/register', childScript, path], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('locked')) resolve(child);
    });
    child.once('exit', (code) =>
      reject(new Error(`lock holder exited early (${code}): ${errors}`)),
    );
  });
}
