import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { lockName, mysqlLock } from '../../../src/dialects/mysql/mysql-lock.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { mysql2Driver } from '../../../src/drivers/mysql2-driver.js';
import { LockTimeoutError } from '../../../src/errors.js';
import {
  createMysqlDatabase,
  serverAvailable,
  type TestDatabase,
} from '../../helpers/databases.js';

const available = await serverAvailable('mysql');
const childScript = fileURLToPath(new URL('./hold-lock.child.ts', import.meta.url));

describe('mysql lock names', () => {
  it('name the database and key, and stay within GET_LOCK’s 64 characters', () => {
    expect(lockName('app', 'athanor_version')).toBe('athanor:app:athanor_version');
    const long = lockName('a'.repeat(60), 'athanor_version');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(/^athanor:[0-9a-f]{48}$/);
    expect(lockName('a'.repeat(60), 'x')).not.toBe(long);
  });
});

describe.skipIf(!available)('mysql run lock (GET_LOCK)', () => {
  let db: TestDatabase;
  let connections: Connection[];
  const open = async (): Promise<Connection> => {
    const conn = await mysql2Driver.connect(parseUrl(db.url));
    connections.push(conn);
    return conn;
  };
  const acquireOn = (conn: Connection, timeoutMs: number) =>
    mysqlLock.acquire({ conn, openConnection: open, key: 'athanor_version', timeoutMs });

  beforeEach(async () => {
    db = await createMysqlDatabase();
    connections = [];
  });
  afterEach(async () => {
    for (const conn of connections) await conn.close();
    await db.cleanup();
  });

  it('makes a second session time out with a message naming the holder connection', async () => {
    const holder = await open();
    const [{ id } = { id: 0 }] = await holder.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
    const lock = await acquireOn(holder, 1_000);
    const error = await acquireOn(await open(), 500).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toContain(`held by connection ${id} (root@`);
    expect((error as Error).message).not.toMatch(/password/i);
    await lock.release();
  });

  it('hands the lock over when released, and survives DDL implicit commits', async () => {
    const holder = await open();
    const lock = await acquireOn(holder, 1_000);
    await holder.execute('CREATE TABLE t (id INT)');
    await holder.execute('START TRANSACTION');
    await holder.execute('INSERT INTO t VALUES (1)');
    await holder.execute('COMMIT');
    const waiter = acquireOn(await open(), 5_000);
    setTimeout(() => void lock.release(), 300);
    const second = await waiter;
    await second.release();
  });

  it("names another process's session, and a killed holder's lock is gone", async () => {
    const child = await startHolder(db.url);
    try {
      const error = await acquireOn(await open(), 500).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as Error).message).toContain(`held by connection ${child.connectionId}`);
      child.process.kill('SIGKILL');
      await new Promise((resolve) => child.process.once('exit', resolve));
      // The server notices the dropped connection and releases its locks.
      const lock = await acquireOn(await open(), 10_000);
      await lock.release();
    } finally {
      child.process.kill('SIGKILL');
    }
  });
});

function startHolder(url: string): Promise<{ process: ChildProcess; connectionId: string }> {
  const child = spawn(process.execPath, ['--import', 'jiti/register', childScript, url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      const match = /locked (\d+)/.exec(d.toString());
      if (match) resolve({ process: child, connectionId: match[1] ?? '' });
    });
    child.once('exit', (code) =>
      reject(new Error(`lock holder exited early (${code}): ${errors}`)),
    );
  });
}
