import { mkdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pruneCache } from './cache-prune.js';

/**
 * The compiled modules of one versions folder in one cache file: for each file path, the source
 * it was compiled from, the compiled code and V8's code cache for that code. A run that loads
 * 1,000 migrations reads one file instead of 1,000 cache files (and writes one on the first
 * run instead of 1,000), and V8 deserialises each module instead of parsing it again.
 *
 * An entry is used only when its source equals the file's source now, character for character:
 * nothing to hash, no collision possible, and a changed file is compiled again. V8 checks its
 * code cache itself (its version, flags and the source's length) and rejects what does not fit;
 * the loader then stores a fresh one. Like the rest of the compile cache this is an
 * optimisation only: a missing, corrupt or unwritable pack is ignored.
 *
 * Layout: a first line `athanor-pack/1`, a JSON header line
 * `{ compiler, v8, entries: [[path, sourceBytes, codeBytes, dataBytes], ...] }`, then the bytes
 * of each entry one after the other (UTF-8 source, UTF-8 code, code cache).
 *
 * @example
 * const pack = ScriptPack.read('/tmp/athanor-0/packs/3f2a.pack', compilerId);
 * const hit = pack.lookup(path, source); // { code, cachedData } or undefined
 * pack.store(path, source, code, script); // a vm.Script
 * pack.save(new Set(allPaths));
 */
const MAGIC = 'athanor-pack/1';

type Header = { compiler: string; v8: string; entries: [string, number, number, number][] };

/** What the loader compiled: V8 makes the code cache on {@link ScriptPack.save}. */
export interface CodeCacheSource {
  createCachedData(): Buffer;
}

interface PackEntry {
  readonly source: string;
  readonly code: string;
  readonly script: CodeCacheSource;
}

/** An entry as read: offsets into the pack's bytes, decoded on first use only. */
interface StoredEntry {
  readonly at: number;
  readonly sourceBytes: number;
  readonly codeBytes: number;
  readonly dataBytes: number;
}

/** What {@link ScriptPack.lookup} gives for a source it holds. */
export interface PackHit {
  readonly code: string;
  /** V8's code cache for `code`; absent when it was never made or was made by another V8. */
  readonly cachedData: Buffer | undefined;
}

export class ScriptPack {
  readonly #file: string;
  readonly #compiler: string;
  readonly #bytes: Buffer | undefined;
  readonly #stored: Map<string, StoredEntry>;
  readonly #fresh = new Map<string, PackEntry>();
  readonly #used = new Set<string>();
  readonly #sameV8: boolean;
  #changed = false;

  private constructor(
    file: string,
    compiler: string,
    bytes: Buffer | undefined,
    header: Header | undefined,
  ) {
    this.#file = file;
    this.#compiler = compiler;
    this.#bytes = bytes;
    this.#stored = new Map();
    this.#sameV8 = header?.v8 === process.versions.v8;
    if (header === undefined) return;
    let at = 0;
    for (const [path, sourceBytes, codeBytes, dataBytes] of header.entries) {
      this.#stored.set(path, { at, sourceBytes, codeBytes, dataBytes });
      at += sourceBytes + codeBytes + dataBytes;
    }
  }

  /** Reads a pack; an empty one when the file is missing, corrupt or from another compiler. */
  static read(file: string, compiler: string): ScriptPack {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return new ScriptPack(file, compiler, undefined, undefined);
    }
    const parsed = parse(bytes, compiler);
    return new ScriptPack(file, compiler, parsed?.body, parsed?.header);
  }

  /** The compiled code of `path` when it was compiled from exactly `source`. */
  lookup(path: string, source: string): PackHit | undefined {
    this.#used.add(path);
    const fresh = this.#fresh.get(path);
    if (fresh !== undefined)
      return fresh.source === source ? { code: fresh.code, cachedData: undefined } : undefined;
    const stored = this.#stored.get(path);
    const bytes = this.#bytes;
    if (stored === undefined || bytes === undefined) return undefined;
    const codeAt = stored.at + stored.sourceBytes;
    const dataAt = codeAt + stored.codeBytes;
    if (bytes.toString('utf8', stored.at, codeAt) !== source) return undefined;
    return {
      code: bytes.toString('utf8', codeAt, dataAt),
      cachedData:
        this.#sameV8 && stored.dataBytes > 0
          ? bytes.subarray(dataAt, dataAt + stored.dataBytes)
          : undefined,
    };
  }

  /**
   * Records what `source` compiled to, and the compiled script, whose code cache is made when
   * the pack is saved: by then it also holds the functions that ran (a migration's `upgrade`),
   * which V8 otherwise compiles on their first call in every run.
   */
  store(path: string, source: string, code: string, script: CodeCacheSource): void {
    this.#used.add(path);
    this.#fresh.set(path, { source, code, script });
    this.#changed = true;
  }

  /**
   * Writes the pack when something was stored, keeping the entries of `keep` (the folder's
   * files) and of the files looked up since it was read; entries of deleted files go. Written
   * in the background, to a temporary file renamed over the pack (a reader sees the old or the
   * new pack); never throws.
   */
  save(keep: ReadonlySet<string>): void {
    if (!this.#changed) return;
    this.#changed = false;
    const header: Header = { compiler: this.#compiler, v8: process.versions.v8, entries: [] };
    const chunks: Buffer[] = [];
    const add = (path: string, source: Buffer, code: Buffer, data: Buffer | undefined): void => {
      header.entries.push([path, source.length, code.length, data?.length ?? 0]);
      chunks.push(source, code);
      if (data !== undefined) chunks.push(data);
    };
    for (const [path, entry] of this.#fresh)
      add(
        path,
        Buffer.from(entry.source),
        Buffer.from(entry.code),
        entry.script.createCachedData(),
      );
    for (const [path, stored] of this.#stored) {
      if (
        this.#fresh.has(path) ||
        !(keep.has(path) || this.#used.has(path)) ||
        this.#bytes === undefined
      )
        continue;
      const codeAt = stored.at + stored.sourceBytes;
      const dataAt = codeAt + stored.codeBytes;
      const data =
        this.#sameV8 && stored.dataBytes > 0
          ? this.#bytes.subarray(dataAt, dataAt + stored.dataBytes)
          : undefined;
      add(
        path,
        this.#bytes.subarray(stored.at, codeAt),
        this.#bytes.subarray(codeAt, dataAt),
        data,
      );
    }
    writeInBackground(
      this.#file,
      Buffer.concat([Buffer.from(`${MAGIC}\n${JSON.stringify(header)}\n`), ...chunks]),
    );
  }
}

function parse(bytes: Buffer, compiler: string): { header: Header; body: Buffer } | undefined {
  const first = bytes.indexOf(10);
  const second = first < 0 ? -1 : bytes.indexOf(10, first + 1);
  if (second < 0 || bytes.toString('latin1', 0, first) !== MAGIC) return undefined;
  try {
    const header = JSON.parse(bytes.toString('utf8', first + 1, second)) as Header;
    if (header.compiler !== compiler || !Array.isArray(header.entries)) return undefined;
    const body = bytes.subarray(second + 1);
    let total = 0;
    for (const entry of header.entries) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') return undefined;
      total += entry[1] + entry[2] + entry[3];
    }
    // A truncated or padded file (a crash mid-write cannot make one, a hand edit can): ignore it.
    return total === body.length ? { header, body } : undefined;
  } catch {
    return undefined;
  }
}

/** One write and one rename on libuv's thread pool; the process exits once they are done. */
function writeInBackground(file: string, bytes: Buffer): void {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  } catch {
    return; // read-only or full disk: the pack is only an optimisation
  }
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFile(temp, bytes)
    .then(() => rename(temp, file))
    .catch(() => rm(temp, { force: true }).catch(() => undefined));
  // <cacheDir>/packs/<name>.pack: the cache folder's old entries go, at most once a day.
  void pruneCache(dirname(dirname(file)));
}
