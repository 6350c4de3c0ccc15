import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, requireUrl } from '../../src/config/config-load.js';
import { readStaticConfig } from '../../src/config/config-static.js';
import type { ModuleImporter } from '../../src/script/script-import.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'athanor-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = {};
const tsConfig = `import { defineConfig } from 'athanor';\nexport default defineConfig({ url: 'sqlite:./app.db', migrations: './db' });\n`;
/** An importer that fails: proves a file was read statically. */
const noImport: ModuleImporter = {
  importDefault: () => Promise.reject(new Error('imported')),
};

describe('config discovery', () => {
  it('finds the config from cwd upward and resolves paths against its folder', async () => {
    writeFileSync(join(dir, 'athanor.config.ts'), tsConfig);
    const cwd = join(dir, 'src', 'deep');
    mkdirSync(cwd, { recursive: true });
    const config = await loadConfig({ cwd, env, importer: noImport });
    expect(config.configPath).toBe(join(dir, 'athanor.config.ts'));
    expect(config.rootDir).toBe(dir);
    expect(config.migrationsDir).toBe(join(dir, 'db'));
    expect(config.versionsDir).toBe(join(dir, 'db', 'versions'));
    expect(config.templatePath).toBe(join(dir, 'db', 'script.ts.tmpl'));
    expect(config.parsedUrl).toMatchObject({ dialect: 'sqlite', path: join(dir, 'app.db') });
    expect(config).toMatchObject({ versionTable: 'athanor_version', fileName: '{seq}_{slug}', transaction: 'each', lockTimeout: 60 });
  });

  it('takes -c PATH (a file or a folder), relative to cwd', async () => {
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'custom.json'), JSON.stringify({ migrations: 'm' }));
    const byFile = await loadConfig({ cwd: dir, configPath: 'conf/custom.json', env });
    expect(byFile.migrationsDir).toBe(join(dir, 'conf', 'm'));
    writeFileSync(join(dir, 'conf', 'athanor.config.json'), JSON.stringify({ migrations: 'n' }));
    const byFolder = await loadConfig({ cwd: dir, configPath: 'conf', env });
    expect(byFolder.migrationsDir).toBe(join(dir, 'conf', 'n'));
    await expect(loadConfig({ cwd: dir, configPath: 'missing.ts', env })).rejects.toThrow(/config file not found/);
  });

  it.each([
    ['athanor.config.ts', tsConfig],
    ['athanor.config.mts', tsConfig],
    ['athanor.config.js', `export default { url: 'sqlite:./app.db', migrations: './db' };`],
    ['athanor.config.mjs', `export default { url: 'sqlite:./app.db', migrations: './db' };`],
    ['athanor.config.json', `{ "url": "sqlite:./app.db", "migrations": "./db" }`],
  ])('loads %s', async (name, source) => {
    writeFileSync(join(dir, name), source);
    const config = await loadConfig({ cwd: dir, env, importer: noImport });
    expect(config.configPath).toBe(join(dir, name));
    expect(config.url).toBe('sqlite:./app.db');
    expect(config.migrationsDir).toBe(join(dir, 'db'));
  });

  it('imports a TypeScript config that is not plain data, without a build step', async () => {
    writeFileSync(join(dir, 'paths.ts'), `export const migrations: string = ['.', 'db'].join('/');\n`);
    writeFileSync(
      join(dir, 'athanor.config.ts'),
      `import { migrations } from './paths';\ninterface Local { n: number }\nconst seconds: Local = { n: 30 };\nexport default { migrations, lockTimeout: seconds.n, url: process.env.APP_DB ?? 'sqlite::memory:' };\n`,
    );
    const config = await loadConfig({ cwd: dir, env });
    expect(config.migrationsDir).toBe(join(dir, 'db'));
    expect(config.lockTimeout).toBe(30);
    expect(config.parsedUrl).toMatchObject({ dialect: 'sqlite', memory: true });
  });

  it('refuses two config files in one folder', async () => {
    writeFileSync(join(dir, 'athanor.config.ts'), tsConfig);
    writeFileSync(join(dir, 'athanor.config.json'), '{}');
    await expect(loadConfig({ cwd: dir, env })).rejects.toThrow(/several config files \(athanor.config.ts, athanor.config.json\)/);
  });

  it('uses defaults without a config file; a URL is then only what --url or DATABASE_URL give', async () => {
    const config = await loadConfig({ cwd: dir, env });
    expect(config.configPath).toBeUndefined();
    expect(config.rootDir).toBe(dir);
    expect(config.versionsDir).toBe(join(dir, 'migrations', 'versions'));
    expect(config.url).toBeUndefined();
    expect(() => requireUrl(config)).toThrow(/no database URL: set 'url' in athanor.config.ts, the DATABASE_URL environment variable, or --url/);
  });
});

describe('URL override order', () => {
  beforeEach(() => writeFileSync(join(dir, 'athanor.config.ts'), tsConfig));

  it('--url beats DATABASE_URL beats the file', async () => {
    const envUrl = { DATABASE_URL: 'postgres://app:secret@db:5432/prod' };
    expect((await loadConfig({ cwd: dir, env: {} })).url).toBe('sqlite:./app.db');
    expect((await loadConfig({ cwd: dir, env: envUrl })).url).toBe('postgres://app:secret@db:5432/prod');
    const cli = await loadConfig({ cwd: dir, env: envUrl, url: 'sqlite:./cli.db' });
    expect(cli.url).toBe('sqlite:./cli.db');
    expect(cli.parsedUrl).toMatchObject({ path: join(dir, 'cli.db') });
    expect((await loadConfig({ cwd: dir, env: { DATABASE_URL: '' } })).url).toBe('sqlite:./app.db');
  });

  it('keeps an invalid URL for requireUrl to report, with the password masked', async () => {
    const config = await loadConfig({ cwd: dir, env: { DATABASE_URL: 'redis://u:hunter2@h/0' } });
    expect(config.parsedUrl).toBeUndefined();
    expect(() => requireUrl(config)).toThrow(/invalid database URL 'redis:\/\/u:\*\*\*@h\/0': unknown scheme/);
  });
});

describe('validation', () => {
  const load = async (name: string, source: string): Promise<unknown> => {
    for (const other of ['athanor.config.ts', 'athanor.config.json']) rmSync(join(dir, other), { force: true });
    writeFileSync(join(dir, name), source);
    return loadConfig({ cwd: dir, env });
  };

  it('names an unknown key with a did-you-mean', async () => {
    await expect(load('athanor.config.ts', `export default { migration: './db' };`)).rejects.toThrow(
      "athanor.config.ts: unknown key 'migration' (did you mean 'migrations'?)",
    );
    await expect(load('athanor.config.json', `{ "postgres": { "statmentTimeout": "5s" } }`)).rejects.toThrow(
      "unknown key 'postgres.statmentTimeout' (did you mean 'statementTimeout'?)",
    );
  });

  it('names a wrong type and the expected one', async () => {
    await expect(load('athanor.config.json', `{ "lockTimeout": "60" }`)).rejects.toThrow(
      "athanor.config.json: 'lockTimeout' must be a number of seconds (>= 0), got '60'",
    );
    await expect(load('athanor.config.ts', `export default { transaction: 'every' };`)).rejects.toThrow("'transaction' must be 'each', 'all' or 'none'");
    await expect(load('athanor.config.ts', `export default { fileName: '{seq}_{title}' };`)).rejects.toThrow('found {title}');
    await expect(load('athanor.config.ts', `export default { include: 'users' };`)).rejects.toThrow("'include' must be an array of strings");
    await expect(load('athanor.config.ts', `export default ['url'];`)).rejects.toThrow('the default export must be an object');
  });

  it('reports invalid JSON with its line', async () => {
    await expect(load('athanor.config.json', `{\n  "url": "sqlite:./a.db",\n}`)).rejects.toThrow(/athanor.config.json: invalid JSON at line 3/);
  });
});

describe('readStaticConfig', () => {
  it('reads plain data and refuses anything with side effects or expressions', () => {
    expect(readStaticConfig(`import type { AthanorConfig } from 'athanor';\n// note\nexport default { url: 'sqlite:x' } satisfies AthanorConfig;`)).toEqual({ url: 'sqlite:x' });
    expect(readStaticConfig(`import 'dotenv/config';\nexport default defineConfig({ url: 'sqlite:x' });`)).toBeUndefined();
    expect(readStaticConfig(`import { x } from './x';\nexport default defineConfig({ url: x });`)).toBeUndefined();
    expect(readStaticConfig(`export default defineConfig({ url: process.env.URL });`)).toBeUndefined();
    expect(readStaticConfig(`const a = 1;\nexport default defineConfig({});`)).toBeUndefined();
  });
});
