/**
 * prepareRun loads a plan's migrations in one batch when the source can (ScriptDirectory.loadAll)
 * and one by one otherwise; both give the same modules, paths and checksums, and meet errors in
 * the same order.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AthanorError } from '../../src/errors.js';
import { prepareRun } from '../../src/runtime/run-preparation.js';
import type { MigrationSource } from '../../src/runtime/runner.js';
import { ScriptDirectory } from '../../src/script/script-directory.js';

let versions: string;
beforeEach(() => {
  versions = join(mkdtempSync(join(tmpdir(), 'athanor-prepare-')), 'versions');
  mkdirSync(versions);
});
afterEach(() => rmSync(join(versions, '..'), { recursive: true, force: true }));

const write = (
  name: string,
  id: string,
  down: string | null,
  body = 'async upgrade(op) {},\n  async downgrade(op) {},',
): void =>
  writeFileSync(
    join(versions, name),
    `export default {\n  revision: '${id}',\n  downRevision: ${JSON.stringify(down)},\n  message: 'm',\n  ${body}\n};\n`,
  );

/** The same directory seen through MigrationSource's one-by-one methods only. */
function oneByOne(scripts: ScriptDirectory): MigrationSource {
  return {
    load: (id) => scripts.load(id),
    checksum: (id) => scripts.checksum(id),
    stemOf: (id) => scripts.stemOf(id),
    file: (id) => scripts.file(id),
  };
}

describe('prepareRun', () => {
  it('gives the same migrations, files and checksums in one batch as one by one', async () => {
    write('001_a.ts', 'a1', null);
    write('002_b.ts', 'b2', 'a1');
    const scripts = new ScriptDirectory(versions);
    const plan = (await scripts.graph()).planUpgrade([], 'head');
    const batch = await prepareRun(plan, { scripts });
    const single = await prepareRun(plan, { scripts: oneByOne(scripts) });
    expect(batch?.checksums).toEqual(single?.checksums);
    expect(batch?.files).toEqual(single?.files);
    expect(batch?.labels).toEqual(single?.labels);
    expect([...(batch?.migrations.keys() ?? [])]).toEqual(['a1', 'b2']);
    expect(batch?.checksums.get('b2')).toBe(await scripts.checksum('b2'));
  });

  it('refuses an irreversible step before a later step whose file cannot load, as one by one does', async () => {
    write('001_a.ts', 'a1', null);
    write(
      '002_b.ts',
      'b2',
      'a1',
      "async upgrade(op) {},\n  async downgrade(op) {},\n  x: (() => { throw new Error('boom'); })(),",
    );
    write('003_c.ts', 'c3', 'b2', 'async upgrade(op) {},');
    const scripts = new ScriptDirectory(versions);
    const plan = (await scripts.graph()).planDowngrade(['c3'], 'base');
    for (const source of [scripts, oneByOne(scripts)]) {
      const error = (await prepareRun(plan, { scripts: source }).catch(
        (e: unknown) => e,
      )) as AthanorError;
      expect(error.code).toBe('E_IRREVERSIBLE');
      expect(error.message).toContain('c3 (003_c)');
    }
    const upgrade = (await scripts.graph()).planUpgrade([], 'head');
    for (const source of [scripts, oneByOne(scripts)]) {
      await expect(prepareRun(upgrade, { scripts: source })).rejects.toThrow(
        /cannot load 002_b\.ts.*boom/,
      );
    }
  });
});
