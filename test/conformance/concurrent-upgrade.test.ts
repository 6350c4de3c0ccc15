/**
 * Eight processes run `athanor upgrade head` at once against one database, on a chain of 20
 * revisions whose steps each take 0.2 s: the migration lock must make every revision apply
 * exactly once (the log table says so), every process exit 0, and the version end at head.
 * Runs the real CLI (bin/athanor.js, built by `npm test`'s build step) as separate processes.
 * PGlite is skipped: it is one in-process database that a second process cannot open at all.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { targets } from '../helpers/databases.js';
import { createRunProject, type MigrationSpec, type RunProject } from '../runtime/run-fixture.js';

const all = await targets();
const bin = fileURLToPath(new URL('../../bin/athanor.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const processes = 8;
const chainLength = 20;

const revisionId = (i: number): string => `c0ffee${String(i).padStart(6, '0')}`;

/** A raw-SQL migration (no imports, so each process loads it without transpiling athanor's sources). */
function chainStep(i: number): MigrationSpec {
  return {
    file: `${String(i).padStart(3, '0')}_step_${i}.ts`,
    id: revisionId(i),
    down: i === 1 ? null : revisionId(i - 1),
    message: `step ${i}`,
    upgrade: `await op.execute('CREATE TABLE chain_${i} (id integer primary key)');\n    await new Promise((resolve) => setTimeout(resolve, 200));`,
    downgrade: `await op.execute('DROP TABLE chain_${i}');`,
  };
}

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(cwd: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.each(all.filter((t) => t.name !== 'pglite'))(
  'parallel upgrade head on $name',
  (target) => {
    let project: RunProject | undefined;
    afterEach(async () => {
      await project?.cleanup();
    });

    test.skipIf(!target.available)(
      `${processes} processes, ${chainLength} revisions: each applied exactly once`,
      async () => {
        expect(built, 'dist/ is missing: run `npm run build` (npm test does)').toBe(true);
        const specs = Array.from({ length: chainLength }, (_, i) => chainStep(i + 1));
        project = await createRunProject(target, specs);
        await project.config({ lockTimeout: 120 });
        const dir = project.dir;
        const outcomes = await Promise.all(
          Array.from({ length: processes }, () => runCli(dir, ['upgrade', 'head'])),
        );
        for (const outcome of outcomes) expect(outcome, outcome.stderr).toMatchObject({ code: 0 });

        const log = await project.logRows();
        expect(log).toHaveLength(chainLength);
        expect(log.map((r) => r.revision)).toEqual(specs.map((s) => s.id));
        expect(log.every((r) => r.direction === 'up' && r.status === 'done')).toBe(true);
        expect(await project.versionRows()).toEqual([revisionId(chainLength)]);
        const lines = outcomes.flatMap((o) =>
          o.stdout.split('\n').filter((l) => l.startsWith('Running upgrade')),
        );
        expect(lines).toHaveLength(chainLength);
        // A run plans everything under the lock: one process applies the chain, the others wait,
        // re-read the version table and find nothing to do.
        const workers = outcomes.filter((o) => o.stdout.includes('Running upgrade'));
        expect(workers).toHaveLength(1);
        expect(outcomes.filter((o) => o.stdout.includes('Nothing to do'))).toHaveLength(
          processes - 1,
        );
      },
      300_000,
    );
  },
);
