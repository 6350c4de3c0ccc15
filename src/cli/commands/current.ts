import { current, type CurrentResult } from '../../commands/current.js';
import type { RevisionInfo } from '../../commands/revision-info.js';
import { defineCliCommand } from '../cli-command.js';
import { formatRevisionList } from '../cli-format.js';

function lines(result: CurrentResult, verbose: boolean): string[] {
  return result.revisions.flatMap((row) =>
    'unknown' in row
      ? [`${row.revision} (unknown: no migration file declares this revision)`]
      : formatRevisionList([row as RevisionInfo], verbose, {}),
  );
}

/** `athanor current`: the revisions the database is at; reads only, creates nothing. */
export const command = defineCliCommand({
  name: 'current',
  summary: 'show the revisions the database is at',
  description:
    'Show the version rows of the database, `c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]`; -v prints each in full. ' +
    'Never writes: an empty database (no version table) prints nothing.',
  options: {},
  async run({ context, global, out }) {
    const ctx = await context();
    const result = await current({ config: ctx.config, context: ctx });
    if (global.json) out.json({ ...result });
    else out.lines(lines(result, global.verbose));
    return 0;
  },
});
