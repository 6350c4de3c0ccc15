/**
 * `athanor verify` on real engines: a clean 4-migration project passes on a SQLite file, an
 * in-memory PGlite, and databases created (then dropped) on the PostgreSQL and MariaDB servers; a planted
 * irreversible downgrade and a planted downgrade that leaves a column are found, with the exact
 * message. The CLI's exit statuses come from `node bin/athanor.js`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config-load.js';
import { createContext } from '../../src/commands/context.js';
import { verify, type VerifyOptions } from '../../src/commands/verify.js';
import { AthanorError } from '../../src/errors.js';
import { binPath, ensureBuilt } from '../cli/cli-build.js';
import { mysqlServerUrl, pgServerUrl, serverAvailable } from '../helpers/databases.js';
import {
  A,
  B,
  C,
  cleanSpecs,
  D,
  planted,
  removeProjects,
  verifyProject,
  type Spec,
  type VerifyProject,
} from './verify-fixture.js';

afterEach(removeProjects);

async function run(project: VerifyProject, options: VerifyOptions = {}) {
  const ctx = createContext(await loadConfig({ cwd: project.dir, env: {} }));
  return verify(ctx, options);
}

describe('verify on a temporary SQLite file', () => {
  test('passes a clean 4-migration project, compares the models, never touches the configured database', async () => {
    const project = verifyProject('sqlite:./app.db', cleanSpecs());
    const report = await run(project);
    expect(report.revisions.map((r) => [r.stem, r.status, r.problems])).toEqual([
      ['001_create_users', 'passed', []],
      ['002_create_jobs', 'passed', []],
      ['003_add_phone_number_to_users', 'passed', []],
      ['004_add_full_name', 'passed', []],
    ]);
    expect(report.models).toEqual({ status: 'passed', differences: [] });
    expect(report.ok).toBe(true);
    expect(report.scratch).toMatch(/^sqlite .*athanor-verify-.*verify\.db \(temporary\)$/);
    expect(existsSync(join(project.dir, 'app.db'))).toBe(false);
    expect(existsSync(report.scratch.replace(/^sqlite /, '').replace(/ \(temporary\)$/, ''))).toBe(
      false,
    );
  });

  test('finds a planted irreversible downgrade, and tolerates it when asked', async () => {
    const project = verifyProject('sqlite:./app.db', planted({ [C]: { downgrade: null } }));
    const report = await run(project);
    expect(report.ok).toBe(false);
    expect(report.revisions.map((r) => r.status)).toEqual([
      'passed',
      'passed',
      'irreversible',
      'passed',
    ]);
    expect(report.revisions[2]!.problems).toEqual([
      '003_add_phone_number_to_users has no downgrade',
    ]);
    expect((await run(project, { allowIrreversible: true })).ok).toBe(true);
  });

  test('reports a downgrade that throws as irreversible, with its message', async () => {
    const project = verifyProject(
      'sqlite:./app.db',
      planted({ [B]: { downgrade: "throw new Error('jobs cannot be restored');" } }),
    );
    const report = await run(project);
    expect(report.revisions[1]).toMatchObject({ status: 'irreversible' });
    expect(report.revisions[1]!.problems[0]).toMatch(
      /^downgrade of 002_create_jobs failed: .*jobs cannot be restored/,
    );
    expect(report.revisions.map((r) => r.status)).toEqual([
      'passed',
      'irreversible',
      'passed',
      'passed',
    ]);
  });

  test('finds a planted downgrade that leaves a column, with the exact message', async () => {
    const project = verifyProject('sqlite:./app.db', planted({ [D]: { downgrade: 'void op;' } }));
    const report = await run(project);
    expect(report.ok).toBe(false);
    expect(report.revisions[3]).toMatchObject({ stem: '004_add_full_name', status: 'failed' });
    expect(report.revisions[3]!.problems[0]).toBe(
      'downgrade of 004_add_full_name leaves column users.full_name',
    );
  });

  test('a downgrade that removes too much, and a second upgrade that differs', async () => {
    const project = verifyProject(
      'sqlite:./app.db',
      planted({
        [C]: {
          downgrade:
            "await op.dropColumn('users', 'phone_number');\n    await op.dropIndex('ix_jobs_title', { table: 'jobs' });",
        },
        [D]: {
          upgrade:
            "const rows = await op.query<{ n: number }>(sql`SELECT count(*) AS n FROM users WHERE email = 'second'`);\n" +
            "    await op.addColumn('users', 'full_name', t.string(200));\n" +
            "    if (Number(rows[0]?.n) > 0) await op.createIndex('ix_users_full_name', 'users', ['full_name']);\n" +
            "    else await op.bulkInsert('users', [{ email: 'second' }]);",
          downgrade: "await op.dropColumn('users', 'full_name');",
        },
      }),
      true,
    );
    const report = await run(project);
    expect(report.revisions[2]!.problems).toEqual([
      'downgrade of 003_add_phone_number_to_users removes index ix_jobs_title on jobs',
      'upgrade of 003_add_phone_number_to_users after its downgrade lacks index ix_jobs_title on jobs',
    ]);
    expect(report.revisions[3]!.problems).toEqual([
      'upgrade of 004_add_full_name after its downgrade adds an extra index ix_users_full_name on users',
    ]);
  });

  test('reports the models when they differ from the head schema', async () => {
    const project = verifyProject('sqlite:./app.db', cleanSpecs(), false);
    const report = await run(project);
    expect(report.models).toEqual({ status: 'failed', differences: ['- column users.full_name'] });
    expect(report.ok).toBe(false);
  });

  test('a failed upgrade stops the walk; later revisions are skipped', async () => {
    const project = verifyProject(
      'sqlite:./app.db',
      planted({ [B]: { upgrade: "await op.execute('CREATE TABLE broken (');" } }),
    );
    const report = await run(project);
    expect(report.revisions.map((r) => r.status)).toEqual([
      'passed',
      'failed',
      'skipped',
      'skipped',
    ]);
    expect(report.revisions[1]!.problems[0]).toMatch(/^upgrade of 002_create_jobs failed: /);
    expect(report.models.status).toBe('skipped');
  });

  test('walks branches and a merge in upgrade order, each revision on its own', async () => {
    const table = (id: string, down: Spec['down'], file: string): Spec => ({
      file,
      id,
      down,
      upgrade: `await op.createTable('t_${id}', { id: t.integer().primaryKey() });`,
      downgrade: `await op.dropTable('t_${id}');`,
    });
    const project = verifyProject('sqlite:./app.db', [
      table(A, null, '001_root.ts'),
      table(B, A, '002_left.ts'),
      table(C, A, '003_right.ts'),
      table(D, [B, C], '004_merge.ts'),
    ]);
    const report = await run(project);
    expect(report.revisions.map((r) => [r.stem, r.status])).toEqual([
      ['001_root', 'passed'],
      ['003_right', 'passed'],
      ['002_left', 'passed'],
      ['004_merge', 'passed'],
    ]);
    expect(report.models.status).toBe('failed'); // the fixture's models know none of these tables
  });

  test('refuses a scratch file that already exists, and MySQL without a scratch URL', async () => {
    const project = verifyProject('sqlite:./app.db', cleanSpecs());
    const existing = join(project.dir, 'taken.db');
    writeFileSync(existing, 'x');
    await expect(run(project, { scratchUrl: `sqlite:${existing}` })).rejects.toThrow(
      /already exists/,
    );
    const mysql = verifyProject('mysql://root@127.0.0.1:3306/app', cleanSpecs());
    const error = await run(mysql).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthanorError);
    expect((error as AthanorError).message).toMatch(
      /verify needs a scratch server for mysql: pass --url/,
    );
  });
});

describe('verify on an in-memory PGlite', () => {
  test('passes the clean project and finds the planted downgrade', async () => {
    const clean = await run(verifyProject('pglite:./pgdata', cleanSpecs()));
    expect(clean.scratch).toBe('pglite (in memory) (temporary)');
    expect(clean.revisions.every((r) => r.status === 'passed')).toBe(true);
    expect(clean.models.status).toBe('passed');
    expect(clean.ok).toBe(true);
    const leaves = await run(
      verifyProject('pglite:./pgdata', planted({ [D]: { downgrade: 'void op;' } })),
    );
    expect(leaves.revisions[3]!.problems[0]).toBe(
      'downgrade of 004_add_full_name leaves column users.full_name',
    );
  }, 300_000);
});

const pg = await serverAvailable('postgresql');
const my = await serverAvailable('mysql');

async function pgDatabases(): Promise<string[]> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ connectionString: pgServerUrl });
  await client.connect();
  try {
    const rows = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    return rows.rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe.skipIf(!pg)('verify on a database created on the PostgreSQL server', () => {
  test('creates a uniquely named database, passes the clean project, and drops the database', async () => {
    const during: Promise<string[]>[] = [];
    const project = verifyProject('postgres://nobody@127.0.0.1:1/never', cleanSpecs());
    const report = await run(project, {
      scratchUrl: pgServerUrl,
      onVerdict: () => void during.push(pgDatabases()),
    });
    const name = /\/(athanor_verify_[0-9a-f]{10}) \(created for this run\)$/.exec(
      report.scratch,
    )?.[1];
    expect(name).toBeDefined();
    expect(report.ok).toBe(true);
    expect(report.revisions.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(await during[0]).toContain(name);
    expect(await pgDatabases()).not.toContain(name);
  });

  test('finds the planted downgrade there too, and still drops the database', async () => {
    const project = verifyProject(
      'postgres://nobody@127.0.0.1:1/never',
      planted({ [D]: { downgrade: 'void op;' } }),
    );
    const report = await run(project, { scratchUrl: pgServerUrl });
    expect(report.revisions[3]!.problems[0]).toBe(
      'downgrade of 004_add_full_name leaves column users.full_name',
    );
    const name = /(athanor_verify_[0-9a-f]{10})/.exec(report.scratch)?.[1];
    expect(await pgDatabases()).not.toContain(name);
  });
});

describe.skipIf(!my)('verify on a database created on the MariaDB server', () => {
  test('passes the clean project and finds the planted downgrade', async () => {
    const clean = await run(verifyProject('mysql://root@127.0.0.1:3306/app', cleanSpecs()), {
      scratchUrl: mysqlServerUrl,
    });
    expect(clean.revisions.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
    expect(clean.ok).toBe(true);
    const leaves = await run(
      verifyProject('mysql://root@127.0.0.1:3306/app', planted({ [D]: { downgrade: 'void op;' } })),
      {
        scratchUrl: mysqlServerUrl,
      },
    );
    expect(leaves.revisions[3]!.problems[0]).toBe(
      'downgrade of 004_add_full_name leaves column users.full_name',
    );
  });
});

describe('node bin/athanor.js verify', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  const athanor = (cwd: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [binPath, ...args], {
      cwd,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test('exit 0 on a clean project, 1 with the exact line on a planted failure, --json', () => {
    const clean = athanor(verifyProject('sqlite:./app.db', cleanSpecs()).dir, 'verify');
    expect(clean.stderr).toBe('');
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain(`ok           ${D} [004_add_full_name]\n`);
    expect(clean.stdout).toContain(
      'models: the head schema matches the models\nOK: 4 revisions upgrade, downgrade and upgrade again cleanly',
    );

    const dir = verifyProject(
      'sqlite:./app.db',
      planted({ [C]: { downgrade: null }, [D]: { downgrade: 'void op;' } }),
    ).dir;
    const failed = athanor(dir, 'verify');
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain(
      `IRREVERSIBLE ${C} [003_add_phone_number_to_users]\n  003_add_phone_number_to_users has no downgrade\n`,
    );
    expect(failed.stdout).toContain(
      `FAILED       ${D} [004_add_full_name]\n  downgrade of 004_add_full_name leaves column users.full_name\n`,
    );
    const json = athanor(dir, 'verify', '--json');
    expect(json.status).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc).toMatchObject({
      ok: false,
      command: 'verify',
      error: { code: 'E_CHECK_FAILED', exitCode: 1 },
    });
    expect(doc.revisions[3]).toMatchObject({
      status: 'failed',
      problems: [
        'downgrade of 004_add_full_name leaves column users.full_name',
        expect.any(String),
      ],
    });
    expect(athanor(dir, 'verify', '--allow-irreversible').status).toBe(1);
  }, 120_000);
});
