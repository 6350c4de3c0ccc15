import type { CommandContext } from './context.js';
import { describeRevisions, type RevisionInfo } from './revision-info.js';

/** What `history` shows. */
export interface HistoryOptions {
  /** `-r`: `base:heads`, `a1:`, `:c3`, `-2:`, `current:` ... (Alembic's ranges). */
  readonly range?: string;
  /**
   * The database's version rows. Needed for ranges naming `current` and for marking current
   * revisions (`--indicate-current`); the command itself never opens a connection.
   */
  readonly current?: readonly string[];
  /** Mark the revisions in `current` (`isCurrent`); default: when `current` is given. */
  readonly indicateCurrent?: boolean;
}

/** `athanor history`, newest first. */
export interface HistoryResult {
  readonly range: string | null;
  readonly revisions: readonly RevisionInfo[];
}

/**
 * The revisions in a range, newest first (Alembic's `walk_revisions` order).
 *
 * @example
 * const { revisions } = await history(ctx, { range: 'base:heads' });
 */
export async function history(ctx: CommandContext, options: HistoryOptions = {}): Promise<HistoryResult> {
  const graph = await ctx.graph();
  const revs = graph.history({
    ...(options.range !== undefined ? { range: options.range } : {}),
    ...(options.current !== undefined ? { current: options.current } : {}),
  });
  const mark = options.indicateCurrent ?? options.current !== undefined;
  const current = mark ? (options.current ?? []) : undefined;
  return {
    range: options.range ?? null,
    revisions: await describeRevisions(ctx.scripts, graph, revs.map((r) => r.id), current),
  };
}
