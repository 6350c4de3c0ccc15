/**
 * Alembic's `RevisionMap._walk` (N steps up or down the graph, refusing ambiguous steps) and
 * `get_revisions`, whose bare '-N' walks down from every head.
 */
import { AthanorError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import { filterForLineage, resolveRevisionNumber, revisionForIdent } from './resolve.js';
import type { Position } from './resolve.js';
import { listIds } from './short-id.js';

/**
 * A place to walk from or to: a revision, 'base' (below the roots, reached by walking down) or
 * 'none' (Alembic's `None`: nothing yet, walking up from it starts at the bases).
 */
export type WalkPosition = number | 'base' | 'none';

/** How {@link walk} walks. */
export interface WalkOptions {
  /** The target as typed, for messages. */
  readonly target: string;
  /** Keep walking up only along this branch. */
  readonly branch?: string | undefined;
  /** Alembic's `no_overwalk`: walking past the end gives undefined (true) or stops there (false). */
  readonly noOverwalk?: boolean;
}

/**
 * Walks `steps` revisions up (> 0) or down (< 0); undefined when the walk runs past the end.
 *
 * @example
 * walk(ix, head, -1, { target: '-1' }); // the head's parent, or 'base' from a root
 */
export function walk(
  ix: GraphIndex,
  start: WalkPosition,
  steps: number,
  options: WalkOptions,
): WalkPosition | undefined {
  let at = start;
  for (let i = 0; i < Math.abs(steps); i++) {
    const choices = steps > 0 ? stepsUp(ix, at, options) : stepsDown(ix, at);
    if (choices.length === 0) return options.noOverwalk === false ? at : undefined;
    if (choices.length > 1) throw ambiguousWalk(ix, at, choices, steps, options.target);
    at = choices[0]!;
  }
  return at;
}

/**
 * A resolved position as a walk position ('none' for base: Alembic walks up from `None`).
 *
 * @example
 * fromPosition(null); // 'none'
 */
export function fromPosition(position: Position): WalkPosition {
  return position === null ? 'none' : position;
}

/**
 * A walk's end as a position (base and 'none' both mean nothing applied).
 *
 * @example
 * toPosition('base'); // null
 */
export function toPosition(at: WalkPosition): Position {
  return at === 'base' || at === 'none' ? null : at;
}

/**
 * Alembic's `get_revisions`: every revision an identifier names (several for 'heads'; none for
 * 'base'). A bare '-N' (or 'label@-N') walks down from each head; past base is E_RANGE.
 *
 * @example
 * getRevisions(ix, 'heads'); // [3, 5]
 */
export function getRevisions(ix: GraphIndex, id: string): Position[] {
  return getRevisionsOrPastBase(ix, id).map((p) => {
    if (p !== undefined) return p;
    throw new AthanorError('E_RANGE', `Relative revision ${id} goes past base`, {
      details: { target: id },
    });
  });
}

/**
 * {@link getRevisions}, with undefined for a '-N' walk that runs past base (where a history
 * range falls back to base instead of failing).
 *
 * @example
 * getRevisionsOrPastBase(ix, '-99'); // [undefined]
 */
export function getRevisionsOrPastBase(ix: GraphIndex, id: string): (Position | undefined)[] {
  const { ids, branch } = resolveRevisionNumber(ix, id);
  const only = ids.length === 1 ? ids[0]! : '';
  if (/^[+-]?\d+$/.test(only) && Number(only) < 0) {
    const heads = ix.realHeads.filter(
      (h) => branch === undefined || ix.nodes[h]!.labels.includes(branch),
    );
    return heads.map((h) => {
      const to = walk(ix, h, Number(only), { target: id });
      return to === undefined ? undefined : toPosition(to);
    });
  }
  return ids.map((i) => revisionForIdent(ix, i, branch));
}

function stepsUp(ix: GraphIndex, at: WalkPosition, options: WalkOptions): WalkPosition[] {
  const up = at === 'none' || at === 'base' ? ix.bases : ix.nodes[at]!.next;
  return options.branch === undefined ? [...up] : filterForLineage(ix, up, options.branch);
}

function stepsDown(ix: GraphIndex, at: WalkPosition): WalkPosition[] {
  if (at === 'base') return [];
  const down = at === 'none' ? ix.heads : ix.nodes[at]!.down;
  return down.length === 0 ? ['base'] : [...down];
}

function ambiguousWalk(
  ix: GraphIndex,
  at: WalkPosition,
  options: readonly WalkPosition[],
  steps: number,
  target: string,
): AthanorError {
  const ids = options.map((o) => (typeof o === 'number' ? ix.nodes[o]!.revision.id : o));
  const here = typeof at === 'number' ? ix.nodes[at]!.revision.id : undefined;
  const several = listIds(ids);
  let why: string;
  if (here === undefined) why = `: there are several ${steps > 0 ? 'bases' : 'heads'} (${several})`;
  else if (steps > 0)
    why = ` from branch point ${here}: ambiguous walk, it has several children (${several})`;
  else why = ` from merge point ${here}: ambiguous walk, it has several parents (${several})`;
  const hint =
    steps > 0 ? "; name the revision to go to, or use 'branch@+N'" : '; name the revision to go to';
  return new AthanorError('E_RANGE', `Relative revision ${target}${why}${hint}`, {
    details: { target, candidates: ids },
  });
}
