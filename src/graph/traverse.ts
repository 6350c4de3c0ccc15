/**
 * Ancestor and descendant sets over the graph index, with an explicit stack (never recursion)
 * and a byte per revision: each walk is O(revisions + edges).
 */
import type { GraphIndex, GraphNode } from './graph-index.js';

/** Which edges a walk follows: parents ('down', 'normDown') or children ('next', 'allNext', 'normNext'). */
export type EdgeKind = 'down' | 'normDown' | 'next' | 'allNext' | 'normNext';

/**
 * Marks the starts and everything reachable from them along `edge` (inclusive, like Alembic's
 * `_get_ancestor_nodes` / `_get_descendant_nodes`).
 *
 * @example
 * const ancestors = closure(ix, [head], 'normDown'); ancestors[base] === 1;
 */
export function closure(ix: GraphIndex, starts: Iterable<number>, edge: EdgeKind): Uint8Array {
  const seen = new Uint8Array(ix.nodes.length);
  const stack: number[] = [];
  for (const s of starts) {
    if (seen[s] === 1) continue;
    seen[s] = 1;
    stack.push(s);
  }
  while (stack.length > 0) {
    const node: GraphNode = ix.nodes[stack.pop()!]!;
    for (const j of node[edge]) {
      if (seen[j] === 1) continue;
      seen[j] = 1;
      stack.push(j);
    }
  }
  return seen;
}

/**
 * The marked indexes, ascending (map order).
 *
 * @example
 * members(closure(ix, [head], 'normDown')); // the head and its ancestors
 */
export function members(mark: Uint8Array): number[] {
  const out: number[] = [];
  mark.forEach((m, i) => {
    if (m === 1) out.push(i);
  });
  return out;
}

/**
 * Revisions that share a lineage with any of `revs` (are an ancestor or descendant of one):
 * Alembic's `_shares_lineage`, computed once for a whole candidate list.
 *
 * @example
 * lineage(ix, [labelled], false)[head] === 1; // head is on the labelled revision's branch
 */
export function lineage(ix: GraphIndex, revs: readonly number[], withDeps: boolean): Uint8Array {
  const up = closure(ix, revs, withDeps ? 'allNext' : 'next');
  const down = closure(ix, revs, withDeps ? 'normDown' : 'down');
  for (let i = 0; i < up.length; i++) if (down[i] === 1) up[i] = 1;
  return up;
}

/**
 * Finds two version rows where one is an ancestor of the other (a version table Alembic
 * refuses to move from), or undefined when the rows are independent.
 *
 * @example
 * findOverlap(ix, [a, b]); // [a, b] when a lies below b
 */
export function findOverlap(
  ix: GraphIndex,
  rows: readonly number[],
): readonly [lower: number, upper: number] | undefined {
  const below = closure(
    ix,
    rows.flatMap((r) => ix.nodes[r]!.normDown),
    'normDown',
  );
  const lower = rows.find((r) => below[r] === 1);
  if (lower === undefined) return undefined;
  const above = closure(ix, ix.nodes[lower]!.normNext, 'normNext');
  const upper = rows.find((r) => above[r] === 1 && r !== lower);
  return upper === undefined ? undefined : [lower, upper];
}
