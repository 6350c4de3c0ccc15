import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AthanorError } from '../errors.js';
import { RevisionGraph } from '../graph/revision-graph.js';
import type { Revision } from '../graph/revision.js';
import type { MigrationModule } from '../operations/migration.js';
import { fileKey, HeaderCache } from './script-cache.js';
import { downList, normalizeHeader, readScriptHeader, type ScriptHeader } from './script-header.js';
import {
  createModuleImporter,
  type ImportedModules,
  type ModuleImporter,
  type SourceFile,
} from './script-import.js';
import { isMigrationFileName, stemOfFileName } from './script-naming.js';

/**
 * One migration file: its revision (as the graph sees it), absolute path and stem.
 *
 * @example
 * const f: ScriptFile = { revision, path: '/app/migrations/versions/001_init.ts', fileName: '001_init.ts', stem: '001_init', header, staticHeader: true };
 */
export interface ScriptFile {
  readonly revision: Revision;
  readonly path: string;
  readonly fileName: string;
  readonly stem: string;
  readonly header: ScriptHeader;
  /** false when the header could not be read statically and the module was imported. */
  readonly staticHeader: boolean;
}

/** A migration loaded for a run, with what its log row needs. */
export interface LoadedScript {
  readonly migration: MigrationModule;
  /** sha256 of the source with CRLF normalised, as {@link ScriptDirectory.checksum} gives it. */
  readonly checksum: string;
  readonly path: string;
  readonly stem: string;
}

/** What {@link ScriptDirectory.loadAll} gives: the migrations loaded, up to the first failure. */
export interface LoadedScripts {
  readonly scripts: ReadonlyMap<string, LoadedScript>;
  /** The first id that could not be loaded, and why (an AthanorError, as {@link ScriptDirectory.load} throws). */
  readonly failure?: { readonly id: string; readonly error: unknown };
}

/**
 * The versions folder: lists migration files from their static headers (no import), builds the
 * revision graph, and imports a migration module only when it must run.
 *
 * @example
 * const scripts = new ScriptDirectory('/app/migrations/versions');
 * const graph = await scripts.graph();
 * const migration = await scripts.load(graph.heads()[0]!);
 */
export class ScriptDirectory {
  readonly versionsDir: string;
  readonly #importer: ModuleImporter;
  readonly #cacheDir: string | undefined;
  #files: Promise<readonly ScriptFile[]> | undefined;
  #byId: Map<string, ScriptFile> | undefined;
  #checksumModule: Promise<typeof import('./script-checksum.js')> | undefined;
  #cacheHolds = 0;
  readonly #pendingCacheWrites: (() => void)[] = [];

  /**
   * @param versionsDir the versions folder
   * @param options.cacheDir where to keep the header cache (`migrations/.athanor-cache`); no cache when absent
   * @param options.importer loader for modules (default: jiti, imported on first use)
   */
  constructor(versionsDir: string, options: { readonly importer?: ModuleImporter; readonly cacheDir?: string } = {}) {
    this.versionsDir = versionsDir;
    this.#importer = options.importer ?? createModuleImporter();
    this.#cacheDir = options.cacheDir;
  }

  /** Migration files in file-name (byte) order; read once per instance, see {@link refresh}. */
  list(): Promise<readonly ScriptFile[]> {
    this.#files ??= this.#read();
    return this.#files;
  }

  /** Forgets what was read, so the next call reads the folder again (after writing a file). */
  refresh(): void {
    this.#files = undefined;
    this.#byId = undefined;
  }

  async revisions(): Promise<readonly Revision[]> {
    return (await this.list()).map((f) => f.revision);
  }

  /**
   * Builds the revision graph. {@link RevisionGraph.build} rejects duplicate ids, parents that
   * name no revision and cycles; its messages name the files (`Revision.path`).
   */
  async graph(): Promise<RevisionGraph> {
    return RevisionGraph.build(await this.revisions());
  }

  /** Files by revision id (the first file wins when an id is duplicated; the graph rejects that). */
  async byId(): Promise<ReadonlyMap<string, ScriptFile>> {
    if (!this.#byId) {
      const files = await this.list();
      const map = new Map<string, ScriptFile>();
      for (const file of files) if (!map.has(file.revision.id)) map.set(file.revision.id, file);
      this.#byId = map;
    }
    return this.#byId;
  }

  /** The file of a revision id (exact id). */
  async file(id: string): Promise<ScriptFile> {
    const file = (await this.byId()).get(id);
    if (!file) throw new AthanorError('E_UNKNOWN_REVISION', `no migration file declares revision '${id}' in ${this.versionsDir}`);
    return file;
  }

  async stemOf(id: string): Promise<string> {
    return (await this.file(id)).stem;
  }

  /** sha256 of the file's source with CRLF normalised to LF (recorded in the log table). */
  async checksum(id: string): Promise<string> {
    const { checksumSource } = await this.#checksummer();
    // Synchronous: an async read is four thread-pool round trips per file (idle time in the profile).
    return checksumSource(readFileSync((await this.file(id)).path));
  }

  /**
   * Loads the migrations a run needs, with their checksums, in one pass: each file is read once
   * (the text gives both the checksum and the module), and their compiled code comes from one
   * pack file for the folder (see {@link ScriptPack}). Stops at the first id that fails (no
   * file, a load error, a module {@link load} would refuse) and returns it as `failure`, with
   * the migrations before it, so a caller can report errors in the order it would have met them.
   * Same modules, errors and checksums as {@link load} and {@link checksum} one id at a time.
   *
   * @example
   * const { scripts, failure } = await directory.loadAll(['a1', 'b2']);
   * if (failure) throw failure.error;
   * scripts.get('a1')?.checksum; // '9f86d0...'
   */
  async loadAll(ids: Iterable<string>): Promise<LoadedScripts> {
    const { checksumSource } = await this.#checksummer();
    const byId = await this.byId();
    const read: { readonly id: string; readonly file: ScriptFile; readonly source: string }[] = [];
    let failure: LoadedScripts['failure'];
    for (const id of new Set(ids)) {
      try {
        const file = byId.get(id) ?? (await this.file(id));
        read.push({ id, file, source: readFileSync(file.path, 'utf8') });
      } catch (error) {
        failure = { id, error };
        break;
      }
    }
    const imported = await this.#importAll(read.map((r) => ({ path: r.file.path, source: r.source })));
    if (imported.saveCache !== undefined) {
      if (this.#cacheHolds > 0) this.#pendingCacheWrites.push(imported.saveCache);
      else setImmediate(imported.saveCache);
    }
    const scripts = new Map<string, LoadedScript>();
    for (const [index, mod] of imported.modules.entries()) {
      const { id, file, source } = read[index]!;
      try {
        const migration = checkModule(mod, file);
        scripts.set(id, { migration, checksum: checksumSource(source), path: file.path, stem: file.stem });
      } catch (error) {
        return { scripts, failure: { id, error } };
      }
    }
    const failed = read[imported.modules.length];
    if (failed !== undefined) failure = { id: failed.id, error: imported.failure };
    return failure === undefined ? { scripts } : { scripts, failure };
  }

  /**
   * Holds the compile cache's writes from {@link loadAll} until the returned function is called.
   * A run calls it after its steps: V8's code cache, made then, also holds each migration's
   * compiled `upgrade`, which otherwise V8 compiles on its first call in every run (measured:
   * ~30 ms of 1,000 offline steps). Without a hold, the cache is written on the next turn of the
   * event loop.
   *
   * @example
   * const release = scripts.deferCacheWrites();
   * try { await runner.run(planner, target); } finally { release(); }
   */
  deferCacheWrites(): () => void {
    this.#cacheHolds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.#cacheHolds > 0) return;
      for (const write of this.#pendingCacheWrites.splice(0)) write();
    };
  }

  async #importAll(files: readonly SourceFile[]): Promise<ImportedModules> {
    if (this.#importer.importAll !== undefined) {
      const keep = new Set((await this.list()).map((f) => f.path));
      return this.#importer.importAll(files, { group: this.versionsDir, keep });
    }
    const modules: unknown[] = [];
    for (const file of files) {
      try {
        modules.push(await this.#importer.importDefault(file.path));
      } catch (error) {
        return { modules, failure: error };
      }
    }
    return { modules };
  }

  /**
   * Imports a migration module (TypeScript, no build step) and checks it: an `upgrade`
   * function must exist; `downgrade` may be missing (the migration is then irreversible);
   * the exported revision must match the header the graph was built from.
   */
  async load(id: string): Promise<MigrationModule> {
    const file = await this.file(id);
    const mod = await this.#importer.importDefault(file.path);
    return checkModule(mod, file);
  }

  /**
   * Imported on demand (node:crypto is costly to load and listing never needs it), once: a
   * dynamic import() resolves the specifier again on every call.
   */
  #checksummer(): Promise<typeof import('./script-checksum.js')> {
    this.#checksumModule ??= import('./script-checksum.js');
    return this.#checksumModule;
  }

  async #read(): Promise<readonly ScriptFile[]> {
    const names = this.#fileNames();
    const cache = this.#cacheDir === undefined ? undefined : new HeaderCache(this.#cacheDir);
    const files: ScriptFile[] = [];
    for (const fileName of names) {
      const path = join(this.versionsDir, fileName);
      const key = cache === undefined ? undefined : fileKey(path);
      let header = key === undefined ? undefined : cache?.get(fileName, key);
      let staticHeader = true;
      if (header === undefined) {
        // Synchronous reads: measured ~10x faster than 10,000 concurrent readFile() calls here.
        const result = readScriptHeader(readFileSync(path, 'utf8'), fileName);
        staticHeader = result.ok;
        header = result.ok ? result.header : await this.#importHeader(path, fileName);
        if (result.ok && key !== undefined) cache?.set(fileName, key, header);
      }
      files.push(toScriptFile(path, fileName, header, staticHeader));
    }
    cache?.save(names);
    return files;
  }

  /** Migration file names in byte order (Alembic lists the folder in byte order). */
  #fileNames(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.versionsDir).filter(isMigrationFileName);
    } catch (error) {
      throw new AthanorError('E_CONFIG', `the versions folder ${this.versionsDir} does not exist; run \`athanor init\` to create it`, { cause: error });
    }
    // For ASCII names UTF-16 order is byte order; otherwise compare the UTF-8 bytes.
    if (names.every((n) => /^[\x00-\x7f]*$/.test(n))) return names.sort();
    return names
      .map((name) => ({ name, bytes: Buffer.from(name) }))
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
      .map((e) => e.name);
  }

  async #importHeader(path: string, fileName: string): Promise<ScriptHeader> {
    const mod = await this.#importer.importDefault(path);
    if (typeof mod !== 'object' || mod === null) {
      throw new AthanorError(
        'E_SCRIPT',
        `${fileName}: the default export must be a migration (export default defineMigration({...})); helper files in the versions folder must start with '_'`,
      );
    }
    return normalizeHeader(mod as Record<string, unknown>, fileName);
  }
}

function toScriptFile(path: string, fileName: string, header: ScriptHeader, staticHeader: boolean): ScriptFile {
  const revision: Revision = Object.freeze({
    id: header.revision,
    down: downList(header),
    branchLabels: header.branchLabels,
    dependsOn: header.dependsOn,
    message: header.message,
    path: fileName,
  });
  return Object.freeze({ revision, path, fileName, stem: stemOfFileName(fileName), header, staticHeader });
}

function checkModule(mod: unknown, file: ScriptFile): MigrationModule {
  const name = file.fileName;
  if (typeof mod !== 'object' || mod === null) {
    throw new AthanorError('E_SCRIPT', `${name}: the default export must be a migration (export default defineMigration({...}))`);
  }
  const m = mod as Partial<Record<keyof MigrationModule, unknown>>;
  if (typeof m.upgrade !== 'function') {
    throw new AthanorError('E_SCRIPT', `${name}: the migration has no upgrade function (add \`async upgrade(op) { ... }\`)`, { details: { file: file.path } });
  }
  if (m.downgrade !== undefined && typeof m.downgrade !== 'function') {
    throw new AthanorError('E_SCRIPT', `${name}: 'downgrade' must be a function (or be left out, which makes the migration irreversible)`);
  }
  if (m.revision !== file.revision.id) {
    throw new AthanorError('E_SCRIPT', `${name}: the module exports revision '${String(m.revision)}' but its header reads '${file.revision.id}'`);
  }
  return mod as MigrationModule;
}
