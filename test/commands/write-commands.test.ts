import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config-load.js';
import { heads } from '../../src/commands/heads.js';
import { init } from '../../src/commands/init.js';
import { merge } from '../../src/commands/merge.js';
import { revision } from '../../src/commands/revision.js';
import { readScriptHeader } from '../../src/script/script-header.js';
import { createProject, linearSpecs, type Project } from './project-fixture.js';

let project: Project | undefined;
afterEach(() => project?.cleanup());

const now = new Date('2025-11-25T16:54:00Z');
const files = (p: Project): string[] => readdirSync(p.versions).sort();
const headerOf = (p: Project, file: string) => {
  const read = readScriptHeader(readFileSync(join(p.versions, file), 'utf8'));
  if (!read.ok) throw new Error(read.reason);
  return read.header;
};

describe('init', () => {
  it('creates the config, the versions folder and the template, then refuses to run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-init-'));
    try {
      const result = await init(dir);
      expect(result.configPath).toBe(join(dir, 'athanor.config.ts'));
      expect(existsSync(join(dir, 'migrations', 'versions'))).toBe(true);
      expect(readFileSync(join(dir, 'migrations', 'script.ts.tmpl'), 'utf8')).toContain('{{upgrade}}');
      expect(result.nextSteps.join('\n')).toContain('athanor revision -m');
      const config = await loadConfig({ cwd: dir, env: {} });
      expect(config.url).toBe('sqlite:./app.db');
      expect(config.versionsDir).toBe(join(dir, 'migrations', 'versions'));
      const before = readFileSync(result.configPath, 'utf8');
      await expect(init(dir)).rejects.toThrow(/would overwrite athanor\.config\.ts, migrations\/script\.ts\.tmpl, migrations\/versions; nothing was changed/);
      expect(readFileSync(result.configPath, 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses when any config file exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-init-'));
    try {
      writeFileSync(join(dir, 'athanor.config.json'), '{}');
      await expect(init(dir)).rejects.toMatchObject({ exitCode: 2 });
      expect(existsSync(join(dir, 'migrations'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('revision', () => {
  it('numbers files and parents each new revision on the single head', async () => {
    project = createProject();
    const ctx = await project.context();
    const first = await revision(ctx, { message: 'Create users table', now });
    expect(first.created).toMatchObject({ stem: '001_create_users_table', downRevisions: [], isHead: true });
    expect(first.created.revision).toMatch(/^[0-9a-f]{12}$/);
    const second = await revision(await project.context(), { message: 'add phone', revId: 'b2b2b2b2b2b2', now });
    expect(second.created).toMatchObject({ revision: 'b2b2b2b2b2b2', stem: '002_add_phone', downRevisions: [first.created.revision] });
    expect(headerOf(project, '002_add_phone.ts')).toMatchObject({ createDate: '2025-11-25T16:54:00.000Z', message: 'add phone' });
  });

  it('requires --head when there are several heads, and --splice for a non-head', async () => {
    project = createProject([linearSpecs[0]!, { file: '002_x.ts', id: 'b2b2b2b2b2b2', down: 'a1a1a1a1a1a1' }, { file: '003_y.ts', id: 'c3c3c3c3c3c3', down: 'a1a1a1a1a1a1' }]);
    const ctx = await project.context();
    await expect(revision(ctx, { message: 'next' })).rejects.toMatchObject({ code: 'E_MULTIPLE_HEADS', exitCode: 2 });
    await expect(revision(ctx, { message: 'next' })).rejects.toThrow(/pass --head <rev>/);
    await expect(revision(ctx, { message: 'next', head: 'a1a1' })).rejects.toThrow('revision a1a1a1a1a1a1 [001_create_users_table] is not a head; pass --splice');
    expect(files(project)).toHaveLength(3);
    const spliced = await revision(ctx, { message: 'from the root', head: 'a1a1', splice: true, revId: 'd4d4d4d4d4d4' });
    expect(spliced.created.downRevisions).toEqual(['a1a1a1a1a1a1']);
    const onX = await revision(await project.context(), { message: 'on x', head: 'b2b2b2b2b2b2' });
    expect(onX.created.downRevisions).toEqual(['b2b2b2b2b2b2']);
  });

  it('starts a new root with --head base, with a branch label, and depends on other revisions', async () => {
    project = createProject(linearSpecs);
    const ctx = await project.context();
    const root = await revision(ctx, { message: 'audit root', head: 'base', branchLabel: 'audit', dependsOn: ['b2b2'], revId: 'e5e5e5e5e5e5' });
    expect(root.created).toMatchObject({ downRevisions: [], branchLabels: ['audit'], dependsOn: ['b2b2b2b2b2b2'], stem: '004_audit_root' });
    expect(headerOf(project, '004_audit_root.ts')).toMatchObject({ branchLabels: ['audit'], dependsOn: ['b2b2b2b2b2b2'] });
    const next = await revision(await project.context(), { message: 'audit table', head: 'audit@head' });
    expect(next.created.downRevisions).toEqual(['e5e5e5e5e5e5']);
    await expect(revision(await project.context(), { message: 'again', head: 'base', branchLabel: 'audit' })).rejects.toThrow(
      /branch label 'audit' is already used by revision e5e5e5e5e5e5/,
    );
  });

  it('rejects a bad or taken revision id and deletes a file that breaks the graph', async () => {
    project = createProject(linearSpecs);
    const ctx = await project.context();
    await expect(revision(ctx, { message: 'x', revId: 'a1a1a1a1a1a1' })).rejects.toThrow(/already exists \(001_create_users_table\.ts\)/);
    await expect(revision(ctx, { message: 'x', revId: 'bad-id' })).rejects.toThrow(/invalid revision id/);
    // A dependency on a label that only exists in a file with a broken graph: simulate by
    // writing a template that declares a parent that does not exist.
    writeFileSync(join(project.dir, 'migrations', 'script.ts.tmpl'), `export default { revision: {{revision}}, downRevision: 'ffffffffffff', upgrade() {} };\n`);
    await expect(revision(await project.context(), { message: 'broken' })).rejects.toThrow(/ffffffffffff/);
    expect(files(project)).toEqual(linearSpecs.map((s) => s.file));
  });
});

describe('merge', () => {
  it('merges all heads into one revision', async () => {
    project = createProject([linearSpecs[0]!, { file: '002_x.ts', id: 'b2b2b2b2b2b2', down: 'a1a1a1a1a1a1' }, { file: '003_y.ts', id: 'c3c3c3c3c3c3', down: 'a1a1a1a1a1a1' }]);
    const result = await merge(await project.context(), { message: 'merge x and y', revId: 'd4d4d4d4d4d4' });
    expect(result.created).toMatchObject({ revision: 'd4d4d4d4d4d4', downRevisions: ['b2b2b2b2b2b2', 'c3c3c3c3c3c3'], isMergePoint: true, stem: '004_merge_x_and_y' });
    expect((await heads(await project.context())).heads.map((h) => h.revision)).toEqual(['d4d4d4d4d4d4']);
  });

  it('refuses to merge a single head or a non-head', async () => {
    project = createProject(linearSpecs);
    await expect(merge(await project.context(), { message: 'm' })).rejects.toThrow(/nothing to merge.*one revision \(c3c3c3c3c3c3\)/);
    await expect(merge(await project.context(), { revisions: ['a1a1', 'c3c3'] })).rejects.toThrow(/a1a1a1a1a1a1 \[001_create_users_table\] is not a head; only heads can be merged/);
  });
});

describe('file names', () => {
  it('follows the fileName pattern of the config', async () => {
    project = createProject([linearSpecs[0]!]);
    writeFileSync(join(project.dir, 'athanor.config.json'), JSON.stringify({ fileName: '{date}_{rev}_{slug}' }));
    const { created } = await revision(await project.context(), { message: 'Add index!', revId: 'b2b2b2b2b2b2', now });
    expect(created.stem).toBe('20251125_1654_b2b2b2b2b2b2_add_index');
  });
});

