import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import type { Connection } from '../../src/drivers/driver.js';
import { mysql2Driver } from '../../src/drivers/mysql2-driver.js';
import { connect } from '../../src/drivers/registry.js';
import { AthanorError } from '../../src/errors.js';
import {
  createMysqlDatabase,
  mysqlServerUrl,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';

const available = await serverAvailable('mysql');

describe.skipIf(!available)('mysql2 driver', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeEach(async () => {
    db = await createMysqlDatabase();
    conn = await mysql2Driver.connect(parseUrl(db.url));
  });
  afterEach(async () => {
    await conn.close();
    await db.cleanup();
  });

  it('is found through the registry for mysql:// and mariadb:// URLs', async () => {
    for (const url of [db.url, db.url.replace(/^mysql:/, 'mariadb:')]) {
      const other = await connect(parseUrl(url));
      expect(other.dialect).toBe('mysql');
      expect(other.description).toMatch(/^mysql .*:3306\/athanor_t_/);
      await other.close();
    }
  });

  it('binds parameters server-side: a ? inside a string literal stays text', async () => {
    const rows = await conn.query("SELECT ? AS a, '?' AS b, ? AS c", [1, 'x']);
    expect(rows).toEqual([{ a: 1, b: '?', c: 'x' }]);
  });

  it('binds booleans as 1/0, Dates as UTC, objects as JSON, undefined as NULL, bytes as blobs', async () => {
    await conn.execute(
      'CREATE TABLE t (b BOOLEAN, d DATETIME(3), j JSON, u INT, x BLOB, n BIGINT)',
    );
    await conn.execute('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)', [
      true,
      new Date('2024-05-01T12:34:56.789Z'),
      { a: [1] },
      undefined,
      new Uint8Array([1, 255]),
      9007199254740993n,
    ]);
    const [row] = await conn.query<Record<string, unknown>>('SELECT b, d, j, u, x, n FROM t');
    expect(row).toEqual({
      b: 1,
      d: '2024-05-01 12:34:56.789',
      j: '{"a":[1]}',
      u: null,
      x: Buffer.from([1, 255]),
      n: '9007199254740993',
    });
  });

  it('returns dates and decimals as text, small BIGINTs as numbers', async () => {
    const [row] = await conn.query(
      "SELECT CAST('2024-01-02' AS DATE) AS d, CAST(1.5 AS DECIMAL(6,2)) AS m, CAST(42 AS SIGNED) AS i",
    );
    expect(row).toEqual({ d: '2024-01-02', m: '1.50', i: 42 });
  });

  it('execute reports affected rows; query of DDL returns []', async () => {
    expect(await conn.query('CREATE TABLE t (id INT)')).toEqual([]);
    expect(await conn.execute('INSERT INTO t VALUES (1), (2), (3)')).toEqual({ rowCount: 3 });
    expect(await conn.execute('UPDATE t SET id = id + ? WHERE id > ?', [10, 1])).toEqual({
      rowCount: 2,
    });
  });

  it('refuses several statements in one call', async () => {
    await expect(conn.execute('SELECT 1; SELECT 2')).rejects.toThrow(/SQL syntax/);
  });

  it('close is idempotent', async () => {
    await conn.close();
    await expect(conn.close()).resolves.toBeUndefined();
  });
});

/** The error a connection attempt fails with (a test failure if it succeeds). */
async function failure(url: string): Promise<Error> {
  const conn = await mysql2Driver.connect(parseUrl(url)).catch((e: unknown) => e as Error);
  if (!(conn instanceof Error)) {
    await conn.close();
    throw new Error(`connecting to ${url} succeeded`);
  }
  return conn;
}

describe('mysql2 driver: connection errors', () => {
  const server = new URL(mysqlServerUrl);

  it('names host, port and database, never the password, and suggests athanor wait', async () => {
    const error = await mysql2Driver
      .connect(parseUrl('mysql://app:s3cret-pw@127.0.0.1:1/appdb?connect_timeout=2'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthanorError);
    expect((error as AthanorError).code).toBe('E_CONNECT');
    expect((error as Error).message).toContain('cannot connect to mysql app@127.0.0.1:1/appdb');
    expect((error as Error).message).toContain('`athanor wait`');
    expect((error as Error).message).not.toContain('s3cret-pw');
    expect((error as AthanorError).details).toEqual({
      host: '127.0.0.1',
      port: 1,
      database: 'appdb',
    });
  });

  it.skipIf(!available)(
    'tells a refused login and a missing database apart from an unreachable server',
    async () => {
      const denied = await failure(`mysql://nobody_athanor:s3cret-pw@${server.host}/test`);
      expect(denied.message).toMatch(/Access denied.*Check the user and password/);
      expect(denied.message).not.toContain('s3cret-pw');
      const missing = await failure(`${mysqlServerUrl.replace(/\/[^/]*$/, '')}/no_such_db_athanor`);
      expect(missing.message).toMatch(
        /database 'no_such_db_athanor' does not exist: create it first/,
      );
    },
  );

  it('refuses URLs of other drivers', async () => {
    await expect(mysql2Driver.connect(parseUrl('sqlite::memory:'))).rejects.toThrow(
      /cannot open sqlite \(in memory\)/,
    );
  });
});
