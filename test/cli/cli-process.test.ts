import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, linearSpecs, type Project } from '../commands/project-fixture.js';
import { binPath, ensureBuilt } from './cli-build.js';

function athanor(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [binPath, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let project: Project;
beforeAll(() => {
  ensureBuilt();
  project = createProject([
    ...linearSpecs,
    { file: '004_audit.ts', id: 'd4d4d4d4d4d4', down: 'a1a1a1a1a1a1', message: 'audit', branchLabels: ['audit'] },
  ]);
}, 120_000);
afterAll(() => project.cleanup());

describe('node bin/athanor.js', () => {
  it('--help and --version', () => {
    expect(athanor(['--help'], project.dir)).toMatchObject({ status: 0, stdout: expect.stringContaining('usage: athanor <command>') });
    expect(athanor(['--version'], project.dir).stdout).toMatch(/^athanor \d/);
  });

  it('heads, with and without --json', () => {
    const text = athanor(['heads'], project.dir);
    expect(text).toMatchObject({
      status: 0,
      stdout: 'c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]\nd4d4d4d4d4d4 (audit) (head) [004_audit]\n',
    });
    const json = JSON.parse(athanor(['heads', '--json'], project.dir).stdout);
    expect(json.heads.map((h: { stem: string }) => h.stem)).toEqual(['003_add_phone_number_to_users', '004_audit']);
  });

  it('branches, with and without --json', () => {
    expect(athanor(['branches'], project.dir).stdout).toBe(
      [
        'a1a1a1a1a1a1 (branchpoint) [001_create_users_table]',
        '             -> b2b2b2b2b2b2 [002_add_jobs]',
        '             -> d4d4d4d4d4d4 (audit) (head) [004_audit]',
        '',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(athanor(['branches', '--json'], project.dir).stdout);
    expect(json).toMatchObject({ ok: true, command: 'branches', branchPoints: [{ revision: 'a1a1a1a1a1a1', branches: [{ revision: 'b2b2b2b2b2b2' }, { revision: 'd4d4d4d4d4d4' }] }] });
  });

  it('history, with and without --json', () => {
    const text = athanor(['history', '-r', 'base:c3c3'], project.dir);
    expect(text.stdout).toBe(
      [
        'b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add phone number to users [003_add_phone_number_to_users]',
        'a1a1a1a1a1a1 -> b2b2b2b2b2b2, add jobs [002_add_jobs]',
        '<base> -> a1a1a1a1a1a1 (branchpoint), create users table [001_create_users_table]',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(athanor(['history', '--json'], project.dir).stdout);
    expect(json.revisions).toHaveLength(4);
  });

  it('show, with and without --json', () => {
    expect(athanor(['show', 'd4d4'], project.dir).stdout).toContain('Rev: d4d4d4d4d4d4 (head)\nParent: a1a1a1a1a1a1\nBranch names: audit\nPath: ');
    expect(JSON.parse(athanor(['show', 'audit@head', '--json'], project.dir).stdout)).toMatchObject({ target: 'audit@head', revisions: [{ revision: 'd4d4d4d4d4d4' }] });
  });

  it('exit statuses: 2 for usage errors, with error: on stderr', () => {
    const unknown = athanor(['upgarde'], project.dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command 'upgarde' \(did you mean 'upgrade'\?\)/);
    expect(athanor(['heads', '--nope'], project.dir).status).toBe(2);
    const ambiguous = athanor(['show', 'head'], project.dir);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toMatch(/^error: /);
  });
});
