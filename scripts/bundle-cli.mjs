#!/usr/bin/env node
/**
 * Bundles the compiled CLI (dist/cli/main.js) and the public API (dist/index.js) into
 * dist/bundle/ with esbuild, so a command loads a handful of files instead of ~40: Node's ESM
 * loader resolves, reads, compiles and links every file, and that cost is per file as much as
 * per byte. bin/athanor.js prefers the bundle; dist/ keeps tsc's per-file output and its .d.ts
 * files for the library.
 *
 * Two builds:
 * 1. core.js: the modules nearly every command loads (argument parsing and printing, config,
 *    the versions folder, the revision graph, errors), found as the static-import closure of
 *    CORE_ROOTS, in one file; what they import lazily (node:crypto for checksums) stays in lazy
 *    chunks of this build. Closed under imports by construction: core.js needs nothing from
 *    the second build.
 * 2. main.js and index.js, split by esbuild into shared chunks (each command, dialect and
 *    driver is imported lazily). Imports of core modules become imports of ./core.js.
 * With one build only, esbuild splits code by the set of entry points that use it, which cut the
 * core into a dozen small chunks: `athanor heads` read 17 files, `current` 27.
 *
 * One copy of every module either way: the CLI and the public API (which migrations import as
 * `athanor`, see script-import.ts) share core.js and the chunks, so `instanceof AthanorError`
 * holds across them. dist/bundle/ sits at the same depth as dist/cli/, so
 * `new URL('../../package.json', import.meta.url)` and friends resolve the same from any file.
 * Packages stay external.
 *
 * Run by `npm run build` after tsc.
 */
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

/** What every command that reads the project needs (`heads` is one file beyond these). */
const CORE_ROOTS = [
  'dist/cli/cli-args.js',
  'dist/cli/cli-command.js',
  'dist/cli/cli-format.js',
  'dist/cli/output.js',
  'dist/commands/context.js',
  'dist/commands/revision-info.js',
  'dist/config/config-suggest.js',
  'dist/config/url.js',
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
  entryPoints: [{ in: 'athanor-core', out: 'core' }],
  // script-directory.ts imports node:crypto lazily (checksums): keep that a chunk of its own.
  splitting: true,
  plugins: [coreEntryPlugin(core)],
});
await build({
  ...common,
  entryPoints: { main: 'dist/cli/main.js', index: 'dist/index.js' },
  splitting: true,
  plugins: [useCorePlugin(core, lazy)],
});

/**
 * Absolute paths of the core modules (CORE_ROOTS and what they import statically) and of the
 * modules only the core imports, lazily (bundled by the core build, on their own).
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
  const closure = (dynamic) => {
    const modules = new Set();
    const visit = (path) => {
      if (modules.has(path)) return;
      modules.add(path);
      for (const imported of metafile.inputs[path]?.imports ?? []) {
        if (!imported.external && (dynamic || imported.kind !== 'dynamic-import')) {
          visit(imported.path);
        }
      }
    };
    for (const path of CORE_ROOTS) visit(path);
    return new Set([...modules].map((path) => resolve(root, path)));
  };
  const core = closure(false);
  const lazy = new Set([...closure(true)].filter((path) => !core.has(path)));
  return { core, lazy };
}

/**
 * core.js exports what every core module exports, under the same names, so that
 * `import { x } from '../errors.js'` can become `import { x } from './core.js'`: two modules
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

/** The entry of core.js: re-exports every core module. */
function coreEntryPlugin(modules) {
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
    },
  };
}

/**
 * Every import of a core module becomes an import of ./core.js (all output files sit side by
 * side). A module the core build bundled lazily must not be bundled twice: that stops the build.
 */
function useCorePlugin(modules, lazy) {
  return {
    name: 'athanor-use-core',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir || dirname(args.importer), args.path);
        if (lazy.has(path)) {
          const text = `${path} is imported lazily by the core and directly by ${args.importer}: add it to CORE_ROOTS`;
          return { errors: [{ text }] };
        }
        return modules.has(path) ? { path: './core.js', external: true } : undefined;
      });
    },
  };
}
