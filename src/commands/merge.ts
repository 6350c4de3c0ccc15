import { AthanorError } from '../errors.js';
import type { CommandContext } from './context.js';
import { checkSplice, createRevision, type RevisionResult } from './revision.js';

/** Options of `athanor merge`. */
export interface MergeOptions {
  readonly message?: string;
  /** What to merge: `['heads']` (the default) or two or more heads by id, prefix or label. */
  readonly revisions?: readonly string[];
  readonly revId?: string;
  readonly branchLabel?: string | readonly string[];
  readonly now?: Date;
}

/**
 * Writes a merge revision whose downRevision lists the given heads (Alembic's `merge`).
 * Every revision merged must be a head, and there must be at least two.
 *
 * @example
 * const { created } = await merge(ctx, { message: 'merge heads', revisions: ['heads'] });
 * created.downRevisions; // ['a1b2c3d4e5f6', 'f6e5d4c3b2a1']
 */
export async function merge(ctx: CommandContext, options: MergeOptions = {}): Promise<RevisionResult> {
  const graph = await ctx.graph();
  const targets = options.revisions !== undefined && options.revisions.length > 0 ? options.revisions : ['heads'];
  const parents = [...new Set(targets.flatMap((t) => graph.resolve(t)))];
  if (parents.length < 2) {
    throw new AthanorError('E_USAGE', `nothing to merge: '${targets.join(' ')}' names ${parents.length === 1 ? `one revision (${parents[0]})` : 'no revision'}; a merge needs two or more heads`);
  }
  const stemById = new Map<string, string>();
  for (const id of parents) stemById.set(id, await ctx.scripts.stemOf(id));
  checkSplice(graph, parents, false, stemById, 'only heads can be merged');
  return createRevision(ctx, graph, parents, {
    ...(options.message !== undefined ? { message: options.message } : {}),
    ...(options.revId !== undefined ? { revId: options.revId } : {}),
    ...(options.branchLabel !== undefined ? { branchLabel: options.branchLabel } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}
