/**
 * `athanor validate` on real databases: the checksums the log table recorded when each step ran,
 * against the files now. An edit after applying is found; a CRLF-only change is not; a deleted
 * file is missing; a version row nobody knows is unknown. Exit statuses via `node bin/athanor.js`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config-load.js';
import { parseUrl } from '../../src/config/url.js';
import { createContext } from '../../src/commands/context.js';
import { stamp } from '../../src/commands/stamp.js';
import { upgrade } from '../../src/commands/upgrade.js';
import { findEditedMigrations, validate } from '../../src/commands/validate.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { AthanorError } from '../../src/errors.js';
import { connect } from '../../src/drivers/registry.js';
import { binPath, ensureBuilt } from '../cli/cli-build.js';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';
import {
  B,
  C,
  cleanSpecs,
  D,
  removeProjects,
  verifyProject,
  type VerifyProject,
} from './verify-fixture.js';

const databases: TestDatabase[] = [];
afterEach(async () => {
  removeProjects();
  await Promise.all(databases.splice(0).map((db) => db.cleanup()));
});

const file = (project: VerifyProject, name: string): string =>
  join(project.dir, 'migrations', 'versions', name);
const contextOf = async (project: VerifyProject) =>
  createContext(await loadConfig({ cwd: project.dir, env: {} }));

/** A project on `url`, upgraded to head. */
async function applied(url = 'sqlite:./app.db'): Promise<VerifyProject> {
  const project = verifyProject(url, cleanSpecs());
  await upgrade({ config: (await contextOf(project)).config });
  return project;
}

describe('validate on SQLite', () => {
  test('a database whose files are untouched is valid', async () => {
    const report = await validate(await contextOf(await applied()));
    expect(report).toMatchObject({
      ok: true,
      versionTableExists: true,
      current: [D],
      checked: 4,
      edited: [],
      missing: [],
      unknown: [],
      unrecorded: [],
    });
  });

  test('finds a file edited after it was applied, and not a CRLF-only change', async () => {
    const project = await applied();
    const edited = file(project, '003_add_phone_number_to_users.ts');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('t.string(20)', 't.string(30)'));
    const crlf = file(project, '002_create_jobs.ts');
    writeFileSync(crlf, readFileSync(crlf, 'utf8').replace(/\n/g, '\r\n'));
    const report = await validate(await contextOf(project));
    expect(report.ok).toBe(false);
    expect(report.edited).toHaveLength(1);
    expect(report.edited[0]).toMatchObject({
      revision: C,
      stem: '003_add_phone_number_to_users',
      path: edited,
    });
    expect(report.edited[0]!.recorded).toMatch(/^[0-9a-f]{64}$/);
    expect(report.edited[0]!.actual).not.toBe(report.edited[0]!.recorded);
    expect(report.edited[0]!.appliedAt).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(report.checked).toBe(4);
  });

  test('a deleted file is missing; a version row no file nor log knows is unknown', async () => {
    const project = await applied();
    rmSync(file(project, '004_add_full_name.ts'));
    const conn = await connect(parseUrl(`sqlite:${join(project.dir, 'app.db')}`));
    try {
      await conn.execute("INSERT INTO athanor_version (version_num) VALUES ('ffffffffffff')");
    } finally {
      await conn.close();
    }
    const report = await validate(await contextOf(project));
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([{ revision: D, file: '004_add_full_name' }]);
    expect(report.unknown).toEqual([{ revision: 'ffffffffffff' }]);
    expect(report.edited).toEqual([]);
    expect(report.checked).toBe(3);
  });

  test('a database never migrated is valid; stamped revisions are listed as unrecorded', async () => {
    const project = verifyProject('sqlite:./app.db', cleanSpecs());
    expect(await validate(await contextOf(project))).toMatchObject({
      ok: true,
      versionTableExists: false,
      checked: 0,
    });
    await stamp({ config: (await contextOf(project)).config, revisions: [B] });
    const report = await validate(await contextOf(project));
    expect(report.ok).toBe(true);
    expect(report.unrecorded.map((u) => u.stem)).toEqual(['001_create_users', '002_create_jobs']);
  });

  test('findEditedMigrations: what upgrade warns about', async () => {
    const project = await applied();
    const edited = file(project, '001_create_users.ts');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}// touched\n`);
    const ctx = await contextOf(project);
    const conn = await connect(parseUrl(`sqlite:${join(project.dir, 'app.db')}`));
    try {
      const found = await findEditedMigrations({
        connection: conn,
        dialect: await loadDialect('sqlite'),
        scripts: ctx.scripts,
        versionTable: { name: 'athanor_version' },
      });
      expect(found.map((e) => e.stem)).toEqual(['001_create_users']);
    } finally {
      await conn.close();
    }
  });
});

describe('upgrade and edited migrations', () => {
  test('upgrade warns about an applied migration edited since it ran, and --strict refuses', async () => {
    const project = verifyProject('sqlite:./app.db', cleanSpecs());
    const { config } = await contextOf(project);
    await upgrade({ config, target: C });
    const edited = file(project, '002_create_jobs.ts');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}// touched\n`);
    const refused = await upgrade({
      config: (await contextOf(project)).config,
      strict: true,
    }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AthanorError);
    expect((refused as AthanorError).code).toBe('E_CHECK_FAILED');
    expect((refused as AthanorError).message).toMatch(
      /^refusing to upgrade \(--strict\): 1 applied migration was edited after being applied: 002_create_jobs \[b2b2b2b2b2b2\]; nothing was changed/,
    );
    expect((await validate(await contextOf(project))).current).toEqual([C]);
    const heard: string[] = [];
    const result = await upgrade({
      config: (await contextOf(project)).config,
      onEdited: (list) => heard.push(...list.map((e) => e.stem)),
    });
    expect(heard).toEqual(['002_create_jobs']);
    expect(result.to).toEqual([D]);
  });

  test('node bin/athanor.js upgrade: a warning on stderr, exit 1 with --strict', async () => {
    ensureBuilt();
    const project = verifyProject('sqlite:./app.db', cleanSpecs());
    await upgrade({ config: (await contextOf(project)).config, target: C });
    const edited = file(project, '001_create_users.ts');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}// touched\n`);
    const athanor = (...args: string[]) =>
      spawnSync(process.execPath, [binPath, ...args], {
        cwd: project.dir,
        env: { PATH: process.env.PATH },
        encoding: 'utf8',
      });
    const strict = athanor('upgrade', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/^error: refusing to upgrade \(--strict\)/);
    const warned = athanor('upgrade');
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(
      /^warning: 001_create_users \[a1a1a1a1a1a1\] was edited after it was applied on .*: checksum [0-9a-f]{12} recorded, [0-9a-f]{12} now/,
    );
    expect(warned.stdout).toContain(
      `Running upgrade ${C} (003_add_phone_number_to_users) -> ${D} (004_add_full_name)`,
    );
  }, 120_000);
});

const servers = [
  {
    name: 'PostgreSQL',
    available: await serverAvailable('postgresql'),
    create: createPostgresDatabase,
  },
  { name: 'MariaDB', available: await serverAvailable('mysql'), create: createMysqlDatabase },
] as const;

describe.each(servers)('validate on $name', ({ available, create }) => {
  test.skipIf(!available)('finds the edited file, not the CRLF-only one', async () => {
    const db = await create();
    databases.push(db);
    const project = await applied(db.url);
    expect((await validate(await contextOf(project))).ok).toBe(true);
    const edited = file(project, '004_add_full_name.ts');
    writeFileSync(edited, readFileSync(edited, 'utf8').replace('t.string(200)', 't.text()'));
    const crlf = file(project, '001_create_users.ts');
    writeFileSync(crlf, readFileSync(crlf, 'utf8').replace(/\n/g, '\r\n'));
    const report = await validate(await contextOf(project));
    expect(report.edited.map((e) => e.revision)).toEqual([D]);
    expect(report.checked).toBe(4);
  });
});

describe('node bin/athanor.js validate', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  const athanor = (cwd: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [binPath, ...args], {
      cwd,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test('exit 0 when valid, 1 after an edit, --json', async () => {
    const project = await applied();
    const ok = athanor(project.dir, 'validate');
    expect(ok).toMatchObject({
      status: 0,
      stdout: 'OK: 4 applied migrations match their files.\n',
    });
    const edited = file(project, '003_add_phone_number_to_users.ts');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}// touched\n`);
    const failed = athanor(project.dir, 'validate');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(
      new RegExp(
        `^edited   ${C} \\[003_add_phone_number_to_users\\]: applied .*, checksum [0-9a-f]{12} then, [0-9a-f]{12} now`,
      ),
    );
    expect(failed.stdout).toContain('FAILED: 1 edited, 0 missing, 0 unknown.');
    const json = JSON.parse(athanor(project.dir, 'validate', '--json').stdout);
    expect(json).toMatchObject({
      ok: false,
      command: 'validate',
      edited: [{ revision: C }],
      error: { code: 'E_CHECK_FAILED' },
    });
  }, 60_000);
});
