import { show } from '../../commands/show.js';
import { defineCliCommand } from '../cli-command.js';
import { formatRevisionBlock } from '../cli-format.js';

/** `athanor show <rev>`: the revision in full (Rev:, Parent:, Path:, message, Revision ID: ...). */
export const command = defineCliCommand({
  name: 'show',
  summary: 'show one revision in detail',
  args: '<rev>',
  description: 'Show the revision(s) a target names in full: an id or unique prefix, head, heads, label@head.',
  positionals: { min: 1, max: 1 },
  options: {},
  async run({ context, readCurrent, positionals, global, out }) {
    const ctx = await context();
    const target = positionals[0] as string;
    const current = /current/.test(target) ? await readCurrent(ctx) : undefined;
    const result = await show(ctx, target, current !== undefined ? { current } : {});
    if (global.json) out.json(result);
    else out.lines(result.revisions.flatMap(formatRevisionBlock));
    return 0;
  },
});
