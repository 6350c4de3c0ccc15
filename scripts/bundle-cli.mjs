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
 *    core modules become imports of ./main.js (or of a one-line stub, for a module exporting a
 *    name another core module exports too).
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
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

/**
 * The CLI and what the read commands need besides their own CLI module: `heads` loads main.js
 * and one file more; `current` also its driver. CLI command modules (`cli/commands/*.js`) are
 * left out, main.ts imports each lazily. The dialects' cores are small: all three are in.
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
const exported = await exportNames(core);

await build({
  ...common,
  entryPoints: [{ in: 'athanor-core', out: 'main' }],
  plugins: [coreEntryPlugin(exported, lazy)],
});
const stubbed = writeStubs(exported);
await build({
  ...common,
  entryPoints: {
    index: 'dist/index.js',
    ...Object.fromEntries([...lazy].map((path) => [lazyName(path), path])),
  },
  splitting: true,
  plugins: [useCorePlugin(core, stubbed)],
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
  const names = [...lazy].map(lazyName);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length > 0) throw new Error(`bundle-cli: two lazy modules are both named ${twice[0]}`);
  return { core, lazy };
}

/** `dialects-sqlite-sqlite-core` for dist/dialects/sqlite/sqlite-core.js. */
function lazyName(path) {
  return relative(`${root}dist`, path).replace(/\.js$/, '').replaceAll('/', '-');
}

/**
 * The names each core module exports, from esbuild's metafile. main.js exports them all under
 * the same names, so that `import { x } from '../errors.js'` can become
 * `import { x } from './main.js'`; a name that two modules export (or `default`) is exported
 * under an alias instead (see {@link alias}) and reached through a stub (see writeStubs).
 */
async function exportNames(modules) {
  const { metafile } = await build({
    ...common,
    entryPoints: [...modules],
    bundle: false,
    write: false,
    metafile: true,
    outdir: `${outdir}/exports`,
    logLevel: 'silent',
  });
  const names = new Map();
  for (const info of Object.values(metafile.outputs)) {
    names.set(resolve(root, info.entryPoint), info.exports ?? []);
  }
  const count = new Map();
  for (const list of names.values()) for (const n of list) count.set(n, (count.get(n) ?? 0) + 1);
  return new Map(
    [...names].map(([path, list]) => [
      path,
      list.map((name) => ({ name, aliased: name === 'default' || count.get(name) > 1 })),
    ]),
  );
}

/** `parseUrl__config_url`: the name main.js exports a shared name of config/url.js under. */
function alias(name, path) {
  return `${name}__${lazyName(path).replaceAll('-', '_')}`;
}

/**
 * For each core module with an aliased export, `main-<path>.js`: its exports under their own
 * names, from main.js. Returns those modules.
 */
function writeStubs(exported) {
  const stubbed = new Set();
  for (const [path, names] of exported) {
    if (!names.some((n) => n.aliased)) continue;
    const specifiers = names.map((n) =>
      n.aliased ? `${alias(n.name, path)} as ${n.name}` : n.name,
    );
    writeFileSync(
      `${outdir}/${stubName(path)}`,
      `export { ${specifiers.join(', ')} } from './main.js';\n`,
    );
    stubbed.add(path);
  }
  return stubbed;
}

/** `main-config-url.js` for dist/config/url.js. */
function stubName(path) {
  return `main-${lazyName(path)}.js`;
}

/**
 * The entry of main.js, which re-exports every core module; its lazy imports of other modules
 * go to their entries of the second build.
 */
function coreEntryPlugin(exported, lazyModules) {
  const contents = [...exported]
    .map(([path, names]) => {
      const specifiers = names.map((n) =>
        n.aliased ? `${n.name} as ${alias(n.name, path)}` : n.name,
      );
      const from = JSON.stringify(path);
      return specifiers.length > 0
        ? `export { ${specifiers.join(', ')} } from ${from};`
        : `import ${from};`;
    })
    .join('\n');
  return {
    name: 'athanor-core-entry',
    setup(b) {
      b.onResolve({ filter: /^athanor-core$/ }, () => ({
        path: 'athanor-core',
        namespace: 'core',
      }));
      b.onLoad({ filter: /.*/, namespace: 'core' }, () => ({ contents, resolveDir: root }));
      b.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        return lazyModules.has(path)
          ? { path: `./${lazyName(path)}.js`, external: true }
          : undefined;
      });
    },
  };
}

/**
 * Every import of a core module becomes an import of ./main.js, or of its stub (all output files
 * sit side by side).
 */
function useCorePlugin(modules, stubbed) {
  return {
    name: 'athanor-use-core',
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const path = resolve(args.resolveDir || dirname(args.importer), args.path);
        if (!modules.has(path)) return undefined;
        return { path: `./${stubbed.has(path) ? stubName(path) : 'main.js'}`, external: true };
      });
    },
  };
}
