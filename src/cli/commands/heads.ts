import { heads } from '../../commands/heads.js';
import { defineCliCommand } from '../cli-command.js';
import { formatRevisionList } from '../cli-format.js';

/** `athanor heads`: one line per head, `c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]`. */
export const command = defineCliCommand({
  name: 'heads',
  summary: 'show the heads of the revision graph',
  description: 'Show the heads of the revision graph: the revisions nothing builds on yet. -v prints each in full.',
  options: {},
  async run({ context, global, out }) {
    const result = await heads(await context());
    if (global.json) out.json(result);
    else out.lines(formatRevisionList(result.heads, global.verbose, {}));
    return 0;
  },
});
