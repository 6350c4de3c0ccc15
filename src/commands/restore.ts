import { resolve } from 'node:path';
import { restoreDatabase } from '../backup/backup.js';
import type { ResolvedConfig } from '../config/config-types.js';
import { describeUrl } from '../config/url.js';
import { databaseUrl } from '../runtime/run-command.js';
import { readCurrentRevisions } from './current.js';

export interface RestoreOptions {
  readonly config: ResolvedConfig;
  /** A file written by `upgrade --backup` (or `backupDatabase`). */
  readonly file: string;
  /** Folder a relative `file` starts from; default process.cwd(). */
  readonly cwd?: string;
}

export interface RestoreResult {
  readonly file: string;
  /** The database, password masked. */
  readonly database: string;
  readonly durationMs: number;
  /** The version rows after the restore: the revisions the backup was taken at. */
  readonly current: readonly string[];
}

/**
 * `athanor restore FILE`: puts the database back in the state of a backup (src/backup). No
 * question asked here: the CLI confirms first (`--yes` for scripts).
 *
 * @example
 * const { current } = await restore({ config, file: 'backups/app-20250101T120000Z-b2b2b2b2b2b2.sqlite' });
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const url = databaseUrl(options.config);
  const file = resolve(options.cwd ?? process.cwd(), options.file);
  const { durationMs } = await restoreDatabase(url, file);
  const current = await readCurrentRevisions({ config: options.config });
  return { file, database: describeUrl(url), durationMs, current };
}
