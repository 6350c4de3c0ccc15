/**
 * Upgrade and downgrade plans with Alembic's semantics: which revisions run
 * (`_collect_upgrade_revisions` / `_collect_downgrade_revisions`), in which order
 * (`_topological_sort`), and how the version rows move at each step.
 */
import { AthanorError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import type { MigrationPlan, MigrationStep } from './plan-types.js';
import { collectDowngrade, collectUpgrade } from './collect.js';
import { listIds } from './short-id.js';
import { topoSort } from './topo-sort.js';
import { closure, findOverlap } from './traverse.js';
import { rowIds, rowState, stepDown, stepUp } from './version-rows.js';

/**
 * Plans `upgrade <target>` from the version rows `current`.
 *
 * @example
 * planUpgrade(ix, [], 'heads').steps.map((s) => s.revision.id);
 */
export function planUpgrade(
  ix: GraphIndex,
  current: readonly string[],
  target: string,
): MigrationPlan {
  const rows = versionRows(ix, current, true);
  const c = collectUpgrade(ix, target, rowIds(ix, rows), { implicitBase: true });
  assertNotBehind(ix, target, c.heads, rows);
  return buildPlan(ix, rows, topoSort(ix, c.todo, c.heads, c.convex).reverse(), 'up');
}

/**
 * Plans `downgrade <target>` from the version rows `current`.
 *
 * @example
 * planDowngrade(ix, ['c3c3c3c3c3c3'], '-1').steps.map((s) => s.revision.id); // ['c3c3c3c3c3c3']
 */
export function planDowngrade(
  ix: GraphIndex,
  current: readonly string[],
  target: string,
): MigrationPlan {
  const rows = versionRows(ix, current, true);
  const c = collectDowngrade(ix, rowIds(ix, rows), target, {});
  return buildPlan(ix, rows, topoSort(ix, c.todo, c.heads, c.convex), 'down');
}

/**
 * The version rows as revision indexes, sorted by id (so "the first row", which Alembic leaves
 * to the database, is the smallest version_num). Unknown ids are E_UNKNOWN_REVISION; with
 * `independent`, rows where one lies below another are E_RANGE, as Alembic refuses them.
 *
 * @example
 * versionRows(ix, ['b2b2b2b2b2b2'], true); // [1]
 */
export function versionRows(
  ix: GraphIndex,
  current: readonly string[],
  independent: boolean,
): number[] {
  const rows = [...new Set(current)].sort().map((id) => {
    const i = ix.byId.get(id);
    if (i !== undefined) return i;
    throw new AthanorError(
      'E_UNKNOWN_REVISION',
      `The version table holds '${id}', which is not a known revision; is a migration file missing?`,
      { details: { revision: id } },
    );
  });
  const overlap = independent ? findOverlap(ix, rows) : undefined;
  if (overlap !== undefined) {
    const [lower, upper] = overlap.map((i) => ix.nodes[i]!.revision.id);
    throw new AthanorError(
      'E_RANGE',
      `The version table holds both ${lower!} and ${upper!}, but ${lower!} is an ancestor of ${upper!}; fix the rows with \`athanor stamp\``,
      { details: { current: rowIds(ix, rows) } },
    );
  }
  return rows;
}

/**
 * Alembic silently does nothing for `upgrade <rev>` when <rev> is already below the current
 * revisions; athanor says so, since the user most likely meant a downgrade.
 */
function assertNotBehind(
  ix: GraphIndex,
  target: string,
  targets: readonly number[],
  rows: readonly number[],
): void {
  const applied = closure(ix, rows, 'normDown');
  const behind = targets.filter((t) => applied[t] === 1 && !rows.includes(t));
  if (behind.length === 0 && (targets.length > 0 || rows.length === 0)) return;
  const what = behind.length > 0 ? listIds(behind.map((b) => ix.nodes[b]!.revision.id)) : 'base';
  throw new AthanorError(
    'E_RANGE',
    `Cannot upgrade to ${target}: ${what} is already applied, below the current revision(s) ${listIds(rowIds(ix, rows))}; use downgrade to go back`,
    { details: { target, current: rowIds(ix, rows) } },
  );
}

function buildPlan(
  ix: GraphIndex,
  rows: readonly number[],
  order: readonly number[],
  direction: 'up' | 'down',
): MigrationPlan {
  const state = rowState(ix, rows);
  const steps = order.map((rev): MigrationStep => {
    const revision = ix.nodes[rev]!.revision;
    // Log ids as Alembic prints them: downRevision only, dependencies left out.
    return direction === 'up'
      ? {
          direction,
          revision,
          from: revision.down,
          to: [revision.id],
          versionDelta: stepUp(state, rev),
        }
      : {
          direction,
          revision,
          from: [revision.id],
          to: revision.down,
          versionDelta: stepDown(state, rev),
        };
  });
  return { from: rowIds(ix, rows), to: rowIds(ix, state.rows), steps };
}
