/**
 * Which revisions lie between two ends of the graph, as Alembic's
 * `RevisionMap.iterate_revisions` (`_collect_upgrade_revisions` /
 * `_collect_downgrade_revisions`) selects them. Upgrade, downgrade and history all start here.
 */
import { AthanorError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import type { Position } from './resolve.js';
import { getRevision, resolveBranch } from './resolve.js';
import { listIds } from './short-id.js';
import { parseDowngradeTarget, parseUpgradeTarget } from './targets.js';
import { topoSort } from './topo-sort.js';
import { closure, findOverlap } from './traverse.js';
import { getRevisions, getRevisionsOrPastBase } from './walk.js';

/** One end of a range: an identifier, several identifiers (the version rows), or null (base). */
export type RangeEnd = string | readonly string[] | null;

/** Alembic's `iterate_revisions` flags. */
export interface IterateOptions {
  /** Include the lower end itself (upgrade) or the target itself (downgrade). */
  readonly inclusive?: boolean;
  /** Upgrade: allow revisions not above the lower end; downgrade: wind other branches to base. */
  readonly implicitBase?: boolean;
  /** A relative end that runs past the graph's end fails (true) or stops there (false). */
  readonly assertRelativeLength?: boolean;
  readonly selectForDowngrade?: boolean;
}

/** The selected revisions and the heads the topological sort starts from. */
export interface Collected {
  readonly todo: Uint8Array;
  readonly heads: readonly number[];
  /** Whether `todo` is convex (see topoSort). */
  readonly convex: boolean;
}

/**
 * Revisions from `upper` down to `lower`, newest first, exactly as Alembic iterates them.
 *
 * @example
 * iterateRevisions(ix, 'heads', 'base', { inclusive: true }); // history order
 */
export function iterateRevisions(
  ix: GraphIndex,
  upper: RangeEnd,
  lower: RangeEnd,
  options: IterateOptions = {},
): number[] {
  const c =
    options.selectForDowngrade === true
      ? collectDowngrade(ix, upper, lower, options)
      : collectUpgrade(ix, upper, lower, options);
  return topoSort(ix, c.todo, c.heads, c.convex);
}

/**
 * Alembic's `_collect_upgrade_revisions`: ancestors of the `upper` targets that are not below
 * `lower` (the version rows, for an upgrade).
 *
 * @example
 * collectUpgrade(ix, 'heads', ['a1a1a1a1a1a1'], { implicitBase: true });
 */
export function collectUpgrade(
  ix: GraphIndex,
  upper: RangeEnd,
  lower: RangeEnd,
  o: IterateOptions,
): Collected {
  const assertLength = o.assertRelativeLength ?? true;
  let targets = numbers(
    typeof upper === 'string'
      ? parseUpgradeTarget(ix, ids(lower), upper, assertLength)
      : revisionsOf(ix, upper),
  );
  if (typeof lower === 'string' && lower.includes('@')) targets = onBranchOf(ix, targets, lower);
  assertIndependent(ix, targets, 'revisions to go to');
  const required = closure(ix, targets, 'normDown');
  const current = lowerRevisions(ix, upper, lower, required, o);
  assertIndependent(ix, current, 'revisions to start from');
  const below = closure(ix, current, 'normDown');
  const todo = required.map((r, i) => (r === 1 && below[i] !== 1 ? 1 : 0));
  if (o.inclusive === true) for (const c of current) todo[c] = 1;
  const cut = current.length > 0 && o.implicitBase !== true;
  if (cut) {
    const above = closure(ix, current, 'next');
    todo.forEach((t, i) => {
      if (t === 1 && above[i] !== 1) todo[i] = 0;
    });
  }
  // Cutting by downRevision only can leave a dependsOn path outside the set.
  return { todo, heads: targets, convex: !(cut && ix.hasDependencies) };
}

/**
 * Alembic's `_collect_downgrade_revisions`: what must be reverted from the rows `upper` to reach
 * `lower`: the target's descendants (dependents included) that are applied.
 *
 * @example
 * collectDowngrade(ix, ['c3c3c3c3c3c3'], 'a1a1a1a1a1a1', {});
 */
export function collectDowngrade(
  ix: GraphIndex,
  upper: RangeEnd,
  lower: RangeEnd,
  o: IterateOptions,
): Collected {
  if (typeof lower !== 'string' && lower !== null) {
    throw new AthanorError('E_RANGE', 'A downgrade goes to one target', {
      details: { target: lower },
    });
  }
  const { branch, target } =
    lower === null
      ? { branch: undefined, target: null }
      : parseDowngradeTarget(ix, ids(upper), lower, o.assertRelativeLength ?? true);
  const roots = downgradeRoots(ix, target, branch, o.inclusive === true, lower ?? 'base');
  const heads = numbers(revisionsOf(ix, upper));
  const dropped = closure(ix, roots, 'allNext');
  const active = closure(ix, heads, 'normDown');
  const todo = dropped.map((d, i) => (d === 1 && active[i] === 1 ? 1 : 0));
  if (o.implicitBase === true) {
    const kept = closure(ix, roots, 'normDown');
    active.forEach((a, i) => {
      if (a === 1 && kept[i] !== 1) todo[i] = 1;
    });
  }
  if (target !== null && !todo.includes(1) && !heads.includes(target)) {
    const now = heads.map((h) => ix.nodes[h]!.revision.id);
    throw new AthanorError(
      'E_RANGE',
      `Cannot downgrade to ${ix.nodes[target]!.revision.id}: it is not below the current revision(s) ${listIds(now)}`,
      { details: { target: lower, current: now } },
    );
  }
  return { todo, heads, convex: true };
}

/**
 * Where reverting starts: the target's children (or the target itself when inclusive, or every
 * root for base), kept to the branch when one was named and several qualify.
 */
function downgradeRoots(
  ix: GraphIndex,
  target: Position,
  branch: string | undefined,
  inclusive: boolean,
  shown: string,
): readonly number[] {
  const roots = target === null ? ix.bases : inclusive ? [target] : ix.nodes[target]!.next;
  if (branch === undefined || roots.length <= 1) return roots;
  const onBranch = closure(ix, [resolveBranch(ix, branch)], 'down');
  const kept = roots.filter((r) => onBranch[r] === 1);
  if (kept.length > 0) return kept;
  throw new AthanorError(
    'E_RANGE',
    `Cannot downgrade to ${shown}: nothing on branch '${branch}' lies above it`,
    { details: { target: shown } },
  );
}

/**
 * Every revision an end names (base names none).
 *
 * @example
 * revisionsOf(ix, ['a1a1a1a1a1a1', 'e5e5e5e5e5e5']); // their indexes
 */
export function revisionsOf(ix: GraphIndex, end: RangeEnd): Position[] {
  return ids(end).flatMap((id) => getRevisions(ix, id));
}

function ids(end: RangeEnd): readonly string[] {
  return end === null ? [] : typeof end === 'string' ? [end] : end;
}

function numbers(positions: readonly Position[]): number[] {
  return [...new Set(positions.filter((p): p is number => p !== null))];
}

/**
 * The lower end's revisions, which must lie below the targets unless `implicitBase`. A bare
 * '-N' that walks past base is re-read relative to the upper end (Alembic's fallback).
 */
function lowerRevisions(
  ix: GraphIndex,
  upper: RangeEnd,
  lower: RangeEnd,
  required: Uint8Array,
  o: IterateOptions,
): number[] {
  const found = ids(lower).flatMap((id) => getRevisionsOrPastBase(ix, id));
  const known = numbers(found.filter((f): f is Position => f !== undefined));
  if (o.implicitBase !== true && known.some((k) => required[k] !== 1)) {
    const show = (end: RangeEnd): string => (end === null ? 'base' : listIds(ids(end)));
    throw new AthanorError(
      'E_RANGE',
      `Revision ${show(lower)} is not an ancestor of ${show(upper)}: the range does not run along one branch`,
      { details: { lower: show(lower), upper: show(upper) } },
    );
  }
  if (found.length === 0 || found[0] !== undefined || typeof lower !== 'string') return known;
  const { target } = parseDowngradeTarget(ix, ids(upper), lower, o.assertRelativeLength ?? true);
  return target === null ? [] : [target];
}

/** 'label@...' as the lower end keeps only the targets on that branch. */
function onBranchOf(ix: GraphIndex, targets: readonly number[], lower: string): number[] {
  let branch = lower.slice(0, lower.indexOf('@'));
  const rev = getRevision(ix, branch);
  if (rev !== null && ix.nodes[rev]!.revision.id === branch) {
    // A revision id used as a branch stands for its one branch label.
    const labels = ix.nodes[rev]!.labels;
    if (labels.length !== 1) {
      throw new AthanorError(
        'E_RANGE',
        `'${lower}': revision ${branch} is used as a branch but carries ${labels.length} branch labels; name a label`,
        { details: { target: lower } },
      );
    }
    branch = labels[0]!;
  }
  return targets.filter((t) => ix.nodes[t]!.labels.includes(branch));
}

function assertIndependent(ix: GraphIndex, revs: readonly number[], what: string): void {
  const overlap = findOverlap(ix, revs);
  if (overlap === undefined) return;
  const [lower, upper] = overlap.map((i) => ix.nodes[i]!.revision.id);
  throw new AthanorError(
    'E_RANGE',
    `The ${what} overlap: ${lower!} is an ancestor of ${upper!}; name only one of them`,
    { details: { revisions: [lower, upper] } },
  );
}
