#!/usr/bin/env node
// The athanor command line; the code lives in dist/ (npm run build).
import module from 'node:module';

// Node >= 22.1 caches compiled modules on disk (start-up time); Node 20 lacks it.
module.enableCompileCache?.();

let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('main.js')) throw error;
  process.stderr.write('error: athanor is not built (dist/cli/main.js is missing): run `npm run build`\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
