import { readFileSync, statSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, extname, isAbsolute, resolve, sep } from 'node:path';
import { Script } from 'node:vm';
import type { ScriptCompiler } from './script-compile.js';
import type { ScriptPack } from './script-pack.js';

/**
 * Raised when a file cannot be compiled by the fast path (a syntax sucrase does not know,
 * top-level await, `import.meta`): the importer then hands the file to jiti.
 */
export class NotCompilableError extends Error {
  constructor(
    readonly path: string,
    options: { readonly cause: unknown },
  ) {
    super(`cannot compile ${path} on the fast path`, options);
  }
}

interface LoadedModule {
  readonly exports: Record<string, unknown>;
  /**
   * size, mtime and inode when evaluated: a file that changed since is evaluated again;
   * undefined when the caller gave the source (which is then compared instead)
   */
  readonly key: string | undefined;
  readonly source: string;
  readonly deps: Set<string>;
}

type ModuleFunction = (
  exports: Record<string, unknown>,
  require: (spec: string) => unknown,
  module: { exports: Record<string, unknown> },
  filename: string,
  dirname: string,
) => void;

/** How the loader reaches what it does not compile itself. */
export interface ScriptLoaderHost {
  readonly compiler: () => ScriptCompiler;
  /** The running athanor's public API, returned for `import ... from 'athanor'`. */
  readonly athanor: Record<string, unknown>;
  /** Loads a file the fast path cannot compile (jiti's synchronous require). */
  readonly fallback: (path: string) => unknown;
}

/**
 * The CommonJS wrapper around compiled code, on one line: line numbers in stack traces stay
 * those of the file. Part of the pack's identity (see {@link ScriptLoader.packId}): V8 checks a
 * code cache against the source's length only, so a cache made for another wrapper must never
 * be offered.
 */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_TAIL = '\n})';

const OWN_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs']);
const RESOLVE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs', '.json'];

/**
 * A small CommonJS-style module loader for migration, config and models files: each file is
 * compiled by {@link ScriptCompiler} (cached by content) and evaluated with `vm`. `athanor` is
 * the running package itself (one instance of its classes, and no second copy of the library to
 * load); relative imports of project files go through this loader too; packages and built-ins
 * through Node's own `require` (which loads ESM packages on Node >= 20.19). A module is
 * evaluated once and reused until its file, or a project file it imports, changes on disk.
 *
 * @example
 * const loader = new ScriptLoader(host);
 * const exports = loader.load('/app/migrations/versions/001_init.ts'); // { default: {...} }
 */
export class ScriptLoader {
  readonly #host: ScriptLoaderHost;
  readonly #modules = new Map<string, LoadedModule>();

  constructor(host: ScriptLoaderHost) {
    this.#host = host;
  }

  /**
   * What a pack's entries depend on besides each file's source: the compiler and the wrapper
   * the loader evaluates compiled code in.
   */
  packId(): string {
    return `${this.#host.compiler().id}\0${WRAPPER_HEAD}${WRAPPER_TAIL}`;
  }

  /**
   * The module's exports; throws {@link NotCompilableError} when only jiti can load it.
   *
   * @param source the file's text when the caller has read it already (a run reads each
   *   migration once, for its checksum and for this); read from disk when absent
   * @param pack compiled code and V8 code cache of the file's folder, used and filled when given
   */
  load(path: string, source?: string, pack?: ScriptPack): Record<string, unknown> {
    const known = this.#modules.get(path);
    if (known !== undefined && this.#reusable(known, path, source)) return known.exports;
    // Given a source, no stat: the memo compares the text itself (a stat per file is ~7 ms per 1,000).
    const key = source === undefined ? fileKey(path) : undefined;
    const text = source ?? readFileSync(path, 'utf8');
    let run: ModuleFunction;
    try {
      run = this.#compile(path, text, pack);
    } catch (error) {
      throw new NotCompilableError(path, { cause: error });
    }
    const module = { exports: {} as Record<string, unknown> };
    const entry: LoadedModule = { exports: module.exports, key, source: text, deps: new Set() };
    this.#modules.set(path, entry); // before running: an import cycle sees the partial exports
    try {
      run(
        module.exports,
        (spec: string) => this.#require(spec, path, entry, pack),
        module,
        path,
        dirname(path),
      );
    } catch (error) {
      this.#modules.delete(path);
      throw error;
    }
    if (module.exports !== entry.exports)
      this.#modules.set(path, { ...entry, exports: module.exports });
    return module.exports;
  }

  /**
   * Compiles to a function of the CommonJS wrapper's arguments. With a pack, compiled code comes
   * from it and V8 starts from its code cache (measured: compiling 1,000 small modules ~25 ms,
   * from the code cache ~13 ms); what the pack lacked is stored back.
   */
  #compile(path: string, source: string, pack: ScriptPack | undefined): ModuleFunction {
    const hit = pack?.lookup(path, source);
    const code =
      hit?.code ?? this.#host.compiler().compile(source, path, pack ? { cache: false } : {});
    const script = new Script(`${WRAPPER_HEAD}${code}${WRAPPER_TAIL}`, {
      filename: path,
      ...(hit?.cachedData !== undefined ? { cachedData: hit.cachedData } : {}),
    });
    if (
      pack !== undefined &&
      (hit?.cachedData === undefined || script.cachedDataRejected === true)
    ) {
      pack.store(path, source, code, script);
    }
    return script.runInThisContext() as ModuleFunction;
  }

  #require(spec: string, from: string, entry: LoadedModule, pack: ScriptPack | undefined): unknown {
    if (spec === 'athanor') return this.#host.athanor;
    const nodeRequire = createRequire(from);
    if (isBuiltin(spec) || !(spec.startsWith('.') || isAbsolute(spec))) return nodeRequire(spec);
    const target = resolveFile(resolve(dirname(from), spec));
    if (
      target === undefined ||
      !OWN_EXTENSIONS.has(extname(target)) ||
      target.includes(`${sep}node_modules${sep}`)
    ) {
      return nodeRequire(target ?? spec);
    }
    entry.deps.add(target);
    try {
      return this.load(target, undefined, pack);
    } catch (error) {
      if (error instanceof NotCompilableError) return this.#host.fallback(target);
      throw error;
    }
  }

  /** The memo holds this file as it is now (`source`, or on disk) and what it imported. */
  #reusable(known: LoadedModule, path: string, source: string | undefined): boolean {
    if (source === undefined) return this.#fresh(path, new Set());
    if (known.source !== source) return false;
    const seen = new Set([path]);
    for (const dep of known.deps)
      if (this.#modules.has(dep) && !this.#fresh(dep, seen)) return false;
    return true;
  }

  /** The file and every project file it imported are unchanged since they were evaluated. */
  #fresh(path: string, seen: Set<string>): boolean {
    if (seen.has(path)) return true;
    seen.add(path);
    const known = this.#modules.get(path);
    if (known === undefined || fileKey(path) !== known.key) return false;
    for (const dep of known.deps)
      if (this.#modules.has(dep) && !this.#fresh(dep, seen)) return false;
    return true;
  }
}

function fileKey(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? '' : `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
}

/**
 * The file an import names, as TypeScript projects write them: the exact file, `./x.js` meaning
 * `./x.ts`, an extensionless `./x` (any known extension) or a folder's index.
 */
function resolveFile(path: string): string | undefined {
  const candidates = [path];
  const ext = extname(path);
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs')
    candidates.push(path.slice(0, -ext.length) + ext.replace('j', 't'));
  for (const e of RESOLVE_EXTENSIONS) candidates.push(path + e);
  for (const e of RESOLVE_EXTENSIONS) candidates.push(`${path}${sep}index${e}`);
  return candidates.find((c) => statSync(c, { throwIfNoEntry: false })?.isFile() === true);
}
