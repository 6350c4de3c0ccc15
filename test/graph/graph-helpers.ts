/**
 * Helpers for graph tests: in-memory revisions and a simulated version table.
 */
import { expect } from 'vitest';
import { iterateRevisions } from '../../src/graph/collect.js';
import type { IterateOptions, RangeEnd } from '../../src/graph/collect.js';
import { buildIndex } from '../../src/graph/graph-index.js';
import type { GraphIndex } from '../../src/graph/graph-index.js';
import type { MigrationPlan, StampPlan, VersionDelta } from '../../src/graph/plan-types.js';
import type { Revision } from '../../src/graph/revision.js';

/** An in-memory revision: `rev('b', 'a')`, `rev('m', ['x', 'y'])`, `rev('c', 'a', { labels: ['lx'] })`. */
export function rev(
  id: string,
  down: string | readonly string[] | null = null,
  options: { labels?: readonly string[]; dependsOn?: readonly string[]; message?: string } = {},
): Revision {
  return {
    id,
    down: down === null ? [] : typeof down === 'string' ? [down] : down,
    branchLabels: options.labels ?? [],
    dependsOn: options.dependsOn ?? [],
    message: options.message ?? `revision ${id}`,
    path: '',
  };
}

/** Applies one delta to a simulated version table, as SQL would: no missing deletes, no duplicate inserts. */
export function applyDelta(rows: Set<string>, delta: VersionDelta): void {
  // Plain throws rather than expect(): property tests call this thousands of times.
  for (const d of delta.delete) {
    if (!rows.delete(d)) throw new Error(`delete of missing row ${d}`);
  }
  for (const i of delta.insert) {
    if (rows.has(i)) throw new Error(`insert of existing row ${i}`);
    rows.add(i);
  }
}

/** Runs a plan against simulated rows; returns the 'u:<id>' / 'd:<id>' list. */
export function applyPlan(rows: Set<string>, plan: MigrationPlan | StampPlan): string[] {
  expect([...rows].sort()).toEqual([...plan.from]);
  if ('steps' in plan) {
    for (const step of plan.steps) applyDelta(rows, step.versionDelta);
  } else {
    applyDelta(rows, plan.versionDelta);
  }
  expect([...rows].sort()).toEqual([...plan.to]);
  return 'steps' in plan
    ? plan.steps.map((s) => `${s.direction === 'up' ? 'u' : 'd'}:${s.revision.id}`)
    : [];
}

/**
 * Alembic's `_assert_iteration`: iterate_revisions (inclusive by default) as ids, checking the
 * result is a valid order (every parent after its child, newest first).
 */
export function iterate(
  ix: GraphIndex,
  upper: RangeEnd,
  lower: RangeEnd,
  options: IterateOptions = {},
): string[] {
  const order = iterateRevisions(ix, upper, lower, { inclusive: true, ...options });
  const position = new Map(order.map((o, i) => [o, i]));
  const misplaced = order.filter((o) =>
    ix.nodes[o]!.normDown.some((p) => (position.get(p) ?? Infinity) < position.get(o)!),
  );
  expect(misplaced).toEqual([]);
  return order.map((o) => ix.nodes[o]!.revision.id);
}

/** A graph index from in-memory revisions, in the given (file) order. */
export const map = (...revisions: Revision[]): GraphIndex => buildIndex(revisions);
