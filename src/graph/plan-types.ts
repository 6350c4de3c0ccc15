/**
 * The plans the graph hands to the runner: plain readonly data, serialisable for `--json`.
 */
import type { Revision } from './revision.js';

/**
 * Version-table rows to delete, then insert. An UPDATE of one row is a delete plus an insert.
 *
 * @example
 * const delta: VersionDelta = { delete: ['a1a1a1a1a1a1'], insert: ['b2b2b2b2b2b2'] };
 */
export interface VersionDelta {
  readonly delete: readonly string[];
  readonly insert: readonly string[];
}

/**
 * One migration to run, with the version rows it moves.
 *
 * @example
 * // "Running upgrade a1a1a1a1a1a1 -> b2b2b2b2b2b2, add users"
 * `Running ${step.direction === 'up' ? 'upgrade' : 'downgrade'} ${step.from.join(', ')} -> ${step.to.join(', ')}`;
 */
export interface MigrationStep {
  readonly direction: 'up' | 'down';
  readonly revision: Revision;
  /** For log lines like Alembic's "Running upgrade a, b -> c": the ids before and after this step. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** Version-table rows to delete/insert for this step, relative to the rows after the previous step. */
  readonly versionDelta: VersionDelta;
}

/**
 * A whole upgrade or downgrade, resolved before anything runs: `from` are the version rows now,
 * `to` the rows after the last step (both sorted).
 *
 * @example
 * const plan = graph.planUpgrade([], 'head'); plan.steps.map((s) => s.revision.id);
 */
export interface MigrationPlan {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly steps: readonly MigrationStep[];
}

/**
 * A stamp: version rows change, no migration runs. `versionDelta` goes from `from` to `to` directly.
 *
 * @example
 * const stamp = graph.planStamp(['a1a1a1a1a1a1'], ['heads']); stamp.versionDelta;
 */
export interface StampPlan {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly versionDelta: VersionDelta;
}
