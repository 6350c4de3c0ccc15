import { history } from '../../commands/history.js';
import { defineCliCommand, stringValue } from '../cli-command.js';
import { formatRevisionList } from '../cli-format.js';

/**
 * `athanor history`: newest first,
 * `b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add phone number to users [003_add_phone_number_to_users]`.
 */
export const command = defineCliCommand({
  name: 'history',
  summary: 'list revisions, newest first',
  description: 'List revisions in a range, newest first. Ranges: base:heads, <rev>:, :<rev>, -2:, current:heads ...',
  options: {
    'rev-range': { type: 'string', short: 'r', value: 'RANGE', description: "range of revisions, as 'start:end'" },
    'indicate-current': { type: 'boolean', short: 'i', description: 'mark the revisions the database is at (reads the version table)' },
  },
  async run({ context, readCurrent, values, global, out }) {
    const ctx = await context();
    const range = stringValue(values, 'rev-range');
    const indicate = values['indicate-current'] === true;
    const current = indicate || (range?.includes('current') ?? false) ? await readCurrent(ctx) : undefined;
    const result = await history(ctx, {
      ...(range !== undefined ? { range } : {}),
      ...(current !== undefined ? { current } : {}),
      indicateCurrent: indicate,
    });
    if (global.json) out.json(result);
    else out.lines(formatRevisionList(result.revisions, global.verbose, { parents: true, doc: true, tree: true }));
    return 0;
  },
});
