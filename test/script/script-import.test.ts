/**
 * The module importer's fast path: sucrase output cached by content hash, evaluated in-process;
 * jiti for what it cannot compile.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as athanor from '../../src/index.js';
import { ScriptCompiler } from '../../src/script/script-compile.js';
import { createModuleImporter } from '../../src/script/script-import.js';

let dir: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'athanor-import-'));
  cacheDir = join(dir, 'cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const migration = (value: string): string => `import { defineMigration, t } from 'athanor';
import type { Op } from 'athanor';

const marker: string = '${value}';
export default defineMigration({
  revision: 'aaaaaaaaaaaa',
  downRevision: null,
  message: marker,
  async upgrade(op: Op) {
    await op.createTable('t', { id: t.integer().primaryKey() });
  },
});
`;

/** Cache writes run in the background: wait until the compiled file is there. */
async function cached(source: string, path: string): Promise<string> {
  const file = new ScriptCompiler({ cacheDir }).cacheFileOf(source, path) ?? '';
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  expect(existsSync(file), `${file} was written`).toBe(true);
  return file;
}

const messageOf = (mod: unknown): unknown => (mod as { message?: unknown }).message;

describe('createModuleImporter', () => {
  it('compiles a migration once and reuses the cached output in a later run', async () => {
    const path = join(dir, '001_a.ts');
    writeFileSync(path, migration('v1'));
    expect(messageOf(await createModuleImporter({ cacheDir }).importDefault(path))).toBe('v1');
    const file = await cached(migration('v1'), path);
    expect(readdirSync(join(cacheDir, 'modules')).filter((f) => f.endsWith('.js'))).toHaveLength(1);

    // A later run (a new importer) reads the compiled text and does not compile: the marker
    // changed in the cache file alone shows up.
    writeFileSync(file, readFileSync(file, 'utf8').replace("'v1'", "'from the cache'"));
    expect(messageOf(await createModuleImporter({ cacheDir }).importDefault(path))).toBe(
      'from the cache',
    );
  });

  it('compiles an edited file again, in a later run and in the same process', async () => {
    const path = join(dir, '001_a.ts');
    writeFileSync(path, migration('v1'));
    const importer = createModuleImporter({ cacheDir });
    expect(messageOf(await importer.importDefault(path))).toBe('v1');
    const first = await cached(migration('v1'), path);

    writeFileSync(path, migration('version two'));
    expect(messageOf(await importer.importDefault(path))).toBe('version two');
    expect(messageOf(await createModuleImporter({ cacheDir }).importDefault(path))).toBe(
      'version two',
    );
    const second = await cached(migration('version two'), path);
    expect(second).not.toBe(first);
  });

  it('gives `athanor` as the running package and loads relative TypeScript helpers', async () => {
    mkdirSync(join(dir, 'lib'));
    writeFileSync(
      join(dir, 'lib', 'names.ts'),
      "export const tableName = (n: number): string => `t_${n}`;\nexport default 'helper';\n",
    );
    writeFileSync(
      join(dir, 'mod.ts'),
      "import { sql } from 'athanor';\nimport helper, { tableName } from './lib/names.js';\nimport { join } from 'node:path';\n" +
        'export default { sql, helper, table: tableName(7), joined: join("a", "b") };\n',
    );
    const mod = (await createModuleImporter({ cacheDir }).importDefault(
      join(dir, 'mod.ts'),
    )) as Record<string, unknown>;
    expect(mod.sql).toBe(athanor.sql);
    expect(mod).toMatchObject({ helper: 'helper', table: 't_7', joined: join('a', 'b') });
  });

  it('hands a file with top-level await to jiti', async () => {
    const path = join(dir, 'tla.ts');
    writeFileSync(
      path,
      'const value: number = await Promise.resolve(42);\nexport default { value, url: typeof import.meta.url };\n',
    );
    expect(await createModuleImporter({ cacheDir }).importDefault(path)).toEqual({
      value: 42,
      url: 'string',
    });
  });

  it('names the file and line of an error thrown while the module runs', async () => {
    const path = join(dir, '002_b.ts');
    writeFileSync(path, "const a: number = 1;\n\nthrow new Error('boom ' + a);\n");
    await expect(createModuleImporter({ cacheDir }).importDefault(path)).rejects.toThrow(
      /cannot load 002_b\.ts \(line 3, column \d+\): boom 1/,
    );
  });

  it('works without a cache (cacheDir: false)', async () => {
    const path = join(dir, '001_a.ts');
    writeFileSync(path, migration('no cache'));
    expect(messageOf(await createModuleImporter({ cacheDir: false }).importDefault(path))).toBe(
      'no cache',
    );
    expect(existsSync(cacheDir)).toBe(false);
  });
});

describe('createModuleImporter().importAll', () => {
  const packOf = (group: string): string =>
    new ScriptCompiler({ cacheDir }).packFileOf(group) ?? '';
  /** The pack is written in the background: wait until it is there (or has changed). */
  async function packWritten(group: string, before = ''): Promise<Buffer> {
    const file = packOf(group);
    for (let i = 0; i < 200; i++) {
      if (existsSync(file) && readFileSync(file).toString('latin1') !== before) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(existsSync(file), `${file} was written`).toBe(true);
    return readFileSync(file);
  }
  const sources = (...paths: string[]) =>
    paths.map((path) => ({ path, source: readFileSync(path, 'utf8') }));
  /** importAll, then the pack write its caller makes (after running the modules, in a run). */
  async function importAll(...paths: string[]) {
    const imported = await createModuleImporter({ cacheDir }).importAll!(sources(...paths), {
      group: dir,
    });
    imported.saveCache?.();
    return imported;
  }

  it("keeps a folder's compiled modules in one pack, and compiles a changed file again", async () => {
    const a = join(dir, '001_a.ts');
    const b = join(dir, '002_b.ts');
    writeFileSync(a, migration('a v1'));
    writeFileSync(b, migration('b v1'));
    const first = await importAll(a, b);
    expect(first.modules.map(messageOf)).toEqual(['a v1', 'b v1']);
    const pack = await packWritten(dir);
    expect(existsSync(join(cacheDir, 'modules')), 'no per-file cache for a pack').toBe(false);

    // a later run: the same modules from the pack; an edited file is compiled again
    writeFileSync(b, migration('b version two'));
    const second = await importAll(a, b);
    expect(second.modules.map(messageOf)).toEqual(['a v1', 'b version two']);
    const repacked = await packWritten(dir, pack.toString('latin1'));
    expect(repacked.includes('b version two')).toBe(true);
    expect(repacked.includes("'b v1'")).toBe(false);

    // a corrupt pack is ignored
    writeFileSync(packOf(dir), 'athanor-pack/1\n{ not json\n');
    const third = await importAll(a, b);
    expect(third.modules.map(messageOf)).toEqual(['a v1', 'b version two']);
  });

  it("keeps stack traces on the file and line, also when V8 starts from the pack's code cache", async () => {
    const path = join(dir, '001_a.ts');
    writeFileSync(
      path,
      "import type { Op } from 'athanor';\n\nexport default {\n  revision: 'a1',\n  async upgrade(op: Op) {\n    throw new Error('boom');\n  },\n};\n",
    );
    for (let run = 0; run < 2; run++) {
      const { modules, saveCache } = await createModuleImporter({ cacheDir }).importAll!(
        sources(path),
        { group: dir },
      );
      const upgrade = (modules[0] as { upgrade: () => Promise<void> }).upgrade;
      const error = (await upgrade().catch((e: unknown) => e)) as Error;
      expect(error.stack).toContain(`${path}:6:11`);
      // saved after upgrade() ran: the second run starts from a code cache that holds it compiled
      saveCache?.();
      if (run === 0) await packWritten(dir);
    }
  });

  it('stops at the first file that fails, with the error importDefault gives', async () => {
    const a = join(dir, '001_a.ts');
    const b = join(dir, '002_b.ts');
    const c = join(dir, '003_c.ts');
    writeFileSync(a, migration('a'));
    writeFileSync(b, "const a: number = 1;\n\nthrow new Error('boom ' + a);\n");
    writeFileSync(c, migration('c'));
    const { modules, failure } = await importAll(a, b, c);
    expect(modules.map(messageOf)).toEqual(['a']);
    expect(String(failure)).toMatch(/cannot load 002_b\.ts \(line 3, column \d+\): boom 1/);
  });
});
