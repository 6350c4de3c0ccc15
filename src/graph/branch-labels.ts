/**
 * Branch-label propagation as Alembic's `RevisionMap._add_branches` does it: a label spreads
 * to every descendant of the revision that declares it, and down the plain chain below it
 * until a branch point or merge point.
 */
import type { Revision } from './revision.js';

/** The edge lists propagation needs, indexed like the revision list. */
export interface LabelEdges {
  readonly down: readonly (readonly number[])[];
  readonly next: readonly (readonly number[])[];
  readonly allNext: readonly (readonly number[])[];
}

/**
 * Returns each revision's labels after propagation (insertion order, no duplicates).
 * Labelled revisions are processed in map order and spread the labels they hold at that moment,
 * received ones included, as Alembic's mutable label sets do.
 *
 * @example
 * propagateLabels(revisions, { down, next, allNext })[2]; // ['lx']
 */
export function propagateLabels(
  list: readonly Revision[],
  edges: LabelEdges,
): (readonly string[])[] {
  // Unlabelled revisions share one empty list until a label reaches them.
  const none: readonly string[] = Object.freeze([]);
  const labels: (readonly string[])[] = list.map((rev) =>
    rev.branchLabels.length === 0 ? none : [...new Set(rev.branchLabels)],
  );
  list.forEach((rev, i) => {
    if (rev.branchLabels.length === 0) return;
    const spread = [...labels[i]!];
    const branch = descendants(i, edges.next);
    for (const node of [...branch, ...chainBelow(i, branch, edges)]) {
      const missing = spread.filter((label) => !labels[node]!.includes(label));
      if (missing.length > 0) labels[node] = [...labels[node]!, ...missing];
    }
  });
  return labels;
}

function descendants(start: number, next: readonly (readonly number[])[]): number[] {
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const i = stack.pop()!;
    for (const c of next[i]!) {
      if (seen.has(c)) continue;
      seen.add(c);
      stack.push(c);
    }
  }
  return [...seen];
}

/**
 * Alembic walks down from the last revision of its depth-first walk over the branch while the
 * revision is neither a (real) branch point nor a merge point. That walk can only leave the
 * branch when the branch is one plain chain, so check that, then continue below its root.
 */
function chainBelow(root: number, branch: readonly number[], edges: LabelEdges): number[] {
  const plain = (i: number): boolean => edges.allNext[i]!.length <= 1 && edges.down[i]!.length <= 1;
  if (!branch.every(plain)) return [];
  const below: number[] = [];
  let at = edges.down[root]![0];
  while (at !== undefined && plain(at)) {
    below.push(at);
    at = edges.down[at]![0];
  }
  return below;
}
