/**
 * Databases for the bench: a uniquely named PostgreSQL database per use (dropped afterwards)
 * and SQLite files in the run's temporary folder. Server URL: ATHANOR_TEST_PG_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres (as the tests). URLs are never printed.
 */
import { randomBytes } from 'node:crypto';
import { runChecked, runProcess } from './proc.js';

export const pgServerUrl =
  process.env.ATHANOR_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Hides a password in any text that might carry a URL. */
export const mask = (text: string): string => text.replace(/(\/\/[^:/@\s]+:)[^@\s]+@/g, '$1***@');

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

async function psqlAdmin(sql: string): Promise<void> {
  await runChecked('psql', 'psql', ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-c', sql, pgServerUrl]);
}

/** Null when the server answers, or why it does not. */
export async function pgUnavailable(): Promise<string | null> {
  try {
    const r = await runProcess('psql', ['-X', '-At', '-c', 'SELECT 1', pgServerUrl]);
    return r.status === 0 ? null : mask(r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`);
  } catch (error) {
    return mask(String((error as Error).message));
  }
}

export interface PgDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const created = new Set<string>();

export async function createPg(): Promise<PgDatabase> {
  const name = `athanor_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  await psqlAdmin(`CREATE DATABASE "${name}"`);
  created.add(name);
  return {
    name,
    url: withDatabase(pgServerUrl, name),
    async drop() {
      await psqlAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      created.delete(name);
    },
  };
}

/** Drops every database this process created and has not dropped yet (on errors, Ctrl-C). */
export async function dropAllPg(): Promise<void> {
  for (const name of [...created]) {
    await psqlAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    created.delete(name);
  }
}

/** Rows of a query, tab-separated fields (psql -At), run outside any timing. */
export async function pgQuery(url: string, sql: string): Promise<string[][]> {
  const r = await runChecked('psql query', 'psql', ['-X', '-At', '-F', '\t', '-c', sql, url]);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

export async function sqliteQuery(path: string, sql: string): Promise<string[][]> {
  const r = await runChecked('sqlite3 query', 'sqlite3', ['-batch', '-separator', '\t', path, sql]);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.split('\t'));
}

/** User tables of a database and the rows of its version table (missing table: undefined). */
export async function inspect(
  dialect: 'sqlite' | 'postgresql',
  target: string,
  versionTable: string,
): Promise<{ tables: string[]; versions: string[] | undefined }> {
  if (dialect === 'postgresql') {
    const tables = (
      await pgQuery(
        target,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      )
    ).map((r) => r[0] as string);
    const versions = tables.includes(versionTable)
      ? (await pgQuery(target, `SELECT version_num FROM "${versionTable}" ORDER BY 1`)).map(
          (r) => r[0] as string,
        )
      : undefined;
    return { tables, versions };
  }
  const tables = (
    await sqliteQuery(
      target,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    )
  ).map((r) => r[0] as string);
  const versions = tables.includes(versionTable)
    ? (await sqliteQuery(target, `SELECT version_num FROM "${versionTable}" ORDER BY 1`)).map(
        (r) => r[0] as string,
      )
    : undefined;
  return { tables, versions };
}
