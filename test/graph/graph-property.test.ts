/**
 * Property tests on random DAGs (branches, merges, dependsOn, files in random order):
 * upgrade and downgrade apply every revision once, in dependency order, and keep the version
 * rows consistent at every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RevisionGraph } from '../../src/graph/revision-graph.js';
import type { Revision } from '../../src/graph/revision.js';
import { applyPlan, rev } from './graph-helpers.js';

/** A random DAG: revision i picks its parents and dependencies among revisions 0..i-1. */
const dagArbitrary = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.tuple(
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 9 }),
          fc.array(fc.nat(), { maxLength: 3 }),
          fc.array(fc.nat(), { maxLength: 2 }),
        ),
        {
          minLength: n,
          maxLength: n,
        },
      ),
      fc.array(fc.nat(), { minLength: n, maxLength: n }),
    ),
  )
  .map(([shapes, shuffle]) => {
    const ids = shapes.map((_, i) => `r${String(i).padStart(3, '0')}x`);
    const revisions = shapes.map(([kind, picks, depPicks], i): Revision => {
      // kind 0: a new root; 1-2: a merge of up to 3 parents; otherwise one parent.
      const count = i === 0 || kind === 0 ? 0 : kind <= 2 ? Math.min(1 + picks.length, 3) : 1;
      const parents = [
        ...new Set(Array.from({ length: count }, (_, k) => ids[((picks[k] ?? kind) + k) % i]!)),
      ];
      const deps =
        i === 0
          ? []
          : [...new Set(depPicks.map((d) => ids[d % i]!))].filter((d) => !parents.includes(d));
      return rev(ids[i]!, parents, { dependsOn: deps });
    });
    // File order is independent of the graph's shape.
    const order = revisions.map((r, i) => ({ r, key: shuffle[i]! })).sort((a, b) => a.key - b.key);
    return order.map((o) => o.r);
  });

/** Position of each id in an applied list ('u:id' / 'd:id'). */
function positions(applied: readonly string[]): Map<string, number> {
  return new Map(applied.map((a, i) => [a.slice(2), i]));
}

describe('random DAG properties', () => {
  it('upgrade heads from empty, then downgrade base, applies everything once in order', () => {
    fc.assert(
      fc.property(dagArbitrary, (revisions) => {
        const graph = RevisionGraph.build(revisions);
        const rows = new Set<string>();
        const up = applyPlan(rows, graph.planUpgrade([], 'heads'));
        expect(up.every((a) => a.startsWith('u:'))).toBe(true);
        expect(new Set(up.map((a) => a.slice(2)))).toEqual(new Set(revisions.map((r) => r.id)));
        expect(up).toHaveLength(revisions.length);
        const upAt = positions(up);
        const late = revisions.filter((r) =>
          [...r.down, ...r.dependsOn].some((p) => upAt.get(p)! > upAt.get(r.id)!),
        );
        expect(late).toEqual([]);
        expect([...rows].sort()).toEqual(graph.resolve('heads').sort());
        expect(graph.history().map((r) => `u:${r.id}`)).toEqual([...up].reverse());

        const down = applyPlan(rows, graph.planDowngrade([...rows], 'base'));
        expect(rows.size).toBe(0);
        expect(down.map((d) => d.slice(2))).toEqual(up.map((u) => u.slice(2)).reverse());
      }),
      { numRuns: 300 },
    );
  });

  it('stepwise upgrades and a partial downgrade keep rows consistent', () => {
    fc.assert(
      fc.property(dagArbitrary, fc.nat(), fc.nat(), (revisions, pickUp, pickDown) => {
        const graph = RevisionGraph.build(revisions);
        const rows = new Set<string>();
        const first = revisions[pickUp % revisions.length]!.id;
        const part = applyPlan(rows, graph.planUpgrade([], first));
        const rest = applyPlan(rows, graph.planUpgrade([...rows], 'heads'));
        expect(new Set([...part, ...rest]).size).toBe(revisions.length);
        expect([...rows].sort()).toEqual(graph.resolve('heads').sort());

        const target = revisions[pickDown % revisions.length]!.id;
        if (graph.children(target).length === 0 && !rows.has(target)) {
          // Only dependents sit above it (no downRevision child): Alembic has "nothing to drop".
          expect(() => graph.planDowngrade([...rows], target)).toThrow(/not below the current/);
          return;
        }
        const reverted = applyPlan(rows, graph.planDowngrade([...rows], target)).map((d) =>
          d.slice(2),
        );
        expect(reverted).not.toContain(target);
        const again = applyPlan(rows, graph.planUpgrade([...rows], 'heads')).map((u) => u.slice(2));
        expect(new Set(again)).toEqual(new Set(reverted));
        expect([...rows].sort()).toEqual(graph.resolve('heads').sort());
      }),
      { numRuns: 300 },
    );
  });
});
