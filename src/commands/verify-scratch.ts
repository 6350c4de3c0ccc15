import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config/config-types.js';
import { describeUrl, parseUrl, type ParsedUrl } from '../config/url.js';
import { loadDialect } from '../dialects/registry.js';
import { connect } from '../drivers/registry.js';
import { AthanorError } from '../errors.js';
import type { DialectName } from '../schema/types.js';

/**
 * A database that `verify` may fill and empty at will, and that is removed afterwards.
 *
 * @example
 * const scratch = await openScratch(config, undefined);
 * try { await connect(scratch.url); } finally { await scratch.dispose(); }
 */
export interface ScratchDatabase {
  readonly url: ParsedUrl;
  /** Where it is, without secrets: `sqlite /tmp/athanor-verify-x/verify.db`. */
  readonly description: string;
  /** Removes it (drops the database, deletes the files); never throws. */
  dispose(): Promise<{ readonly error?: string }>;
}

/**
 * The default scratch database of each dialect family: a temporary SQLite file; for PostgreSQL an
 * in-memory PGlite (verify holds one connection, and the PostgreSQL lock opens no second one on
 * PGlite; memory starts twice as fast as a data directory); none for MySQL (there is no embedded
 * MySQL, so `--url` is needed).
 */
const localScratch: Readonly<Record<DialectName, ((dir: string) => string) | undefined>> = {
  sqlite: (dir) => `sqlite:${join(dir, 'verify.db')}`,
  postgresql: () => 'pglite:memory:',
  mysql: undefined,
};

function configuredDialect(config: Pick<ResolvedConfig, 'parsedUrl' | 'url'>): DialectName {
  if (config.parsedUrl) return config.parsedUrl.dialect;
  return config.url === undefined ? 'sqlite' : parseUrl(config.url).dialect;
}

async function temporary(family: DialectName): Promise<ScratchDatabase> {
  const make = localScratch[family];
  if (make === undefined) {
    throw new AthanorError(
      'E_USAGE',
      `verify needs a scratch server for ${family}: pass --url ${family}://user@host:port/ (athanor creates a database there and drops it afterwards)`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'athanor-verify-'));
  const url = parseUrl(make(dir));
  return {
    url,
    description: `${describeUrl(url)} (temporary)`,
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
      return {};
    },
  };
}

/** A file URL the user named: used only when nothing is there yet, and removed afterwards. */
function givenFile(
  url: ParsedUrl & { readonly path: string; readonly memory: boolean },
): ScratchDatabase {
  const description = describeUrl(url);
  if (url.memory) return { url, description, dispose: async () => ({}) };
  const path = resolve(url.path);
  const used = existsSync(path) && (!statSync(path).isDirectory() || readdirSync(path).length > 0);
  if (used) {
    throw new AthanorError(
      'E_USAGE',
      `verify needs a scratch database, and ${path} already exists; name a path that does not exist yet (it is removed afterwards)`,
    );
  }
  return {
    url,
    description,
    async dispose() {
      for (const suffix of ['', '-wal', '-shm', '-journal'])
        rmSync(`${path}${suffix}`, { recursive: true, force: true });
      return {};
    },
  };
}

function withDatabase(raw: string, database: string): string {
  const url = new URL(raw);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function onServer(
  server: ParsedUrl,
  sql: (quoted: string) => string,
  name: string,
): Promise<void> {
  const dialect = await loadDialect(server.dialect);
  const conn = await connect(server);
  try {
    await conn.execute(sql(dialect.quoteIdentifier(name)));
  } finally {
    await conn.close();
  }
}

/** A uniquely named database created on the server of `server`, dropped by `dispose`. */
async function onNewDatabase(server: ParsedUrl): Promise<ScratchDatabase> {
  const name = `athanor_verify_${randomBytes(5).toString('hex')}`;
  await onServer(server, (q) => `CREATE DATABASE ${q}`, name);
  const url = parseUrl(withDatabase(server.raw, name));
  return {
    url,
    description: `${describeUrl(url)} (created for this run)`,
    async dispose() {
      try {
        await onServer(server, (q) => `DROP DATABASE IF EXISTS ${q}`, name);
        return {};
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { error: `could not drop the scratch database ${name}: ${reason}` };
      }
    },
  };
}

/**
 * Opens the scratch database of a `verify` run. With `scratchUrl`: on a server, a new uniquely
 * named database (created now, dropped by `dispose`); a SQLite file or PGlite directory that does
 * not exist yet (removed by `dispose`); or an in-memory one. Without: a temporary database of
 * the configured URL's family (SQLite file, in-memory PGlite; MySQL needs `scratchUrl`).
 *
 * @example
 * const scratch = await openScratch(config, 'postgres://postgres@127.0.0.1:5432/postgres');
 * scratch.description; // 'postgresql postgres@127.0.0.1:5432/athanor_verify_3fa9c1d2e4 (created for this run)'
 */
export async function openScratch(
  config: Pick<ResolvedConfig, 'parsedUrl' | 'url'>,
  scratchUrl: string | undefined,
): Promise<ScratchDatabase> {
  if (scratchUrl === undefined) return temporary(configuredDialect(config));
  const url = parseUrl(scratchUrl);
  return 'path' in url ? givenFile(url) : onNewDatabase(url);
}
