import { mkdir, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Entries untouched for this long go: an edited file leaves its old entry behind for good. */
const maxAgeMs = 30 * 24 * 60 * 60 * 1000;
/** A cache folder is swept at most this often (the stamp file's mtime says when it last was). */
const sweepEveryMs = 24 * 60 * 60 * 1000;
const STAMP = 'last-prune';
const SWEPT = ['modules', 'packs'];

/**
 * Deletes compile-cache files (`modules/*.js`, `packs/*.pack`) not written for 30 days, at most
 * once a day per cache folder. An entry still in use that goes is compiled again on its next
 * use: the cache only ever saves time. Never throws; a file another process is writing (a
 * `.tmp`) is left alone unless it is as old as the rest.
 *
 * @example
 * void pruneCache('/tmp/athanor-1000'); // in the background, after a compile wrote an entry
 */
export async function pruneCache(cacheDir: string, now = Date.now()): Promise<number> {
  try {
    const stamp = join(cacheDir, STAMP);
    const last = await stat(stamp).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    if (now - last < sweepEveryMs) return 0;
    await mkdir(cacheDir, { recursive: true, mode: 0o700 });
    await writeFile(stamp, '');
    await utimes(stamp, now / 1000, now / 1000);
    let removed = 0;
    for (const folder of SWEPT) {
      const dir = join(cacheDir, folder);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const file = join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile() && now - info.mtimeMs > maxAgeMs) {
          await rm(file, { force: true });
          removed++;
        }
      }
    }
    return removed;
  } catch {
    return 0; // a read-only or vanished cache folder: nothing to do
  }
}
