import type { ParsedUrl } from 'athanor';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The app's database handle: one connection, SQL with `?` placeholders on every database.
 * A real app would use its query builder here (the models also give Kysely types: see
 * `DB` in schema.ts); this keeps the example free of one.
 */
export interface Db {
  readonly dialect: ParsedUrl['dialect'];
  /** Runs one statement (`?` placeholders) and returns its rows (RETURNING rows for writes). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * Opens the database athanor migrates: pass the config's `parsedUrl` (see `loadConfig`), so the
 * app and `npx athanor` agree on where it is, DATABASE_URL included.
 *
 * @example
 * const config = await loadConfig();
 * const db = await openDb(config.parsedUrl!);
 */
export async function openDb(url: ParsedUrl): Promise<Db> {
  switch (url.driver) {
    case 'pglite':
      return openPglite(url.memory ? 'memory://' : url.path);
    case 'pg':
      return openPostgres(url.raw);
    case 'better-sqlite3':
      return openSqlite(url.memory ? ':memory:' : url.path);
    case 'mysql2':
      return openMysql(url.raw);
  }
}

/** `?` -> `$1`, `$2`, ... outside string literals (PostgreSQL numbers its parameters). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === '?' ? `$${++n}` : match));
}

async function openPglite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const pg = await PGlite.create(dataDir, { extensions: { vector } });
  return {
    dialect: 'postgresql',
    query: async <R>(text: string, params: readonly unknown[] = []) =>
      (await pg.query<R>(numbered(text), [...params])).rows,
    close: () => pg.close(),
  };
}

async function openPostgres(url: string): Promise<Db> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    dialect: 'postgresql',
    query: async <R>(text: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(text), [...params])).rows as R[],
    close: () => client.end(),
  };
}

async function openSqlite(path: string): Promise<Db> {
  // A CommonJS module: its constructor is the default export under Node's ESM loader.
  const mod = (await import('better-sqlite3')) as unknown as { default: typeof BetterSqlite3 };
  const sqlite = new mod.default(path);
  sqlite.pragma('foreign_keys = ON'); // SQLite enforces ON DELETE CASCADE only when asked
  return {
    dialect: 'sqlite',
    async query<R>(text: string, params: readonly unknown[] = []) {
      const statement = sqlite.prepare(text);
      if (statement.reader) return statement.all(...params) as R[];
      statement.run(...params);
      return [];
    },
    close: async () => void sqlite.close(),
  };
}

async function openMysql(url: string): Promise<Db> {
  const mysql = await import('mysql2/promise');
  const conn = await mysql.createConnection({ uri: url });
  return {
    dialect: 'mysql',
    async query<R>(text: string, params: readonly unknown[] = []) {
      const [rows] = await conn.query(text, [...params]);
      return (Array.isArray(rows) ? rows : []) as R[];
    },
    close: () => conn.end(),
  };
}
