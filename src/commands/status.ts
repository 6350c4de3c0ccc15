import type { ResolvedConfig } from '../config/config-types.js';
import { readLastLogEntry, logTableOf, type LastLogEntry } from '../runtime/log-table.js';
import {
  runSources,
  versionTableOf,
  withCoreConnection,
  type RunSources,
} from '../runtime/run-setup.js';
import { existingTables, readVersionRows } from '../runtime/version-table.js';
import { databaseFileMissing } from './current.js';
import { schemaPosition, type RevisionRef, type SchemaPosition } from './schema-position.js';

export interface StatusOptions {
  readonly config: ResolvedConfig;
  /** Scripts and graph to reuse (the CLI's CommandContext); read from `config` when absent. */
  readonly context?: RunSources;
}

/** The newest step the log records as done, with its file's stem. */
export interface LastApplied extends LastLogEntry {
  readonly stem: string | null;
}

/** `athanor status`: where the database stands. Plain data, printed as is by `--json`. */
export interface StatusResult extends SchemaPosition {
  readonly versionTable: string;
  /** False when nothing was ever applied (no version table; status creates none). */
  readonly versionTableExists: boolean;
  /** From the log table; null when the log is empty or absent. */
  readonly lastApplied: LastApplied | null;
}

interface DatabaseState {
  readonly rows: string[] | undefined;
  readonly last: LastLogEntry | undefined;
}

/** Version rows and the newest log entry, read through one connection; writes nothing. */
async function readState(config: ResolvedConfig): Promise<DatabaseState> {
  if (databaseFileMissing(config)) return { rows: undefined, last: undefined };
  const versionTable = versionTableOf(config);
  const logTable = logTableOf(versionTable);
  // The dialect's core is enough to read two tables: no compiler, no reflector to load.
  return withCoreConnection(config, async (conn, dialect) => {
    const names = [versionTable.name, logTable.name];
    const present = await existingTables(conn, dialect, names, versionTable.schema);
    const rows = present.has(versionTable.name)
      ? await readVersionRows(conn, dialect, versionTable)
      : undefined;
    const last = present.has(logTable.name)
      ? await readLastLogEntry(conn, dialect, logTable)
      : undefined;
    return { rows, last };
  });
}

/**
 * `athanor status`: the revisions the database is at, the heads of the code, the migrations an
 * `upgrade` would apply (in its order), and the last step the log records with its time. A
 * read command: it creates nothing, not even the version table or a SQLite file.
 *
 * @example
 * const s = await status({ config });
 * if (!s.upToDate) console.log(`${s.pending.length} pending:`, s.pending.map((p) => p.stem));
 */
export async function status(options: StatusOptions): Promise<StatusResult> {
  const { rows, last } = await readState(options.config);
  const sources = runSources(options);
  const graph = await sources.graph();
  const position = await schemaPosition(sources.scripts, graph, rows ?? []);
  let lastApplied: LastApplied | null = null;
  if (last) {
    const file = (await sources.scripts.byId()).get(last.revision);
    lastApplied = { ...last, stem: file?.stem ?? null };
  }
  return {
    versionTable: options.config.versionTable,
    versionTableExists: rows !== undefined,
    ...position,
    lastApplied,
  };
}

export type { RevisionRef };
