#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/main.js) and the public API (dist/index.js) into
 * dist/bundle/ with esbuild: ES modules split into shared chunks, so each command still loads
 * only what it needs, from a dozen files instead of ~40 (Node's ESM loader resolves, reads and
 * links every file: measured ~15 ms of `athanor heads` here). bin/athanor.js prefers the bundle;
 * dist/ keeps tsc's per-file output and its .d.ts files for the library.
 *
 * dist/bundle/ sits at the same depth as dist/cli/, so `new URL('../../package.json',
 * import.meta.url)` and friends resolve the same from a chunk. Packages stay external.
 *
 * Run by `npm run build` after tsc.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'dist/cli/main.js', index: 'dist/index.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
});
