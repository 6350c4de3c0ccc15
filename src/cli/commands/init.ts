import { relative } from 'node:path';
import { init } from '../../commands/init.js';
import { defineCliCommand } from '../cli-command.js';

/** `athanor init [migrations-folder]`: writes athanor.config.ts, the folder and the template. */
export const command = defineCliCommand({
  name: 'init',
  summary: 'create athanor.config.ts and the migrations folder',
  args: '[directory]',
  description: 'Create athanor.config.ts in the current folder, and the migrations folder (default ./migrations) with versions/ and script.ts.tmpl. Existing files are never overwritten.',
  positionals: { min: 0, max: 1 },
  options: {},
  async run({ io, positionals, global, out }) {
    const result = await init(io.cwd, {
      ...(positionals[0] !== undefined ? { migrations: positionals[0] } : {}),
      ...(global.url !== undefined ? { url: global.url } : {}),
    });
    if (global.json) {
      out.json(result);
      return 0;
    }
    for (const path of result.created) out.info(`Creating ${relative(io.cwd, path) || '.'} ... done`);
    out.info('');
    out.info('Next steps:');
    for (const step of result.nextSteps) out.info(`  ${step}`);
    return 0;
  },
});
