/**
 * Where a command's migrations and database are, and a connection scope: the light half of
 * run-command.ts. Read commands (`current`, `status`) import this one and so load neither the
 * MigrationRunner nor, with {@link withCoreConnection}, a dialect's compiler and reflector.
 */
import type { ResolvedConfig } from '../config/config-types.js';
import { parseUrl, type ParsedUrl } from '../config/url.js';
import type { Dialect, DialectCore } from '../dialects/dialect.js';
import { loadDialect, loadDialectCore } from '../dialects/registry.js';
import type { Connection } from '../drivers/driver.js';
import { connect } from '../drivers/registry.js';
import { AthanorError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { ScriptDirectory } from '../script/script-directory.js';
import type { QualifiedTable } from './version-table.js';

/** Where a run finds its migrations. */
export interface RunSources {
  readonly scripts: ScriptDirectory;
  graph(): Promise<RevisionGraph>;
  readonly args?: Readonly<Record<string, string>>;
}

/**
 * The sources of a config, unless the caller already has them.
 *
 * @example
 * const graph = await runSources({ config }).graph();
 */
export function runSources(options: {
  readonly config: ResolvedConfig;
  readonly context?: RunSources;
}): RunSources {
  if (options.context) return options.context;
  const scripts = new ScriptDirectory(options.config.versionsDir);
  let graph: Promise<RevisionGraph> | undefined;
  return { scripts, graph: () => (graph ??= scripts.graph()) };
}

/**
 * The URL of a config, parsed; a clear error when there is none.
 *
 * @example
 * databaseUrl(config).dialect; // 'postgresql'
 */
export function databaseUrl(config: ResolvedConfig): ParsedUrl {
  if (config.parsedUrl) return config.parsedUrl;
  if (config.url) return parseUrl(config.url);
  throw new AthanorError(
    'E_CONFIG',
    'no database URL: set `url` in athanor.config.ts, the DATABASE_URL environment variable, or pass --url',
  );
}

/**
 * The version table of a config.
 *
 * @example
 * versionTableOf(config); // { name: 'athanor_version' }
 */
export function versionTableOf(config: ResolvedConfig): QualifiedTable {
  return { name: config.versionTable, ...(config.schema ? { schema: config.schema } : {}) };
}

/**
 * Opens what a read or write command needs: the dialect (from the URL scheme) and, online, a
 * connection that `fn` uses and that is closed afterwards.
 *
 * @example
 * await withConnection(config, async (conn, dialect) => readVersions(conn, dialect, versionTableOf(config)));
 */
export async function withConnection<T>(
  config: ResolvedConfig,
  fn: (conn: Connection, dialect: Dialect, url: ParsedUrl) => Promise<T>,
): Promise<T> {
  const url = databaseUrl(config);
  return usingConnection(url, await loadDialect(url.dialect), fn);
}

/**
 * {@link withConnection} for commands that only read athanor's own tables: `fn` gets the
 * dialect's core (SQL spelling and table probe), so neither compiler nor reflector is loaded.
 *
 * @example
 * await withCoreConnection(config, (conn, dialect) => readVersions(conn, dialect, versionTableOf(config)));
 */
export async function withCoreConnection<T>(
  config: ResolvedConfig,
  fn: (conn: Connection, dialect: DialectCore, url: ParsedUrl) => Promise<T>,
): Promise<T> {
  const url = databaseUrl(config);
  return usingConnection(url, await loadDialectCore(url.dialect), fn);
}

async function usingConnection<D, T>(
  url: ParsedUrl,
  dialect: D,
  fn: (conn: Connection, dialect: D, url: ParsedUrl) => Promise<T>,
): Promise<T> {
  const conn = await connect(url);
  try {
    return await fn(conn, dialect, url);
  } finally {
    await conn.close();
  }
}
