import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import type { Connection } from '../../src/drivers/driver.js';
import { hasSeveralStatements, pgliteDriver } from '../../src/drivers/pglite-driver.js';
import { tempDir } from '../helpers/databases.js';

// PGlite compiles its WebAssembly at start-up: seconds on an idle machine, a minute or more
// on a busy one (parallel test files), so this file allows more than the default 60 s.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

describe('hasSeveralStatements', () => {
  it.each([
    ['SELECT 1', false],
    ['SELECT 1;', false],
    ['SELECT 1;  \n ', false],
    ['SELECT 1; SELECT 2', true],
    ["SELECT ';'", false],
    ['SELECT 1 -- ; x', false],
    ['SELECT /* ; */ 1', false],
    ['SELECT "a;b" FROM t', false],
    ['DO $$ BEGIN PERFORM 1; END $$', false],
    ['DO $x$ BEGIN PERFORM 1; END $x$; SELECT 1', true],
  ])('%s -> %s', (sql, expected) => {
    expect(hasSeveralStatements(sql)).toBe(expected);
  });
});

describe('pgliteDriver in memory', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await pgliteDriver.connect(parseUrl('pglite:memory:'));
  });
  afterAll(async () => conn?.close());

  it('describes itself and speaks postgresql (PostgreSQL 18)', async () => {
    expect(conn.dialect).toBe('postgresql');
    expect(conn.description).toBe('pglite (in memory)');
    const [row] = await conn.query<{ v: string }>('SELECT version() AS v');
    expect(row?.v).toMatch(/PostgreSQL 18.*PGlite/);
  });

  it('queries with $n parameters', async () => {
    expect(await conn.query('SELECT $1::int + 1 AS n, $2::text AS s', [41, 'x'])).toEqual([
      { n: 42, s: 'x' },
    ]);
  });

  it('returns int8 and numeric as strings, as the pg driver does', async () => {
    const [row] = await conn.query(
      'SELECT 9007199254740993::int8 AS big, 5::int8 AS small, 1.50::numeric AS num, count(*) AS n',
    );
    expect(row).toEqual({ big: '9007199254740993', small: '5', num: '1.50', n: '1' });
  });

  it('creates the vector extension with no server (pgvector is always loaded)', async () => {
    await conn.execute('CREATE EXTENSION IF NOT EXISTS vector');
    const [row] = await conn.query<{ d: number }>(
      "SELECT '[1,0,0]'::vector <=> '[0,1,0]'::vector AS d",
    );
    expect(row?.d).toBeCloseTo(1);
  });

  it('executes statements, scripts of several statements, and transactions', async () => {
    await conn.execute('CREATE TABLE items (id int PRIMARY KEY, name text)');
    expect(
      await conn.execute('INSERT INTO items VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b']),
    ).toEqual({ rowCount: 2 });
    expect(
      (
        await conn.execute(
          "INSERT INTO items VALUES (3, 'c'); UPDATE items SET name = 'z' WHERE id < 3",
        )
      ).rowCount,
    ).toBe(3);
    expect(await conn.query('SELECT 1 AS a; SELECT 2 AS b')).toEqual([{ b: 2 }]);
    await conn.execute('BEGIN');
    await conn.execute("INSERT INTO items VALUES (10, 'tx')");
    await conn.execute('ROLLBACK');
    expect(await conn.query('SELECT count(*)::int AS n FROM items')).toEqual([{ n: 3 }]);
  });

  it('surfaces SQL errors', async () => {
    await expect(conn.query('SELECT * FROM no_such_table')).rejects.toThrow(/no_such_table/);
  });
});

describe('pgliteDriver on a directory', () => {
  it('keeps data across connections, one at a time', async () => {
    const dir = tempDir();
    try {
      const url = parseUrl(`pglite:${join(dir, 'data')}`);
      const first = await pgliteDriver.connect(url);
      await first.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('yes')");
      await first.close();
      await first.close();
      const second = await pgliteDriver.connect(url);
      expect(await second.query('SELECT v FROM kept')).toEqual([{ v: 'yes' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the missing folders above its data directory (pglite:./data/db)', async () => {
    const dir = tempDir();
    try {
      const url = parseUrl(`pglite:${join(dir, 'data', 'nested', 'db')}`);
      const conn = await pgliteDriver.connect(url);
      expect(await conn.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await conn.close();
      expect(existsSync(join(dir, 'data', 'nested', 'db', 'PG_VERSION'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a URL of another driver', async () => {
    await expect(pgliteDriver.connect(parseUrl('postgres://127.0.0.1/x'))).rejects.toMatchObject({
      code: 'E_URL',
    });
  });
});
