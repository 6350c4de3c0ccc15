import type { Dialect } from '../dialects/dialect.js';
import { AthanorError, MigrationError } from '../errors.js';
import { formatRevisionLabel, type StepInfo } from './events.js';
import { OperationFailure } from './executor.js';
import { PreflightFailure } from './preflight.js';

/** What the runner knows about a failed step. */
export interface FailureContext {
  readonly step: StepInfo;
  /** Absolute path of the migration file. */
  readonly file: string;
  readonly dialect: Dialect;
  /** The step ran inside a transaction that was rolled back. */
  readonly rolledBack: boolean;
  /** The run used one transaction for all steps (`transaction: 'all'`), rolled back as a whole. */
  readonly wholeRun: boolean;
  /** Operations the step had started (the failing one included). */
  readonly operationsStarted: number;
  /** Operations the migration makes in all, when a dry run could count them. */
  readonly totalOperations: number | undefined;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function range(done: number): string {
  if (done <= 0) return 'no operation was applied';
  if (done === 1) return 'operation 1 is applied';
  return `operations 1-${done} are applied`;
}

/** What state the database is left in, in words. */
function aftermath(ctx: FailureContext, applied: number, refused: boolean): string {
  if (refused) {
    return 'refused before it ran (a dry run compiles every operation first): no operation of it was applied; earlier migrations stay applied';
  }
  if (ctx.rolledBack) {
    return ctx.wholeRun
      ? 'the whole run was rolled back (transaction: all): the database is as it was before the run'
      : 'its transaction was rolled back: nothing of this migration remains; earlier migrations stay applied';
  }
  if (applied <= 0) return 'no operation of it was applied; earlier migrations stay applied';
  const why = ctx.dialect.capabilities.transactionalDdl
    ? 'because the migration ran outside a transaction'
    : `on ${ctx.dialect.name} (DDL commits implicitly)`;
  return `${range(applied)} and cannot be rolled back ${why}; the version table still shows the previous revision`;
}

/**
 * Turns whatever a step threw into a MigrationError naming the revision, its file, the
 * operation (kind and 1-based index), the SQL that failed and the database's error.
 *
 * @example
 * // upgrade a1b2c3 (002_add_index) failed at operation 3 of 5 (executeSql): relation "x" does not exist
 * //   SQL: CREATE INDEX ...
 */
export function migrationFailure(error: unknown, ctx: FailureContext): MigrationError {
  const who = `${ctx.step.direction === 'up' ? 'upgrade' : 'downgrade'} ${formatRevisionLabel(ctx.step.revision)}`;
  // A dry-run refusal (PreflightFailure) happens before the step counts or runs anything.
  const refused = error instanceof PreflightFailure;
  const total = refused ? error.total : ctx.totalOperations;
  const of = total === undefined ? '' : ` of ${total}`;
  const details: Record<string, unknown> = {
    revision: ctx.step.revision.revision,
    stem: ctx.step.revision.stem,
    file: ctx.file,
    direction: ctx.step.direction,
    dialect: ctx.dialect.name,
    rolledBack: ctx.rolledBack,
    totalOperations: total,
  };
  let headline: string;
  let applied: number;
  let cause = error;
  if (error instanceof OperationFailure) {
    applied = refused ? 0 : error.index - 1;
    cause = error.cause;
    Object.assign(details, {
      operationIndex: error.index,
      operation: error.operation,
      sql: error.sql,
    });
    headline = `${who} failed at operation ${error.index}${of} (${error.operation}): ${errorText(error.cause)}`;
  } else {
    applied = ctx.operationsStarted;
    const code = error instanceof AthanorError ? ` [${error.code}]` : '';
    headline = `${who} failed after operation ${applied}${of}${code}: ${errorText(error)}`;
  }
  details.appliedOperations = ctx.rolledBack ? 0 : Math.max(applied, 0);
  if (refused) details.refusedBeforeRunning = true;
  details.databaseError = errorText(cause);
  const lines = [headline];
  if (typeof details.sql === 'string') lines.push(`  SQL: ${details.sql}`);
  lines.push(`  file: ${ctx.file}`, `  ${aftermath(ctx, applied, refused)}`);
  return new MigrationError(lines.join('\n'), { cause, details });
}
