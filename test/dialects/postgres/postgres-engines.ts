/**
 * The two PostgreSQL engines the postgres suites run on: PGlite (always) and the server (when
 * reachable; CI=true makes it required). Each `open()` gives a fresh, empty database.
 */
import { parseUrl } from '../../../src/config/url.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { pgDriver } from '../../../src/drivers/pg-driver.js';
import { pgliteDriver } from '../../../src/drivers/pglite-driver.js';
import { createPostgresDatabase, serverAvailable } from '../../helpers/databases.js';

export interface OpenDatabase {
  readonly conn: Connection;
  /** A second connection to the same database (the server only; PGlite has one). */
  readonly reopen: () => Promise<Connection>;
  readonly vector: boolean;
  readonly cleanup: () => Promise<void>;
}

export interface PostgresEngine {
  readonly name: 'pglite' | 'postgresql';
  readonly available: boolean;
  open(): Promise<OpenDatabase>;
}

async function openPglite(): Promise<OpenDatabase> {
  const conn = await pgliteDriver.connect(parseUrl('pglite:memory:'));
  return {
    conn,
    reopen: () => Promise.reject(new Error('PGlite has a single connection')),
    vector: true,
    cleanup: () => conn.close(),
  };
}

async function openServer(): Promise<OpenDatabase> {
  const db = await createPostgresDatabase();
  const url = parseUrl(db.url);
  const conn = await pgDriver.connect(url);
  const opened: Connection[] = [conn];
  const rows = await conn.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'vector'",
  );
  return {
    conn,
    async reopen() {
      const next = await pgDriver.connect(url);
      opened.push(next);
      return next;
    },
    vector: (rows[0]?.n ?? 0) > 0,
    async cleanup() {
      await Promise.all(opened.map((c) => c.close().catch(() => undefined)));
      await db.cleanup();
    },
  };
}

/** Both engines, the server probed once (loud skip when unreachable, failure under CI=true). */
export async function postgresEngines(): Promise<PostgresEngine[]> {
  const server = await serverAvailable('postgresql');
  return [
    { name: 'pglite', available: true, open: openPglite },
    { name: 'postgresql', available: server, open: openServer },
  ];
}
