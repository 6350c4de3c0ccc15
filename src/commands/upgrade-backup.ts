import { isAbsolute, resolve } from 'node:path';
import { backupDatabase, type BackupResult } from '../backup/backup.js';
import type { ResolvedConfig } from '../config/config-types.js';
import { loadDialect } from '../dialects/registry.js';
import { emitRunEvent, type RunEventListener } from '../runtime/events.js';
import { ensureBackupColumn, logTableOf } from '../runtime/log-table.js';
import { databaseUrl, versionTableOf } from '../runtime/run-command.js';
import type { OnlineTarget } from '../runtime/runner.js';

/** Where `upgrade --backup` writes when no folder is given: `./backups` under the working folder. */
export const DEFAULT_BACKUP_DIR = 'backups';

export interface BackupBeforeApplyOptions {
  readonly config: ResolvedConfig;
  /** Folder for the backup; relative to `cwd`. Default {@link DEFAULT_BACKUP_DIR}. */
  readonly dir?: string;
  /** Default process.cwd(). */
  readonly cwd?: string;
  readonly onEvent?: RunEventListener;
  /** Hears about the backup once it is written (upgrade returns it). */
  readonly onWritten?: (backup: BackupResult) => void;
}

/**
 * The folder a backup goes to.
 *
 * @example
 * backupDirOf({ cwd: '/app' });                 // '/app/backups'
 * backupDirOf({ cwd: '/app', dir: '/backups' }); // '/backups'
 */
export function backupDirOf(options: { readonly dir?: string; readonly cwd?: string }): string {
  const dir = options.dir || DEFAULT_BACKUP_DIR;
  return isAbsolute(dir) ? dir : resolve(options.cwd ?? process.cwd(), dir);
}

/**
 * The runner hook of `upgrade --backup`: under the lock, once the plan is known and only when it
 * has something to apply, writes a backup (src/backup), reports it as a `backupWritten` event,
 * makes sure the log table can record it, and returns its path for the run's log rows. A failed
 * backup throws, so nothing is migrated without one.
 *
 * @example
 * await executeRun({ config, beforeApply: backupBeforeApply({ config, dir: '/backups' }) }, request);
 */
export function backupBeforeApply(options: BackupBeforeApplyOptions): OnlineTarget['beforeApply'] {
  return async ({ connection, plan }) => {
    const url = databaseUrl(options.config);
    // The file name says which revision the backup holds, so a restore knows where it goes back to.
    const label = plan.from.length === 0 ? 'base' : plan.from.join('+');
    const result = await backupDatabase(url, { dir: backupDirOf(options), label });
    options.onWritten?.(result);
    emitRunEvent(options.onEvent, { kind: 'backupWritten', ...result });
    const dialect = await loadDialect(url.dialect);
    await ensureBackupColumn(connection, dialect, logTableOf(versionTableOf(options.config)));
    return { backup: result.path };
  };
}
