import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import type { Connection } from '../../src/drivers/driver.js';
import { betterSqlite3Driver } from '../../src/drivers/better-sqlite3-driver.js';
import { connect } from '../../src/drivers/registry.js';
import { AthanorError } from '../../src/errors.js';
import { createSqliteDatabase, tempDir, type TestDatabase } from '../helpers/databases.js';

describe('better-sqlite3 driver', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeEach(async () => {
    db = await createSqliteDatabase();
    conn = await betterSqlite3Driver.connect(parseUrl(db.url));
  });
  afterEach(async () => {
    await conn.close();
    await db.cleanup();
  });

  it('is found through the driver registry and describes itself without secrets', async () => {
    const other = await connect(parseUrl(db.url));
    expect(other.dialect).toBe('sqlite');
    expect(other.description).toContain('test.db');
    await other.close();
  });

  it('binds positional parameters and returns rows', async () => {
    const rows = await conn.query<{ a: number; b: string; c: null }>(
      'SELECT ? AS a, ? AS b, ? AS c',
      [1, 'x', null],
    );
    expect(rows).toEqual([{ a: 1, b: 'x', c: null }]);
  });

  it('binds booleans as 1/0, Dates as ISO text, objects as JSON, undefined as NULL, bytes as blobs', async () => {
    const when = new Date('2024-05-01T12:34:56.789Z');
    const [row] = await conn.query<Record<string, unknown>>(
      'SELECT ? AS t, ? AS f, ? AS d, ? AS j, ? AS u, ? AS b, ? AS n',
      [true, false, when, { a: [1, 2] }, undefined, new Uint8Array([1, 2, 255]), 10n],
    );
    expect(row).toEqual({
      t: 1,
      f: 0,
      d: '2024-05-01T12:34:56.789Z',
      j: '{"a":[1,2]}',
      u: null,
      b: Buffer.from([1, 2, 255]),
      n: 10,
    });
  });

  it('execute reports the rows changed; query of a non-reading statement returns []', async () => {
    await conn.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, flag BOOLEAN)');
    expect(await conn.query('INSERT INTO t (flag) VALUES (?)', [true])).toEqual([]);
    await conn.execute('INSERT INTO t (flag) VALUES (?), (?)', [false, true]);
    expect(await conn.execute('UPDATE t SET flag = ? WHERE flag = ?', [false, true])).toEqual({
      rowCount: 2,
    });
    expect(await conn.query('SELECT id, flag FROM t ORDER BY id')).toEqual([
      { id: 1, flag: 0 },
      { id: 2, flag: 0 },
      { id: 3, flag: 0 },
    ]);
  });

  it('returns RETURNING rows from query', async () => {
    await conn.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    expect(await conn.query('INSERT INTO t (v) VALUES (?) RETURNING id, v', ['a'])).toEqual([
      { id: 1, v: 'a' },
    ]);
  });

  it('executes a script of several statements when it has no parameters', async () => {
    const result = await conn.execute(
      'CREATE TABLE t (v INT); INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);',
    );
    expect(result.rowCount).toBe(2);
    expect(await conn.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 2 }]);
  });

  it('enforces foreign keys on every connection', async () => {
    expect(await conn.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    await conn.execute(
      'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INT REFERENCES p (id))',
    );
    await expect(conn.execute('INSERT INTO c VALUES (42)')).rejects.toThrow(
      /FOREIGN KEY constraint failed/,
    );
  });

  it('sees the same file from two connections', async () => {
    await conn.execute('CREATE TABLE t (v INT); INSERT INTO t VALUES (7)');
    const other = await betterSqlite3Driver.connect(parseUrl(db.url));
    expect(await other.query('SELECT v FROM t')).toEqual([{ v: 7 }]);
    await other.close();
  });

  it('close is idempotent', async () => {
    await conn.close();
    await expect(conn.close()).resolves.toBeUndefined();
  });
});

describe('better-sqlite3 driver: opening', () => {
  it('opens an in-memory database', async () => {
    const conn = await betterSqlite3Driver.connect(parseUrl('sqlite::memory:'));
    expect(conn.description).toBe('sqlite (in memory)');
    expect(await conn.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await conn.close();
  });

  it('creates a missing file but refuses a missing directory, naming it', async () => {
    const dir = tempDir();
    const missing = join(dir, 'no', 'such', 'dir');
    const error = await betterSqlite3Driver
      .connect(parseUrl(`sqlite:${join(missing, 'app.db')}`))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthanorError);
    expect((error as AthanorError).code).toBe('E_CONNECT');
    expect((error as AthanorError).message).toContain(`directory ${missing} does not exist`);
    mkdirSync(missing, { recursive: true });
    const conn = await betterSqlite3Driver.connect(parseUrl(`sqlite:${join(missing, 'app.db')}`));
    await conn.close();
  });

  it('refuses a path whose parent is a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    await expect(
      betterSqlite3Driver.connect(parseUrl(`sqlite:${join(dir, 'file', 'app.db')}`)),
    ).rejects.toThrow(/is not a directory/);
  });

  it('reports a file that is not a database', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'junk.db'), 'this is not a database file, not at all, no'.repeat(20));
    const conn = await betterSqlite3Driver
      .connect(parseUrl(`sqlite:${join(dir, 'junk.db')}`))
      .catch((e: unknown) => e);
    expect(String(conn)).toMatch(/junk\.db: file is not a database/);
  });

  it('refuses URLs of other drivers', async () => {
    await expect(betterSqlite3Driver.connect(parseUrl('postgres://u:secret@h/db'))).rejects.toThrow(
      /cannot open postgresql u@h:5432\/db/,
    );
  });
});
