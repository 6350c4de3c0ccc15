import type { CommandContext } from './context.js';
import { describeRevisions, type RevisionInfo } from './revision-info.js';

/** A branch point and the revisions it branches into. */
export interface BranchPointInfo extends RevisionInfo {
  readonly branches: readonly RevisionInfo[];
}

/** `athanor branches`. */
export interface BranchesResult {
  readonly branchPoints: readonly BranchPointInfo[];
}

/**
 * Lists branch points (revisions with two or more children), newest first as Alembic walks
 * them, each with the revisions it branches into.
 *
 * @example
 * const { branchPoints } = await branches(ctx);
 */
export async function branches(ctx: CommandContext, options: { readonly current?: readonly string[] } = {}): Promise<BranchesResult> {
  const graph = await ctx.graph();
  const points = graph.history().filter((r) => graph.children(r.id).length > 1);
  const result: BranchPointInfo[] = [];
  for (const info of await describeRevisions(ctx.scripts, graph, points.map((r) => r.id), options.current)) {
    const children = await describeRevisions(ctx.scripts, graph, info.nextRevisions, options.current);
    result.push(Object.freeze({ ...info, branches: children }));
  }
  return { branchPoints: result };
}
