import { join } from 'node:path';
import { loadConfig } from '../config/config-load.js';
import type { ResolvedConfig } from '../config/config-types.js';
import { assertVersionsDir } from '../config/config-validate.js';
import { AthanorError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { ScriptDirectory } from '../script/script-directory.js';

/** Options every command shares (the CLI's global flags). */
export interface GlobalOptions {
  /** Folder to search for the config from; default process.cwd(). */
  readonly cwd?: string;
  /** `-c/--config`. */
  readonly config?: string;
  /** `--url`. */
  readonly url?: string;
  /** Environment (DATABASE_URL); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** `-x key=value` pairs, passed to migrations. */
  readonly x?: readonly string[];
}

/**
 * What a command works with: the resolved config, the versions folder, the graph (built once,
 * on first use) and the `-x` arguments. Deliberately small: commands that need a database add
 * their connection next to it rather than into it.
 *
 * @example
 * const ctx = await buildContext({ cwd: process.cwd() });
 * const graph = await ctx.graph();
 */
export interface CommandContext {
  readonly config: ResolvedConfig;
  readonly scripts: ScriptDirectory;
  /** The revision graph, built from the versions folder on first call and reused after. */
  graph(): Promise<RevisionGraph>;
  readonly args: Readonly<Record<string, string>>;
}

/**
 * Loads the config and prepares a context.
 *
 * @example
 * const ctx = await buildContext({ config: './athanor.config.ts', x: ['tenant=acme'] });
 * ctx.args.tenant; // 'acme'
 */
export async function buildContext(options: GlobalOptions = {}): Promise<CommandContext> {
  const config = await loadConfig({
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.config !== undefined ? { configPath: options.config } : {}),
    ...(options.url !== undefined ? { url: options.url } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
  });
  return createContext(config, parseExtraArgs(options.x ?? []));
}

/**
 * A context over an already resolved config (the public API's entry point).
 *
 * @example
 * const ctx = createContext(await loadConfig(), { tenant: 'acme' });
 */
export function createContext(config: ResolvedConfig, args: Readonly<Record<string, string>> = {}): CommandContext {
  const scripts = new ScriptDirectory(config.versionsDir, { cacheDir: join(config.migrationsDir, '.athanor-cache') });
  let graph: Promise<RevisionGraph> | undefined;
  return Object.freeze({
    config,
    scripts,
    args: Object.freeze({ ...args }),
    graph(): Promise<RevisionGraph> {
      if (graph === undefined) {
        assertVersionsDir(config);
        graph = scripts.graph();
      }
      return graph;
    },
  });
}

/**
 * Parses `-x key=value` arguments; a later key wins. A pair without `=` is a usage error.
 *
 * @example
 * parseExtraArgs(['tenant=acme', 'dry=1']); // { tenant: 'acme', dry: '1' }
 */
export function parseExtraArgs(pairs: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AthanorError('E_USAGE', `-x expects key=value, got '${pair}'`);
    args[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return args;
}
