import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptHeader } from './script-header.js';

/**
 * A cache of statically read headers, `migrations/.athanor-cache/headers.json` (gitignored),
 * keyed by file name and validated by each file's size, mtime and inode. With it, listing
 * 10,000 migrations costs 10,000 `stat` calls instead of 10,000 reads and parses (measured:
 * reading and parsing dominated `athanor heads`). Only statically read headers are cached: a
 * header that needed an import may depend on other files.
 *
 * The cache is an optimisation only: a missing, corrupt or unwritable cache is ignored.
 */
const CACHE_FORMAT = 1;
const CACHE_FILE = 'headers.json';

/** revision, downRevision, message, branchLabels, dependsOn, createDate */
type Row = [string, string | readonly string[] | null, string, readonly string[], readonly string[], string | null];

interface CacheDocument {
  readonly format: number;
  readonly files: Readonly<Record<string, readonly [key: string, row: Row]>>;
}

/** The validation key of a file: size, mtime and inode, or undefined when it cannot be read. */
export function fileKey(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? undefined : `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
}

/**
 * Header cache of one versions folder. Stateful (entries read and written), hence a class.
 *
 * @example
 * const cache = new HeaderCache('/app/migrations/.athanor-cache');
 * const header = cache.get('001_init.ts', fileKey(path)!) ?? parse(path);
 * cache.set('001_init.ts', key, header); cache.save(['001_init.ts']);
 */
export class HeaderCache {
  readonly #dir: string;
  readonly #entries: Map<string, readonly [string, Row]>;
  #changed = false;

  constructor(dir: string) {
    this.#dir = dir;
    this.#entries = new Map(Object.entries(readDocument(join(dir, CACHE_FILE))?.files ?? {}));
  }

  get(fileName: string, key: string): ScriptHeader | undefined {
    const entry = this.#entries.get(fileName);
    if (!Array.isArray(entry) || entry[0] !== key || !Array.isArray(entry[1]) || entry[1].length !== 6) return undefined;
    const [revision, downRevision, message, branchLabels, dependsOn, createDate] = entry[1];
    return Object.freeze({ revision, downRevision, message, branchLabels, dependsOn, ...(createDate !== null ? { createDate } : {}) });
  }

  set(fileName: string, key: string, header: ScriptHeader): void {
    const row: Row = [header.revision, header.downRevision, header.message, header.branchLabels, header.dependsOn, header.createDate ?? null];
    this.#entries.set(fileName, [key, row]);
    this.#changed = true;
  }

  /** Writes the cache when something changed, keeping only `fileNames`; never throws. */
  save(fileNames: readonly string[]): void {
    const keep = new Set(fileNames);
    for (const name of this.#entries.keys()) {
      if (!keep.has(name)) {
        this.#entries.delete(name);
        this.#changed = true;
      }
    }
    if (!this.#changed) return;
    const doc: CacheDocument = { format: CACHE_FORMAT, files: Object.fromEntries(this.#entries) };
    const target = join(this.#dir, CACHE_FILE);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      mkdirSync(this.#dir, { recursive: true });
      writeFileSync(temp, JSON.stringify(doc));
      renameSync(temp, target); // atomic: a concurrent reader sees the old or the new file
      this.#changed = false;
    } catch {
      // read-only checkout, full disk ...: the cache is only an optimisation
    }
  }
}

function readDocument(path: string): CacheDocument | undefined {
  try {
    const doc = JSON.parse(readFileSync(path, 'utf8')) as CacheDocument;
    return doc.format === CACHE_FORMAT && typeof doc.files === 'object' && doc.files !== null ? doc : undefined;
  } catch {
    return undefined;
  }
}
