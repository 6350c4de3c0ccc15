/**
 * Real databases for tests: SQLite files, PGlite, the PostgreSQL server and the MariaDB server.
 * Each call creates a uniquely named database and returns its URL and a cleanup function.
 * Servers that are unreachable are skipped loudly, except under CI=true where that is a failure.
 */
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export type TargetName = 'sqlite' | 'pglite' | 'postgresql' | 'mysql';

export interface TestDatabase {
  readonly url: string;
  /** Directory for files of this test (SQLite file lives here). */
  readonly dir: string;
  cleanup(): Promise<void>;
}

export interface Target {
  readonly name: TargetName;
  readonly dialect: 'sqlite' | 'postgresql' | 'mysql';
  /** False when the server is unreachable (and CI is not set): the suite is skipped. */
  readonly available: boolean;
  createDatabase(): Promise<TestDatabase>;
}

export const pgServerUrl =
  process.env.ATHANOR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const mysqlServerUrl =
  process.env.ATHANOR_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export function tempDir(prefix = 'athanor-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function pgAdmin<T>(fn: (client: import('pg').Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgServerUrl, connectionTimeoutMillis: 10000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function mysqlAdmin<T>(
  fn: (conn: import('mysql2/promise').Connection) => Promise<T>,
): Promise<T> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: mysqlServerUrl, connectTimeout: 10000 });
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

const reachability = new Map<string, Promise<string | null>>();

/** Resolves to null when reachable, or the reason it is not. */
function probe(kind: 'postgresql' | 'mysql'): Promise<string | null> {
  let p = reachability.get(kind);
  if (!p) {
    const attempt =
      kind === 'postgresql'
        ? pgAdmin((c) => c.query('SELECT 1'))
        : mysqlAdmin((c) => c.query('SELECT 1'));
    p = attempt.then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)) || 'unreachable',
    );
    reachability.set(kind, p);
  }
  return p;
}

/**
 * Whether a server can be used. Under CI=true an unreachable server throws (the test file fails);
 * otherwise it warns loudly and the caller skips.
 */
export async function serverAvailable(kind: 'postgresql' | 'mysql'): Promise<boolean> {
  const reason = await probe(kind);
  if (reason === null) return true;
  const where = kind === 'postgresql' ? pgServerUrl : mysqlServerUrl;
  const message = `${kind} server at ${where} is unreachable (${reason})`;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${message}; CI=true requires it (start it as .ci/run does)`);
  }
  console.warn(
    `\n!!! SKIPPING ${kind} server tests: ${message}. Set CI=true to make this a failure.\n`,
  );
  return false;
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = uniqueName('athanor_t');
  await pgAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  const dir = tempDir();
  return {
    url: withDatabase(pgServerUrl, name),
    dir,
    async cleanup() {
      await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createMysqlDatabase(): Promise<TestDatabase> {
  const name = uniqueName('athanor_t');
  await mysqlAdmin((c) => c.query(`CREATE DATABASE \`${name}\``));
  const dir = tempDir();
  const u = new URL(mysqlServerUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    dir,
    async cleanup() {
      await mysqlAdmin((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = tempDir();
  return {
    url: `sqlite:${join(dir, 'test.db')}`,
    dir,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A PGlite database in a temporary directory (so several connections see the same data).
 * PGlite's initdb costs seconds (tens under load), so one initialised data directory is made
 * per machine and PGlite version and copied for each test database: a copy takes milliseconds.
 */
export async function createPgliteDatabase(): Promise<TestDatabase> {
  const dir = tempDir();
  cpSync(await pgliteTemplate(), join(dir, 'pgdata'), { recursive: true });
  return {
    url: `pglite:${join(dir, 'pgdata')}`,
    dir,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pgliteTemplate(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const manifest = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const template = join(tmpdir(), `athanor-pglite-template-${version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  // Build aside and rename into place: parallel test workers may race, and rename is atomic.
  const building = mkdtempSync(join(tmpdir(), 'athanor-pglite-building-'));
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const db = new PGlite(join(building, 'pgdata'), { extensions: { vector } });
  await db.query('SELECT 1');
  await db.close();
  try {
    renameSync(join(building, 'pgdata'), template);
  } catch {
    // another worker won the race; its template is as good as ours
  }
  rmSync(building, { recursive: true, force: true });
  return template;
}

/** SQLite, embedded: always available. */
export const sqliteTarget: Target = {
  name: 'sqlite',
  dialect: 'sqlite',
  available: true,
  createDatabase: createSqliteDatabase,
};

/** The four engines, with server availability probed (and CI enforced). */
export async function targets(): Promise<Target[]> {
  const [pg, my] = await Promise.all([serverAvailable('postgresql'), serverAvailable('mysql')]);
  return [
    sqliteTarget,
    {
      name: 'pglite',
      dialect: 'postgresql',
      available: true,
      createDatabase: createPgliteDatabase,
    },
    {
      name: 'postgresql',
      dialect: 'postgresql',
      available: pg,
      createDatabase: createPostgresDatabase,
    },
    { name: 'mysql', dialect: 'mysql', available: my, createDatabase: createMysqlDatabase },
  ];
}
