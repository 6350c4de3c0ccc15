import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AthanorError } from '../errors.js';
import type { ScriptCompiler } from './script-compile.js';
import { NotCompilableError, ScriptLoader } from './script-loader.js';
import { ScriptPack } from './script-pack.js';

/**
 * Imports TypeScript (or JavaScript) files without a build step. The fast path compiles each
 * file with sucrase, caches the output by content hash (see {@link ScriptCompiler}) and
 * evaluates it with {@link ScriptLoader}; what it cannot compile (top-level await,
 * `import.meta`, a syntax error, for which jiti gives the better message) goes to jiti, imported
 * on first use only. Listing migrations and printing help load neither.
 *
 * @example
 * const importer = createModuleImporter();
 * const migration = await importer.importDefault('/app/migrations/versions/001_init.ts');
 */
export interface ModuleImporter {
  /** The module's default export (or the namespace when it has none). */
  importDefault(path: string): Promise<unknown>;
  /**
   * Imports many files whose text the caller has read, in order, and stops at the first that
   * fails. Optional: {@link ScriptDirectory} falls back to {@link importDefault} per file.
   */
  importAll?(files: readonly SourceFile[], options?: ImportAllOptions): Promise<ImportedModules>;
}

/** A file and its text, as read by the caller. */
export interface SourceFile {
  readonly path: string;
  readonly source: string;
}

/** Options of {@link ModuleImporter.importAll}. */
export interface ImportAllOptions {
  /**
   * The folder the files belong to: their compiled code and V8 code cache are kept in one
   * pack file for it (see {@link ScriptPack}); no pack when absent.
   */
  readonly group?: string;
  /** Files of the group whose pack entries stay even when not imported this time. */
  readonly keep?: ReadonlySet<string>;
}

/** What {@link ModuleImporter.importAll} gives: the default exports in order, up to a failure. */
export interface ImportedModules {
  readonly modules: readonly unknown[];
  /** Why `files[modules.length]` failed to load (E_SCRIPT), when `modules` is shorter than `files`. */
  readonly failure?: unknown;
  /**
   * Writes the group's pack (in the background) when something was compiled; the caller calls
   * it, best once the modules' functions have run: V8's code cache, made then, also holds them.
   */
  readonly saveCache?: () => void;
}

/** Options of {@link createModuleImporter}. */
export interface ModuleImporterOptions {
  /** Where compiled modules are cached; default `ATHANOR_CACHE_DIR` or `<tmpdir>/athanor-<uid>`; false: none. */
  readonly cacheDir?: string | false;
  /** false: every file through jiti; default true unless `ATHANOR_LOADER=jiti` (an escape hatch). */
  readonly fast?: boolean;
}

type JitiInstance = ((id: string) => unknown) & { import(id: string, options?: { default?: true }): Promise<unknown> };

/**
 * Creates an importer. The bare specifier `athanor` is this very package, so migrations and
 * configs get the running CLI's `defineMigration`, `t` and `sql` even where the project's own
 * `node_modules` lacks athanor (tests, global installs).
 *
 * @example
 * const mod = await createModuleImporter().importDefault('/abs/athanor.config.ts');
 */
export function createModuleImporter(options: ModuleImporterOptions = {}): ModuleImporter {
  let jiti: JitiInstance | undefined;
  const getJiti = (): JitiInstance => {
    if (jiti === undefined) {
      const { createJiti } = createRequire(import.meta.url)('jiti') as { createJiti: (from: string, opts: object) => JitiInstance };
      const self = selfEntry();
      jiti = createJiti(import.meta.url, { interopDefault: true, ...(self ? { alias: { athanor: self } } : {}) });
    }
    return jiti;
  };
  // Imported with the loader, not up front: it loads node:crypto, which listing never needs.
  let compilerModule: typeof import('./script-compile.js') | undefined;
  let compiler: ScriptCompiler | undefined;
  const getCompiler = (): ScriptCompiler => {
    if (compilerModule === undefined) throw new Error('the script compiler is loaded with the loader');
    return (compiler ??= new compilerModule.ScriptCompiler(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }));
  };
  let loader: Promise<ScriptLoader> | undefined;
  const getLoader = (): Promise<ScriptLoader> => {
    loader ??= (async () => {
      const self = selfEntry();
      const athanor = (self === undefined ? {} : await import(pathToFileURL(self).href)) as Record<string, unknown>;
      compilerModule = await import('./script-compile.js');
      return new ScriptLoader({ athanor, compiler: getCompiler, fallback: (path) => getJiti()(path) });
    })();
    return loader;
  };
  const fast = options.fast ?? process.env.ATHANOR_LOADER !== 'jiti';
  /** One file: the fast path (source and pack optional), jiti for what it cannot compile. */
  const importOne = async (path: string, source?: string, pack?: ScriptPack): Promise<unknown> => {
    try {
      if (fast) {
        try {
          return interopDefault((await getLoader()).load(path, source, pack));
        } catch (error) {
          if (!(error instanceof NotCompilableError) || error.path !== path) throw error;
        }
      }
      return await getJiti().import(path, { default: true });
    } catch (error) {
      throw importError(error instanceof NotCompilableError ? error.cause : error, path);
    }
  };
  return {
    importDefault: (path) => importOne(path),
    async importAll(files, options = {}): Promise<ImportedModules> {
      const loaded = fast && options.group !== undefined ? await getLoader() : undefined;
      const packFile = loaded && options.group !== undefined ? getCompiler().packFileOf(options.group) : undefined;
      const pack = loaded === undefined || packFile === undefined ? undefined : ScriptPack.read(packFile, loaded.packId());
      const modules: unknown[] = [];
      try {
        for (const file of files) modules.push(await importOne(file.path, file.source, pack));
      } catch (error) {
        return { modules, failure: error, ...saver(pack, options.keep) };
      }
      return { modules, ...saver(pack, options.keep) };
    },
  };
}

function saver(
  pack: ScriptPack | undefined,
  keep: ReadonlySet<string> = new Set(),
): Pick<ImportedModules, 'saveCache'> {
  return pack === undefined ? {} : { saveCache: () => pack.save(keep) };
}

/** What `import x from` gives for a compiled module: its default export, or the namespace. */
function interopDefault(exports: Record<string, unknown>): unknown {
  return 'default' in exports ? exports.default : exports;
}

/**
 * This package's public entry: dist/bundle/index.js when this code runs from the bundle (it
 * shares the CLI's chunks: one copy of the library, loaded once), dist/index.js when built by
 * tsc alone, src/index.ts under a test runner.
 */
function selfEntry(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const candidates = basename(dirname(here)) === 'bundle' ? ['./index.js'] : ['../index.js', '../index.ts'];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Turns a loader error into an E_SCRIPT error naming the file and, for a syntax error, its
 * line and column.
 *
 * @example
 * importError(new Error('ParseError: Unexpected token\n /x/001_a.ts:4:2'), '/x/001_a.ts').message;
 * // "syntax error in 001_a.ts at line 4, column 2: Unexpected token"
 */
export function importError(error: unknown, path: string): AthanorError {
  if (error instanceof AthanorError) return error;
  const name = basename(path);
  const text = error instanceof Error ? error.message : String(error);
  const parse = /^(?:\w*Error:\s*)?(?:ParseError|SyntaxError):\s*([\s\S]*?)\s*\n\s*(\S+?):(\d+):(\d+)\s*$/.exec(text);
  if (parse) {
    const [, reason, , line, column] = parse;
    return new AthanorError('E_SCRIPT', `syntax error in ${name} at line ${line}, column ${column}: ${reason}`, {
      cause: error,
      details: { file: path, line: Number(line), column: Number(column) },
    });
  }
  const location = locationInStack(error, path);
  return new AthanorError('E_SCRIPT', `cannot load ${name}${location}: ${text.split('\n')[0] ?? text}`, {
    cause: error,
    details: { file: path },
  });
}

function locationInStack(error: unknown, path: string): string {
  if (!(error instanceof Error) || !error.stack) return '';
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(error.stack);
  return match ? ` (line ${match[1]}, column ${match[2]})` : '';
}
