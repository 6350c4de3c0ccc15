import { branches } from '../../commands/branches.js';
import { defineCliCommand } from '../cli-command.js';
import { formatRevisionBlock, formatRevisionLine } from '../cli-format.js';

/**
 * `athanor branches`: each branch point, then the revisions it branches into:
 * ```
 * a1a1a1a1a1a1 (branchpoint) [001_create_users_table]
 *              -> b2b2b2b2b2b2 (head) [002_add_jobs]
 * ```
 */
export const command = defineCliCommand({
  name: 'branches',
  summary: 'show branch points',
  description: 'Show every branch point (a revision with two or more children) and the revisions it branches into.',
  options: {},
  async run({ context, global, out }) {
    const result = await branches(await context());
    if (global.json) {
      out.json(result);
      return 0;
    }
    const lines: string[] = [];
    for (const point of result.branchPoints) {
      lines.push(...(global.verbose ? formatRevisionBlock(point) : [formatRevisionLine(point, { tree: true })]));
      const pad = ' '.repeat(point.revision.length);
      for (const child of point.branches) lines.push(`${pad} -> ${formatRevisionLine(child, { tree: true, doc: global.verbose })}`);
      lines.push('');
    }
    out.lines(lines);
    return 0;
  },
});
