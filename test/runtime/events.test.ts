import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { upgrade, type RunEvent } from '../../src/index.js';
import {
  emitRunEvent,
  formatRunEvent,
  formatStepLine,
  type StepInfo,
} from '../../src/runtime/events.js';
import { sqliteTarget } from '../helpers/databases.js';
import { createRunProject, tableMigration, type RunProject } from './run-fixture.js';

const step: StepInfo = {
  index: 2,
  total: 12,
  direction: 'up',
  revision: { revision: '9c0d2b7e1f3a', stem: '002_add_vector_support' },
  message: 'add vector support',
  from: [{ revision: '1f3a9c0d2b7e', stem: '001_initial' }],
  to: [{ revision: '9c0d2b7e1f3a', stem: '002_add_vector_support' }],
};

describe('log lines in Alembic shape, with file stems', () => {
  test('steps', () => {
    expect(formatStepLine(step)).toBe(
      'Running upgrade 1f3a9c0d2b7e (001_initial) -> 9c0d2b7e1f3a (002_add_vector_support), add vector support',
    );
    expect(formatRunEvent({ kind: 'stepFinished', step, durationMs: 123 })).toBe(
      'Running upgrade 1f3a9c0d2b7e (001_initial) -> 9c0d2b7e1f3a (002_add_vector_support), add vector support (0.12 s)',
    );
    expect(
      formatRunEvent({ kind: 'stepFinished', step, durationMs: 5 }, { progress: true }),
    ).toMatch(/^\[2\/12\] Running upgrade/);
    const first = { ...step, from: [], direction: 'up' as const };
    expect(formatStepLine(first)).toBe(
      'Running upgrade  -> 9c0d2b7e1f3a (002_add_vector_support), add vector support',
    );
    const down = { ...step, direction: 'down' as const, from: step.to, to: step.from };
    expect(formatStepLine(down)).toBe(
      'Running downgrade 9c0d2b7e1f3a (002_add_vector_support) -> 1f3a9c0d2b7e (001_initial), add vector support',
    );
  });

  test('other events', () => {
    expect(
      formatRunEvent({
        kind: 'operationSkipped',
        revision: step.revision,
        operation: 'createExtension',
        dialect: 'sqlite',
        dialects: ['postgresql'],
      }),
    ).toBe(
      'Skipped createExtension in 9c0d2b7e1f3a (002_add_vector_support) on sqlite (only for postgresql)',
    );
    expect(formatRunEvent({ kind: 'upToDate', heads: [] })).toBe(
      'Nothing to do: the database is at base',
    );
    expect(formatRunEvent({ kind: 'stamped', from: [], to: [step.revision] })).toBe(
      'Stamped base -> 9c0d2b7e1f3a (002_add_vector_support)',
    );
    expect(formatRunEvent({ kind: 'lockWaiting', key: 'k', timeoutMs: 1 })).toBeUndefined();
    expect(
      formatRunEvent({
        kind: 'backupWritten',
        path: '/b/app.sqlite',
        bytes: 2048,
        durationMs: 30,
        tool: 'sqlite online backup',
      }),
    ).toBe('Backup written to /b/app.sqlite (sqlite online backup, 2.0 KiB, 0.03 s)');
  });

  test('a throwing listener cannot break a run', () => {
    expect(() =>
      emitRunEvent(
        () => {
          throw new Error('printer broke');
        },
        { kind: 'upToDate', heads: [] },
      ),
    ).not.toThrow();
  });
});

describe('the public API reports a run as events', () => {
  const ids = ['a1a1a1a1a1a1', 'b2b2b2b2b2b2', 'c3c3c3c3c3c3', 'd4d4d4d4d4d4', 'e5e5e5e5e5e5'];
  const stems = ['001_users', '002_jobs', '003_resumes', '004_matches', '005_tags'];
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test('a 5-migration upgrade with --backup: lock, backup, tables, plan, then each step started and finished in order', async () => {
    project = await createRunProject(
      sqliteTarget,
      ids.map((id, i) =>
        tableMigration(`${stems[i]}.ts`, id, i === 0 ? null : ids[i - 1], {
          message: `step ${i + 1}`,
        }),
      ),
    );
    const config = await project.config();
    const events: RunEvent[] = [];
    const result = await upgrade({
      config,
      target: 'head',
      backup: join(project.dir, 'bk'),
      onEvent: (e) => events.push(e),
    });

    expect(events.map((e) => e.kind)).toEqual([
      'lockWaiting',
      'lockAcquired',
      'backupWritten',
      'tableCreated',
      'tableCreated',
      'planned',
      ...ids.flatMap(() => ['stepStarted', 'stepFinished']),
    ]);
    const backup = events.find((e) => e.kind === 'backupWritten');
    expect(backup).toMatchObject({ tool: 'sqlite online backup' });
    expect(result.backup?.path).toBe((backup as { path: string }).path);
    expect(events.filter((e) => e.kind === 'tableCreated')).toEqual([
      { kind: 'tableCreated', table: 'athanor_version' },
      { kind: 'tableCreated', table: 'athanor_version_log' },
    ]);
    expect(events.find((e) => e.kind === 'planned')).toMatchObject({
      from: [],
      to: [ids[4]],
      steps: 5,
      transactionalDdl: true,
    });
    const finished = events.filter(
      (e): e is Extract<RunEvent, { kind: 'stepFinished' }> => e.kind === 'stepFinished',
    );
    expect(
      finished.map((e) => [e.step.index, e.step.total, e.step.direction, e.step.revision.stem]),
    ).toEqual(stems.map((stem, i) => [i + 1, 5, 'up', stem]));
    expect(finished[1]?.step.from).toEqual([{ revision: ids[0], stem: stems[0] }]);
    expect(finished[1]?.step.to).toEqual([{ revision: ids[1], stem: stems[1] }]);
    expect(finished.every((e) => e.durationMs >= 0)).toBe(true);
    expect(await project.versionRows()).toEqual([ids[4]]);

    // A second run finds nothing to do on the fast path: no lock, no backup, one event.
    const again: RunEvent[] = [];
    await upgrade({ config, backup: join(project.dir, 'bk2'), onEvent: (e) => again.push(e) });
    expect(again).toEqual([{ kind: 'upToDate', heads: [{ revision: ids[4], stem: stems[4] }] }]);
  });

  test('a failing step ends the sequence with stepFailed and the error', async () => {
    project = await createRunProject(sqliteTarget, [
      tableMigration('001_users.ts', ids[0]!, null),
      {
        file: '002_broken.ts',
        id: ids[1]!,
        down: ids[0]!,
        upgrade: "await op.execute('INSERT INTO nowhere VALUES (1)');",
      },
    ]);
    const config = await project.config();
    const events: RunEvent[] = [];
    await expect(upgrade({ config, onEvent: (e) => events.push(e) })).rejects.toThrow(
      /no such table: nowhere/,
    );
    expect(events.map((e) => e.kind).slice(-3)).toEqual([
      'stepFinished',
      'stepStarted',
      'stepFailed',
    ]);
    expect(events.at(-1)).toMatchObject({
      kind: 'stepFailed',
      step: { index: 2, revision: { stem: '002_broken' } },
    });
  });
});
