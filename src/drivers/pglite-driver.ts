import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';
import { describeUrl, type ParsedUrl } from '../config/url.js';
import { AthanorError } from '../errors.js';
import type { Connection, Driver } from './driver.js';

/** pg_type oid of int8 (bigint), https://www.postgresql.org/docs/current/datatype-oid.html */
const int8Oid = 20;

/**
 * PGlite: PostgreSQL compiled to WebAssembly, in this process (`pglite:./dir` or `pglite:memory:`).
 *
 * - The pgvector extension is always loaded, so `CREATE EXTENSION vector` works with no server
 *   and `pg_available_extensions` lists `vector` (a migration that `requires` it runs here).
 * - The folders above a data directory are created when missing (`pglite:./data/db`).
 * - PGlite is single-connection and single-process: one PGlite instance owns its data directory.
 *   Do not open the same directory twice at once (two `connect` calls, or two processes); close
 *   the first connection before opening the next. For the same reason the PostgreSQL migration
 *   lock does not open a second connection on PGlite (see postgres-lock.ts).
 * - `int8` comes back as a string, as the `pg` driver returns it, so a migration reads the same
 *   values on PGlite and on a server (PGlite's own default is a BigInt).
 * - Startup compiles the WebAssembly module: expect a few seconds for the first connection.
 *
 * @example
 * const conn = await pgliteDriver.connect(parseUrl('pglite:memory:'));
 * await conn.execute('CREATE EXTENSION vector');
 * await conn.close();
 */
export const pgliteDriver: Driver = Object.freeze({
  dialect: 'postgresql',
  async connect(url: ParsedUrl): Promise<Connection> {
    if (url.driver !== 'pglite') {
      throw new AthanorError('E_URL', `the pglite driver cannot open ${describeUrl(url)}`);
    }
    const description = describeUrl(url);
    const { vector } = await importPglite();
    const options: PGliteOptions = {
      extensions: { vector },
      parsers: { [int8Oid]: (value: string) => value },
    };
    if (url.memory) return pgliteConnection(await openPglite(url, options), description, (db) => db.close());
    const key = resolve(url.path);
    const pooled = await acquirePooled(key, () => openPglite(url, options));
    return pgliteConnection(pooled, description, async (db) => {
      // The instance outlives this connection: never hand the next one an open transaction.
      if (db.isInTransaction()) await db.exec('ROLLBACK');
      await releasePooled(key);
    });
  },
} satisfies Driver);

async function openPglite(url: Extract<ParsedUrl, { driver: 'pglite' }>, options: PGliteOptions): Promise<PGlite> {
  const { PGlite } = await importPglite();
  try {
    // PGlite creates its data directory but not the folders above it (`pglite:./data/db` with
    // no ./data fails with ENOENT), as initdb would not either; a URL is expected to just work.
    if (!url.memory) mkdirSync(dirname(resolve(url.path)), { recursive: true });
    return await PGlite.create(url.memory ? 'memory://' : url.path, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AthanorError('E_CONNECT', `cannot open ${describeUrl(url)}: ${reason}`, { cause: error });
  }
}

/**
 * One PGlite instance per data directory in this process. Starting PGlite costs seconds, and a
 * run opens and closes connections several times (commands, verify's walk, tests); PGlite is also
 * single-connection, so two instances on one directory would corrupt it. Connections to the same
 * directory therefore share one instance, closed a moment after the last connection closes (or
 * when the process is about to exit), which keeps a directory free for another process soon after.
 * This pool is the one piece of process-wide state in athanor: it mirrors the database's own rule
 * that a directory has one owner.
 */
const pool = new Map<string, { db: Promise<PGlite>; refs: number; timer?: ReturnType<typeof setTimeout> }>();
const lingerMs = 100;

async function acquirePooled(path: string, open: () => Promise<PGlite>): Promise<PGlite> {
  let entry = pool.get(path);
  if (!entry) {
    entry = { db: open(), refs: 0 };
    pool.set(path, entry);
    entry.db.catch(() => pool.delete(path));
    if (pool.size === 1) process.once('beforeExit', () => void closeIdle());
  }
  if (entry.timer) clearTimeout(entry.timer);
  delete entry.timer;
  entry.refs++;
  return entry.db;
}

async function releasePooled(path: string): Promise<void> {
  const entry = pool.get(path);
  if (!entry || --entry.refs > 0) return;
  entry.timer = setTimeout(() => void closeEntry(path), lingerMs);
  entry.timer.unref();
}

async function closeEntry(path: string): Promise<void> {
  const entry = pool.get(path);
  if (!entry || entry.refs > 0) return;
  pool.delete(path);
  await (await entry.db).close();
}

async function closeIdle(): Promise<void> {
  await Promise.all([...pool.keys()].map((path) => closeEntry(path)));
}

async function importPglite(): Promise<{
  PGlite: typeof import('@electric-sql/pglite').PGlite;
  vector: typeof import('@electric-sql/pglite-pgvector').vector;
}> {
  try {
    const [core, pgvector] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-pgvector'),
    ]);
    return { PGlite: core.PGlite, vector: pgvector.vector };
  } catch (error) {
    throw new AthanorError(
      'E_DRIVER_MISSING',
      'PGlite is not installed: run `npm install @electric-sql/pglite@0.5.14 @electric-sql/pglite-pgvector@0.0.15`',
      { cause: error },
    );
  }
}

function pgliteConnection(db: PGlite, description: string, release: (db: PGlite) => Promise<void>): Connection {
  let closed = false;
  return Object.freeze({
    dialect: 'postgresql' as const,
    description,
    async query<R = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<R[]> {
      if (params.length === 0 && hasSeveralStatements(sql)) {
        return ((await db.exec(sql)).at(-1)?.rows ?? []) as R[];
      }
      return (await db.query<R>(sql, [...params])).rows;
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<{ rowCount: number }> {
      // `query` is one prepared statement (it takes parameters); `exec` runs a script of several
      // statements without parameters, as `op.execute` scripts need.
      if (params.length === 0 && hasSeveralStatements(sql)) {
        // PGlite 0.5's exec reports affectedRows as a running total over the script's statements
        // (1, 3, 4 for rows 1 + 2 + 1), so the last result holds the script's total.
        const results = await db.exec(sql);
        return { rowCount: results.at(-1)?.affectedRows ?? 0 };
      }
      const result = await db.query(sql, [...params]);
      return { rowCount: result.affectedRows ?? 0 };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await release(db);
    },
  } satisfies Connection);
}

/**
 * Whether a `;` outside quotes, comments and dollar-quoted bodies is followed by more SQL. A
 * cheap scan, so single statements keep using the extended protocol (`query`).
 * https://www.postgresql.org/docs/current/sql-syntax-lexical.html
 *
 * @example
 * hasSeveralStatements("SELECT ';'");          // false
 * hasSeveralStatements('SELECT 1; SELECT 2'); // true
 */
export function hasSeveralStatements(sql: string): boolean {
  const token =
    /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|(\$[A-Za-z_0-9]*\$)[\s\S]*?\1|;/g;
  for (const match of sql.matchAll(token)) {
    if (match[0] === ';' && sql.slice((match.index ?? 0) + 1).trim() !== '') return true;
  }
  return false;
}
