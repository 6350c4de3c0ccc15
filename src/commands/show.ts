import type { CommandContext } from './context.js';
import { describeRevisions, type RevisionInfo } from './revision-info.js';

/** `athanor show <rev>`. */
export interface ShowResult {
  readonly target: string;
  readonly revisions: readonly RevisionInfo[];
}

/**
 * Describes the revisions a target names: an id or unique prefix, `head`, `heads`,
 * `label@head`, ... (`base` names none).
 *
 * @example
 * const { revisions } = await show(ctx, 'c3c3');
 */
export async function show(ctx: CommandContext, target: string, options: { readonly current?: readonly string[] } = {}): Promise<ShowResult> {
  const graph = await ctx.graph();
  const ids = graph.resolve(target, options.current);
  return { target, revisions: await describeRevisions(ctx.scripts, graph, ids, options.current) };
}
