/**
 * The four CLI commands of this part (upgrade, downgrade, current, stamp) through `main()`:
 * flags in, Alembic-style lines or one JSON document out, exit statuses. One engine (SQLite)
 * is enough here: the CLI knows no SQL; the conformance suites cover the engines.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sqliteTarget } from '../helpers/databases.js';
import { captureIo, createRunProject, tableMigration, type RunProject } from './run-fixture.js';

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';

const io = captureIo;

describe('athanor upgrade / downgrade / current / stamp', () => {
  let project: RunProject;
  afterEach(async () => project.cleanup());

  test('a session: lines in Alembic shape, JSON on request, exit statuses', async () => {
    project = await createRunProject(sqliteTarget, [
      tableMigration('001_create_users.ts', A, null, { message: 'create users' }),
      tableMigration('002_add_jobs.ts', B, A, { message: 'add jobs' }),
    ]);
    await project.config();
    const run = async (...argv: string[]) => {
      const streams = io(project.dir);
      const code = await main(argv, streams);
      return { code, out: streams.out, err: streams.err };
    };

    const empty = await run('current');
    expect(empty).toMatchObject({ code: 0, out: '' });
    expect(
      existsSync(project.url.slice('sqlite:'.length)),
      'current created the database file',
    ).toBe(false);

    const up = await run('upgrade', 'head');
    expect(up.code).toBe(0);
    expect(up.out).toContain(`Running upgrade  -> ${A} (001_create_users), create users (`);
    expect(up.out).toContain(
      `Running upgrade ${A} (001_create_users) -> ${B} (002_add_jobs), add jobs (`,
    );

    const now = await run('current');
    expect(now.out.trim()).toBe(`${B} (head) [002_add_jobs]`);
    const json = await run('current', '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      ok: true,
      command: 'current',
      current: [B],
      versionTableExists: true,
    });

    const down = await run('downgrade', A, '--json');
    expect(down.code).toBe(0);
    expect(JSON.parse(down.out)).toMatchObject({
      ok: true,
      command: 'downgrade',
      from: [B],
      to: [A],
      steps: [{ revision: B, stem: '002_add_jobs', direction: 'down' }],
    });
    expect(down.err).toContain(
      `Running downgrade ${B} (002_add_jobs) -> ${A} (001_create_users), add jobs`,
    );

    const sql = await run('upgrade', `${A}:head`, '--sql');
    expect(sql.code).toBe(0);
    expect(sql.out).toContain(
      `-- Running upgrade ${A} (001_create_users) -> ${B} (002_add_jobs), add jobs`,
    );
    expect(sql.out).toContain(
      `UPDATE "athanor_version" SET version_num = '${B}' WHERE version_num = '${A}';`,
    );
    expect(await project.versionRows()).toEqual([A]);

    const stamped = await run('stamp', 'head');
    expect(stamped.out).toContain(`Stamped ${A} (001_create_users) -> ${B} (002_add_jobs)`);
    expect(await project.versionRows()).toEqual([B]);

    const relative = await run('downgrade', '-1');
    expect(relative.code).toBe(0);
    expect(await project.versionRows()).toEqual([A]);

    const bad = await run('upgrade', '--lock-timeout', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lock-timeout expects a number of seconds');
    const unknown = await run('upgrade', 'zzzz');
    expect(unknown.code).toBe(2);
  });

  test('a failing migration exits 1 and names the revision, the operation and the SQL', async () => {
    project = await createRunProject(sqliteTarget, [
      tableMigration('001_create_users.ts', A, null),
      {
        file: '002_broken.ts',
        id: B,
        down: A,
        upgrade: "await op.execute('INSERT INTO nowhere VALUES (1)');",
      },
    ]);
    await project.config();
    const streams = io(project.dir);
    expect(await main(['upgrade'], streams)).toBe(1);
    expect(streams.err).toContain(
      `error: upgrade ${B} (002_broken) failed at operation 1 (executeSql): no such table: nowhere`,
    );
    expect(streams.err).toContain('SQL: INSERT INTO nowhere VALUES (1)');
    expect(streams.out).toContain(
      `Running upgrade ${A} (001_create_users) -> ${B} (002_broken), step ${B} FAILED`,
    );
    expect(await project.versionRows()).toEqual([A]);
  });
});
