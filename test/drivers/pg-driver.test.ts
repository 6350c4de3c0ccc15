import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import type { Connection } from '../../src/drivers/driver.js';
import { pgDriver } from '../../src/drivers/pg-driver.js';
import { AthanorError } from '../../src/errors.js';
import {
  createPostgresDatabase,
  pgServerUrl,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';

const server = await serverAvailable('postgresql');

/** The server URL with another port/database and a password that must never be shown. */
function variant(options: { port?: number; database?: string; password?: string }): string {
  const url = new URL(pgServerUrl);
  if (options.port !== undefined) url.port = String(options.port);
  if (options.database !== undefined) url.pathname = `/${options.database}`;
  if (options.password !== undefined) url.password = options.password;
  return url.toString();
}

async function connectError(raw: string): Promise<AthanorError> {
  const error = await pgDriver.connect(parseUrl(raw)).then(
    async (conn) => {
      await conn.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AthanorError);
  return error as AthanorError;
}

describe('pgDriver: connection errors', () => {
  it('names host, port and the reason, suggests `athanor wait`, never shows the password', async () => {
    const error = await connectError('postgres://app:S3cr3t-pw@127.0.0.1:1/appdb');
    expect(error.code).toBe('E_CONNECT');
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).toContain('appdb');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toContain('athanor wait');
    expect(error.message).not.toContain('S3cr3t-pw');
    expect(JSON.stringify(error.details)).not.toContain('S3cr3t-pw');
  });

  it('refuses a URL of another driver', async () => {
    await expect(pgDriver.connect(parseUrl('sqlite::memory:'))).rejects.toMatchObject({
      code: 'E_URL',
    });
  });

  it.runIf(server)(
    'reports a missing database with the server reason and without the password',
    async () => {
      const error = await connectError(
        variant({ database: 'athanor_no_such_db', password: 'Hunter2-secret' }),
      );
      expect(error.code).toBe('E_CONNECT');
      expect(error.message).toContain('athanor_no_such_db');
      expect(error.message).toContain('does not exist');
      expect(error.message).not.toContain('Hunter2-secret');
    },
  );
});

describe.runIf(server)('pgDriver on the server', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createPostgresDatabase();
    conn = await pgDriver.connect(parseUrl(db.url));
  });
  afterAll(async () => {
    await conn?.close();
    await db?.cleanup();
  });

  it('describes itself without secrets and speaks postgresql', () => {
    expect(conn.dialect).toBe('postgresql');
    expect(conn.description).toMatch(/^postgresql .*127\.0\.0\.1:5432\/athanor_t_/);
  });

  it('queries with $n parameters', async () => {
    const rows = await conn.query<{ n: number; s: string }>(
      'SELECT $1::int + 1 AS n, $2::text AS s',
      [41, 'x'],
    );
    expect(rows).toEqual([{ n: 42, s: 'x' }]);
  });

  it('returns int8 and numeric as strings (pg defaults), json parsed', async () => {
    const [row] = await conn.query(
      'SELECT 9007199254740993::int8 AS big, 1.50::numeric AS num, count(*) AS n, \'{"a":1}\'::jsonb AS j',
    );
    expect(row).toEqual({ big: '9007199254740993', num: '1.50', n: '1', j: { a: 1 } });
  });

  it('executes statements and reports changed rows', async () => {
    await conn.execute('CREATE TABLE items (id int PRIMARY KEY, name text)');
    expect(
      await conn.execute('INSERT INTO items VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b']),
    ).toEqual({ rowCount: 2 });
    expect(await conn.execute("UPDATE items SET name = 'c'")).toEqual({ rowCount: 2 });
  });

  it('runs a script of several statements without parameters', async () => {
    const result = await conn.execute(
      "INSERT INTO items VALUES (3, 'x'); INSERT INTO items VALUES (4, 'y'); DELETE FROM items WHERE id = 4",
    );
    expect(result.rowCount).toBe(3);
    expect(await conn.query('SELECT 1 AS a; SELECT 2 AS b')).toEqual([{ b: 2 }]);
  });

  it('runs transactions as plain statements on the one connection', async () => {
    await conn.execute('BEGIN');
    await conn.execute("INSERT INTO items VALUES (10, 'tx')");
    await conn.execute('ROLLBACK');
    expect(await conn.query('SELECT count(*)::int AS n FROM items WHERE id = 10')).toEqual([
      { n: 0 },
    ]);
  });

  it('sets application_name to athanor unless the URL says otherwise', async () => {
    expect(await conn.query("SELECT current_setting('application_name') AS app")).toEqual([
      { app: 'athanor' },
    ]);
    const other = await pgDriver.connect(parseUrl(`${db.url}?application_name=deployer`));
    expect(await other.query("SELECT current_setting('application_name') AS app")).toEqual([
      { app: 'deployer' },
    ]);
    await other.close();
  });

  it('surfaces SQL errors as the server reports them', async () => {
    await expect(conn.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
  });

  it('closes once, and twice is harmless', async () => {
    const other = await pgDriver.connect(parseUrl(db.url));
    await other.close();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow();
  });
});
