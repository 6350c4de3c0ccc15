/**
 * The job-matching example (examples/job-matching) run in place: the real CLI in process with
 * the example folder as cwd and DATABASE_URL pointing at a fresh test database, and the app's
 * own client (`openDb`) for the rows it reads and writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseUrl } from '../../src/config/url.js';
import { connect } from '../../src/drivers/registry.js';
import { openDb, type Db } from '../../examples/job-matching/src/db/client.js';
import {
  createMysqlDatabase,
  createPgliteDatabase,
  createPostgresDatabase,
  createSqliteDatabase,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';

export const exampleDir = fileURLToPath(new URL('../../examples/job-matching/', import.meta.url));

export interface ExampleEngine {
  readonly name: 'pglite' | 'postgresql' | 'sqlite' | 'mysql';
  readonly available: boolean;
  createDatabase(): Promise<TestDatabase>;
}

/** The engines the example runs on; servers probed (loud skip, or failure under CI=true). */
export async function exampleEngines(): Promise<ExampleEngine[]> {
  const [pg, my] = await Promise.all([serverAvailable('postgresql'), serverAvailable('mysql')]);
  return [
    { name: 'pglite', available: true, createDatabase: createPgliteDatabase },
    { name: 'postgresql', available: pg, createDatabase: createPostgresDatabase },
    { name: 'sqlite', available: true, createDatabase: createSqliteDatabase },
    { name: 'mysql', available: my, createDatabase: createMysqlDatabase },
  ];
}

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The example on one database. */
export interface ExampleRun {
  readonly url: string;
  /** `npx athanor ...` from the example folder; fails the test unless it exits with `status`. */
  athanor(argv: readonly string[], status?: number): Promise<CliRun>;
  /** Runs `fn` with the app's client, closed afterwards (PGlite: one opener at a time). */
  withApp<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

export function exampleRun(db: TestDatabase): ExampleRun {
  return {
    url: db.url,
    async athanor(argv, status = 0) {
      let stdout = '';
      let stderr = '';
      const code = await main(argv, {
        cwd: exampleDir,
        env: { DATABASE_URL: db.url },
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
      });
      const shown = `athanor ${argv.join(' ')}\n--- stdout\n${stdout}--- stderr\n${stderr}`;
      expect(code, shown).toBe(status);
      return { status: code, stdout, stderr };
    },
    async withApp(fn) {
      const url = parseUrl(db.url);
      const conn = url.driver === 'pglite' ? await pooledPglite(db.url) : await openDb(url);
      try {
        return await fn(conn);
      } finally {
        await conn.close();
      }
    },
  };
}

/**
 * On PGlite, the app's queries go through athanor's own connection: in this process the CLI's
 * PGlite instance for the directory lingers a moment after each command, and a second instance
 * on the same directory (the app's `openDb`) must not overlap it. (The app, in its own process,
 * has the directory to itself.)
 */
async function pooledPglite(url: string): Promise<Db> {
  const conn = await connect(parseUrl(url));
  let n = 0;
  const numbered = (text: string) =>
    text.replace(/'(?:[^']|'')*'|\?/g, (m) => (m === '?' ? `$${++n}` : m));
  return {
    dialect: 'postgresql',
    query: (text, params = []) => {
      n = 0;
      return conn.query(numbered(text), params);
    },
    close: () => conn.close(),
  };
}

/** The example's migration files: stem -> revision id, in file order. */
export function exampleRevisions(): Map<string, string> {
  const versions = join(exampleDir, 'migrations', 'versions');
  const revisions = new Map<string, string>();
  for (const file of readdirSync(versions)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const id = /revision: '([0-9a-f]+)'/.exec(readFileSync(join(versions, file), 'utf8'))?.[1];
    if (id !== undefined) revisions.set(file.replace(/\.ts$/, ''), id);
  }
  return revisions;
}

/**
 * A deterministic unit-length embedding of 1536 numbers pointing mostly along `axis`, tilted a
 * little towards `towards`: near neighbours are predictable.
 */
export function embedding(axis: number, towards = axis, tilt = 0): number[] {
  const values = Array.from({ length: 1536 }, () => 0);
  values[axis] = 1;
  values[towards] = (values[towards] ?? 0) + tilt;
  const norm = Math.hypot(...values);
  return values.map((v) => Number((v / norm).toFixed(6)));
}

/** User tables of the database (athanor's own left out), sorted. */
export async function userTables(db: Db): Promise<string[]> {
  const sql =
    db.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : db.dialect === 'mysql'
        ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()'
        : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'";
  const rows = await db.query<{ name: string }>(sql);
  return rows
    .map((r) => r.name)
    .filter((n) => !n.startsWith('athanor_version'))
    .sort();
}
