/**
 * Version-row bookkeeping for a migration plan: the rows are the newest applied revisions
 * (those no applied revision builds on). Alembic's `HeadMaintainer` reaches the same rows
 * with its update / merge / unmerge / insert / delete cases, asking for ancestor sets at each
 * step; keeping the applied set and a count of applied children per revision makes each step
 * cost only the revision's own edges.
 */
import { AthanorError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import type { VersionDelta } from './plan-types.js';
import { closure } from './traverse.js';

/** Applied revisions and version rows while a plan is simulated. */
export interface RowState {
  readonly ix: GraphIndex;
  readonly applied: Uint8Array;
  /** Per revision, how many of its children (by normDown) are applied. */
  readonly appliedChildren: Int32Array;
  readonly rows: Set<number>;
}

/**
 * The state for version rows `rows` (which must not overlap): everything below them is applied.
 *
 * @example
 * const state = rowState(ix, [head]);
 */
export function rowState(ix: GraphIndex, rows: readonly number[]): RowState {
  const applied = closure(ix, rows, 'normDown');
  const appliedChildren = new Int32Array(ix.nodes.length);
  applied.forEach((a, i) => {
    if (a === 1) for (const p of ix.nodes[i]!.normDown) appliedChildren[p]! += 1;
  });
  return { ix, applied, appliedChildren, rows: new Set(rows) };
}

/**
 * Applies `rev`: its row replaces its parents' rows (update, or merge when several); a revision
 * whose parents are all built on elsewhere gets a new row (a new branch).
 *
 * @example
 * stepUp(state, child); // { delete: ['a1…'], insert: ['b2…'] }
 */
export function stepUp(state: RowState, rev: number): VersionDelta {
  const { ix } = state;
  if (state.applied[rev] === 1) throw inconsistent(ix, rev, 'is already applied');
  const del: string[] = [];
  for (const p of ix.nodes[rev]!.normDown) {
    if (state.applied[p] !== 1)
      throw inconsistent(ix, rev, `needs ${ix.nodes[p]!.revision.id} first`);
    state.appliedChildren[p]! += 1;
    if (state.rows.delete(p)) del.push(ix.nodes[p]!.revision.id);
  }
  state.applied[rev] = 1;
  state.rows.add(rev);
  return { delete: del, insert: [ix.nodes[rev]!.revision.id] };
}

/**
 * Reverts `rev`, which must be a version row: each parent that no other applied revision builds
 * on gets its row back (unmerge); a root just loses its row (delete branch).
 *
 * @example
 * stepDown(state, merge); // { delete: ['c3…'], insert: ['d4…', 'e5…'] }
 */
export function stepDown(state: RowState, rev: number): VersionDelta {
  const { ix } = state;
  if (!state.rows.has(rev))
    throw inconsistent(ix, rev, 'is not a version row (a newer revision builds on it)');
  state.rows.delete(rev);
  state.applied[rev] = 0;
  const ins: string[] = [];
  for (const p of ix.nodes[rev]!.normDown) {
    state.appliedChildren[p]! -= 1;
    if (state.appliedChildren[p] === 0 && !state.rows.has(p)) {
      state.rows.add(p);
      ins.push(ix.nodes[p]!.revision.id);
    }
  }
  return { delete: [ix.nodes[rev]!.revision.id], insert: ins };
}

/**
 * The rows as sorted ids.
 *
 * @example
 * rowIds(ix, state.rows); // ['b2b2b2b2b2b2', 'e5e5e5e5e5e5']
 */
export function rowIds(ix: GraphIndex, rows: Iterable<number>): string[] {
  return [...rows].map((r) => ix.nodes[r]!.revision.id).sort();
}

function inconsistent(ix: GraphIndex, rev: number, why: string): AthanorError {
  return new AthanorError(
    'E_RANGE',
    `Cannot plan a step for ${ix.nodes[rev]!.revision.id}: it ${why}; the version table does not match the revision graph`,
    { details: { revision: ix.nodes[rev]!.revision.id } },
  );
}
