/**
 * `athanor verify` passes the job-matching example (issue 8's must-show): every revision
 * upgrades, downgrades and upgrades again to the same schema, and the head matches the models,
 * on the example's default engine (an in-memory PGlite, pgvector included), on a SQLite scratch
 * file and on a database created on the PostgreSQL server (where 002 is skipped both ways: no
 * pgvector there). The exit status comes from `node bin/athanor.js verify` in the example folder.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadConfig } from '../../src/config/config-load.js';
import { createContext } from '../../src/commands/context.js';
import { verify, type VerifyOptions } from '../../src/commands/verify.js';
import { formatRunEvent } from '../../src/runtime/events.js';
import { binPath, ensureBuilt } from '../cli/cli-build.js';
import { pgServerUrl, serverAvailable, tempDir } from '../helpers/databases.js';
import { exampleDir, exampleRevisions } from './job-matching-fixture.js';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 300_000 });

const pg = await serverAvailable('postgresql');
const revisions = exampleRevisions();
const stems = [...revisions.keys()];
const rev002 = revisions.get('002_add_vectors') ?? '';

async function verifyExample(options: VerifyOptions = {}) {
  const lines: string[] = [];
  const ctx = createContext(await loadConfig({ cwd: exampleDir, env: {} }));
  const report = await verify(ctx, {
    ...options,
    onEvent: (e) => {
      const line = formatRunEvent(e);
      if (line) lines.push(line);
    },
  });
  return { report, lines };
}

function expectPassed(report: Awaited<ReturnType<typeof verifyExample>>['report']): void {
  expect(report.revisions.map((r) => [r.stem, r.status, r.problems])).toEqual(
    stems.map((stem) => [stem, 'passed', []]),
  );
  expect(report.models).toEqual({ status: 'passed', differences: [] });
  expect(report.ok).toBe(true);
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A scratch URL for verify: a file that does not exist yet, in a folder removed afterwards. */
function sqliteScratch(): string {
  const dir = tempDir('athanor-verify-example-');
  dirs.push(dir);
  return `sqlite:${join(dir, 'v.db')}`;
}

describe('athanor verify on the job-matching example', () => {
  test('passes on its default engine, an in-memory PGlite with pgvector', async () => {
    const { report, lines } = await verifyExample();
    expect(report.scratch).toBe('pglite (in memory) (temporary)');
    expectPassed(report);
    // The vector migration really ran there, each way, rather than being skipped.
    expect(lines.filter((l) => l.startsWith('Skipped'))).toEqual([]);
  });

  test('passes on a SQLite scratch file, where 002 is skipped both ways', async () => {
    const { report, lines } = await verifyExample({ scratchUrl: sqliteScratch() });
    expectPassed(report);
    expect(lines).toContain(
      `Skipped upgrade of ${rev002} (002_add_vectors): extension vector is not available on sqlite (it has no extensions)`,
    );
    expect(lines).toContain(
      `Skipped downgrade of ${rev002} (002_add_vectors): its upgrade was skipped: extension vector is not available on sqlite (it has no extensions)`,
    );
  });

  test.skipIf(!pg)('passes on a database created on the PostgreSQL server', async () => {
    const { report, lines } = await verifyExample({ scratchUrl: pgServerUrl });
    expectPassed(report);
    const vectorSkipped = lines.some((l) => l.startsWith(`Skipped upgrade of ${rev002}`));
    expect(vectorSkipped).toBe(!(await pgHasVector()));
  });
});

async function pgHasVector(): Promise<boolean> {
  const { default: pgLib } = await import('pg');
  const client = new pgLib.Client({ connectionString: pgServerUrl });
  await client.connect();
  try {
    const rows = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
    return rows.rows.length > 0;
  } finally {
    await client.end();
  }
}

describe('node bin/athanor.js verify in examples/job-matching', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  test('exit 0 with a line per revision (SQLite scratch: fast)', () => {
    const result = spawnSync(process.execPath, [binPath, 'verify', '--url', sqliteScratch()], {
      cwd: exampleDir,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const [stem, id] of revisions)
      expect(result.stdout).toContain(`ok           ${id} [${stem}]`);
    expect(result.stdout).toContain('models: the head schema matches the models');
  });
});
