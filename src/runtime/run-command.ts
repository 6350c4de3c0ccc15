import type { ResolvedConfig } from '../config/config-types.js';
import type { Dialect } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/registry.js';
import type { Connection } from '../drivers/driver.js';
import { connect } from '../drivers/registry.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import type { ScriptDirectory } from '../script/script-directory.js';
import type { RunEventListener } from './events.js';
import { MigrationRunner, type OnlineTarget, type Planner, type RunResult } from './runner.js';
import { databaseUrl, runSources, versionTableOf, type RunSources } from './run-setup.js';
import { sessionSettingsSql } from './session-settings.js';

// The light helpers live in run-setup.ts (read commands load only that); re-exported for callers.
export {
  databaseUrl,
  runSources,
  versionTableOf,
  withConnection,
  withCoreConnection,
  type RunSources,
} from './run-setup.js';

/** Options shared by `upgrade`, `downgrade` and `stamp` (the public API and the CLI). */
export interface RunCommandOptions {
  readonly config: ResolvedConfig;
  /** Offline: print the SQL instead of running it (`--sql`). */
  readonly sql?: boolean;
  /** `-x key=value` arguments, readable in migrations as `op.args`. */
  readonly args?: Readonly<Record<string, string>>;
  /** Seconds to wait for the migration lock; default the config's `lockTimeout` (60). */
  readonly lockTimeout?: number;
  readonly onEvent?: RunEventListener;
  /** Scripts and graph to reuse (the CLI's CommandContext fits); read from `config` when absent. */
  readonly context?: RunSources;
  /**
   * Online only: called on the migration connection before the run takes its lock (upgrade's
   * check for edited migrations). Throwing refuses the run before anything changes.
   */
  readonly beforeRun?: (run: BeforeRun) => Promise<void>;
  /** Online only: passed to the runner (under the lock, plan known; `upgrade --backup`). */
  readonly beforeApply?: OnlineTarget['beforeApply'];
}

/** What a `beforeRun` hook may read. */
export interface BeforeRun {
  readonly connection: Connection;
  readonly dialect: Dialect;
  readonly scripts: ScriptDirectory;
}

/** What a command decides once the graph is known. */
export interface RunRequest {
  readonly planner: Planner;
  /** Offline: the version rows the script starts from. */
  readonly startHeads?: readonly string[];
}

/**
 * Runs a plan through a MigrationRunner: online on a connection (lock, version tables, log),
 * or offline into an SQL script. Everything up to the plan is checked before anything runs.
 *
 * @example
 * await executeRun({ config }, (graph) => ({ planner: (current) => graph.planUpgrade(current, 'head') }));
 */
export async function executeRun(
  options: RunCommandOptions,
  request: (graph: RevisionGraph) => RunRequest,
): Promise<RunResult> {
  const { config } = options;
  const ctx = runSources(options);
  const args = options.args ?? ctx.args ?? {};
  const graph = await ctx.graph();
  const { planner, startHeads } = request(graph);
  const url = databaseUrl(config);
  const dialect = await loadDialect(url.dialect);
  const runner = new MigrationRunner({
    dialect,
    scripts: ctx.scripts,
    versionTable: versionTableOf(config),
    transaction: config.transaction,
    args,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  // The compile cache is written once the steps have run (see ScriptDirectory.deferCacheWrites).
  const releaseCache = ctx.scripts.deferCacheWrites();
  try {
    if (options.sql) {
      const session = sessionSettingsSql(config, dialect);
      return await runner.run(planner, { startHeads: startHeads ?? [], session });
    }
    const lockTimeoutMs = Math.max(0, (options.lockTimeout ?? config.lockTimeout ?? 60) * 1000);
    const conn = await connect(url);
    try {
      // Session-level SETs (postgres.lockTimeout, ...) hold across the per-migration transactions.
      for (const statement of sessionSettingsSql(config, dialect)) await conn.execute(statement);
      await options.beforeRun?.({ connection: conn, dialect, scripts: ctx.scripts });
      return await runner.run(planner, {
        connection: conn,
        openConnection: () => connect(url),
        lockTimeoutMs,
        ...(options.beforeApply ? { beforeApply: options.beforeApply } : {}),
      });
    } finally {
      await conn.close();
    }
  } finally {
    releaseCache();
  }
}

/**
 * Splits an offline range `from:to` (Alembic's `upgrade a:b --sql`). A missing or `base`
 * start means the script starts from an empty database.
 *
 * @example
 * splitOfflineRange('a1b2:head'); // { from: 'a1b2', to: 'head' }
 * splitOfflineRange('head');      // { from: undefined, to: 'head' }
 */
export function splitOfflineRange(target: string): { from: string | undefined; to: string } {
  const colon = target.indexOf(':');
  if (colon < 0) return { from: undefined, to: target };
  const from = target.slice(0, colon).trim();
  return {
    from: from === '' || from === 'base' ? undefined : from,
    to: target.slice(colon + 1).trim(),
  };
}
