import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/cli-command.js';
import { createProject, linearSpecs, type Project } from '../commands/project-fixture.js';

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(argv: readonly string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, env, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const status = await main(argv, io);
  return { status, stdout, stderr };
}

let project: Project | undefined;
afterEach(() => project?.cleanup());

describe('athanor (in process)', () => {
  it('prints help and the version', async () => {
    const help = await run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: athanor <command> \[options\]/);
    expect(help.stdout).toContain('  upgrade ');
    expect((await run(['--version'])).stdout).toMatch(/^athanor \d+\.\d+\.\d+/);
    const heads = await run(['heads', '--help']);
    expect(heads.stdout).toMatch(/^usage: athanor heads \[options\]/);
    expect(heads.stdout).toContain('-c, --config PATH');
    const none = await run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('usage: athanor <command>');
  });

  it('exits 2 on an unknown command or flag, with a did-you-mean and the usage', async () => {
    const verb = await run(['hedas']);
    expect(verb.status).toBe(2);
    expect(verb.stderr).toContain("error: unknown command 'hedas' (did you mean 'heads'?)");
    const flag = await run(['history', '--rev-rnage', 'base:']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain("error: unknown option '--rev-rnage' for 'athanor history' (did you mean '--rev-range'?)");
    expect(flag.stderr).toContain('usage: athanor history [options]');
    const global = await run(['--jsno', 'heads']);
    expect(global.stderr).toContain("unknown option '--jsno' for athanor (did you mean '--json'?)");
    const missing = await run(['show']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("'athanor show' needs <rev>");
    const extra = await run(['heads', 'x']);
    expect(extra.stderr).toContain("unexpected argument 'x' for 'athanor heads'");
    const value = await run(['history', '-r']);
    expect(value.stderr).toContain("option '-r");
  });

  it('prints heads, history and show with stems', async () => {
    project = createProject(linearSpecs);
    const heads = await run(['heads'], project.dir);
    expect(heads).toMatchObject({ status: 0, stdout: 'c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]\n' });
    const history = await run(['history'], project.dir);
    expect(history.stdout).toBe(
      [
        'b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add phone number to users [003_add_phone_number_to_users]',
        'a1a1a1a1a1a1 -> b2b2b2b2b2b2, add jobs [002_add_jobs]',
        '<base> -> a1a1a1a1a1a1, create users table [001_create_users_table]',
        '',
      ].join('\n'),
    );
    const show = await run(['show', 'b2b2'], project.dir);
    expect(show.stdout).toContain('Rev: b2b2b2b2b2b2\nParent: a1a1a1a1a1a1\nPath: ');
    expect(show.stdout).toContain('    add jobs\n\n    Revision ID: b2b2b2b2b2b2\n    Revises: a1a1a1a1a1a1\n    Create Date: 2025-01-01T00:00:00.000Z');
    const verbose = await run(['heads', '-v'], project.dir);
    expect(verbose.stdout).toMatch(/^Rev: c3c3c3c3c3c3 \(head\)\nParent: b2b2b2b2b2b2\nPath: .*003_add_phone_number_to_users\.ts/);
  });

  it('prints one JSON document with --json, also for errors', async () => {
    project = createProject(linearSpecs);
    const heads = JSON.parse((await run(['--json', 'heads'], project.dir)).stdout);
    expect(heads).toMatchObject({ ok: true, command: 'heads', heads: [{ revision: 'c3c3c3c3c3c3', stem: '003_add_phone_number_to_users' }] });
    const history = JSON.parse((await run(['history', '--json', '-r', 'a1a1:b2b2'], project.dir)).stdout);
    expect(history.revisions.map((r: { revision: string }) => r.revision)).toEqual(['b2b2b2b2b2b2', 'a1a1a1a1a1a1']);
    const failed = await run(['show', 'zzzz', '--json'], project.dir);
    expect(failed.status).toBe(2);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, command: 'show', error: { code: 'E_UNKNOWN_REVISION', exitCode: 2 } });
    expect(failed.stderr).toMatch(/^error: /);
  });

  it('masks passwords in errors', async () => {
    project = createProject(linearSpecs);
    const result = await run(['heads', '-x', 'nokeyvalue'], project.dir, { DATABASE_URL: 'postgres://app:hunter2@db/prod' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("-x expects key=value, got 'nokeyvalue'");
    const masked = await run(['heads', '-c', 'postgres://app:hunter2@db/prod'], project.dir);
    expect(masked.status).toBe(2);
    expect(masked.stderr).not.toContain('hunter2');
    expect(masked.stderr).toContain('postgres://app:***@db/prod');
  });

  it('creates revisions and merges, printing the new file', async () => {
    project = createProject([linearSpecs[0]!]);
    const created = await run(['revision', '-m', 'add jobs', '--rev-id', 'b2b2b2b2b2b2'], project.dir);
    expect(created).toMatchObject({ status: 0, stdout: 'Generating migrations/versions/002_add_jobs.ts ... done\n' });
    const branch = await run(['revision', '-m', 'other', '--head', 'a1a1', '--rev-id', 'c3c3c3c3c3c3'], project.dir);
    expect(branch.status).toBe(2);
    expect(branch.stderr).toContain('pass --splice');
    expect((await run(['revision', '-m', 'other', '--head', 'a1a1', '--splice', '--rev-id', 'c3c3c3c3c3c3', '-q'], project.dir)).stdout).toBe('');
    const merged = await run(['merge', 'heads', '-m', 'join', '--json'], project.dir);
    expect(JSON.parse(merged.stdout).created).toMatchObject({ downRevisions: ['b2b2b2b2b2b2', 'c3c3c3c3c3c3'], stem: '004_join' });
    const branches = await run(['branches'], project.dir);
    expect(branches.stdout).toBe(
      'a1a1a1a1a1a1 (branchpoint) [001_create_users_table]\n             -> b2b2b2b2b2b2 [002_add_jobs]\n             -> c3c3c3c3c3c3 [003_other]\n\n',
    );
  });

  it('marks the current revision with history -i (version rows read by the current command)', async () => {
    project = createProject(linearSpecs);
    expect((await run(['stamp', 'b2b2', '-q'], project.dir)).status).toBe(0);
    const history = await run(['history', '-i'], project.dir);
    expect(history.stdout).toContain('a1a1a1a1a1a1 -> b2b2b2b2b2b2 (current), add jobs [002_add_jobs]');
    const json = JSON.parse((await run(['history', '--indicate-current', '--json'], project.dir)).stdout);
    expect(json.revisions.map((r: { isCurrent: boolean }) => r.isCurrent)).toEqual([false, true, false]);
    const range = await run(['history', '-r', 'current:'], project.dir);
    expect(range.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('init, then revision and heads in the new project', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'athanor-cli-init-'));
    try {
      const created = await run(['init'], dir);
      expect(created.status).toBe(0);
      expect(created.stdout).toContain('Creating athanor.config.ts ... done');
      expect(created.stdout).toContain('Next steps:');
      expect((await run(['init'], dir)).status).toBe(2);
      expect((await run(['revision', '-m', 'create users table', '--rev-id', 'a1a1a1a1a1a1'], dir)).stdout).toBe(
        'Generating migrations/versions/001_create_users_table.ts ... done\n',
      );
      expect((await run(['heads'], dir)).stdout).toBe('a1a1a1a1a1a1 (head) [001_create_users_table]\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

