import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pruneCache } from './cache-prune.js';

/**
 * Turns a TypeScript (or ESM JavaScript) module into CommonJS-style code for the script loader,
 * with sucrase (a token-level transform: line numbers are kept, so stack traces point at the
 * right line without source maps), and caches the output on disk keyed by the sha256 of the
 * source, the file type and the compiler's version. A second run reads the compiled text and
 * never loads the compiler at all.
 *
 * Why sucrase and not jiti's babel, esbuild or TypeScript: measured on 1,000 one-table
 * migrations here, babel (inside jiti) took ~15 ms per file, `ts.transpileModule` ~10 ms (and
 * ~500 ms to load), esbuild ~1 ms (a child process and IPC per file), sucrase ~0.25 ms, pure
 * JavaScript and no native binary to install.
 *
 * The cache holds compiled source only (no paths inside), so one entry serves every copy of a
 * file; a changed file has another hash and is compiled again. A missing, corrupt or unwritable
 * cache is ignored.
 *
 * @example
 * const compiler = new ScriptCompiler({ cacheDir: '/tmp/athanor-0' });
 * const code = compiler.compile(readFileSync(path, 'utf8'), path); // "use strict";... exports.default = ...
 */
export class ScriptCompiler {
  readonly #cacheDir: string | undefined;
  readonly #modulesDir: string | undefined;
  #transform: SucraseTransform | undefined;
  #compilerId: string | undefined;
  #dirReady = false;
  #writes = 0;

  /** @param options.cacheDir where compiled modules are kept (`<cacheDir>/modules/<sha256>.js`); false: no cache */
  constructor(options: { readonly cacheDir?: string | false } = {}) {
    const dir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
    this.#cacheDir = dir === false ? undefined : dir;
    this.#modulesDir = this.#cacheDir === undefined ? undefined : join(this.#cacheDir, 'modules');
  }

  /** Names the compiler and its version: compiled code from another one is not reused. */
  get id(): string {
    this.#compilerId ??= `athanor-script-loader/1 sucrase@${sucraseVersion()}`;
    return this.#compilerId;
  }

  /**
   * The pack file of a group of modules (a versions folder, see {@link ScriptPack}), or
   * undefined without a cache.
   */
  packFileOf(group: string): string | undefined {
    if (this.#cacheDir === undefined) return undefined;
    const name = createHash('sha256').update(group).digest('hex').slice(0, 32);
    return join(this.#cacheDir, 'packs', `${name}.pack`);
  }

  /** The cache file a source maps to (undefined without a cache); tests observe reuse through it. */
  cacheFileOf(source: string, path: string): string | undefined {
    return this.#modulesDir === undefined
      ? undefined
      : join(this.#modulesDir, `${this.#key(source, path)}.js`);
  }

  /**
   * Compiled code for `source` (from the cache when present). Throws the compiler's SyntaxError.
   * `cache: false` skips the per-file cache: a pack keeps the output instead.
   */
  compile(source: string, path: string, options: { readonly cache?: boolean } = {}): string {
    const cacheFile = options.cache === false ? undefined : this.cacheFileOf(source, path);
    if (cacheFile !== undefined) {
      const cached = readOptional(cacheFile);
      if (cached !== undefined) return cached;
    }
    const code = this.#sucrase()(source, {
      transforms: isTypeScript(path) ? ['typescript', 'imports'] : ['imports'],
      filePath: path,
      production: true,
    }).code;
    if (cacheFile !== undefined) this.#write(cacheFile, code);
    return code;
  }

  #key(source: string, path: string): string {
    return createHash('sha256')
      .update(`${this.id}\0${isTypeScript(path) ? 'ts' : 'js'}\0`)
      .update(source)
      .digest('hex');
  }

  #sucrase(): SucraseTransform {
    // loaded on the first cache miss only: a run whose modules are all cached never pays for it
    this.#transform ??= (
      createRequire(import.meta.url)('sucrase') as { transform: SucraseTransform }
    ).transform;
    return this.#transform;
  }

  /**
   * Writes in the background (libuv's thread pool): a synchronous write and rename cost ~2 ms
   * per file on a busy disk here, more than compiling; the process exits once they are done.
   */
  #write(file: string, code: string): void {
    const temp = `${file}.${process.pid}.${this.#writes++}.tmp`;
    if (!this.#dirReady) {
      try {
        mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
      } catch {
        return; // read-only or full disk: the cache is only an optimisation
      }
      this.#dirReady = true;
      // Once per process that writes: old entries of edited files would pile up otherwise.
      if (this.#cacheDir !== undefined) void pruneCache(this.#cacheDir);
    }
    // atomic: a concurrent reader sees no file or the whole file
    writeFile(temp, code)
      .then(() => rename(temp, file))
      .catch(() => rm(temp, { force: true }).catch(() => undefined));
  }
}

type SucraseTransform = (
  source: string,
  options: { transforms: string[]; filePath: string; production: boolean },
) => { code: string };

const TS_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx']);

function isTypeScript(path: string): boolean {
  return TS_EXTENSIONS.has(extname(path));
}

function sucraseVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (
      JSON.parse(readFileSync(require.resolve('sucrase/package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * `ATHANOR_CACHE_DIR` when set (`off` disables the cache), else `<os.tmpdir()>/athanor-<uid>`,
 * used only when this user owns it, so another user of a shared /tmp cannot plant code in it.
 */
function defaultCacheDir(): string | false {
  const fromEnv = process.env.ATHANOR_CACHE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv === 'off' ? false : fromEnv;
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `athanor-${uid ?? 'user'}`);
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (stat === undefined) {
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch {
      return false;
    }
    return dir;
  }
  return stat.isDirectory() && (uid === undefined || stat.uid === uid) ? dir : false;
}
