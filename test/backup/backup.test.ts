import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import { backupDatabase, restoreDatabase } from '../../src/backup/backup.js';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  createSqliteDatabase,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';

const pgUp = await serverAvailable('postgresql');
const mysqlUp = await serverAvailable('mysql');
const cleanups: TestDatabase[] = [];
afterAll(async () => {
  for (const db of cleanups) await db.cleanup();
});

async function sqliteDb() {
  const mod = await import('better-sqlite3');
  const Database = (mod as unknown as { default?: typeof mod }).default ?? mod;
  return Database;
}

describe('backup and restore', () => {
  it('round-trips a SQLite database: rows deleted after the backup come back', async () => {
    const db = await createSqliteDatabase();
    cleanups.push(db);
    const url = parseUrl(db.url);
    if (!('path' in url)) throw new Error('expected a file URL');
    const Database = await sqliteDb();
    const conn = new Database(url.path);
    conn.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)');
    const insert = conn.prepare('INSERT INTO users (email) VALUES (?)');
    for (let i = 0; i < 500; i++) insert.run(`user${i}@example.com`);
    conn.close();

    const backup = await backupDatabase(url, { dir: join(db.dir, 'backups'), label: 'abc123' });
    expect(existsSync(backup.path)).toBe(true);
    expect(backup.path).toMatch(/test-\d{8}T\d{6}Z-abc123\.sqlite$/);
    expect(backup.bytes).toBeGreaterThan(0);

    const writer = new Database(url.path);
    writer.exec('DELETE FROM users WHERE id > 100; CREATE TABLE junk (x INTEGER)');
    writer.close();

    await restoreDatabase(url, backup.path);
    const reader = new Database(url.path);
    const count = reader.prepare('SELECT count(*) AS n FROM users').get() as { n: number };
    const junk = reader.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'junk'").get() as { n: number };
    reader.close();
    expect(count.n).toBe(500);
    expect(junk.n).toBe(0);
  });

  it.skipIf(!pgUp)('round-trips a PostgreSQL database with pg_dump -Fc / pg_restore', async () => {
    const db = await createPostgresDatabase();
    cleanups.push(db);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL)');
    await client.query("INSERT INTO users (email) SELECT 'u' || g || '@example.com' FROM generate_series(1, 1000) g");

    const backup = await backupDatabase(parseUrl(db.url), { dir: join(db.dir, 'backups') });
    expect(backup.path.endsWith('.dump')).toBe(true);

    await client.query('DELETE FROM users WHERE id > 10');
    await client.query('CREATE TABLE junk (x int)');
    await client.end();

    await restoreDatabase(parseUrl(db.url), backup.path);
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    const users = await check.query<{ n: string }>('SELECT count(*) AS n FROM users');
    const max = await check.query<{ m: number }>('SELECT max(id) AS m FROM users');
    // Objects created after the backup go too: the dumped schemas are recreated.
    const junk = await check.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'junk'");
    const publicUsage = await check.query<{ u: boolean }>("SELECT has_schema_privilege('public', 'public', 'USAGE') AS u");
    await check.end();
    expect(Number(users.rows[0]?.n)).toBe(1000);
    expect(max.rows[0]?.m).toBe(1000);
    expect(Number(junk.rows[0]?.n)).toBe(0);
    expect(publicUsage.rows[0]?.u).toBe(true);
  });

  it.skipIf(!mysqlUp)('round-trips a MariaDB database with mysqldump --single-transaction', async () => {
    const db = await createMysqlDatabase();
    cleanups.push(db);
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection({ uri: db.url });
    await conn.query('CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL)');
    await conn.query("INSERT INTO users (email) VALUES ('a@b.c'), ('it''s\\\\odd'), ('d@e.f')");
    const backup = await backupDatabase(parseUrl(db.url), { dir: join(db.dir, 'backups') });
    await conn.query('DELETE FROM users');
    await conn.query('CREATE TABLE junk (x INT)');
    await restoreDatabase(parseUrl(db.url), backup.path);
    const [rows] = await conn.query('SELECT email FROM users ORDER BY id');
    const [junk] = await conn.query("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'junk'");
    expect(Number((junk as Array<{ n: unknown }>)[0]?.n)).toBe(0);
    await conn.end();
    expect((rows as Array<{ email: string }>).map((r) => r.email)).toEqual(['a@b.c', "it's\\odd", 'd@e.f']);
  });

  it.skipIf(!pgUp)('refuses a file that is not a pg_dump archive and changes nothing', async () => {
    const db = await createPostgresDatabase();
    cleanups.push(db);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE keep (x int)');
    const bogus = join(db.dir, 'bogus.dump');
    (await import('node:fs')).writeFileSync(bogus, 'not a dump');
    await expect(restoreDatabase(parseUrl(db.url), bogus)).rejects.toThrow(/is not a pg_dump -Fc file/);
    const kept = await client.query("SELECT count(*) AS n FROM pg_tables WHERE tablename = 'keep'");
    await client.end();
    expect(Number(kept.rows[0]?.n)).toBe(1);
  });

  it('refuses PGlite and in-memory SQLite with a clear message', async () => {
    await expect(backupDatabase(parseUrl('sqlite::memory:'), { dir: '/tmp' })).rejects.toThrow(/in-memory SQLite/);
    await expect(backupDatabase(parseUrl('pglite:memory:'), { dir: '/tmp' })).rejects.toThrow(/PGlite/);
  });
});
