import { afterEach, describe, expect, it } from 'vitest';
import { autogenerateRevision } from '../../src/commands/autogenerate.js';
import { createContext } from '../../src/commands/context.js';
import { loadConfig } from '../../src/config/config-load.js';
import { parseUrl } from '../../src/config/url.js';
import { connect } from '../../src/drivers/registry.js';
import { modelsProject, type ModelsProject } from './autogenerate-fixture.js';

const usersModels = (columns: string) =>
  [
    "import { defineSchema, table, t } from 'athanor';",
    "export const users = table('users', {",
    '  id: t.integer().primaryKey().autoincrement(),',
    columns,
    '});',
    'export default defineSchema({ users });',
    '',
  ].join('\n');

let project: ModelsProject | undefined;
afterEach(async () => {
  await project?.cleanup();
  project = undefined;
});

describe('revision --autogenerate: loading the models', () => {
  it('says when the config has no models key', async () => {
    project = modelsProject({ config: { models: undefined } });
    const run = await project.run('revision', '--autogenerate', '-m', 'x');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("no models module: set `models: './src/db/schema.ts'`");
  });

  it('says when the models module does not exist', async () => {
    project = modelsProject();
    const run = await project.run('revision', '--autogenerate', '-m', 'x');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /models module schema\.ts \(from .*athanor\.config\.json\) does not exist/,
    );
  });

  it('says when the default export is not a Schema, and where the Schema is', async () => {
    project = modelsProject();
    project.models(
      "import { defineSchema, table, t } from 'athanor';\nexport const schema = defineSchema({ a: table('a', { id: t.integer() }) });\n",
    );
    const named = await project.run('revision', '--autogenerate', '-m', 'x');
    expect(named.status).toBe(2);
    expect(named.stderr).toContain(
      "the default export is missing (a Schema is exported as 'schema'), not a Schema",
    );
    project.models('export default { tables: 1 };\n');
    const other = await project.run('check');
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('the default export is an object with tables, not a Schema');
  });

  it('rejects the autogenerate flags without --autogenerate', async () => {
    project = modelsProject();
    const run = await project.run('revision', '-m', 'x', '--rename', 'a:b');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--rename needs --autogenerate');
  });
});

describe('revision --autogenerate on SQLite', () => {
  it('writes the migration, prints the changes, then finds nothing more once upgraded', async () => {
    project = modelsProject();
    project.models(usersModels('  email: t.string(255).notNull().unique(),'));
    const first = await project.run('revision', '--autogenerate', '-m', 'create users');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Detected changes:\n  + table users\n');
    expect(first.stdout).toMatch(
      /Generating migrations\/versions\/001_create_users\.ts \.\.\. done/,
    );
    const source = project.read('001_create_users.ts');
    expect(source).toContain("import { defineMigration, t } from 'athanor';");
    expect(source).toContain("await op.createTable('users', {");
    expect(source).toContain("await op.dropTable('users');");
    expect((await project.run('check')).status).toBe(1);
    expect((await project.run('upgrade', 'head')).status).toBe(0);
    const check = await project.run('check');
    expect(check.stdout).toContain('No new upgrade operations detected');
    expect(check.status).toBe(0);
    const again = await project.run('revision', '--autogenerate', '-m', 'nothing');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('No changes detected');
    expect(project.files()).toEqual(['001_create_users.ts']);
    const empty = await project.run('revision', '--autogenerate', '-m', 'empty', '--allow-empty');
    expect(empty.status).toBe(0);
    expect(project.files()).toEqual(['001_create_users.ts', '002_empty.ts']);
    expect(project.read('002_empty.ts')).toContain('// no changes detected');
    expect((await project.run('upgrade', 'head')).status).toBe(0);
  });

  it('refuses a database that is not at head, naming both revisions', async () => {
    project = modelsProject();
    project.models(usersModels('  email: t.text(),'));
    expect((await project.run('revision', '--autogenerate', '-m', 'one')).status).toBe(0);
    const run = await project.run('revision', '--autogenerate', '-m', 'two');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Target database is not up to date: it is at base \(no revision\), the head is [0-9a-f]{12} \[001_one\]/,
    );
    const json = await project.run('check', '--json');
    expect(json.status).toBe(1);
    const doc = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      ok: false,
      command: 'check',
      upToDate: false,
      current: [],
      differences: [],
    });
    expect(doc.error).toMatchObject({ code: 'E_CHECK_FAILED', exitCode: 1 });
    expect((doc.heads as string[]).length).toBe(1);
  });

  it('writes possible renames as comments, and renames with --rename (both ways)', async () => {
    project = modelsProject();
    project.models(usersModels('  fullname: t.string(100),'));
    await project.run('revision', '--autogenerate', '-m', 'one');
    await project.run('upgrade', 'head');
    project.models(usersModels('  full_name: t.string(100),'));
    const check = await project.run('check', '--json');
    expect(check.status).toBe(1);
    const doc = JSON.parse(check.stdout) as { differences: string[]; notes: string[] };
    expect(doc.differences).toEqual([
      '+ column users.full_name (string(100))',
      '- column users.fullname',
    ]);
    expect(doc.notes[0]).toContain('possible rename of users.fullname');
    const guess = await project.run('revision', '--autogenerate', '-m', 'guess');
    expect(guess.stderr).toContain(
      'warning: possible rename of users.fullname to users.full_name?',
    );
    const guessed = project.read('002_guess.ts');
    expect(guessed).toContain(
      "// athanor: possible rename of users.fullname to users.full_name? use op.alterColumn('users', 'fullname', { newName: 'full_name' })",
    );
    expect(guessed).toContain("await op.addColumn('users', 'full_name', t.string(100));");
  });

  it('applies --rename to the upgrade and its inverse to the downgrade', async () => {
    project = modelsProject();
    project.models(usersModels('  fullname: t.string(100),'));
    await project.run('revision', '--autogenerate', '-m', 'one');
    await project.run('upgrade', 'head');
    project.models(usersModels('  full_name: t.string(100),'));
    const run = await project.run(
      'revision',
      '--autogenerate',
      '-m',
      'rename',
      '--rename',
      'users.fullname:full_name',
      '--interactive',
    );
    expect(run.stderr).toContain('warning: --interactive ignored: not a terminal');
    expect(run.stdout).toContain('~ column users.fullname: renamed to full_name');
    const source = project.read('002_rename.ts');
    expect(source).toMatch(
      /await op\.alterColumn\('users', 'fullname', \{[^}]*newName: 'full_name'/,
    );
    expect(source).toMatch(
      /await op\.alterColumn\('users', 'full_name', \{[^}]*newName: 'fullname'/,
    );
    expect((await project.run('upgrade', 'head')).status).toBe(0);
    expect((await project.run('check')).status).toBe(0);
    expect((await project.run('downgrade', '--', '-1')).status).toBe(0);
    project.models(usersModels('  fullname: t.string(100),'));
    expect((await project.run('check')).status).toBe(1);
    expect((await project.run('upgrade', 'head')).status).toBe(0);
  });

  it('asks about each rename candidate through askRename (what --interactive does on a terminal)', async () => {
    project = modelsProject();
    project.models(usersModels('  fullname: t.string(100),\n  nick: t.text(),'));
    await project.run('revision', '--autogenerate', '-m', 'one');
    await project.run('upgrade', 'head');
    project.models(usersModels('  full_name: t.string(100),\n  nickname: t.text(),'));
    const asked: string[] = [];
    const ctx = createContext(await loadConfig({ cwd: project.dir, env: {} }));
    const result = await autogenerateRevision(ctx, {
      message: 'renames',
      askRename: (c) => {
        asked.push(`${c.from}:${c.to}`);
        return c.from === 'fullname';
      },
    });
    expect(asked.sort()).toEqual(['fullname:full_name', 'nick:nickname']);
    expect(result.changes).toEqual([
      '~ column users.fullname: renamed to full_name',
      '+ column users.nickname (text)',
      '- column users.nick',
    ]);
    expect(result.notes).toEqual([
      "possible rename of users.nick to users.nickname? use op.alterColumn('users', 'nick', { newName: 'nickname' })",
    ]);
    expect(result.created?.stem).toBe('002_renames');
  });

  // SQLite's compiler makes a copy-and-move of an addColumn that ALTER TABLE cannot do (NOT
  // NULL without a default): the LiveExecutor must describe the live table to it.
  it('upgrades an autogenerated NOT NULL column without a default on SQLite', async () => {
    project = modelsProject();
    project.models(usersModels(''));
    await project.run('revision', '--autogenerate', '-m', 'one');
    expect((await project.run('upgrade', 'head')).status).toBe(0);
    project.models(usersModels('  code: t.string(10).notNull(),'));
    expect((await project.run('revision', '--autogenerate', '-m', 'code')).status).toBe(0);
    const upgrade = await project.run('upgrade', 'head');
    expect(upgrade.stderr).toBe('');
    expect(upgrade.status).toBe(0);
  });

  it('leaves tables out by the include/exclude globs, in the database and the models', async () => {
    project = modelsProject({ config: { exclude: ['legacy_*'] } });
    project.models(
      [
        "import { defineSchema, table, t } from 'athanor';",
        "const users = table('users', { id: t.integer().primaryKey() });",
        "const legacy_new = table('legacy_new', { id: t.integer().primaryKey() });",
        'export default defineSchema({ users, legacy_new });',
        '',
      ].join('\n'),
    );
    const conn = await connect(parseUrl(`sqlite:${project.dir}/app.db`));
    await conn.execute('CREATE TABLE legacy_old (id INTEGER PRIMARY KEY)');
    await conn.close();
    const run = await project.run('revision', '--autogenerate', '-m', 'users', '--json');
    expect(run.status).toBe(0);
    const doc = JSON.parse(run.stdout) as { changes: string[]; created: { stem: string } };
    expect(doc.changes).toEqual(['+ table users']);
    expect(doc.created.stem).toBe('001_users');
  });
});
