/**
 * Upgrade, downgrade and stamp plans: steps, log ids, version-row deltas and refusals.
 *
 *   A - B - C(feature) - E - M(merge)        X(other) - Y (Y dependsOn C)
 *           \ D ------- F ---/
 */
import { describe, expect, it } from 'vitest';
import { AthanorError, MultipleHeadsError } from '../../src/errors.js';
import { RevisionGraph } from '../../src/graph/revision-graph.js';
import { applyPlan, rev } from './graph-helpers.js';

const [A, B, C, D, E, F, M, X, Y] = [
  'aaaa01',
  'bbbb02',
  'cccc03',
  'dddd04',
  'eeee05',
  'ffff06',
  'mmmm07',
  'xxxx08',
  'yyyy09',
] as const;
const name: Record<string, string> = {
  [A]: 'A',
  [B]: 'B',
  [C]: 'C',
  [D]: 'D',
  [E]: 'E',
  [F]: 'F',
  [M]: 'M',
  [X]: 'X',
  [Y]: 'Y',
};
const graph = RevisionGraph.build([
  rev(A),
  rev(B, A),
  rev(C, B, { labels: ['feature'] }),
  rev(D, B),
  rev(E, C),
  rev(F, D),
  rev(M, [E, F]),
  rev(X, null, { labels: ['other'] }),
  rev(Y, X, { dependsOn: [C] }),
]);

/** Runs the plan on simulated rows; returns 'uA dB ...' and the rows after, as letters. */
function run(rows: readonly string[], plan: Parameters<typeof applyPlan>[1]): [string, string] {
  const table = new Set(rows);
  const applied = applyPlan(table, plan).map((a) => `${a[0]}${name[a.slice(2)]}`);
  return [
    applied.join(' '),
    [...table]
      .map((r) => name[r])
      .sort()
      .join(' '),
  ];
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AthanorError) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('planUpgrade', () => {
  it('upgrades to all heads in Alembic order, rows following each step', () => {
    expect(run([], graph.planUpgrade([], 'heads'))).toEqual(['uA uB uD uF uC uX uY uE uM', 'M Y']);
  });

  it('describes each step for log lines and version rows', () => {
    const steps = graph.planUpgrade([E, F], M).steps;
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({
      direction: 'up',
      from: [E, F],
      to: [M],
      versionDelta: { delete: [E, F], insert: [M] },
    });
  });

  it('upgrades along a branch and across a dependency', () => {
    expect(run([B], graph.planUpgrade([B], 'feature@+1'))).toEqual(['uC', 'C']);
    expect(run([B], graph.planUpgrade([B], 'other@head'))).toEqual(['uC uX uY', 'Y']);
    expect(run([E, F], graph.planUpgrade([F, E], 'heads'))).toEqual(['uX uY uM', 'M Y']);
  });

  it('does nothing when the target is applied', () => {
    const plan = graph.planUpgrade([M, Y], 'heads');
    expect(plan.steps).toEqual([]);
    expect(plan.from).toEqual(plan.to);
  });

  it('refuses targets behind the version rows, naming them', () => {
    expect(code(() => graph.planUpgrade([M, Y], B))).toMatch(
      /E_RANGE: Cannot upgrade to bbbb02: bbbb02 is already applied/,
    );
    expect(code(() => graph.planUpgrade([E], 'base'))).toMatch(/E_RANGE: Cannot upgrade to base/);
  });

  it('refuses inconsistent version rows', () => {
    expect(code(() => graph.planUpgrade([A, C], 'heads'))).toMatch(
      /E_RANGE: The version table holds both aaaa01 and cccc03, but aaaa01 is an ancestor of cccc03/,
    );
    expect(code(() => graph.planUpgrade(['gone'], 'heads'))).toMatch(
      /E_UNKNOWN_REVISION: The version table holds 'gone'/,
    );
  });

  it('refuses head with several heads', () => {
    expect(() => graph.planUpgrade([], 'head')).toThrow(MultipleHeadsError);
  });
});

describe('planDowngrade', () => {
  it('downgrades to base in the reverse of the upgrade order', () => {
    expect(run([M, Y], graph.planDowngrade([M, Y], 'base'))).toEqual([
      'dM dE dY dX dC dF dD dB dA',
      '',
    ]);
  });

  it('unmerges: reverting a merge restores both parents as rows', () => {
    const plan = graph.planDowngrade([M], E);
    expect(plan.steps[0]).toMatchObject({
      direction: 'down',
      from: [M],
      to: [E, F],
      versionDelta: { delete: [M], insert: [E, F] },
    });
    expect(run([M], plan)).toEqual(['dM', 'E F']);
  });

  it('reverts dependents of the target, and keeps rows below other rows out', () => {
    expect(run([M, Y], graph.planDowngrade([M, Y], C))).toEqual(['dM dE', 'F Y']);
    expect(run([M, Y], graph.planDowngrade([M, Y], 'other@base'))).toEqual(['dY dX', 'M']);
    expect(run([M, Y], graph.planDowngrade([M, Y], 'other@-1'))).toEqual(['dY', 'M X']);
    // Plain -1 starts from the smallest row, mmmm07, a merge point: refused.
    expect(code(() => graph.planDowngrade([Y, M], '-1'))).toMatch(/merge point mmmm07/);
  });

  it('refuses targets that are not below the rows', () => {
    expect(code(() => graph.planDowngrade([B], E))).toMatch(
      /E_RANGE: Cannot downgrade to eeee05: it is not below the current revision\(s\) bbbb02/,
    );
    expect(code(() => graph.planDowngrade([M], '-1'))).toMatch(
      /merge point mmmm07: ambiguous walk/,
    );
    expect(code(() => graph.planDowngrade([B], '+1'))).toMatch(/cannot be a downgrade target/);
    expect(() => graph.planDowngrade([M, Y], 'heads')).toThrow(MultipleHeadsError);
  });
});

describe('planStamp', () => {
  const stamp = (rows: string[], targets: string[], purge = false): [string, string, string] => {
    const plan = graph.planStamp(rows, targets, { purge });
    const [, after] = run(rows, plan);
    const letters = (ids: readonly string[]): string => ids.map((i) => name[i]).join(' ');
    return [after, letters(plan.versionDelta.delete), letters(plan.versionDelta.insert)];
  };

  it('moves rows up or down their lineage without running anything', () => {
    expect(stamp([B], ['heads'])).toEqual(['M Y', 'B', 'M Y']);
    expect(stamp([M, Y], [C])).toEqual(['C', 'M Y', 'C']);
    expect(stamp([A], [E, F])).toEqual(['E F', 'A', 'E F']);
  });

  it('adds a row for a target on another branch, removes rows for base', () => {
    expect(stamp([E], [F])).toEqual(['E F', '', 'F']);
    expect(stamp([E], [X])).toEqual(['E X', '', 'X']);
    expect(stamp([M, Y], ['base'])).toEqual(['', 'M Y', '']);
    expect(stamp([M, Y], [])).toEqual(['', 'M Y', '']);
  });

  it('purges the table first when asked, and accepts inconsistent rows', () => {
    expect(stamp([M], ['other'], true)).toEqual(['X', 'M', 'X']);
    expect(stamp([A, C], ['heads'], true)).toEqual(['M Y', 'A C', 'M Y']);
    expect(graph.planStamp(['gone', C], [C], { purge: true }).versionDelta).toEqual({
      delete: ['gone'],
      insert: [],
    });
  });

  it('refuses unknown targets', () => {
    expect(code(() => graph.planStamp([], ['nope']))).toMatch(/E_UNKNOWN_REVISION/);
    expect(() => graph.planStamp([], ['head'])).toThrow(MultipleHeadsError);
  });
});

describe('dependsOn (Alembic depends_on)', () => {
  const deps = RevisionGraph.build([
    rev('a1'),
    rev('d4', null, { labels: ['other'] }),
    rev('b2', 'a1', { dependsOn: ['d4'] }),
  ]);

  it("upgrading runs the dependency first and leaves one row; 'head' sees two heads", () => {
    const table = new Set<string>();
    expect(applyPlan(table, deps.planUpgrade([], 'b2'))).toEqual(['u:d4', 'u:a1', 'u:b2']);
    expect([...table]).toEqual(['b2']);
    expect(deps.heads()).toEqual(['d4', 'b2']);
    expect(deps.resolve('heads')).toEqual(['b2']);
    expect(() => deps.resolve('head')).toThrow(MultipleHeadsError);
  });

  it('downgrading the dependent restores both rows', () => {
    const table = new Set(['b2']);
    expect(applyPlan(table, deps.planDowngrade(['b2'], 'a1'))).toEqual(['d:b2']);
    expect([...table].sort()).toEqual(['a1', 'd4']);
    expect(applyPlan(table, deps.planDowngrade([...table], 'other@base'))).toEqual(['d:d4']);
    expect([...table]).toEqual(['a1']);
  });
});
