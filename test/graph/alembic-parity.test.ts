/**
 * Replays every step of test/fixtures/alembic-graph-cases.json (observed on Alembic 1.8.1) at
 * the graph level: plan, apply the version deltas to simulated rows, compare rows and steps.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AthanorError } from '../../src/errors.js';
import { RevisionGraph } from '../../src/graph/revision-graph.js';
import type { MigrationPlan, StampPlan } from '../../src/graph/plan-types.js';
import { applyPlan, rev } from './graph-helpers.js';

interface FixtureRevision {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
}
interface FixtureStep {
  readonly command: string;
  readonly ok: boolean;
  readonly versionRows: readonly string[];
  readonly applied: readonly string[];
}
interface FixtureCase {
  readonly name: string;
  readonly revisions: readonly FixtureRevision[];
  readonly steps: readonly FixtureStep[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/alembic-graph-cases.json', import.meta.url), 'utf8'),
) as { readonly cases: readonly FixtureCase[] };

function plan(
  graph: RevisionGraph,
  rows: readonly string[],
  command: string,
): MigrationPlan | StampPlan {
  const [verb, target = ''] = command.split(' ');
  if (verb === 'upgrade') return graph.planUpgrade(rows, target);
  if (verb === 'downgrade') return graph.planDowngrade(rows, target);
  if (verb === 'stamp') return graph.planStamp(rows, [target]);
  throw new Error(`unknown command ${command}`);
}

describe('Alembic 1.8.1 parity (fixture replay)', () => {
  it('covers 37 steps on 7 graphs', () => {
    expect(fixture.cases).toHaveLength(7);
    expect(fixture.cases.flatMap((c) => c.steps)).toHaveLength(37);
  });

  for (const testCase of fixture.cases) {
    describe(testCase.name, () => {
      const graph = RevisionGraph.build(
        testCase.revisions.map((r) =>
          rev(r.revision, r.downRevision, { labels: r.branchLabels, dependsOn: r.dependsOn }),
        ),
      );
      // Steps share the version table, in order, as in the fixture.
      const rows = new Set<string>();
      testCase.steps.forEach((step, n) => {
        it(`${n + 1}. ${step.command}${step.ok ? '' : ' (refused)'}`, () => {
          const before = [...rows].sort();
          if (!step.ok) {
            expect(() => plan(graph, before, step.command)).toThrow(AthanorError);
            expect([...rows].sort()).toEqual([...step.versionRows].sort());
            return;
          }
          const applied = applyPlan(rows, plan(graph, before, step.command));
          expect(applied).toEqual(step.applied);
          expect([...rows].sort()).toEqual([...step.versionRows].sort());
        });
      });
    });
  }
});
