#!/usr/bin/env node
// The athanor command line; the code lives in dist/ (npm run build).
import { statSync } from 'node:fs';
import module from 'node:module';

// Node >= 22.1 caches compiled modules on disk (start-up time); Node 20 lacks it.
module.enableCompileCache?.();

// dist/bundle/ (esbuild, a dozen files) starts faster than tsc's ~40 files in dist/cli/; the
// latter is used when it is newer (tsc was run alone after an edit) or the bundle is missing.
const bundled = new URL('../dist/bundle/main.js', import.meta.url);
const plain = new URL('../dist/cli/main.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const entry = mtime(bundled) >= mtime(plain) && mtime(bundled) >= 0 ? bundled : plain;

let main;
try {
  ({ main } = await import(entry.href));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('main.js')) throw error;
  process.stderr.write('error: athanor is not built (dist/cli/main.js is missing): run `npm run build`\n');
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
