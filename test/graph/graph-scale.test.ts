/**
 * Scale: 10,000-revision graphs (a linear chain, 100 diamonds of branches and merges, and 100
 * unmerged branches) go through heads, history, upgrade base -> heads and downgrade heads -> base
 * without recursion and in well under a second each. Timings (best of a few runs, in process)
 * are printed for the record.
 */
import { describe, expect, it } from 'vitest';
import { RevisionGraph } from '../../src/graph/revision-graph.js';
import type { Revision } from '../../src/graph/revision.js';
import { rev } from './graph-helpers.js';

const id = (prefix: string, n: number): string => `${prefix}${String(n).padStart(5, '0')}`;

function chain(n: number): Revision[] {
  return Array.from({ length: n }, (_, i) => rev(id('c', i), i === 0 ? null : id('c', i - 1)));
}

/** 100 diamonds: a branch point, two interleaved arms of 49, a merge; 10,000 revisions. */
function diamonds(count: number, arm: number): Revision[] {
  const out: Revision[] = [];
  let below: string | null = null;
  for (let d = 0; d < count; d++) {
    const fork = id(`d${d}f`, 0);
    out.push(rev(fork, below));
    let [left, right] = [fork, fork];
    for (let k = 0; k < arm; k++) {
      out.push(rev(id(`d${d}l`, k), left), rev(id(`d${d}r`, k), right));
      [left, right] = [id(`d${d}l`, k), id(`d${d}r`, k)];
    }
    below = id(`d${d}m`, 0);
    out.push(rev(below, [left, right]));
  }
  return out;
}

/** 100 branches of 100 from one root, never merged: 100 heads. */
function fan(branches: number, length: number): Revision[] {
  const out: Revision[] = [rev('root0')];
  for (let b = 0; b < branches; b++) {
    for (let k = 0; k < length - (b === 0 ? 1 : 0); k++)
      out.push(rev(id(`b${b}x`, k), k === 0 ? 'root0' : id(`b${b}x`, k - 1)));
  }
  return out;
}

function best<T>(runs: number, fn: () => T): { result: T; ms: number } {
  let result = fn();
  let ms = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return { result, ms };
}

const cases: [string, () => Revision[], number][] = [
  ['linear chain', () => chain(10_000), 1],
  ['100 branches and merges', () => diamonds(100, 49), 1],
  ['100 unmerged branches', () => fan(100, 100), 100],
];

describe('10,000-revision graphs', () => {
  for (const [name, make, headCount] of cases) {
    it(`${name}: build, heads, history, upgrade and downgrade`, () => {
      const revisions = make();
      expect(revisions).toHaveLength(10_000);
      const build = best(3, () => RevisionGraph.build(revisions));
      const graph = build.result;
      const heads = best(3, () => graph.heads());
      expect(heads.result).toHaveLength(headCount);
      const history = best(3, () => graph.history());
      expect(history.result).toHaveLength(10_000);
      const up = best(3, () => graph.planUpgrade([], 'heads'));
      expect(up.result.steps).toHaveLength(10_000);
      expect([...up.result.to].sort()).toEqual([...heads.result].sort());
      const down = best(3, () => graph.planDowngrade(up.result.to, 'base'));
      expect(down.result.steps.map((s) => s.revision.id)).toEqual(
        up.result.steps.map((s) => s.revision.id).reverse(),
      );
      expect(down.result.to).toEqual([]);
      const timings = {
        build: build.ms,
        heads: heads.ms,
        history: history.ms,
        upgrade: up.ms,
        downgrade: down.ms,
      };
      console.log(
        `${name}: ${Object.entries(timings)
          .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
          .join(', ')}`,
      );
      // Generous bound (shared CI machines): a quadratic walk over 10,000 revisions takes far longer.
      for (const ms of Object.values(timings)) expect(ms).toBeLessThan(2000);
    });
  }
});
