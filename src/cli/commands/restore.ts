import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { restore } from '../../commands/restore.js';
import { describeUrl } from '../../config/url.js';
import { AthanorError } from '../../errors.js';
import { databaseUrl } from '../../runtime/run-command.js';
import { defineCliCommand } from '../cli-command.js';

/**
 * Asks on the terminal; true only for an explicit yes. Without a terminal there is nobody to
 * ask, so a script must say `--yes` (a restore overwrites the database).
 */
async function confirm(file: string, target: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new AthanorError(
      'E_USAGE',
      `refusing to restore ${file} over ${target} without confirmation: stdin is not a terminal. ` +
        'Everything written since the backup would be lost; pass --yes to restore from a script',
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const question = `Restore ${file} over ${target}? Everything written since the backup is lost. [y/N] `;
    return /^(y|yes)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `athanor restore FILE [--yes]`: put the database back in the state of a backup. */
export const command = defineCliCommand({
  name: 'restore',
  summary: 'restore a backup written by `upgrade --backup` (asks first; --yes for scripts)',
  args: 'FILE',
  description:
    'Put the database back in the state of FILE, a backup written by `upgrade --backup`: PostgreSQL with pg_restore ' +
    '(the dumped schemas are recreated, in one transaction), SQLite with the online backup API, MySQL/MariaDB with the mysql client. ' +
    'Everything written after the backup is lost. Asks for confirmation on a terminal; without one, --yes is required.',
  options: {
    yes: { type: 'boolean', short: 'y', description: 'do not ask for confirmation (scripts)' },
  },
  positionals: { min: 1, max: 1 },
  async run({ context, values, positionals, global, io, out }) {
    const ctx = await context();
    const file = positionals[0] as string;
    const target = describeUrl(databaseUrl(ctx.config));
    // Before asking: a question about a file that is not there wastes the operator's time.
    if (!existsSync(resolve(io.cwd, file)))
      throw new AthanorError('E_USAGE', `backup file not found: ${resolve(io.cwd, file)}`);
    if (values.yes !== true) {
      const ok = await confirm(file, target);
      if (!ok) {
        out.info('restore cancelled; nothing was changed');
        return 1;
      }
    }
    const result = await restore({ config: ctx.config, file, cwd: io.cwd });
    if (global.json) out.json({ ...result });
    else {
      const at =
        result.current.length === 0 ? 'base (no migrations applied)' : result.current.join(', ');
      out.info(
        `restored ${result.file} into ${result.database} (${(result.durationMs / 1000).toFixed(2)} s); the database is at ${at}`,
      );
    }
    return 0;
  },
});
