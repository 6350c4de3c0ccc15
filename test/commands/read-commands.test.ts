import { afterEach, describe, expect, it } from 'vitest';
import { branches } from '../../src/commands/branches.js';
import { heads } from '../../src/commands/heads.js';
import { history } from '../../src/commands/history.js';
import { show } from '../../src/commands/show.js';
import { createProject, linearSpecs, type Project } from './project-fixture.js';

let project: Project;
afterEach(() => project.cleanup());

describe('heads, history, show, branches', () => {
  it('describes the heads with their stems', async () => {
    project = createProject(linearSpecs);
    const result = await heads(await project.context());
    expect(result.heads).toHaveLength(1);
    expect(result.heads[0]).toEqual({
      revision: 'c3c3c3c3c3c3',
      downRevisions: ['b2b2b2b2b2b2'],
      dependsOn: [],
      branchLabels: [],
      message: 'add phone number to users',
      stem: '003_add_phone_number_to_users',
      path: `${project.versions}/003_add_phone_number_to_users.ts`,
      createDate: '2025-01-01T00:00:00.000Z',
      nextRevisions: [],
      isHead: true,
      isBase: false,
      isBranchPoint: false,
      isMergePoint: false,
      isCurrent: null,
    });
  });

  it('lists history newest first, with ranges and current rows', async () => {
    project = createProject(linearSpecs);
    const ctx = await project.context();
    expect((await history(ctx)).revisions.map((r) => r.stem)).toEqual([
      '003_add_phone_number_to_users',
      '002_add_jobs',
      '001_create_users_table',
    ]);
    expect((await history(ctx, { range: 'b2b2:' })).revisions.map((r) => r.revision)).toEqual(['c3c3c3c3c3c3', 'b2b2b2b2b2b2']);
    const marked = await history(ctx, { current: ['b2b2b2b2b2b2'] });
    expect(marked.revisions.map((r) => r.isCurrent)).toEqual([false, true, false]);
  });

  it('shows what a target names', async () => {
    project = createProject(linearSpecs);
    const ctx = await project.context();
    expect((await show(ctx, 'b2b')).revisions.map((r) => r.revision)).toEqual(['b2b2b2b2b2b2']);
    expect((await show(ctx, 'head')).revisions.map((r) => r.stem)).toEqual(['003_add_phone_number_to_users']);
    await expect(show(ctx, 'zzz')).rejects.toMatchObject({ exitCode: 2 });
  });

  it('lists branch points with the revisions they branch into', async () => {
    project = createProject([
      linearSpecs[0]!,
      { file: '002_x.ts', id: 'b2b2b2b2b2b2', down: 'a1a1a1a1a1a1' },
      { file: '003_y.ts', id: 'c3c3c3c3c3c3', down: 'a1a1a1a1a1a1' },
    ]);
    const ctx = await project.context();
    const result = await branches(ctx);
    expect(result.branchPoints.map((p) => [p.revision, p.isBranchPoint, p.branches.map((b) => b.stem)])).toEqual([
      ['a1a1a1a1a1a1', true, ['002_x', '003_y']],
    ]);
    expect((await heads(ctx)).heads.map((h) => h.revision)).toEqual(['b2b2b2b2b2b2', 'c3c3c3c3c3c3']);
  });
});

describe('bad versions folders', () => {
  it('names both files of a duplicate revision id', async () => {
    project = createProject([linearSpecs[0]!, { file: '002_copy.ts', id: 'a1a1a1a1a1a1' }]);
    await expect(heads(await project.context())).rejects.toThrow(/a1a1a1a1a1a1.*001_create_users_table\.ts.*002_copy\.ts/);
  });

  it('names the file whose downRevision names no file', async () => {
    project = createProject([linearSpecs[0]!, { file: '002_b.ts', id: 'b2b2b2b2b2b2', down: 'ffffffffffff' }]);
    await expect(heads(await project.context())).rejects.toThrow(/002_b\.ts.*ffffffffffff|ffffffffffff.*002_b\.ts/);
  });

  it('reports a cycle', async () => {
    project = createProject([
      { file: '001_a.ts', id: 'a1a1a1a1a1a1', down: 'b2b2b2b2b2b2' },
      { file: '002_b.ts', id: 'b2b2b2b2b2b2', down: 'a1a1a1a1a1a1' },
    ]);
    await expect(heads(await project.context())).rejects.toMatchObject({ code: 'E_CYCLE', exitCode: 2 });
  });

  it('reports a syntax error with file and line', async () => {
    project = createProject([linearSpecs[0]!]);
    project.writeRaw('002_broken.ts', `const id: string = 'b2';\nexport default {\n  revision: id,\n  downRevision: 'a1a1a1a1a1a1'\n  upgrade() {},\n};\n`);
    await expect(heads(await project.context())).rejects.toThrow(/syntax error in 002_broken\.ts at line 5, column 2/);
  });

  it('points to athanor init when there is no migrations folder', async () => {
    project = createProject();
    const { rmSync } = await import('node:fs');
    rmSync(project.versions, { recursive: true });
    await expect(heads(await project.context())).rejects.toThrow(/run `athanor init`/);
  });
});
