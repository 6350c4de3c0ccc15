import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ResolvedConfig } from '../config/config-types.js';
import {
  databaseUrl,
  runSources,
  versionTableOf,
  withCoreConnection,
  type RunSources,
} from '../runtime/run-setup.js';
import { logTableOf, readPartialFailure, type PartialFailure } from '../runtime/log-table.js';
import { existingTables, readVersionRows } from '../runtime/version-table.js';
import { describeRevisions, type RevisionInfo } from './revision-info.js';

export interface CurrentOptions {
  readonly config: ResolvedConfig;
  /** Scripts and graph to reuse (the CLI's CommandContext); read from `config` when absent. */
  readonly context?: RunSources;
}

/** A version row naming a revision that no migration file declares. */
export interface UnknownRevision {
  readonly revision: string;
  readonly unknown: true;
}

export interface CurrentResult {
  readonly versionTable: string;
  /** False when the version table does not exist (nothing was ever applied; nothing is created). */
  readonly versionTableExists: boolean;
  /** The version rows, sorted. */
  readonly current: readonly string[];
  /** Each row described from its file, or flagged unknown. */
  readonly revisions: readonly (RevisionInfo | UnknownRevision)[];
  /**
   * Present when the last step failed half-way with its first operations kept (MySQL commits
   * DDL implicitly): the schema is ahead of the version rows.
   */
  readonly partialFailure?: PartialFailure;
}

/**
 * The version rows of a database. Never writes: a missing version table reads as empty.
 *
 * @example
 * await readCurrentRevisions({ config }); // ['c3c3c3c3c3c3']
 */
export async function readCurrentRevisions(options: {
  readonly config: ResolvedConfig;
}): Promise<readonly string[]> {
  return (await readCurrentRows(options.config)) ?? [];
}

/**
 * True when the config names a SQLite file or PGlite directory that does not exist. Opening it
 * would create it (PGlite even runs initdb), so read commands answer "nothing applied" instead.
 *
 * @example
 * if (databaseFileMissing(config)) return { current: [] };
 */
export function databaseFileMissing(config: ResolvedConfig): boolean {
  const url = databaseUrl(config);
  return 'path' in url && !url.memory && !existsSync(resolve(url.path));
}

async function readCurrentRows(config: ResolvedConfig): Promise<string[] | undefined> {
  return (await readCurrentState(config))?.rows;
}

async function readCurrentState(
  config: ResolvedConfig,
): Promise<{ rows: string[]; partialFailure?: PartialFailure } | undefined> {
  if (databaseFileMissing(config)) return undefined;
  // The dialect's core is enough to read two tables: no compiler, no reflector to load.
  return withCoreConnection(config, async (conn, dialect) => {
    const versionTable = versionTableOf(config);
    const logTable = logTableOf(versionTable);
    // One probe for both tables (they share a schema).
    const present = await existingTables(
      conn,
      dialect,
      [versionTable.name, logTable.name],
      versionTable.schema,
    );
    if (!present.has(versionTable.name)) return undefined;
    const rows = await readVersionRows(conn, dialect, versionTable);
    const partialFailure = present.has(logTable.name)
      ? await readPartialFailure(conn, dialect, logTable)
      : undefined;
    return { rows, ...(partialFailure ? { partialFailure } : {}) };
  });
}

/**
 * `athanor current`: the revisions the database is at, described from their files (Alembic's
 * `current`). A read command: it creates nothing, not even the version table.
 *
 * @example
 * const { current: rows, revisions } = await current({ config });
 * // rows: ['c3c3c3c3c3c3']; revisions[0].stem: '003_add_phone_number_to_users'
 */
export async function current(options: CurrentOptions): Promise<CurrentResult> {
  const state = await readCurrentState(options.config);
  const rows = state?.rows;
  const sources = runSources(options);
  const graph = await sources.graph();
  const revisions: (RevisionInfo | UnknownRevision)[] = [];
  for (const id of rows ?? []) {
    const known = graph.has(id);
    if (known) revisions.push(...(await describeRevisions(sources.scripts, graph, [id])));
    else revisions.push({ revision: id, unknown: true });
  }
  return {
    versionTable: options.config.versionTable,
    versionTableExists: rows !== undefined,
    current: rows ?? [],
    revisions,
    ...(state?.partialFailure ? { partialFailure: state.partialFailure } : {}),
  };
}
