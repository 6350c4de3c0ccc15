#!/usr/bin/env node
// The athanor command line; the code lives in dist/ (npm run build).
//
// `athanor --version` is answered here, without the CLI (measured 12 ms above `node -e 0` through
// it, 2 ms here). CommonJS (bin/package.json): Node then does not set up its ES module loader,
// ~4 ms of the rest, for `--version`; every other command imports the ES module bundle.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const module_ = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// Node >= 22.1 caches compiled modules on disk (start-up time); Node 20 lacks it.
module_.enableCompileCache?.();

// dist/bundle/ (esbuild, a few files per command) starts faster than tsc's ~40 files in
// dist/cli/; the latter is used when it is newer (tsc was run alone after an edit) or the bundle
// is missing.
const bundled = join(__dirname, '..', 'dist', 'bundle', 'main.js');
const plain = join(__dirname, '..', 'dist', 'cli', 'main.js');
const mtime = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const entry = mtime(bundled) >= mtime(plain) && mtime(bundled) >= 0 ? bundled : plain;
const argv = process.argv.slice(2);

if (argv.length === 1 && argv[0] === '--version' && mtime(entry) >= 0) printVersion();
else run();

/** `athanor --version` as src/cli/main.ts prints it, without loading the CLI. */
function printVersion() {
  let version = 'unknown';
  try {
    version = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    // as main.ts: an unreadable package.json is 'unknown'
  }
  // `athanor --version | head -c1` closes the pipe early: that is not an error.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.stdout.write(`athanor ${version}\n`);
}

async function run() {
  let main;
  try {
    ({ main } = await import(pathToFileURL(entry).href));
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('main.js')) throw error;
    process.stderr.write('error: athanor is not built (dist/cli/main.js is missing): run `npm run build`\n');
    process.exit(1);
  }
  process.exitCode = await main(argv);
}
