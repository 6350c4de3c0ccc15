/**
 * The revision graph's internal index: revisions in map (file-name) order, edges as array
 * indexes, so every walk is a loop over integers and never a recursion (graphs may be 10,000
 * revisions deep). Built and validated once by {@link buildIndex}, then never changed.
 *
 * Indexes stored here always point inside `nodes`, so lookups use `!` rather than re-checking.
 */
import { AthanorError } from '../errors.js';
import type { Revision } from './revision.js';
import { propagateLabels } from './branch-labels.js';
import { assertAcyclic } from './graph-cycles.js';

/** One revision and its edges, as Alembic's `Revision` sees them after the map is built. */
export interface GraphNode {
  readonly index: number;
  readonly revision: Revision;
  /** Versioned parents (`downRevision`), Alembic's `_versioned_down_revisions`. */
  readonly down: readonly number[];
  /** `dependsOn` resolved to revisions (ids or branch labels), declared order. */
  readonly deps: readonly number[];
  /** Alembic's `_normalized_down_revisions`: parents plus deps an ancestor does not already declare. */
  readonly normDown: readonly number[];
  /** Children by `downRevision` only (Alembic's `nextrev`). */
  readonly next: readonly number[];
  /** Children by `downRevision` or `dependsOn` (Alembic's `_all_nextrev`). */
  readonly allNext: readonly number[];
  /** Children by `normDown`: the reverse of the edges every ancestor walk follows. */
  readonly normNext: readonly number[];
  /** Branch labels after Alembic's propagation along the branch. */
  readonly labels: readonly string[];
}

/** The whole graph, read-only. */
export interface GraphIndex {
  readonly nodes: readonly GraphNode[];
  readonly byId: ReadonlyMap<string, number>;
  /** Label -> the revision that declares it. */
  readonly byLabel: ReadonlyMap<string, number>;
  /** Revision ids and labels, sorted, for prefix lookups by binary search. */
  readonly sortedKeys: readonly string[];
  /** Alembic's `heads`: no child by `downRevision`; map order. */
  readonly heads: readonly number[];
  /** Alembic's `_real_heads`: no child at all, `dependsOn` included; what `heads` resolves to. */
  readonly realHeads: readonly number[];
  /** No `downRevision` (a `dependsOn` may remain); map order. */
  readonly bases: readonly number[];
  readonly hasDependencies: boolean;
}

const reservedChars = ['@', '-', '+', ':'] as const;
const reservedPattern = /[@\-+:]/;
const none: readonly number[] = Object.freeze([]);

/**
 * Validates the revisions and builds the index.
 *
 * @example
 * const ix = buildIndex([{ id: 'a1', down: [], branchLabels: [], dependsOn: [], message: '', path: '' }]);
 * ix.heads; // [0]
 */
export function buildIndex(revisions: Iterable<Revision>): GraphIndex {
  const { list, byId } = collectRevisions(revisions);
  const byLabel = collectLabels(list, byId);
  const down = list.map((rev, i) => resolveDown(rev, i, byId, byLabel));
  const deps = list.map((rev, i) => resolveDeps(rev, i, byId, byLabel));
  // Without dependsOn every edge list equals its downRevision counterpart: share the arrays
  // (a 10,000-revision graph then allocates a few arrays per revision, not ten).
  const hasDependencies = deps.some((d) => d.length > 0);
  const allDown = hasDependencies ? down.map((ds, i) => unique([...ds, ...deps[i]!])) : down;
  const order = assertAcyclic(list, allDown);
  const normDown = hasDependencies ? normalizeDown(order, down, deps) : down;
  const next = childrenOf(down);
  const allNext = hasDependencies ? childrenOf(allDown) : next;
  const normNext = hasDependencies ? childrenOf(normDown) : next;
  const labels = propagateLabels(list, { down, next, allNext });
  const nodes = list.map((revision, index): GraphNode => ({
    index,
    revision,
    down: down[index]!,
    deps: deps[index]!,
    normDown: normDown[index]!,
    next: next[index]!,
    allNext: allNext[index]!,
    normNext: normNext[index]!,
    labels: labels[index]!,
  }));
  const indexes = nodes.map((n) => n.index);
  return {
    nodes,
    byId,
    byLabel,
    sortedKeys: [...byId.keys(), ...byLabel.keys()].sort(),
    heads: indexes.filter((i) => next[i]!.length === 0),
    realHeads: indexes.filter((i) => allNext[i]!.length === 0),
    bases: indexes.filter((i) => down[i]!.length === 0),
    hasDependencies,
  };
}

/** Where a revision comes from, for messages. */
function where(revision: Revision): string {
  return revision.path === '' ? revision.id : `${revision.id} (${revision.path})`;
}

function collectRevisions(revisions: Iterable<Revision>): {
  list: Revision[];
  byId: Map<string, number>;
} {
  const list: Revision[] = [];
  const byId = new Map<string, number>();
  for (const revision of revisions) {
    checkId(revision);
    const seen = byId.get(revision.id);
    if (seen !== undefined) {
      throw new AthanorError(
        'E_DUPLICATE_REVISION',
        `Revision id ${revision.id} is used twice: by ${list[seen]!.path || 'one revision'} and by ${revision.path || 'another'}; give one of them a new id`,
        { details: { revision: revision.id } },
      );
    }
    byId.set(revision.id, list.length);
    list.push(revision);
  }
  return { list, byId };
}

function checkId(revision: Revision): void {
  if (revision.id !== '' && !reservedPattern.test(revision.id)) return;
  const bad = reservedChars.filter((c) => revision.id.includes(c));
  const why =
    revision.id === ''
      ? 'is empty'
      : `contains ${bad.map((c) => `'${c}'`).join(', ')}, reserved for targets like 'branch@head', '+1' and 'a:b'`;
  const from = revision.path === '' ? '' : ` (${revision.path})`;
  throw new AthanorError('E_GRAPH', `Revision id '${revision.id}'${from} ${why}`, {
    details: { revision: revision.id },
  });
}

function collectLabels(
  list: readonly Revision[],
  byId: ReadonlyMap<string, number>,
): Map<string, number> {
  const byLabel = new Map<string, number>();
  list.forEach((rev, i) => {
    for (const label of rev.branchLabels) {
      const owner = byLabel.get(label);
      if (owner === i) continue;
      if (owner !== undefined || byId.has(label)) {
        const other =
          owner !== undefined ? `branch label of ${where(list[owner]!)}` : 'revision id';
        throw new AthanorError(
          'E_GRAPH',
          `Branch label '${label}' of revision ${where(rev)} is already used as a ${other}; labels must be unique`,
          { details: { label, revision: rev.id } },
        );
      }
      byLabel.set(label, i);
    }
  });
  return byLabel;
}

function resolveDown(
  rev: Revision,
  i: number,
  byId: ReadonlyMap<string, number>,
  byLabel: ReadonlyMap<string, number>,
): readonly number[] {
  if (rev.down.length === 0) return none;
  return unique(
    rev.down.map((d) => {
      const j = byId.get(d);
      if (j === i) throw selfLoop(rev, 'down revision');
      if (j !== undefined) return j;
      const hint = byLabel.has(d)
        ? ` ('${d}' is a branch label; downRevision must name a revision id)`
        : '';
      throw new AthanorError(
        'E_MISSING_REVISION',
        `Revision ${where(rev)} has down revision '${d}', which is not a known revision${hint}`,
        { details: { revision: rev.id, missing: d } },
      );
    }),
  );
}

function resolveDeps(
  rev: Revision,
  i: number,
  byId: ReadonlyMap<string, number>,
  byLabel: ReadonlyMap<string, number>,
): readonly number[] {
  if (rev.dependsOn.length === 0) return none;
  return unique(
    rev.dependsOn.map((d) => {
      const j = byId.get(d) ?? byLabel.get(d);
      if (j === i) throw selfLoop(rev, 'dependency');
      if (j !== undefined) return j;
      throw new AthanorError(
        'E_MISSING_REVISION',
        `Revision ${where(rev)} depends on '${d}', which is neither a known revision nor a branch label`,
        { details: { revision: rev.id, missing: d } },
      );
    }),
  );
}

function selfLoop(rev: Revision, what: string): AthanorError {
  return new AthanorError('E_CYCLE', `Revision ${where(rev)} names itself as its own ${what}`, {
    details: { revisions: [rev.id] },
  });
}

/**
 * Alembic drops a dependency when a (versioned) ancestor already declares it. Walking in
 * topological order, each revision inherits its ancestors' declared deps; a single parent
 * without deps of its own shares its set, so a long chain costs nothing.
 */
function normalizeDown(
  order: readonly number[],
  down: readonly (readonly number[])[],
  deps: readonly (readonly number[])[],
): (readonly number[])[] {
  const none: ReadonlySet<number> = new Set();
  const inherited: ReadonlySet<number>[] = new Array<ReadonlySet<number>>(down.length);
  for (const i of order) {
    const parents = down[i]!;
    const only = parents.length === 1 ? parents[0]! : -1;
    if (parents.length === 0) inherited[i] = none;
    else if (only >= 0 && deps[only]!.length === 0) inherited[i] = inherited[only]!;
    else {
      const acc = new Set<number>();
      for (const p of parents) {
        for (const d of inherited[p]!) acc.add(d);
        for (const d of deps[p]!) acc.add(d);
      }
      inherited[i] = acc;
    }
  }
  return down.map((ds, i) =>
    deps[i]!.length === 0 ? ds : unique([...ds, ...deps[i]!.filter((d) => !inherited[i]!.has(d))]),
  );
}

function childrenOf(parents: readonly (readonly number[])[]): (readonly number[])[] {
  const children: (number[] | undefined)[] = new Array<number[] | undefined>(parents.length);
  parents.forEach((ps, i) => {
    for (const p of ps) (children[p] ??= []).push(i);
  });
  // Heads share one empty list.
  return Array.from(children, (c) => c ?? none);
}

/** `items` (a fresh array) without repeats. */
function unique<T>(items: T[]): T[] {
  // Most revisions have one parent and no dependency: skip the Set.
  return items.length <= 1 ? items : [...new Set(items)];
}
