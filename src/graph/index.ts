/**
 * The revision graph: pure (no files, no database), with Alembic's semantics.
 *
 * @example
 * import { RevisionGraph } from './graph/index.js';
 * const plan = RevisionGraph.build(revisions).planUpgrade([], 'head');
 */
export { RevisionGraph } from './revision-graph.js';
export type { HistoryOptions } from './revision-graph.js';
export type { MigrationPlan, MigrationStep, StampPlan, VersionDelta } from './plan-types.js';
export type { Revision } from './revision.js';
export { listIds, shortId } from './short-id.js';
