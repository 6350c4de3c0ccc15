/**
 * Upgrade and downgrade targets, relative ones included, as Alembic's
 * `_parse_upgrade_target` / `_parse_downgrade_target` read them: '+2', '-1', 'label@+1',
 * 'label@-1', '<rev>+1', 'head-1', 'label@<rev>-2', or any absolute identifier.
 */
import { AthanorError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import { filterForLineage, getRevision } from './resolve.js';
import type { Position } from './resolve.js';
import { closure, members } from './traverse.js';
import { listIds } from './short-id.js';
import { fromPosition, getRevisions, toPosition, walk } from './walk.js';
import type { WalkPosition } from './walk.js';

/** A relative target split as Alembic's `_relative_destination` pattern does. */
export interface RelativeTarget {
  readonly branch: string | undefined;
  readonly symbol: string | undefined;
  readonly steps: number;
}

// Anchored at both ends (Alembic only anchors the start), so 'ae1f+1junk' is an unknown
// revision rather than 'ae1f+1'.
const relativePattern = /^(?:(.+?)@)?([\p{L}\p{N}_]+)?([+-]\d+)$/u;

/**
 * Splits '[label@][symbol]+N|-N', or undefined for an absolute target.
 *
 * @example
 * parseRelative('lx@head-1'); // { branch: 'lx', symbol: 'head', steps: -1 }
 */
export function parseRelative(target: string): RelativeTarget | undefined {
  const m = relativePattern.exec(target);
  if (m === null) return undefined;
  return { branch: m[1], symbol: m[2], steps: Number(m[3]) };
}

/**
 * The revisions an upgrade goes to, `current` being the version rows (ids). Positions that are
 * null mean base.
 *
 * @example
 * parseUpgradeTarget(ix, ['a1a1a1a1a1a1'], '+1'); // [index of a1's only child]
 */
export function parseUpgradeTarget(
  ix: GraphIndex,
  current: readonly string[],
  target: string,
  assertLength = true,
): Position[] {
  const rel = parseRelative(target);
  if (rel === undefined) return getRevisions(ix, target);
  if (rel.steps > 0) {
    const starts =
      rel.symbol === undefined
        ? startsForUpgrade(ix, current, rel, target)
        : [fromPosition(getRevision(ix, rel.symbol))];
    return [walkOrThrow(ix, starts[0]!, rel, target, assertLength)];
  }
  if (rel.symbol === undefined) {
    throw new AthanorError(
      'E_RANGE',
      `Relative revision ${target} goes down, so it cannot be an upgrade target; use downgrade ${target}`,
      { details: { target } },
    );
  }
  const start = getRevision(
    ix,
    rel.branch === undefined ? rel.symbol : `${rel.branch}@${rel.symbol}`,
  );
  return [walkOrThrow(ix, fromPosition(start), rel, target, assertLength)];
}

/**
 * The revision a downgrade goes to, and the branch it is restricted to (Alembic's
 * `(branch_label, target_revision)`); a null target is base.
 *
 * @example
 * parseDowngradeTarget(ix, ['c3c3c3c3c3c3'], '-1'); // { branch: 'c3c3c3c3c3c3', target: index of b2 }
 */
export function parseDowngradeTarget(
  ix: GraphIndex,
  current: readonly string[],
  target: string,
  assertLength = true,
): { readonly branch: string | undefined; readonly target: Position } {
  const rel = parseRelative(target);
  if (rel === undefined) {
    const at = target.lastIndexOf('@');
    return {
      branch: at > 0 ? target.slice(0, at) : undefined,
      target: getRevision(ix, target.slice(at + 1)),
    };
  }
  if (rel.steps >= 0) {
    if (rel.symbol === undefined) {
      throw new AthanorError(
        'E_RANGE',
        `Relative revision ${target} goes up, so it cannot be a downgrade target; use upgrade ${target}`,
        { details: { target } },
      );
    }
    const start = fromPosition(getRevision(ix, rel.symbol));
    return { branch: rel.branch, target: walkOrThrow(ix, start, rel, target, assertLength) };
  }
  const { branch, symbol } = relativeStart(ix, current, rel, target);
  const start = fromPosition(
    getRevision(ix, branch === undefined ? symbol : `${branch}@${symbol}`),
  );
  return {
    branch,
    target: walkOrThrow(ix, start, { ...rel, branch: undefined }, target, assertLength),
  };
}

/**
 * Where a downward walk starts: the named revision, else the version row on the named branch,
 * else the first row (Alembic takes the database's first; the rows come sorted, so the
 * smallest), which then also stands as the branch.
 */
function relativeStart(
  ix: GraphIndex,
  current: readonly string[],
  rel: RelativeTarget,
  target: string,
): { readonly branch: string | undefined; readonly symbol: string } {
  if (rel.symbol !== undefined) return { branch: rel.branch, symbol: rel.symbol };
  if (rel.branch !== undefined) {
    return { branch: rel.branch, symbol: currentOnBranch(ix, current, rel.branch, target) };
  }
  const first = current[0];
  if (first !== undefined) return { branch: first, symbol: first };
  throw new AthanorError(
    'E_RANGE',
    `Relative revision ${target}: no revision is applied, so there is nothing to go down from`,
    { details: { target } },
  );
}

function walkOrThrow(
  ix: GraphIndex,
  start: WalkPosition,
  rel: RelativeTarget,
  target: string,
  assertLength: boolean,
): Position {
  const to = walk(ix, start, rel.steps, { target, branch: rel.branch, noOverwalk: assertLength });
  if (to !== undefined) return toPosition(to);
  const from = typeof start === 'number' ? ` from ${ix.nodes[start]!.revision.id}` : '';
  const past = rel.steps > 0 ? 'the newest revision' : 'base';
  throw new AthanorError('E_RANGE', `Relative revision ${target}${from} goes past ${past}`, {
    details: { target },
  });
}

/** Where '+N' / 'label@+N' starts: the current revision, or the tip of the branch's applied part. */
function startsForUpgrade(
  ix: GraphIndex,
  current: readonly string[],
  rel: RelativeTarget,
  target: string,
): WalkPosition[] {
  let starts: WalkPosition[] =
    current.length === 0 ? ['none'] : current.map((c) => fromPosition(getRevision(ix, c)));
  if (rel.branch !== undefined) starts = branchStarts(ix, current, rel.branch);
  if (starts.length > 1) {
    const ids = starts.map((s) => (typeof s === 'number' ? ix.nodes[s]!.revision.id : s));
    throw new AthanorError(
      'E_RANGE',
      `Relative revision ${target} is ambiguous: the database is at several revisions (${listIds(ids)}); use 'branch@${target}' or name the revision`,
      { details: { target, current: ids } },
    );
  }
  return starts;
}

function branchStarts(ix: GraphIndex, current: readonly string[], branch: string): WalkPosition[] {
  const revs = current.flatMap((c) => getRevisions(ix, c)).filter((p): p is number => p !== null);
  const onBranch = filterForLineage(ix, revs, branch);
  if (onBranch.length > 0) return onBranch;
  // The branch is not at a version row: start from the tips of its applied part.
  const active = filterForLineage(ix, members(closure(ix, revs, 'normDown')), branch);
  const below = new Set(active.flatMap((a) => ix.nodes[a]!.normDown));
  const tips = active.filter((a) => !below.has(a));
  return tips.length > 0 ? tips : ['none'];
}

/** The one version row on `branch`, or the branch's applied tip when no row is on it. */
function currentOnBranch(
  ix: GraphIndex,
  current: readonly string[],
  branch: string,
  target: string,
): string {
  const revs = current.map((c) => getRevision(ix, c)).filter((p): p is number => p !== null);
  let found = filterForLineage(ix, revs, branch);
  if (found.length === 0) {
    const applied = closure(ix, revs, 'normDown');
    const tops = members(applied).filter((i) => !ix.nodes[i]!.next.some((c) => applied[c] === 1));
    found = filterForLineage(ix, tops, branch);
  }
  if (found.length !== 1) {
    const why =
      found.length === 0
        ? `no applied revision is on branch '${branch}'`
        : `several applied revisions are on branch '${branch}' (${listIds(found.map((f) => ix.nodes[f]!.revision.id))})`;
    throw new AthanorError('E_RANGE', `Relative revision ${target}: ${why}`, {
      details: { target },
    });
  }
  return ix.nodes[found[0]!]!.revision.id;
}
