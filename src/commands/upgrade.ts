import type { BackupResult } from '../backup/backup.js';
import { AthanorError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import {
  databaseUrl,
  executeRun,
  splitOfflineRange,
  versionTableOf,
  type RunCommandOptions,
  type RunRequest,
} from '../runtime/run-command.js';
import type { RunResult } from '../runtime/runner.js';
import { backupBeforeApply } from './upgrade-backup.js';
import { editedMigrationsError, findEditedMigrations, type EditedMigration } from './validate.js';
import { waitForDatabase, type WaitAttempt } from './wait.js';

export interface UpgradeOptions extends RunCommandOptions {
  /** Where to go: 'head' (default), 'heads', '+1', a (partial) id, 'label@head'; offline also 'from:to'. */
  readonly target?: string;
  /** Refuse to run (E_CHECK_FAILED, nothing changed) when an applied migration was edited (`--strict`). */
  readonly strict?: boolean;
  /** Hears about applied migrations edited since they ran (the CLI prints a warning for each). */
  readonly onEdited?: (edited: readonly EditedMigration[]) => void;
  /**
   * `--backup[=DIR]`: back the database up before applying anything, only when there is
   * something to apply. `true` writes to `./backups` (relative to `cwd`), a string names the
   * folder. The path is reported as a `backupWritten` event and recorded in the log rows.
   */
  readonly backup?: boolean | string;
  /** Folder relative paths start from (the backup folder); default process.cwd(). */
  readonly cwd?: string;
  /** `--wait SECONDS`: first wait until the database answers, as `athanor wait` does. */
  readonly wait?: number;
  /** Hears about each failed connection attempt while waiting. */
  readonly onWaitAttempt?: (attempt: WaitAttempt) => void;
}

/** Online: warn about (or, strict, refuse over) applied migrations edited since they ran. */
function editedCheck(options: UpgradeOptions): RunCommandOptions['beforeRun'] {
  return async (run) => {
    await options.beforeRun?.(run);
    const edited = await findEditedMigrations({
      ...run,
      versionTable: versionTableOf(options.config),
    });
    if (edited.length === 0) return;
    if (options.strict) throw editedMigrationsError(edited);
    options.onEdited?.(edited);
  };
}

/** The result of a run: version rows before and after, each step applied, and the backup if one was written. */
export interface UpgradeResult extends RunResult {
  readonly backup?: BackupResult;
}

/**
 * Offline start: the heads a `from:to` range starts from (none for base).
 *
 * @example
 * offlineStart(graph, 'a1b2'); // ['a1b2c3d4e5f6']
 */
export function offlineStart(graph: RevisionGraph, from: string | undefined): readonly string[] {
  return from === undefined ? [] : graph.resolve(from);
}

/**
 * `athanor upgrade [TARGET]`: applies migrations up to TARGET (default 'head'), each in its own
 * transaction where the dialect has transactional DDL. Applied migrations whose files were
 * edited since they ran are reported through `onEdited`, or refused with `strict`. With
 * `sql: true`, returns the SQL script instead (`TARGET` may then be a range `from:to`; without
 * `from` the script starts from base).
 *
 * @example
 * const result = await upgrade({ config, target: 'head', onEvent: (e) => console.log(formatRunEvent(e)) });
 * result.steps.map((s) => s.stem); // ['001_create_users', '002_add_phone']
 * const { sql } = await upgrade({ config, target: 'a1b2c3:head', sql: true });
 * const { backup } = await upgrade({ config, backup: '/backups', wait: 60 }); // backup?.path
 */
export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  const target = options.target ?? 'head';
  if (options.sql && (options.backup || options.wait !== undefined)) {
    throw new AthanorError(
      'E_USAGE',
      '--backup and --wait need a database; they cannot be combined with --sql',
    );
  }
  if (options.wait !== undefined) {
    await waitForDatabase({
      url: databaseUrl(options.config),
      timeoutSeconds: options.wait,
      ...(options.onWaitAttempt ? { onAttempt: options.onWaitAttempt } : {}),
    });
  }
  let written: BackupResult | undefined;
  const backup = options.backup
    ? backupBeforeApply({
        onWritten: (result) => (written = result),
        config: options.config,
        ...(typeof options.backup === 'string' ? { dir: options.backup } : {}),
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      })
    : undefined;
  const run = {
    ...options,
    beforeRun: editedCheck(options),
    ...(backup ? { beforeApply: backup } : {}),
  };
  const result = await executeRun(run, (graph): RunRequest => {
    if (!options.sql) return { planner: (current) => graph.planUpgrade(current, target) };
    const range = splitOfflineRange(target);
    return {
      planner: (current) => graph.planUpgrade(current, range.to || 'head'),
      startHeads: offlineStart(graph, range.from),
    };
  });
  return written ? { ...result, backup: written } : result;
}
