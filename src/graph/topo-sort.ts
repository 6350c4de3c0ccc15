/**
 * Alembic's `RevisionMap._topological_sort`, which fixes the order of every upgrade, downgrade
 * and history listing. It walks down from the heads (sorted by map order), emitting newest
 * first; when the revision in hand is an ancestor of another pending head, it switches to the
 * first such head in its list and continues there. Upgrades run the reverse of this order.
 *
 * Alembic keeps one ancestor set per head (quadratic on deep graphs); here "is an ancestor of
 * another pending head" is a pending-children count, and only when that says yes does a search
 * over the pending descendants find which head comes first.
 */
import type { GraphIndex } from './graph-index.js';

interface Walk {
  readonly ix: GraphIndex;
  /** 1 while the revision is still to be emitted. */
  readonly todo: Uint8Array;
  /** Children (by normDown) still to be emitted; > 0 means "another head needs me first". */
  readonly pending: Int32Array;
  readonly isHead: Uint8Array;
  /** Alembic's `current_heads`, in its order. */
  readonly heads: number[];
  readonly mark: Int32Array;
  /** Position in `heads` during a search, else -1. */
  readonly headAt: Int32Array;
  readonly todoOnly: boolean;
  readonly out: number[];
  generation: number;
  remaining: number;
}

/**
 * Orders `todo` newest first, as Alembic does.
 *
 * `todoOnly` (the default) may be used when `todo` is convex (every revision between two of its
 * members is a member): then "ancestor of another head" can be decided inside `todo`. Upgrade,
 * downgrade and unbounded history sets are convex; a history range over `dependsOn` edges may
 * not be, and passes false to search the whole graph as Alembic does.
 *
 * @example
 * topoSort(ix, closure(ix, ix.realHeads, 'normDown'), ix.realHeads).reverse(); // upgrade order
 */
export function topoSort(
  ix: GraphIndex,
  todo: Uint8Array,
  heads: readonly number[],
  todoOnly = true,
): number[] {
  const w = startWalk(ix, todo, todoOnly);
  setHeads(
    w,
    heads.filter((h) => w.todo[h] === 1),
  );
  run(w);
  // Only a non-convex set can leave revisions no head reaches (Alembic fails an assertion
  // there); emit them from their own tops so the result stays a complete, valid order.
  while (w.remaining > 0) {
    setHeads(w, topsOfRemaining(w));
    run(w);
  }
  return w.out;
}

function startWalk(ix: GraphIndex, todo: Uint8Array, todoOnly: boolean): Walk {
  const n = ix.nodes.length;
  const own = new Uint8Array(todo);
  const pending = new Int32Array(n);
  let remaining = 0;
  for (let i = 0; i < n; i++) {
    if (own[i] !== 1) continue;
    remaining += 1;
    for (const p of ix.nodes[i]!.normDown) if (own[p] === 1) pending[p]! += 1;
  }
  const base = { ix, todo: own, pending, isHead: new Uint8Array(n), heads: [] as number[] };
  const headAt = new Int32Array(n).fill(-1);
  return { ...base, mark: new Int32Array(n), headAt, todoOnly, out: [], generation: 0, remaining };
}

function setHeads(w: Walk, heads: readonly number[]): void {
  const sorted = [...new Set(heads)].sort((a, b) => a - b);
  w.heads.length = 0;
  for (const h of sorted) {
    w.heads.push(h);
    w.isHead[h] = 1;
  }
}

function run(w: Walk): void {
  let at = 0;
  while (w.heads.length > 0) {
    const candidate = w.heads[at]!;
    const first = firstHeadAbove(w, at);
    if (first >= 0) {
      at = first;
      continue;
    }
    emit(w, candidate);
    at = advance(w, at, candidate);
  }
}

function emit(w: Walk, candidate: number): void {
  if (w.todo[candidate] !== 1) return;
  w.todo[candidate] = 0;
  w.remaining -= 1;
  w.out.push(candidate);
  for (const p of w.ix.nodes[candidate]!.normDown) if (w.todo[p] === 1) w.pending[p]! -= 1;
}

/** Replaces the emitted head by its parents still to do, as Alembic's `heads_to_add`. */
function advance(w: Walk, at: number, candidate: number): number {
  w.isHead[candidate] = 0;
  let replaced = false;
  for (const p of w.ix.nodes[candidate]!.normDown) {
    if (w.todo[p] !== 1 || w.isHead[p] === 1) continue;
    w.isHead[p] = 1;
    if (replaced) w.heads.push(p);
    else w.heads[at] = p;
    replaced = true;
  }
  if (replaced) return at;
  w.heads.splice(at, 1);
  return Math.max(at - 1, 0);
}

/**
 * Index in `heads` of the first head (other than the one at `at`) that has the candidate as an
 * ancestor, or -1 when the candidate can be emitted now. The search over the candidate's
 * descendants stops as soon as it meets the first head of the list; it visits children in map
 * order, so with heads in map order it usually meets that head first.
 */
function firstHeadAbove(w: Walk, at: number): number {
  const candidate = w.heads[at]!;
  const node = w.ix.nodes[candidate]!;
  const blocked = w.todoOnly ? w.pending[candidate]! > 0 : node.normNext.length > 0;
  if (!blocked || w.heads.length === 1) return -1;
  w.heads.forEach((h, j) => {
    if (j !== at) w.headAt[h] = j;
  });
  const earliest = at === 0 ? 1 : 0;
  let found = -1;
  w.generation += 1;
  w.mark[candidate] = w.generation;
  const stack = [candidate];
  while (stack.length > 0 && found !== earliest) {
    const children = w.ix.nodes[stack.pop()!]!.normNext;
    for (let k = children.length - 1; k >= 0; k--) {
      const c = children[k]!;
      if (w.mark[c] === w.generation || (w.todoOnly && w.todo[c] !== 1)) continue;
      w.mark[c] = w.generation;
      stack.push(c);
      const j = w.headAt[c]!;
      if (j >= 0 && (found < 0 || j < found)) found = j;
    }
  }
  for (const h of w.heads) w.headAt[h] = -1;
  return found;
}

function topsOfRemaining(w: Walk): number[] {
  const tops: number[] = [];
  w.todo.forEach((t, i) => {
    if (t === 1 && !w.ix.nodes[i]!.normNext.some((c) => w.todo[c] === 1)) tops.push(i);
  });
  return tops;
}
