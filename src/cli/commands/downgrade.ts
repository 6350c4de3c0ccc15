import { downgrade } from '../../commands/downgrade.js';
import { defineCliCommand } from '../cli-command.js';
import { printRunResult, runCommandOptions, runOptions } from './upgrade.js';

/** `athanor downgrade TARGET`. */
export const command = defineCliCommand({
  name: 'downgrade',
  summary: 'revert migrations down to a target',
  args: '<TARGET>',
  description:
    'Revert migrations down to TARGET: -N, a revision id or unique prefix, base, label@-1. ' +
    'A migration without a downgrade stops the command before anything changes. ' +
    'With --sql, TARGET must be a range from:to (e.g. head:base).',
  options: runOptions,
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const options = await runCommandOptions(ctx);
    const result = await downgrade({ ...options, target: ctx.positionals[0] ?? '' });
    printRunResult(ctx, result);
    return 0;
  },
});
