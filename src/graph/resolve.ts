/**
 * Absolute revision identifiers -> revisions, as Alembic's RevisionMap resolves them:
 * 'head', 'heads', 'base', full ids, unique prefixes, branch labels, 'label@head',
 * 'label@heads', 'label@base' and 'label@<rev>'. Walks and relative targets ('+1', 'rev-2',
 * 'label@+1') are in walk.ts and targets.ts.
 */
import { AthanorError, MultipleHeadsError } from '../errors.js';
import type { GraphIndex } from './graph-index.js';
import { lineage } from './traverse.js';
import { listIds } from './short-id.js';

/** A resolved position: a revision index, or null for "base" (nothing applied). */
export type Position = number | null;

interface RevisionNumber {
  readonly ids: readonly string[];
  readonly branch: string | undefined;
}

/**
 * Alembic's `_resolve_revision_number`: splits 'label@x' and expands 'head', 'heads', 'base'.
 *
 * @example
 * resolveRevisionNumber(ix, 'lx@heads'); // { ids: [ids of lx's heads], branch: 'lx' }
 */
export function resolveRevisionNumber(ix: GraphIndex, id: string): RevisionNumber {
  const at = id.indexOf('@');
  const branch = at >= 0 ? id.slice(0, at) || undefined : undefined;
  const rest = at >= 0 ? id.slice(at + 1) : id;
  const idOf = (i: number): string => ix.nodes[i]!.revision.id;
  if (rest === 'heads') {
    const heads = branch === undefined ? ix.realHeads : filterForLineage(ix, ix.heads, branch);
    return { ids: heads.map(idOf), branch };
  }
  if (rest === 'head') {
    const head = currentHead(ix, branch);
    return { ids: head === undefined ? [] : [idOf(head)], branch };
  }
  return { ids: rest === 'base' ? [] : [rest], branch };
}

/**
 * The single head (of a branch when `branch` is given); MultipleHeadsError when there are more.
 *
 * @example
 * currentHead(ix, 'lx'); // index of lx's head
 */
export function currentHead(ix: GraphIndex, branch: string | undefined): number | undefined {
  const heads = branch === undefined ? ix.heads : filterForLineage(ix, ix.heads, branch);
  if (heads.length > 1) {
    const ids = heads.map((h) => ix.nodes[h]!.revision.id);
    const message =
      branch === undefined
        ? undefined
        : `Branch '${branch}' has several heads: ${listIds(ids)}; name one of them, or use '${branch}@heads' for all`;
    throw new MultipleHeadsError(ids, message);
  }
  return heads[0];
}

/**
 * Alembic's `get_revision`: exactly one revision (or null for base); MultipleHeadsError when the
 * identifier names several.
 *
 * @example
 * getRevision(ix, 'lx@head'); // index of lx's head
 */
export function getRevision(ix: GraphIndex, id: string): Position {
  const { ids, branch } = resolveRevisionNumber(ix, id);
  if (ids.length > 1) {
    throw new MultipleHeadsError(
      ids,
      `'${id}' names several revisions (${listIds(ids)}) where one is needed; name one of them`,
    );
  }
  const only = ids[0];
  if (only === undefined) {
    if (branch !== undefined) resolveBranch(ix, branch);
    return null;
  }
  return revisionForIdent(ix, only, branch);
}

/**
 * One identifier -> one revision: exact id or label first, then a unique prefix (Alembic matches
 * prefixes of any length against ids and labels longer than three characters). With `branch`,
 * the revision must share a lineage with the branch.
 *
 * @example
 * revisionForIdent(ix, 'ae1f'); // the one revision whose id starts with 'ae1f'
 */
export function revisionForIdent(ix: GraphIndex, ident: string, branch?: string): number {
  const branchRev = branch === undefined ? undefined : resolveBranch(ix, branch);
  const exact = ix.byId.get(ident) ?? ix.byLabel.get(ident);
  const rev = exact ?? byPrefix(ix, ident, branch, branchRev);
  if (branchRev !== undefined && lineage(ix, [branchRev], false)[rev] !== 1) {
    throw new AthanorError(
      'E_UNKNOWN_REVISION',
      `Revision ${ix.nodes[rev]!.revision.id} is not on branch '${branch ?? ''}'`,
      { details: { revision: ix.nodes[rev]!.revision.id, branch } },
    );
  }
  return rev;
}

/**
 * A branch label, or else any revision identifier used as one ('<rev>@head').
 *
 * @example
 * resolveBranch(ix, 'lx'); // index of the revision that declares 'lx'
 */
export function resolveBranch(ix: GraphIndex, branch: string): number {
  const direct = ix.byLabel.get(branch) ?? ix.byId.get(branch);
  if (direct !== undefined) return direct;
  try {
    return revisionForIdent(ix, branch);
  } catch (error) {
    if (!(error instanceof AthanorError) || error.code !== 'E_UNKNOWN_REVISION') throw error;
    throw new AthanorError(
      'E_UNKNOWN_REVISION',
      `Unknown branch or revision '${branch}': no branch label, revision id or id prefix matches it`,
      { details: { branch } },
    );
  }
}

/**
 * Alembic's `filter_for_lineage`: the targets that share a lineage with what `check` names.
 *
 * @example
 * filterForLineage(ix, ix.heads, 'lx'); // the heads on branch lx
 */
export function filterForLineage(
  ix: GraphIndex,
  targets: readonly number[],
  check: string,
  withDeps = false,
): number[] {
  const { ids, branch } = resolveRevisionNumber(ix, check);
  if (branch === undefined && ids.length === 0) return [...targets];
  // A plain name is most often a branch label: resolve it as one for a clearer error.
  const shares = ids.map((id) => (id === check ? resolveBranch(ix, id) : revisionForIdent(ix, id)));
  if (branch !== undefined) shares.unshift(resolveBranch(ix, branch));
  const mark = lineage(ix, shares, withDeps);
  return targets.filter((t) => mark[t] === 1);
}

function byPrefix(
  ix: GraphIndex,
  ident: string,
  branch: string | undefined,
  branchRev: number | undefined,
): number {
  if (ident === '') {
    throw new AthanorError('E_UNKNOWN_REVISION', 'Empty revision identifier', { details: {} });
  }
  const keyRev = (key: string): number => (ix.byId.get(key) ?? ix.byLabel.get(key))!;
  let keys = keysStartingWith(ix.sortedKeys, ident).filter((k) => k.length > 3);
  if (branchRev !== undefined) {
    const mark = lineage(ix, [branchRev], false);
    keys = keys.filter((k) => mark[keyRev(k)] === 1);
  }
  const onBranch = branch === undefined ? '' : ` on branch '${branch}'`;
  // Alembic matches prefixes against branch labels too; say which candidates are labels.
  const describe = (key: string): string => (ix.byId.has(key) ? key : `${key} (branch label)`);
  if (keys.length === 0) {
    throw new AthanorError(
      'E_UNKNOWN_REVISION',
      `Unknown revision '${ident}': no revision id, id prefix or branch label${onBranch} matches it`,
      { details: { revision: ident } },
    );
  }
  if (keys.length > 1) {
    throw new AthanorError(
      'E_AMBIGUOUS_REVISION',
      `Revision prefix '${ident}' is ambiguous${onBranch}: it matches ${listIds(keys.map(describe))}; type more characters`,
      { details: { revision: ident, candidates: keys } },
    );
  }
  return keyRev(keys[0]!);
}

function keysStartingWith(sorted: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
