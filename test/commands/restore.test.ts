/**
 * `upgrade --backup` then `athanor restore --yes`, through the CLI on real databases: the backup
 * is taken only when there is something to apply, its path is printed and recorded in the log
 * rows of the run, and a restore brings back the rows, the schema and the version rows of the
 * moment of the backup, after which `upgrade head` runs again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig, upgrade } from '../../src/index.js';
import { targets } from '../helpers/databases.js';
import type { RunProject } from '../runtime/run-fixture.js';
import {
  PHONE,
  USERS,
  VECTORS,
  columnsOf,
  countRows,
  createDeployProject,
  runCli,
} from './deploy-fixture.js';

const all = await targets();
// PGlite has no backup tool (the CLI says so); the other three engines are covered.
const engines = all.filter((t) => t.name !== 'pglite');

/** A password the output must never show (PostgreSQL here trusts local connections, so any works). */
const SECRET = 's3cr3t-pw';

function withPassword(url: string): string {
  if (!url.startsWith('postgres')) return url;
  const u = new URL(url);
  u.password = SECRET;
  return u.toString();
}

async function backupRows(
  project: RunProject,
): Promise<Array<{ revision: string; backup: string | null }>> {
  return project.query<{ revision: string; backup: string | null }>(
    'SELECT revision, backup FROM athanor_version_log ORDER BY id',
  );
}

describe.each(engines)('upgrade --backup and restore on $name', (target) => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test.skipIf(!target.available)(
    'round trip: row counts, schema and version rows come back',
    async () => {
      project = await createDeployProject(target, { url: withPassword });
      const dir = join(project.dir, 'bk');
      const cli = (...argv: string[]) => runCli(project!.dir, ...argv);

      expect((await cli('upgrade', VECTORS)).code).toBe(0);
      await project.query("INSERT INTO users (id, email) VALUES (4, 'd@x'), (5, 'e@x')");
      const before = {
        users: await countRows(project, 'users'),
        jobs: await countRows(project, 'jobs'),
      };
      expect(before).toEqual({ users: 5, jobs: 2 });

      const up = await cli('upgrade', 'head', `--backup=${dir}`);
      expect(up.err).toBe('');
      expect(up.code).toBe(0);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const file = join(dir, files[0] as string);
      expect(files[0]).toContain(VECTORS); // the file name says which revision it holds
      expect(up.out).toContain(`Backup written to ${file}`);
      expect(up.out.indexOf('Backup written')).toBeLessThan(up.out.indexOf('Running upgrade'));
      expect(up.out).not.toContain(SECRET);
      expect(await backupRows(project)).toEqual([
        { revision: USERS, backup: null },
        { revision: VECTORS, backup: null },
        { revision: PHONE, backup: file },
      ]);
      expect(await countRows(project, 'users')).toBe(6);
      expect(await columnsOf(project, 'users')).toContain('phone_number');

      const refused = await cli('restore', file);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('stdin is not a terminal');
      expect(refused.err).toContain('pass --yes');
      expect(await countRows(project, 'users')).toBe(6);

      const restored = await cli('restore', file, '--yes');
      expect(restored.err).toBe('');
      expect(restored.code).toBe(0);
      expect(restored.out).toContain(`the database is at ${VECTORS}`);
      expect(restored.out + restored.err).not.toContain(SECRET);
      expect({
        users: await countRows(project, 'users'),
        jobs: await countRows(project, 'jobs'),
      }).toEqual(before);
      expect(await columnsOf(project, 'users')).not.toContain('phone_number');
      expect(await project.versionRows()).toEqual([VECTORS]);

      // Nothing of the undone run is left behind to trip the next upgrade.
      const again = await cli('upgrade', 'head');
      expect(again.code).toBe(0);
      expect(await project.versionRows()).toEqual([PHONE]);
      expect(await countRows(project, 'users')).toBe(6);
    },
  );

  test.skipIf(!target.available)('three replicas upgrading at once write one backup', async () => {
    project = await createDeployProject(target);
    const config = await loadConfig({ cwd: project.dir, env: {} });
    const dir = join(project.dir, 'bk');
    const results = await Promise.all(
      [1, 2, 3].map(() => upgrade({ config, backup: dir, cwd: project!.dir })),
    );
    expect(readdirSync(dir)).toHaveLength(1);
    expect(results.filter((r) => r.backup !== undefined)).toHaveLength(1);
    expect(results.filter((r) => r.steps.length > 0)).toHaveLength(1);
    const logged = await backupRows(project);
    expect(logged).toHaveLength(3);
    expect(new Set(logged.map((r) => r.backup))).toEqual(
      new Set([join(dir, readdirSync(dir)[0]!)]),
    );
  });

  test.skipIf(!target.available)('no backup when there is nothing to apply', async () => {
    project = await createDeployProject(target);
    expect((await runCli(project.dir, 'upgrade', 'head')).code).toBe(0);
    const dir = join(project.dir, 'bk');
    const run = await runCli(project.dir, 'upgrade', 'head', `--backup=${dir}`, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).not.toHaveProperty('backup');
    expect(run.err).toContain('Nothing to do');
    expect(existsSync(dir)).toBe(false);
  });
});

describe('upgrade --backup on SQLite: defaults and older log tables', () => {
  const sqlite = all.find((t) => t.name === 'sqlite')!;
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test('bare --backup writes to ./backups under the working folder; --json returns the backup', async () => {
    project = await createDeployProject(sqlite);
    const run = await runCli(project.dir, 'upgrade', '--backup', USERS, '--json');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.out) as { backup: { path: string; bytes: number } };
    expect(doc.backup.path.startsWith(join(project.dir, 'backups'))).toBe(true);
    expect(existsSync(doc.backup.path)).toBe(true);
    expect(doc.backup.path).toMatch(/-base\.sqlite$/);
    expect(run.err).toContain(`Backup written to ${doc.backup.path}`);
    expect(await project.versionRows()).toEqual([USERS]);
  });

  test('a log table from before the backup column keeps working, and gains the column on the first backup', async () => {
    project = await createDeployProject(sqlite);
    expect((await runCli(project.dir, 'upgrade', USERS)).code).toBe(0);
    await project.query('ALTER TABLE athanor_version_log DROP COLUMN backup');
    expect(await columnsOf(project, 'athanor_version_log')).not.toContain('backup');

    expect((await runCli(project.dir, 'upgrade', VECTORS)).code).toBe(0);
    expect(await columnsOf(project, 'athanor_version_log')).not.toContain('backup');
    const status = await runCli(project.dir, 'status', '--json');
    expect(JSON.parse(status.out).lastApplied).toMatchObject({ revision: VECTORS, backup: null });

    const up = await runCli(project.dir, 'upgrade', 'head', '--backup=bk');
    expect(up.code).toBe(0);
    const rows = await backupRows(project);
    expect(rows.map((r) => r.backup === null)).toEqual([true, true, false]);
    expect(rows[2]?.backup).toMatch(
      new RegExp(`^${join(project.dir, 'bk')}/.*-${VECTORS}\\.sqlite$`),
    );
  });

  test('a failed run records its backup in the failed log row, and the backup undoes the run', async () => {
    project = await createDeployProject(sqlite);
    expect((await runCli(project.dir, 'upgrade', VECTORS)).code).toBe(0);
    project.write({
      file: '004_broken.ts',
      id: 'd4d4d4d4d4d4',
      down: PHONE,
      upgrade: "await op.execute('INSERT INTO nowhere VALUES (1)');",
    });
    const up = await runCli(project.dir, 'upgrade', 'head', '--backup=bk');
    expect(up.code).toBe(1);
    const file = /Backup written to (\S+)/.exec(up.out)?.[1];
    expect(file).toBeDefined();
    const rows = await project.query<{ revision: string; status: string; backup: string | null }>(
      'SELECT revision, status, backup FROM athanor_version_log ORDER BY id',
    );
    expect(rows.slice(2)).toEqual([
      { revision: PHONE, status: 'done', backup: file },
      { revision: 'd4d4d4d4d4d4', status: 'failed', backup: file },
    ]);
    expect(await project.versionRows()).toEqual([PHONE]);

    expect((await runCli(project.dir, 'restore', file!, '-y')).code).toBe(0);
    expect(await project.versionRows()).toEqual([VECTORS]);
    expect(await columnsOf(project, 'users')).not.toContain('phone_number');
  });

  test('restore refuses a missing file before asking anything', async () => {
    project = await createDeployProject(sqlite);
    const run = await runCli(project.dir, 'restore', 'nope.sqlite');
    expect(run.code).toBe(2);
    expect(run.err).toContain(`backup file not found: ${join(project.dir, 'nope.sqlite')}`);
  });

  test('--backup and --wait cannot be combined with --sql', async () => {
    project = await createDeployProject(sqlite);
    const run = await runCli(project.dir, 'upgrade', 'head', '--sql', '--backup');
    expect(run.code).toBe(2);
    expect(run.err).toContain('cannot be combined with --sql');
  });
});
