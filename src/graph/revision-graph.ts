/**
 * RevisionGraph: the migration files' revisions as Alembic's RevisionMap sees them: heads,
 * bases, target resolution, history, and upgrade / downgrade / stamp plans. Pure: no files, no
 * database. Every walk is iterative, so graphs thousands of revisions deep are fine.
 */
import { AthanorError } from '../errors.js';
import { buildIndex } from './graph-index.js';
import type { GraphIndex } from './graph-index.js';
import { history } from './history.js';
import { planDowngrade, planUpgrade } from './plan.js';
import type { MigrationPlan, StampPlan } from './plan-types.js';
import type { Revision } from './revision.js';
import { planStamp } from './stamp.js';
import { parseDowngradeTarget, parseRelative, parseUpgradeTarget } from './targets.js';
import { getRevisions } from './walk.js';

export type { MigrationPlan, MigrationStep, StampPlan, VersionDelta } from './plan-types.js';

/** Options for {@link RevisionGraph.history}. */
export interface HistoryOptions {
  /** 'start:end', either side optional; 'current' stands for `current`. */
  readonly range?: string;
  /** The version rows, needed for 'current' in `range`. */
  readonly current?: readonly string[];
}

/**
 * The revision graph.
 *
 * @example
 * const graph = RevisionGraph.build(revisions);   // file-name order
 * graph.heads();                                   // ['c3c3c3c3c3c3']
 * const plan = graph.planUpgrade([], 'head');      // steps a1 -> b2 -> c3
 */
export class RevisionGraph {
  readonly #ix: GraphIndex;
  readonly #revisions: readonly Revision[];

  private constructor(ix: GraphIndex) {
    this.#ix = ix;
    this.#revisions = Object.freeze(ix.nodes.map((n) => n.revision));
  }

  /**
   * Builds and validates the graph; iteration order is the map order (file-name order), which
   * Alembic's ordering rules depend on. Throws E_DUPLICATE_REVISION, E_MISSING_REVISION,
   * E_CYCLE, or E_GRAPH (reserved characters in an id, a branch label used twice).
   *
   * @example
   * RevisionGraph.build([{ id: 'a1', down: [], branchLabels: [], dependsOn: [], message: 'init', path: '' }]);
   */
  static build(revisions: Iterable<Revision>): RevisionGraph {
    return new RevisionGraph(buildIndex(revisions));
  }

  /** Number of revisions. @example graph.size; // 3 */
  get size(): number {
    return this.#revisions.length;
  }

  /** All revisions in map (file) order. @example graph.revisions().map((r) => r.id); */
  revisions(): readonly Revision[] {
    return this.#revisions;
  }

  /** The revision with this full id; E_UNKNOWN_REVISION otherwise. @example graph.get('a1a1a1a1a1a1').message; */
  get(id: string): Revision {
    return this.#ix.nodes[this.#index(id)]!.revision;
  }

  /** Whether a revision has this full id. @example graph.has('a1a1a1a1a1a1'); // true */
  has(id: string): boolean {
    return this.#ix.byId.has(id);
  }

  /** Revisions whose downRevision names `id`, in map order. @example graph.children('a1a1a1a1a1a1'); */
  children(id: string): readonly string[] {
    return this.#ids(this.#ix.nodes[this.#index(id)]!.next);
  }

  /**
   * The branch labels `id` carries, declared or inherited along its branch as Alembic
   * propagates them.
   *
   * @example
   * graph.branchLabels('b2b2b2b2b2b2'); // ['lx'] when its parent declares 'lx'
   */
  branchLabels(id: string): readonly string[] {
    return this.#ix.nodes[this.#index(id)]!.labels;
  }

  /** Revisions no downRevision names (Alembic's `heads`), map order. @example graph.heads(); */
  heads(): string[] {
    return this.#ids(this.#ix.heads);
  }

  /** Revisions without downRevision, map order. @example graph.bases(); // ['a1a1a1a1a1a1'] */
  bases(): string[] {
    return this.#ids(this.#ix.bases);
  }

  /** Revisions with more than one child. @example graph.branchPoints(); */
  branchPoints(): string[] {
    return this.#ids(this.#ix.nodes.filter((n) => n.next.length > 1).map((n) => n.index));
  }

  /** Revisions with more than one downRevision. @example graph.mergePoints(); */
  mergePoints(): string[] {
    return this.#ids(this.#ix.nodes.filter((n) => n.down.length > 1).map((n) => n.index));
  }

  /**
   * Resolves a target to revision ids ([] for base): 'head', 'heads', 'base', a full id, a
   * unique prefix, a branch label, 'label@head', 'label@heads', 'label@base', 'label@<rev>',
   * and the relative forms '+N', '-N', 'label@+N', 'label@-N', '<rev>+N', '<rev>-N', 'head-1'.
   * '+N' and '-N' without a revision count from `current`, the version rows.
   *
   * @example
   * graph.resolve('c3c3');                       // ['c3c3c3c3c3c3']
   * graph.resolve('-1', ['c3c3c3c3c3c3']);       // ['b2b2b2b2b2b2']
   */
  resolve(target: string, current?: readonly string[]): string[] {
    const ix = this.#ix;
    const rel = parseRelative(target);
    if (rel === undefined) return this.#positions(getRevisions(ix, target));
    if (rel.symbol === undefined && current === undefined) {
      throw new AthanorError(
        'E_RANGE',
        `Relative revision ${target} counts from the current version rows; pass them`,
        { details: { target } },
      );
    }
    const rows = [...new Set(current ?? [])].sort();
    if (rel.steps > 0 || rel.symbol !== undefined)
      return this.#positions(parseUpgradeTarget(ix, rows, target));
    return this.#positions([parseDowngradeTarget(ix, rows, target).target]);
  }

  /**
   * Revisions as Alembic's `history` lists them, newest first.
   *
   * @example
   * graph.history({ range: 'a1a1:heads' }).map((r) => r.id);
   */
  history(options: HistoryOptions = {}): Revision[] {
    return history(this.#ix, options.range, options.current).map(
      (i) => this.#ix.nodes[i]!.revision,
    );
  }

  /**
   * Plans `upgrade <target>` from the version rows `current`. E_RANGE when the target is
   * already behind the rows, a relative target walks past the end or is ambiguous, or the rows
   * overlap; MultipleHeadsError for 'head' with several heads.
   *
   * @example
   * graph.planUpgrade([], 'heads').steps.map((s) => s.revision.id);
   */
  planUpgrade(current: readonly string[], target: string): MigrationPlan {
    return planUpgrade(this.#ix, current, target);
  }

  /**
   * Plans `downgrade <target>` from the version rows `current`. E_RANGE when the target is not
   * below the rows, or '-N' is ambiguous (from a merge point) or walks past base.
   *
   * @example
   * graph.planDowngrade(['c3c3c3c3c3c3'], 'base').steps.map((s) => s.revision.id);
   */
  planDowngrade(current: readonly string[], target: string): MigrationPlan {
    return planDowngrade(this.#ix, current, target);
  }

  /**
   * Plans `stamp <targets...>` (no migration runs). `purge` empties the version table first.
   *
   * @example
   * graph.planStamp(['a1a1a1a1a1a1'], ['heads']).versionDelta;
   */
  planStamp(
    current: readonly string[],
    targets: readonly string[],
    options: { purge?: boolean } = {},
  ): StampPlan {
    return planStamp(this.#ix, current, targets, options.purge === true);
  }

  #index(id: string): number {
    const i = this.#ix.byId.get(id);
    if (i !== undefined) return i;
    throw new AthanorError(
      'E_UNKNOWN_REVISION',
      `Unknown revision '${id}' (a full revision id is needed here)`,
      {
        details: { revision: id },
      },
    );
  }

  #ids(indexes: readonly number[]): string[] {
    return indexes.map((i) => this.#ix.nodes[i]!.revision.id);
  }

  #positions(positions: readonly (number | null)[]): string[] {
    return this.#ids(positions.filter((p): p is number => p !== null));
  }
}
