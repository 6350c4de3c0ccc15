import { stamp } from '../../commands/stamp.js';
import { defineCliCommand } from '../cli-command.js';
import { printRunResult, runCommandOptions, runOptions } from './upgrade.js';

/** `athanor stamp REV... [--purge]`. */
export const command = defineCliCommand({
  name: 'stamp',
  summary: 'set the version table to revisions without running migrations',
  args: '<REV...>',
  description:
    'Write REV... (head, heads, base, ids) into the version table without running any migration, ' +
    'for a database built some other way. --purge empties the table first, even of unknown revisions.',
  options: {
    ...runOptions,
    purge: {
      type: 'boolean',
      description: 'delete every version row first (also rows no file declares)',
    },
  },
  positionals: { min: 1, max: 100 },
  async run(ctx) {
    const options = await runCommandOptions(ctx);
    const result = await stamp({
      ...options,
      revisions: ctx.positionals,
      purge: ctx.values.purge === true,
    });
    printRunResult(ctx, result);
    return 0;
  },
});
