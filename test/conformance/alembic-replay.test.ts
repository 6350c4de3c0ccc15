/**
 * Replays Alembic 1.8.1's observed behaviour (test/fixtures/alembic-graph-cases.json) against
 * real databases: each case's revisions become migration files in file-name order, each step's
 * command runs through the command functions, and the version rows and the applied order are
 * read back from the database (version table and log table). Refused steps must change nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downgrade } from '../../src/commands/downgrade.js';
import { stamp } from '../../src/commands/stamp.js';
import { upgrade } from '../../src/commands/upgrade.js';
import type { ResolvedConfig } from '../../src/config/config-types.js';
import { AthanorError } from '../../src/errors.js';
import { targets } from '../helpers/databases.js';
import { createRunProject, tableMigration, type RunProject } from '../runtime/run-fixture.js';

interface Case {
  readonly name: string;
  readonly revisions: readonly {
    readonly revision: string;
    readonly downRevision: string | readonly string[] | null;
    readonly branchLabels: readonly string[];
    readonly dependsOn: readonly string[];
  }[];
  readonly steps: readonly {
    readonly command: string;
    readonly ok: boolean;
    readonly versionRows: readonly string[];
    readonly applied: readonly string[];
  }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/alembic-graph-cases.json', import.meta.url), 'utf8'),
) as {
  readonly cases: readonly Case[];
};
const all = await targets();

async function runCommand(config: ResolvedConfig, command: string): Promise<void> {
  const [verb, ...rest] = command.split(/\s+/);
  if (verb === 'upgrade') await upgrade({ config, target: rest[0] ?? 'head' });
  else if (verb === 'downgrade') await downgrade({ config, target: rest[0] ?? '' });
  else if (verb === 'stamp') await stamp({ config, revisions: rest });
  else throw new Error(`unknown fixture command ${command}`);
}

describe.each(all)('Alembic parity on $name', (target) => {
  describe.each(fixture.cases)('$name', (graphCase) => {
    let project: RunProject;
    let config: ResolvedConfig;
    beforeAll(async () => {
      if (!target.available) return;
      const specs = graphCase.revisions.map((r, i) =>
        tableMigration(
          `${String(i + 1).padStart(3, '0')}_${r.revision}.ts`,
          r.revision,
          r.downRevision,
          {
            branchLabels: r.branchLabels,
            dependsOn: r.dependsOn,
          },
        ),
      );
      project = await createRunProject(target, specs);
      config = await project.config();
    });
    afterAll(async () => {
      if (target.available) await project.cleanup();
    });

    // Steps depend on the state the previous ones left: they run in order, in one test.
    test.skipIf(!target.available)(
      `${graphCase.steps.length} steps`,
      async () => {
        let before = await project.state();
        for (const [i, step] of graphCase.steps.entries()) {
          const where = `step ${i + 1} '${step.command}'`;
          const outcome = await runCommand(config, step.command).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (step.ok) expect(outcome, where).toBeUndefined();
          else expect(outcome, where).toBeInstanceOf(AthanorError);
          const after = await project.state();
          expect(after.rows, where).toEqual([...step.versionRows].sort());
          const applied = after.log
            .slice(before.log.length)
            .map((r) => `${r.direction === 'up' ? 'u' : 'd'}:${r.revision}`);
          expect(applied, where).toEqual(step.applied);
          if (!step.ok) expect(after, `${where} changed nothing`).toEqual(before);
          before = after;
        }
      },
      300_000,
    );
  });
});
