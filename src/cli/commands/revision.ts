import { relative } from 'node:path';
import { revision, type RevisionOptions } from '../../commands/revision.js';
import { autogenerateOptions, rejectAutogenerateFlags, runAutogenerate } from '../autogenerate-cli.js';
import { defineCliCommand, listValue, stringValue } from '../cli-command.js';

/**
 * `athanor revision -m "..."`: writes `versions/<seq>_<slug>.ts` from the template.
 * `--autogenerate` hands the same options to `runAutogenerate` (src/cli/autogenerate-cli.ts),
 * which compares the models with the database and fills the bodies.
 */
export const command = defineCliCommand({
  name: 'revision',
  summary: 'create a new migration file',
  description: 'Create a new migration file in the versions folder. Its parent is the single head unless --head says otherwise.',
  options: {
    message: { type: 'string', short: 'm', value: 'TEXT', description: 'what the revision does (also names the file)' },
    autogenerate: { type: 'boolean', description: 'fill upgrade/downgrade from the difference between the models and the database' },
    head: { type: 'string', value: 'REV', description: "parent revision: 'head' (default), 'base' for a new root, an id, label@head" },
    splice: { type: 'boolean', description: 'allow a --head that is not a head (starts a new branch)' },
    'branch-label': { type: 'string', multiple: true, value: 'LABEL', description: 'branch label for the new revision (repeatable)' },
    'depends-on': { type: 'string', multiple: true, value: 'REV', description: 'revision or label this one depends on (repeatable)' },
    'rev-id': { type: 'string', value: 'ID', description: 'revision id instead of 12 random hex characters' },
    ...autogenerateOptions,
  },
  async run(cli) {
    const { context, values, global, io, out } = cli;
    const options = revisionOptions(values);
    if (values.autogenerate === true) return runAutogenerate(cli, options);
    rejectAutogenerateFlags(values);
    const result = await revision(await context(), options);
    if (global.json) out.json(result);
    else out.info(`Generating ${relative(io.cwd, result.created.path)} ... done`);
    return 0;
  },
});

function revisionOptions(values: Parameters<typeof stringValue>[0]): RevisionOptions {
  const message = stringValue(values, 'message');
  const head = stringValue(values, 'head');
  const revId = stringValue(values, 'rev-id');
  const labels = listValue(values, 'branch-label');
  const deps = listValue(values, 'depends-on');
  return {
    ...(message !== undefined ? { message } : {}),
    ...(head !== undefined ? { head } : {}),
    ...(revId !== undefined ? { revId } : {}),
    ...(values.splice === true ? { splice: true } : {}),
    ...(labels.length > 0 ? { branchLabel: labels } : {}),
    ...(deps.length > 0 ? { dependsOn: deps } : {}),
  };
}
