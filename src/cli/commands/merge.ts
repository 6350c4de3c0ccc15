import { relative } from 'node:path';
import { merge } from '../../commands/merge.js';
import { defineCliCommand, listValue, stringValue } from '../cli-command.js';

/** `athanor merge [revisions...] -m "..."`: a revision whose parents are the given heads. */
export const command = defineCliCommand({
  name: 'merge',
  summary: 'create a merge revision joining two or more heads',
  args: '[revisions...]',
  description: "Create a merge revision whose downRevision lists the given heads ('heads', the default, merges all of them).",
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  options: {
    message: { type: 'string', short: 'm', value: 'TEXT', description: 'what the merge is for (also names the file)' },
    'branch-label': { type: 'string', multiple: true, value: 'LABEL', description: 'branch label for the merge revision' },
    'rev-id': { type: 'string', value: 'ID', description: 'revision id instead of 12 random hex characters' },
  },
  async run({ context, values, positionals, global, io, out }) {
    const message = stringValue(values, 'message');
    const revId = stringValue(values, 'rev-id');
    const labels = listValue(values, 'branch-label');
    const result = await merge(await context(), {
      revisions: positionals.length > 0 ? positionals : ['heads'],
      ...(message !== undefined ? { message } : {}),
      ...(revId !== undefined ? { revId } : {}),
      ...(labels.length > 0 ? { branchLabel: labels } : {}),
    });
    if (global.json) out.json(result);
    else out.info(`Generating ${relative(io.cwd, result.created.path)} ... done`);
    return 0;
  },
});
