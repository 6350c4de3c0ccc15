import { summarizeOperations } from '../autogen/render.js';
import { noteText } from './autogenerate.js';
import type { CommandContext } from './context.js';
import { diffModels, notUpToDate } from './schema-diff.js';

/** The answer of `athanor check` (also its `--json` payload). */
export interface CheckResult {
  /** The database is at head and matches the models: exit status 0. */
  readonly ok: boolean;
  /** The version rows are exactly the heads of the versions folder. */
  readonly upToDate: boolean;
  readonly current: readonly string[];
  readonly heads: readonly string[];
  /** One line per operation an autogenerate would write: `+ table users`, ... */
  readonly differences: readonly string[];
  /** What compare left to a person (rename candidates, enum values it cannot drop). */
  readonly notes: readonly string[];
  /** Why the check failed, in one sentence; undefined when it passed. */
  readonly reason?: string;
}

/**
 * Alembic's `check`: is the database at head, and does it match the models? Runs the same
 * comparison as `revision --autogenerate` and writes nothing. A database that is not at head
 * fails without being compared (its differences would be those of the missing migrations).
 *
 * @example
 * const result = await check(ctx);
 * if (!result.ok) console.error(result.reason, result.differences);
 */
export async function check(ctx: CommandContext): Promise<CheckResult> {
  const diff = await diffModels(ctx);
  const base = { upToDate: diff.upToDate, current: diff.current, heads: diff.heads };
  if (!diff.upToDate) {
    const reason = (await notUpToDate(ctx, diff)).message;
    return { ...base, ok: false, differences: [], notes: [], reason };
  }
  const differences = summarizeOperations(diff.upgrade.operations);
  const notes = diff.upgrade.comments.map(noteText);
  if (differences.length === 0) return { ...base, ok: true, differences, notes };
  const count = `${differences.length} difference${differences.length === 1 ? '' : 's'}`;
  return {
    ...base,
    ok: false,
    differences,
    notes,
    reason: `${count} between the models and the database; run \`athanor revision --autogenerate -m "..."\``,
  };
}
