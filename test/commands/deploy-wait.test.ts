/**
 * `upgrade --wait SECONDS` waits as `athanor wait` does before migrating, and `upgrade --backup`
 * refuses an engine it cannot back up before changing anything.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { targets } from '../helpers/databases.js';
import type { RunProject } from '../runtime/run-fixture.js';
import { PHONE, createDeployProject, runCli, sqliteTarget } from './deploy-fixture.js';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('upgrade --wait and --backup refusals', () => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test('--wait: a database that answers is migrated at once', async () => {
    project = await createDeployProject(sqliteTarget);
    const run = await runCli(project.dir, 'upgrade', 'head', '--wait', '5');
    expect(run.code).toBe(0);
    expect(run.out).not.toContain('waiting for the database');
    expect(await project.versionRows()).toEqual([PHONE]);
  });

  test('--wait: a closed port times out with exit 1, one line per attempt, no password', async () => {
    project = await createDeployProject(sqliteTarget);
    const url = `postgres://postgres:hunter2@127.0.0.1:${await closedPort()}/app`;
    const started = Date.now();
    const run = await runCli(project.dir, '--url', url, 'upgrade', 'head', '--wait', '1');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^waiting for the database \(attempt 1, [\d.]+ s\): .*ECONNREFUSED/m);
    expect(run.err).toMatch(
      /^error: database postgresql postgres@127\.0\.0\.1:\d+\/app not reachable after [\d.]+ s \(\d+ attempts\): .+\n$/,
    );
    expect(run.out + run.err).not.toContain('hunter2');
    const bad = await runCli(project.dir, 'upgrade', '--wait', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--wait expects a number of seconds, got 'soon'");
  });

  test('--backup on PGlite: a clear refusal, and nothing is applied', async () => {
    const pglite = (await targets()).find((t) => t.name === 'pglite')!;
    project = await createDeployProject(pglite);
    const run = await runCli(project.dir, 'upgrade', 'head', '--backup');
    expect(run.code).toBe(1);
    expect(run.err).toContain('backups of pglite');
    expect(run.err).toContain('are not supported');
    expect(await project.versionRows()).toBeUndefined();
  });
});
