/**
 * `athanor status` and `athanor current --check-heads` through the CLI on real databases
 * (SQLite, the PostgreSQL server, MariaDB): what they print, their JSON, their exit statuses, and
 * that neither writes anything.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { targets } from '../helpers/databases.js';
import { createRunProject, tableMigration, type RunProject } from '../runtime/run-fixture.js';
import { PHONE, USERS, VECTORS, createDeployProject, runCli } from './deploy-fixture.js';

const all = await targets();
const engines = all.filter((t) => t.name !== 'pglite');

describe.each(engines)('status and current --check-heads on $name', (target) => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test.skipIf(!target.available)(
    'an empty database: everything pending, nothing created',
    async () => {
      project = await createDeployProject(target);
      const text = await runCli(project.dir, 'status');
      expect(text.code).toBe(0);
      expect(text.out).toBe(
        [
          'current: base (no migrations applied)',
          'heads: 003_add_phone_number_to_users',
          'pending (3, in upgrade order):',
          `  ${USERS} [001_create_users_table] create users table`,
          `  ${VECTORS} [002_add_vectors] add vectors`,
          `  ${PHONE} [003_add_phone_number_to_users] add phone number to users`,
          'last applied: none recorded',
          '',
        ].join('\n'),
      );
      const json = JSON.parse((await runCli(project.dir, 'status', '--json')).out);
      expect(json).toMatchObject({
        ok: true,
        command: 'status',
        versionTableExists: false,
        upToDate: false,
        lastApplied: null,
      });
      expect(json.pending.map((p: { revision: string }) => p.revision)).toEqual([
        USERS,
        VECTORS,
        PHONE,
      ]);

      const gate = await runCli(project.dir, 'current', '--check-heads');
      expect(gate.code).toBe(1);
      expect(gate.err).toBe(
        'error: database has no migrations applied, this code expects 003_add_phone_number_to_users; run `athanor upgrade head`\n',
      );
      if (target.dialect === 'sqlite') {
        expect(
          existsSync(project.url.slice('sqlite:'.length)),
          'a read command created the SQLite file',
        ).toBe(false);
      } else {
        expect(
          await project.versionRows(),
          'a read command created the version table',
        ).toBeUndefined();
      }
    },
  );

  test.skipIf(!target.available)('one migration behind, then at head', async () => {
    project = await createDeployProject(target);
    const started = Date.now();
    expect((await runCli(project.dir, 'upgrade', VECTORS)).code).toBe(0);
    const finished = Date.now();

    const json = JSON.parse((await runCli(project.dir, 'status', '--json')).out);
    expect(json.current).toEqual([
      { revision: VECTORS, stem: '002_add_vectors', message: 'add vectors' },
    ]);
    expect(json.heads).toEqual([
      {
        revision: PHONE,
        stem: '003_add_phone_number_to_users',
        message: 'add phone number to users',
      },
    ]);
    expect(json.pending.map((p: { stem: string }) => p.stem)).toEqual([
      '003_add_phone_number_to_users',
    ]);
    expect(json.lastApplied).toMatchObject({
      revision: VECTORS,
      stem: '002_add_vectors',
      direction: 'up',
      backup: null,
    });
    const at = Date.parse(json.lastApplied.finishedAt);
    expect(at).toBeGreaterThanOrEqual(started - 1000);
    expect(at).toBeLessThanOrEqual(finished + 1000);
    const text = (await runCli(project.dir, 'status')).out;
    expect(text).toContain(
      `last applied: upgrade to ${VECTORS} [002_add_vectors] at ${json.lastApplied.finishedAt}`,
    );

    const behind = await runCli(project.dir, 'current', '--check-heads');
    expect(behind.code).toBe(1);
    expect(behind.out.trim()).toBe(`${VECTORS} [002_add_vectors]`);
    expect(behind.err).toContain(
      'database is at 002_add_vectors, this code expects 003_add_phone_number_to_users; run `athanor upgrade head`',
    );
    const behindJson = await runCli(project.dir, 'current', '--check-heads', '--json');
    expect(behindJson.code).toBe(1);
    expect(JSON.parse(behindJson.out)).toMatchObject({
      ok: false,
      command: 'current',
      current: [VECTORS],
      upToDate: false,
      error: { code: 'E_NOT_UP_TO_DATE', exitCode: 1 },
    });

    expect((await runCli(project.dir, 'upgrade', 'head')).code).toBe(0);
    const ok = await runCli(project.dir, 'current', '--check-heads', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, upToDate: true, pending: [] });
    const okText = await runCli(project.dir, 'current', '--check-heads');
    expect(okText).toMatchObject({ code: 0, err: '' });
    expect(JSON.parse((await runCli(project.dir, 'status', '--json')).out)).toMatchObject({
      upToDate: true,
      pending: [],
    });
  });

  test.skipIf(!target.available)(
    'a version row no file declares is reported, and fails the gate',
    async () => {
      project = await createDeployProject(target);
      expect((await runCli(project.dir, 'upgrade', 'head')).code).toBe(0);
      await project.query("UPDATE athanor_version SET version_num = 'd4d4d4d4d4d4'");
      const json = JSON.parse((await runCli(project.dir, 'status', '--json')).out);
      expect(json).toMatchObject({ unknown: ['d4d4d4d4d4d4'], pending: [], upToDate: false });
      const gate = await runCli(project.dir, 'current', '--check-heads');
      expect(gate.code).toBe(1);
      expect(gate.err).toContain(
        'the database has revisions this code does not know (d4d4d4d4d4d4)',
      );
    },
  );
});

describe('status on branches (SQLite)', () => {
  let project: RunProject | undefined;
  afterEach(async () => project?.cleanup());

  test('pending is listed in the order `upgrade heads` applies it; two heads ask for `upgrade heads`', async () => {
    const sqlite = all.find((t) => t.name === 'sqlite')!;
    // Files A, X(A), Y(A): Alembic (and athanor) apply A, Y, X (DESIGN 6a), not file order.
    project = await createRunProject(sqlite, [
      tableMigration('001_a.ts', 'aaaaaaaaaaaa', null),
      tableMigration('002_x.ts', 'eeeeeeeeeeee', 'aaaaaaaaaaaa'),
      tableMigration('003_y.ts', 'ffffffffffff', 'aaaaaaaaaaaa'),
    ]);
    await project.config();
    const status = JSON.parse((await runCli(project.dir, 'status', '--json')).out);
    const pending = status.pending.map((p: { revision: string }) => p.revision);
    const gate = await runCli(project.dir, 'current', '--check-heads');
    expect(gate.err).toContain('this code expects 002_x, 003_y; run `athanor upgrade heads`');

    const up = JSON.parse((await runCli(project.dir, 'upgrade', 'heads', '--json')).out);
    expect(pending).toEqual(up.steps.map((s: { revision: string }) => s.revision));
    expect(pending).toEqual(['aaaaaaaaaaaa', 'ffffffffffff', 'eeeeeeeeeeee']);
  });
});
