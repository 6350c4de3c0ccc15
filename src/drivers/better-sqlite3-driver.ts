import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { describeUrl, type ParsedUrl } from '../config/url.js';
import { AthanorError } from '../errors.js';
import type { Connection, Driver } from './driver.js';

type Database = BetterSqlite3.Database;

/**
 * How long a statement waits for another connection's write lock before SQLITE_BUSY
 * (https://www.sqlite.org/pragma.html#pragma_busy_timeout). Migration runs never wait on each
 * other here: they serialise on the run lock (sqlite-lock.ts) first.
 */
const busyTimeoutMs = 5_000;

/**
 * The SQLite driver (better-sqlite3): `sqlite:./app.db`, `sqlite:///abs/app.db`, `sqlite::memory:`.
 *
 * - The database file is created when missing, but its directory is not: a typo in the path
 *   should fail loudly (as SQLAlchemy's "unable to open database file" does), naming the path.
 * - Every connection runs `PRAGMA foreign_keys = ON`: SQLite enforces foreign keys only when
 *   asked, per connection (https://www.sqlite.org/foreignkeys.html#fk_enable), and athanor
 *   declares them to have them enforced, in migrations' data steps too.
 * - Bound values: better-sqlite3 accepts numbers, bigints, strings, Buffers and null only
 *   (https://github.com/WiseLibs/better-sqlite3/blob/master/docs/api.md#binding-parameters), so
 *   `true`/`false` bind as 1/0 (how SQLite stores booleans), Dates as ISO-8601 UTC text,
 *   `undefined` as NULL, Uint8Arrays as blobs and other objects/arrays as JSON text.
 * - Rows come back as better-sqlite3 returns them: integers as numbers (beyond 2^53 they lose
 *   precision; SQLite has no wider exact type than INTEGER), blobs as Buffers.
 * - `execute` without parameters accepts a script of several statements (as the PostgreSQL
 *   driver does), for `op.execute` of a multi-statement string.
 *
 * @example
 * const conn = await betterSqlite3Driver.connect(parseUrl('sqlite:./app.db'));
 * const rows = await conn.query<{ n: number }>('SELECT ? AS n', [1]);
 * await conn.close();
 */
export const betterSqlite3Driver: Driver = Object.freeze({
  dialect: 'sqlite',
  async connect(url: ParsedUrl): Promise<Connection> {
    if (url.driver !== 'better-sqlite3') {
      throw new AthanorError('E_URL', `the better-sqlite3 driver cannot open ${describeUrl(url)}`);
    }
    const path = url.memory ? ':memory:' : resolve(url.path);
    if (!url.memory) checkDirectory(path);
    const db = openDatabase(await importBetterSqlite3(), path);
    return sqliteConnection(db, describeUrl(url));
  },
} satisfies Driver);

async function importBetterSqlite3(): Promise<typeof BetterSqlite3> {
  try {
    // require, not import(): better-sqlite3 is CommonJS, and import() would first scan its
    // files for export names (cjs-module-lexer), ~3.5 ms of `athanor current` here.
    return createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    throw new AthanorError(
      'E_DRIVER_MISSING',
      'the SQLite driver is not installed: run `npm install better-sqlite3`',
      {
        cause: error,
      },
    );
  }
}

function openDatabase(Database: typeof BetterSqlite3, path: string): Database {
  let db: Database | undefined;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
    db.pragma('foreign_keys = ON');
    // Reading the schema now reports a file that is not a database here, naming its path.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (error) {
    db?.close();
    throw new AthanorError(
      'E_CONNECT',
      `cannot open sqlite database ${path}: ${messageOf(error)}`,
      {
        cause: error,
        details: { path },
      },
    );
  }
}

function checkDirectory(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    throw new AthanorError(
      'E_CONNECT',
      `cannot open sqlite database ${path}: directory ${dir} does not exist (athanor does not create directories; create it, or fix the URL)`,
      { details: { path, directory: dir } },
    );
  }
  if (!statSync(dir).isDirectory()) {
    throw new AthanorError(
      'E_CONNECT',
      `cannot open sqlite database ${path}: ${dir} is not a directory`,
      {
        details: { path, directory: dir },
      },
    );
  }
}

function sqliteConnection(db: Database, description: string): Connection {
  return Object.freeze({
    dialect: 'sqlite' as const,
    description,
    async query<R = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<R[]> {
      const stmt = db.prepare(sql);
      const values = params.map(bindValue);
      if (stmt.reader) return stmt.all(...values) as R[];
      stmt.run(...values);
      return [];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<{ rowCount: number }> {
      return executeOn(db, sql, params);
    },
    async close(): Promise<void> {
      if (db.open) db.close();
    },
  } satisfies Connection);
}

function executeOn(db: Database, sql: string, params: readonly unknown[]): { rowCount: number } {
  let stmt: BetterSqlite3.Statement;
  try {
    stmt = db.prepare(sql);
  } catch (error) {
    // A script of several statements (no parameters): run it whole, count the rows it changed.
    if (params.length === 0 && /more than one statement/i.test(messageOf(error))) {
      const before = db.prepare('SELECT total_changes() AS n').pluck().get() as number;
      db.exec(sql);
      const after = db.prepare('SELECT total_changes() AS n').pluck().get() as number;
      return { rowCount: after - before };
    }
    throw error;
  }
  const values = params.map(bindValue);
  if (stmt.reader) return { rowCount: stmt.all(...values).length };
  return { rowCount: stmt.run(...values).changes };
}

/** Converts a JavaScript value into one better-sqlite3 can bind (see the driver notes above). */
function bindValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
