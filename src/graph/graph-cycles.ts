/**
 * Cycle detection for the revision graph (downRevision and dependsOn edges together), by
 * Kahn's algorithm: iterative, linear, and it yields the parents-first order that
 * dependency normalisation needs.
 */
import { AthanorError } from '../errors.js';
import type { Revision } from './revision.js';

const shownInMessage = 10;

/**
 * Returns the revisions' indexes in a parents-first order, or throws E_CYCLE naming the
 * revisions that sit on a cycle.
 *
 * @example
 * assertAcyclic(revisions, [[], [0], [1]]); // [0, 1, 2]
 */
export function assertAcyclic(
  list: readonly Revision[],
  parents: readonly (readonly number[])[],
): number[] {
  const n = list.length;
  const children: number[][] = parents.map(() => []);
  const waiting = new Int32Array(n);
  parents.forEach((ps, i) => {
    waiting[i] = ps.length;
    for (const p of ps) children[p]!.push(i);
  });
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) {
    for (const c of children[order[k]!]!) {
      waiting[c]! -= 1;
      if (waiting[c] === 0) order.push(c);
    }
  }
  if (order.length < n) throw cycleError(list, onCycles(parents, children, waiting));
  return order;
}

/**
 * Kahn leaves the cycles and everything above them; peeling the revisions without a remaining
 * child leaves the cycles themselves (and what lies between two of them), which is what a
 * reader must fix.
 */
function onCycles(
  parents: readonly (readonly number[])[],
  children: readonly (readonly number[])[],
  waiting: Int32Array,
): number[] {
  const left = new Uint8Array(waiting.length);
  const childCount = new Int32Array(waiting.length);
  waiting.forEach((w, i) => {
    if (w > 0) left[i] = 1;
  });
  const sinks: number[] = [];
  left.forEach((l, i) => {
    if (l === 0) return;
    childCount[i] = children[i]!.filter((c) => left[c] === 1).length;
    if (childCount[i] === 0) sinks.push(i);
  });
  while (sinks.length > 0) {
    const i = sinks.pop()!;
    left[i] = 0;
    for (const p of parents[i]!) {
      if (left[p] === 0) continue;
      childCount[p]! -= 1;
      if (childCount[p] === 0) sinks.push(p);
    }
  }
  const members: number[] = [];
  left.forEach((l, i) => {
    if (l === 1) members.push(i);
  });
  return members;
}

function cycleError(list: readonly Revision[], members: readonly number[]): AthanorError {
  const ids = members.map((i) => list[i]!.id);
  const shown = members
    .slice(0, shownInMessage)
    .map((i) => (list[i]!.path === '' ? list[i]!.id : `${list[i]!.id} (${list[i]!.path})`));
  const more =
    members.length > shownInMessage ? ` and ${members.length - shownInMessage} more` : '';
  return new AthanorError(
    'E_CYCLE',
    `The revision graph has a cycle (through downRevision/dependsOn) among: ${shown.join(', ')}${more}`,
    { details: { revisions: ids } },
  );
}
