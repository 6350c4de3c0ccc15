/**
 * `stamp` as Alembic's `ScriptDirectory._stamp_revs` and `StampStep` do it: version rows move to
 * the targets without running migrations. For each target: rows on its lineage below it move up
 * to it, rows above it move down to it, and a target on a branch with no row gets a new row.
 */
import { AthanorError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import type { StampPlan } from './plan-types.js';
import { versionRows } from './plan.js';
import type { Position } from './resolve.js';
import { filterForLineage } from './resolve.js';
import { closure } from './traverse.js';
import { rowIds } from './version-rows.js';
import { getRevisions } from './walk.js';

/**
 * Plans `stamp <targets...>` from the version rows `current`; `purge` empties the table first.
 *
 * @example
 * planStamp(ix, ['a1a1a1a1a1a1'], ['heads'], false).to; // ['c3c3c3c3c3c3']
 */
export function planStamp(
  ix: GraphIndex,
  current: readonly string[],
  targets: readonly string[],
  purge: boolean,
): StampPlan {
  // A stamp is how a broken version table gets repaired: overlapping rows are accepted, and
  // with purge even rows naming unknown revisions (they are all deleted first).
  const heads = purge ? [] : versionRows(ix, current, false);
  const wanted = targets.length > 0 ? targets : ['base'];
  const onLineage = [...new Set(wanted.flatMap((t) => filterForLineage(ix, heads, t, true)))];
  const resolved = [...new Set(wanted.flatMap((t) => getRevisions(ix, t)))];
  const dests: Position[] = resolved.length > 0 ? resolved : [null];
  const live = new Set(heads);
  for (const dest of dests) stampOne(ix, live, onLineage, dest);
  const from = [...new Set(current)].sort();
  const to = rowIds(ix, live);
  return {
    from,
    to,
    versionDelta: {
      delete: from.filter((id) => !to.includes(id)),
      insert: to.filter((id) => !from.includes(id)),
    },
  };
}

function stampOne(
  ix: GraphIndex,
  live: Set<number>,
  onLineage: readonly number[],
  dest: Position,
): void {
  if (dest === null) {
    // Stamping base removes every row on the targets' lineage.
    for (const h of onLineage) live.delete(h);
    return;
  }
  if (onLineage.includes(dest)) return;
  const above = closure(ix, [dest], 'allNext');
  const below = closure(ix, [dest], 'normDown');
  const higher = onLineage.some((h) => above[h] === 1);
  const lower = onLineage.some((h) => below[h] === 1);
  if (higher && lower) {
    throw new AthanorError(
      'E_RANGE',
      `Cannot stamp ${ix.nodes[dest]!.revision.id}: version rows on its lineage lie both above and below it; stamp with --purge to start over`,
      { details: { target: ix.nodes[dest]!.revision.id } },
    );
  }
  // Alembic's upgrade-stamp inserts a new row instead when an earlier target already took over
  // one of the rows; a downgrade-stamp (or a plain move up) replaces them all by the target.
  const newBranch = !higher && (!lower || onLineage.some((h) => !live.has(h)));
  if (!newBranch) for (const h of onLineage) live.delete(h);
  live.add(dest);
}
