#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/main.js) and the public API (dist/index.js) into
 * dist/bundle/ with esbuild, so a command loads two to four files instead of 20 to 40: Node's
 * ESM loader resolves, reads, compiles and links every file, and that costs per file as much as
 * per byte. bin/athanor.js prefers the bundle; dist/ keeps tsc's per-file output and its .d.ts
 * files for the library.
 *
 * Two builds:
 * 1. main.js: the CLI's main and the modules nearly every command loads (argument parsing and
 *    printing, config, the versions folder, the revision graph, the version and log tables,
 *    errors): the static-import closure of CORE_ROOTS, in one file that exports them all.
 * 2. index.js and one entry per module main.js imports lazily (each CLI command, dialect,
 *    driver, ...: `cli-commands-heads.js`, `drivers-pg-driver.js`, named after their paths so
 *    that main.js can import them by name), split by esbuild into shared chunks. Imports of the
 *    core modules become imports of ./main.js.
 * With one build only, esbuild splits code by the set of entry points using it, which cut the
 * core into a dozen small chunks: `athanor heads` read 17 files, `current` 27.
 *
 * One copy of every module either way: the CLI and the public API (which migrations import as
 * `athanor`, see script-import.ts) share main.js and the chunks, so `instanceof AthanorError`
 * holds across them. dist/bundle/ sits at the same depth as dist/cli/, so
 * `new URL('../../package.json', import.meta.url)` and friends resolve the same from any file.
 * Packages stay external.
 *
 * Run by `npm run build` after tsc.
 */
import { rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

/**
 * The CLI and what the read commands need besides their own CLI module: `heads` loads main.js
 * and one file more; `current` also its driver. A CLI command module (`cli/commands/*.js`)
 * cannot be a root (they all export `command`): main.ts imports each lazily. The dialects'
 * cores are small: all three are in.
 */
const CORE_ROOTS = [
  'dist/cli/main.js',
  'dist/cli/cli-args.js',
  'dist/cli/cli-command.js',
  'dist/cli/cli-format.js',
  'dist/cli/output.js',
  'dist/commands/context.js',
  'dist/commands/current.js',
  'dist/commands/revision-info.js',
  'dist/commands/schema-position.js',
  'dist/config/config-suggest.js',
  'dist/config/url.js',
  'dist/dialects/mysql/mysql-core.js',
  'dist/dialects/postgres/postgres-core.js',
  'dist/dialects/shared/literals.js',
  'dist/dialects/shared/quoting.js',
  'dist/dialects/sqlite/sqlite-core.js',
  'dist/errors.js',
];

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  logLevel: 'warning',
};

rmSync(outdir, { recursive: true, force: true });
const { core, lazy } = await coreModules();
await checkExportNames(core);

await build({
  ...common,
  entryPoints: [{ in: 'athanor-core', out: 'main' }],
  plugins: [coreEntryPlugin(core, lazy)],
});
await build({
  ...common,
  entryPoints: {
    index: 'dist/index.js',
    ...Object.fromEntries([...lazy].map((path) => [lazyName(path), path])),
  },
  splitting: true,
  plugins: [useCorePlugin(core)],
});

/**
 * Absolute paths of the core modules (CORE_ROOTS and what they import statically), and of the
 * modules outside it that they import lazily.
 */
async function coreModules() {
  const { metafile } = await build({
    ...common,
    entryPoints: CORE_ROOTS,
    splitting: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const modules = new Set();
  const dynamic = new Set();
  const visit = (path) => {
    if (modules.has(path)) return;
    modules.add(path);
    for (const imported of metafile.inputs[path]?.imports ?? []) {
      if (imported.external) continue;
      if (imported.kind === 'dynamic-import') dynamic.add(imported.path);
      else visit(imported.path);
    }
  };
  for (const path of CORE_ROOTS) visit(path);
  const core = new Set([...modules].map((path) => resolve(root, path)));
  const lazy = new Set([...dynamic].map((path) => resolve(root, path)).filter((p) => !core.has(p)));
  return { core, lazy };
}

/** `dialects-sqlite-sqlite-core` for dist/dialects/sqlite/sqlite-core.js. */
function lazyName(path) {
  return relative(`${root}dist`, path).replace(/\.js$/, '').replaceAll('/', '-');
}

/**
 * main.js exports what every core module exports, under the same names, so that
 * `import { x } from '../errors.js'` can become `import { x } from './main.js'`: two modules
 * exporting one name would make that ambiguous, so the build stops instead.
 */
async function checkExportNames(modules) {
  const { metafile } = await build({
    ...common,
    entryPoints: [...modules],
    bundle: false,
    write: false,
    metafile: true,
    outdir: `${outdir}/exports`,
    logLevel: 'silent',
  });
  const owners = new Map();
  for (const [out, info] of Object.entries(metafile.outputs)) {
    for (const name of info.exports ?? []) {
      owners.set(name, [...(owners.get(name) ?? []), info.entryPoint ?? out]);
    }
  }
  const clashes = [...owners].filter(([, files]) => files.length > 1);
  if (clashes.length > 0) {
    const list = clashes.map(([name, files]) => `${name} (${files.join(', ')})`).join('; ');
    throw new Error(`bundle-cli: core modules export the same name: ${list}; rename one`);
  }
}

/**
 * The entry of main.js, which re-exports every core module; its lazy imports of other modules
 * go to their entries of the second build.
 */
function coreEntryPlugin(modules, lazyModules) {
  return {
    name: 'athanor-core-entry',
    setup(b) {
      b.onResolve({ filter: /^athanor-core$/ }, () => ({
        path: 'athanor-core',
        namespace: 'core',
      }));
      b.onLoad({ filter: /.*/, namespace: 'core' }, () => ({
        contents: [...modules].map((path) => `export * from ${JSON.stringify(path)};`).join('\n'),
        resolveDir: root,
      }));
      b.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        return lazyModules.has(path)
          ? { path: `./${lazyName(path)}.js`, external: true }
          : undefined;
      });
    },
  };
}

/** Every import of a core module becomes an import of ./main.js (all output files sit side by side). */
function useCorePlugin(modules) {
  return {
    name: 'athanor-use-core',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir || dirname(args.importer), args.path);
        return modules.has(path) ? { path: './main.js', external: true } : undefined;
      });
    },
  };
}
