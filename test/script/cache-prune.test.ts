/**
 * The compile cache sweeps itself: entries not written for 30 days go, at most once a day.
 */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { pruneCache } from '../../src/script/cache-prune.js';
import { tempDir } from '../helpers/databases.js';

const day = 24 * 60 * 60 * 1000;

function entry(dir: string, name: string, ageDays: number, now: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, 'x');
  const at = (now - ageDays * day) / 1000;
  utimesSync(file, at, at);
  return file;
}

test('old modules and packs go, recent ones stay, and a second sweep waits a day', async () => {
  const cache = tempDir('athanor-prune-');
  const now = Date.now();
  const oldModule = entry(join(cache, 'modules'), 'a.js', 40, now);
  const newModule = entry(join(cache, 'modules'), 'b.js', 2, now);
  const oldPack = entry(join(cache, 'packs'), 'p.pack', 31, now);
  const newPack = entry(join(cache, 'packs'), 'q.pack', 0, now);
  const other = entry(cache, 'keep-me.txt', 90, now);

  expect(await pruneCache(cache, now)).toBe(2);
  expect([oldModule, newModule, oldPack, newPack, other].map((f) => existsSync(f))).toEqual([
    false,
    true,
    false,
    true,
    true,
  ]);

  // Within a day nothing is swept, even an old entry; a day later it is.
  const stale = entry(join(cache, 'modules'), 'c.js', 60, now);
  expect(await pruneCache(cache, now + day / 2)).toBe(0);
  expect(existsSync(stale)).toBe(true);
  expect(await pruneCache(cache, now + day + 1000)).toBe(1);
  expect(existsSync(stale)).toBe(false);
});

test('a cache folder that cannot be read or does not exist is no error', async () => {
  expect(await pruneCache(join(tempDir('athanor-prune-'), 'missing', 'deeper'))).toBe(0);
});
