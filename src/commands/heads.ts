import type { CommandContext } from './context.js';
import { describeRevisions, type RevisionInfo } from './revision-info.js';

/** `athanor heads`: the revisions nothing builds on. */
export interface HeadsResult {
  readonly heads: readonly RevisionInfo[];
}

/**
 * Lists the heads of the revision graph, in the graph's order.
 *
 * @example
 * const { heads: list } = await heads(await buildContext());
 * list.map((h) => `${h.revision} ${h.stem}`);
 */
export async function heads(ctx: CommandContext, options: { readonly current?: readonly string[] } = {}): Promise<HeadsResult> {
  const graph = await ctx.graph();
  return { heads: await describeRevisions(ctx.scripts, graph, graph.heads(), options.current) };
}
