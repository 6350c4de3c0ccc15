import { afterEach, describe, expect, it } from 'vitest';
import { globToRegExp, tableFilter } from '../../src/autogen/table-filter.js';
import { check } from '../../src/commands/check.js';
import { createContext } from '../../src/commands/context.js';
import { loadConfig } from '../../src/config/config-load.js';
import { parseUrl } from '../../src/config/url.js';
import { connect } from '../../src/drivers/registry.js';
import { modelsProject, type ModelsProject } from './autogenerate-fixture.js';

const models = [
  "import { defineSchema, table, t } from 'athanor';",
  "export const users = table('users', { id: t.integer().primaryKey(), email: t.string(255).notNull() });",
  'export default defineSchema({ users });',
  '',
].join('\n');

let project: ModelsProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

async function contextOf(p: ModelsProject) {
  return createContext(await loadConfig({ cwd: p.dir, env: {} }));
}

describe('check (API)', () => {
  it('lists the differences of a database at head, and passes once they are migrated', async () => {
    project = modelsProject();
    project.models(models);
    const before = await check(await contextOf(project));
    expect(before).toEqual({
      ok: false,
      upToDate: true,
      current: [],
      heads: [],
      differences: ['+ table users'],
      notes: [],
      reason:
        '1 difference between the models and the database; run `athanor revision --autogenerate -m "..."`',
    });
    expect((await project.run('revision', '--autogenerate', '-m', 'users')).status).toBe(0);
    const behind = await check(await contextOf(project));
    expect(behind.ok).toBe(false);
    expect(behind.upToDate).toBe(false);
    expect(behind.differences).toEqual([]);
    expect(behind.reason).toMatch(
      /^Target database is not up to date: it is at base \(no revision\), the head is [0-9a-f]{12} \[001_users\]/,
    );
    expect((await project.run('upgrade', 'head')).status).toBe(0);
    const after = await check(await contextOf(project));
    expect(after).toMatchObject({ ok: true, upToDate: true, differences: [], notes: [] });
    expect(after.current).toEqual(after.heads);
    expect(after.reason).toBeUndefined();
  });

  it('ignores the tables the include/exclude globs leave out, on both sides', async () => {
    project = modelsProject({ config: { include: ['app_*', 'users'], exclude: ['app_tmp_*'] } });
    project.models(models);
    const conn = await connect(parseUrl(`sqlite:${project.dir}/app.db`));
    await conn.execute(
      'CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL)',
    );
    await conn.execute('CREATE TABLE app_tmp_cache (id INTEGER PRIMARY KEY)');
    await conn.execute('CREATE TABLE other (id INTEGER PRIMARY KEY)');
    await conn.execute('CREATE TABLE app_things (id INTEGER PRIMARY KEY)');
    await conn.close();
    const result = await check(await contextOf(project));
    expect(result.differences).toEqual(['- table app_things']);
  });

  it('prints the text form and exits 1 or 0', async () => {
    project = modelsProject();
    project.models(models);
    const failing = await project.run('check');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toBe(
      'New upgrade operations detected:\n  + table users\nFAILED: 1 difference between the models and the database; run `athanor revision --autogenerate -m "..."`\n',
    );
  });
});

describe('table globs', () => {
  it('matches whole names with *, ? and classes', () => {
    expect(globToRegExp('tmp_*').test('tmp_users')).toBe(true);
    expect(globToRegExp('tmp_*').test('x_tmp_users')).toBe(false);
    expect(globToRegExp('log_202?').test('log_2024')).toBe(true);
    expect(globToRegExp('log_[0-9]').test('log_7')).toBe(true);
    expect(globToRegExp('log_[!0-9]').test('log_7')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(() => globToRegExp('bad[')).toThrow(/without a closing/);
  });

  it('include then exclude; undefined when neither is set', () => {
    expect(tableFilter({})).toBeUndefined();
    const keep = tableFilter({ include: ['app_*'], exclude: ['app_tmp_*'] });
    expect(['app_users', 'app_tmp_x', 'users'].filter((n) => keep?.(n))).toEqual(['app_users']);
    const drop = tableFilter({ exclude: ['spatial_ref_sys'] });
    expect(['spatial_ref_sys', 'users'].filter((n) => drop?.(n))).toEqual(['users']);
  });
});
