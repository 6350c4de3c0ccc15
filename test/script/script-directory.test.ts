import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checksumSource } from '../../src/script/script-checksum.js';
import { ScriptDirectory } from '../../src/script/script-directory.js';
import { createModuleImporter } from '../../src/script/script-import.js';

let versions: string;
beforeEach(() => {
  versions = join(mkdtempSync(join(tmpdir(), 'athanor-scripts-')), 'versions');
  mkdirSync(versions);
});
afterEach(() => rmSync(join(versions, '..'), { recursive: true, force: true }));

/** A migration without imports, so it loads in any folder. */
function migration(id: string, down: string | string[] | null, extra = ''): string {
  return `export default {\n  revision: '${id}',\n  downRevision: ${JSON.stringify(down)},\n  message: 'step ${id}',\n  async upgrade(op) {},\n  async downgrade(op) {},\n${extra}};\n`;
}
const write = (name: string, source: string): void => writeFileSync(join(versions, name), source);

describe('ScriptDirectory', () => {
  it('lists migration files in byte order from their static headers', async () => {
    write('002_b.ts', migration('b2', 'a1'));
    write('001_a.ts', migration('a1', null));
    write('B_upper.ts', migration('c3', 'b2'));
    write('_helpers.ts', 'export const x = 1;');
    write('notes.md', '# notes');
    write('.gitkeep', '');
    const files = await new ScriptDirectory(versions).list();
    expect(files.map((f) => f.fileName)).toEqual(['001_a.ts', '002_b.ts', 'B_upper.ts']);
    expect(files[1]).toMatchObject({
      path: join(versions, '002_b.ts'),
      stem: '002_b',
      staticHeader: true,
      revision: { id: 'b2', down: ['a1'], message: 'step b2', branchLabels: [], dependsOn: [], path: '002_b.ts' },
    });
  });

  it('falls back to importing a file whose header is not plain literals', async () => {
    write('001_a.ts', `const id: string = 'a' + '1';\nexport default { revision: id, downRevision: null, message: 'computed', upgrade() {} };\n`);
    const [file] = await new ScriptDirectory(versions).list();
    expect(file).toMatchObject({ staticHeader: false, revision: { id: 'a1', down: [], message: 'computed' } });
  });

  it('reports a syntax error with the file, line and column', async () => {
    write('001_a.ts', `const id: string = 'a1';\nexport default {\n  revision: id\n  downRevision: null,\n};\n`);
    await expect(new ScriptDirectory(versions).list()).rejects.toThrow(/syntax error in 001_a\.ts at line 4, column 2/);
  });

  it('reports a missing versions folder with a pointer to init', async () => {
    await expect(new ScriptDirectory(join(versions, 'nope')).list()).rejects.toThrow(/does not exist; run `athanor init`/);
  });

  it('loads a module, which must have upgrade; downgrade may be missing', async () => {
    write('001_a.ts', migration('a1', null));
    write('002_b.ts', `export default { revision: 'b2', downRevision: 'a1', async upgrade() {} };\n`);
    write('003_c.ts', `export default { revision: 'c3', downRevision: 'b2', async downgrade() {} };\n`);
    const scripts = new ScriptDirectory(versions);
    expect(typeof (await scripts.load('a1')).downgrade).toBe('function');
    expect((await scripts.load('b2')).downgrade).toBeUndefined();
    await expect(scripts.load('c3')).rejects.toThrow('003_c.ts: the migration has no upgrade function');
    await expect(scripts.load('zz')).rejects.toThrow("no migration file declares revision 'zz'");
  });

  it('checks that the loaded module exports the revision its header declares', async () => {
    write('001_a.ts', `function defineMigration(m: object) { return { ...m, revision: 'other' }; }\nexport default defineMigration({ revision: 'a1', downRevision: null, upgrade() {} });\n`);
    await expect(new ScriptDirectory(versions).load('a1')).rejects.toThrow("001_a.ts: the module exports revision 'other' but its header reads 'a1'");
  });

  it('checksums the source with CRLF normalised to LF', async () => {
    write('001_a.ts', migration('a1', null).replace(/\n/g, '\r\n'));
    const scripts = new ScriptDirectory(versions);
    expect(await scripts.checksum('a1')).toBe(checksumSource(migration('a1', null)));
    expect(await scripts.checksum('a1')).toMatch(/^[0-9a-f]{64}$/);
    expect(await scripts.stemOf('a1')).toBe('001_a');
  });
});

describe('ScriptDirectory.loadAll', () => {
  it('loads a run\'s migrations in one pass, with the checksums checksum() gives', async () => {
    write('001_a.ts', migration('a1', null).replace(/\n/g, '\r\n'));
    write('002_b.ts', migration('b2', 'a1'));
    const scripts = new ScriptDirectory(versions);
    const { scripts: loaded, failure } = await scripts.loadAll(['a1', 'b2', 'a1']);
    expect(failure).toBeUndefined();
    expect([...loaded.keys()]).toEqual(['a1', 'b2']);
    expect(loaded.get('a1')).toMatchObject({ checksum: await scripts.checksum('a1'), path: join(versions, '001_a.ts'), stem: '001_a' });
    expect(loaded.get('a1')?.checksum).toBe(checksumSource(migration('a1', null)));
    expect(loaded.get('b2')?.checksum).toBe(await scripts.checksum('b2'));
    expect(loaded.get('b2')?.migration).toMatchObject({ revision: 'b2', message: 'step b2' });
    expect(typeof loaded.get('b2')?.migration.downgrade).toBe('function');
  });

  it('stops at the first id that fails, with the error load() gives and the migrations before it', async () => {
    write('001_a.ts', migration('a1', null));
    write('002_b.ts', `export default { revision: 'b2', downRevision: 'a1', async downgrade() {} };\n`);
    write('003_c.ts', `export default {\n  revision: 'c3',\n  downRevision: 'b2',\n  async upgrade(op) { const x = ; },\n};\n`);
    write('004_d.ts', migration('d4', 'c3'));
    const scripts = new ScriptDirectory(versions);
    const first = await scripts.loadAll(['a1', 'b2', 'c3']);
    expect([...first.scripts.keys()]).toEqual(['a1']);
    expect(first.failure?.id).toBe('b2');
    expect(String(first.failure?.error)).toContain('002_b.ts: the migration has no upgrade function');

    const syntax = await scripts.loadAll(['d4', 'c3', 'a1']);
    expect([...syntax.scripts.keys()]).toEqual(['d4']);
    expect(syntax.failure?.id).toBe('c3');
    expect(String(syntax.failure?.error)).toMatch(/syntax error in 003_c\.ts at line 4, column \d+/);
    await expect(scripts.load('c3')).rejects.toThrow((syntax.failure?.error as Error).message);

    const unknown = await scripts.loadAll(['a1', 'zz', 'd4']);
    expect([...unknown.scripts.keys()]).toEqual(['a1']);
    expect(String(unknown.failure?.error)).toContain("no migration file declares revision 'zz'");
  });

  it('writes the compile cache on the next turn of the event loop, or when a hold is released', async () => {
    const { existsSync, readdirSync } = await import('node:fs');
    const cacheDir = join(versions, '..', 'compile-cache');
    write('001_a.ts', migration('a1', null));
    const packs = () => (existsSync(join(cacheDir, 'packs')) ? readdirSync(join(cacheDir, 'packs')) : []);
    const settled = () => new Promise((r) => setTimeout(r, 50));
    const importer = createModuleImporter({ cacheDir });

    const held = new ScriptDirectory(versions, { importer });
    const release = held.deferCacheWrites();
    await held.loadAll(['a1']);
    await settled();
    expect(packs()).toEqual([]);
    release();
    release(); // twice: no effect
    await settled();
    expect(packs()).toHaveLength(1);

    rmSync(cacheDir, { recursive: true });
    const fresh = createModuleImporter({ cacheDir }); // nothing evaluated yet: compiles again
    await new ScriptDirectory(versions, { importer: fresh }).loadAll(['a1']);
    await settled();
    expect(packs()).toHaveLength(1);
  });

  it('falls back to importDefault per file with an importer that has no importAll', async () => {
    write('001_a.ts', migration('a1', null));
    write('002_b.ts', migration('b2', 'a1'));
    const seen: string[] = [];
    const importer = {
      async importDefault(path: string): Promise<unknown> {
        seen.push(path);
        if (path.endsWith('002_b.ts')) throw new Error('boom');
        return { revision: 'a1', upgrade() {} };
      },
    };
    const { scripts, failure } = await new ScriptDirectory(versions, { importer }).loadAll(['a1', 'b2']);
    expect(seen).toEqual([join(versions, '001_a.ts'), join(versions, '002_b.ts')]);
    expect([...scripts.keys()]).toEqual(['a1']);
    expect(failure).toMatchObject({ id: 'b2', error: new Error('boom') });
  });
});

describe('header cache', () => {
  it('reuses cached headers while size/mtime/inode match, and re-reads changed files', async () => {
    const { existsSync, readFileSync, utimesSync } = await import('node:fs');
    const cacheDir = join(versions, '..', '.athanor-cache');
    write('001_a.ts', migration('a1', null));
    write('002_b.ts', migration('b2', 'a1'));
    const first = await new ScriptDirectory(versions, { cacheDir }).list();
    expect(existsSync(join(cacheDir, 'headers.json'))).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(join(cacheDir, 'headers.json'), 'utf8')).files)).toEqual(['001_a.ts', '002_b.ts']);
    const second = await new ScriptDirectory(versions, { cacheDir }).list();
    expect(second.map((f) => f.revision)).toEqual(first.map((f) => f.revision));

    // same size, new content and mtime: must be read again
    write('002_b.ts', migration('b3', 'a1'));
    utimesSync(join(versions, '002_b.ts'), new Date(), new Date(Date.now() + 5000));
    const third = await new ScriptDirectory(versions, { cacheDir }).list();
    expect(third.map((f) => f.revision.id)).toEqual(['a1', 'b3']);

    // a removed file leaves the cache; a corrupt cache is ignored
    rmSync(join(versions, '001_a.ts'));
    write('002_b.ts', migration('b2', null));
    expect((await new ScriptDirectory(versions, { cacheDir }).list()).map((f) => f.revision.id)).toEqual(['b2']);
    expect(Object.keys(JSON.parse(readFileSync(join(cacheDir, 'headers.json'), 'utf8')).files)).toEqual(['002_b.ts']);
    writeFileSync(join(cacheDir, 'headers.json'), '{ not json');
    expect((await new ScriptDirectory(versions, { cacheDir }).list()).map((f) => f.revision.id)).toEqual(['b2']);
  });
});

describe('loading migrations that import athanor', () => {
  const entry = join(import.meta.dirname, '..', '..', 'src', 'index.ts');
  it.runIf(existsSyncSafe(entry))('resolves `athanor` to this package, wherever the project lives', async () => {
    write('001_a.ts', `import { defineMigration } from 'athanor';\nexport default defineMigration({ revision: 'a1', downRevision: null, async upgrade(op) {} });\n`);
    const migration = await new ScriptDirectory(versions).load('a1');
    expect(migration.revision).toBe('a1');
  });
});

function existsSyncSafe(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
