import { randomUUID } from 'node:crypto';
import type { TransactionMode } from '../config/config-types.js';
import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { MigrationStep } from '../graph/revision-graph.js';
import type { MigrationModule } from '../operations/migration.js';
import { callMigration } from '../operations/op.js';
import { emitRunEvent, formatStepLine, type RunEventListener, type StepInfo } from './events.js';
import type { RunExecutor } from './executor.js';
import { ForeignKeysOffRequired } from './live-executor.js';
import {
  finishLogRow,
  insertLogRow,
  updateLogProgress,
  type LogEntry,
  type RunOrigin,
} from './log-table.js';
import type { SqlFragment } from '../operations/sql-tag.js';
import { migrationFailure } from './migration-failure.js';
import { uncheckedNote } from './migration-requirements.js';
import { countOperations } from './preflight.js';
import type { PreparedRun } from './run-preparation.js';
import { versionDeltaStatements, type QualifiedTable } from './version-table.js';

/** One applied step, as a command's result reports it. */
export interface StepResult {
  readonly revision: string;
  readonly stem: string;
  readonly direction: 'up' | 'down';
  readonly durationMs: number;
  /** Operations the migration made (skipped ones included). */
  readonly operations: number;
  /**
   * Why the migration's operations were not run (its `requires` is not met here); the version
   * moved all the same.
   */
  readonly skipped?: string;
}

export interface StepRunnerOptions {
  readonly executor: RunExecutor;
  readonly dialect: Dialect;
  /** Effective mode: 'none' where DDL is not transactional. */
  readonly mode: TransactionMode;
  readonly versionTable: QualifiedTable;
  /** The log table, online only. */
  readonly logTable: QualifiedTable | undefined;
  readonly origin: RunOrigin;
  readonly args: Readonly<Record<string, string>>;
  readonly onEvent?: RunEventListener;
  /**
   * Migrations whose `requires` this database does not meet (revision id -> reason): their
   * upgrade or downgrade is not called, and their version moves all the same.
   */
  readonly skips?: ReadonlyMap<string, string>;
}

/** Mutable facts about the step being run, for its failure report. */
interface StepState {
  readonly info: StepInfo;
  readonly migration: MigrationModule;
  readonly startedAt: Date;
  readonly t0: number;
  total: number | undefined;
  logRowWritten: boolean;
}

/**
 * Runs the steps of a prepared plan, each in its transaction per the mode ('each': one per
 * migration, with the version rows and the log row inside it; 'all': one for the run; 'none'),
 * honouring a migration's `transaction: false`.
 *
 * @example
 * const results = await new StepRunner({ executor, dialect, mode: 'each', versionTable, logTable, origin, args: {} }).runAll(prepared);
 */
export class StepRunner {
  readonly #o: StepRunnerOptions;
  readonly #runId = randomUUID();

  constructor(options: StepRunnerOptions) {
    this.#o = options;
  }

  async runAll(prepared: PreparedRun): Promise<StepResult[]> {
    const { executor, mode } = this.#o;
    const steps = prepared.plan.steps;
    const results: StepResult[] = [];
    if (mode === 'all') {
      // One transaction for the run: foreign keys cannot be switched off half-way through it.
      executor.setForeignKeysOffAtBegin(true);
      await executor.begin();
    }
    try {
      for (const [i, step] of steps.entries()) {
        results.push(await this.#runStep(prepared, step, i + 1, steps.length));
      }
      await executor.commit();
    } finally {
      if (executor.inTransaction) await executor.rollback().catch(() => undefined);
      executor.setForeignKeysOffAtBegin(false);
    }
    return results;
  }

  async #runStep(
    prepared: PreparedRun,
    step: MigrationStep,
    index: number,
    total: number,
  ): Promise<StepResult> {
    const { executor, onEvent } = this.#o;
    const migration = prepared.migrations.get(step.revision.id);
    if (!migration)
      throw new AthanorError('E_SCRIPT', `revision ${step.revision.id} was not loaded`);
    const info = stepInfo(prepared, step, migration, index, total);
    const state: StepState = {
      info,
      migration,
      startedAt: new Date(),
      t0: performance.now(),
      total: undefined,
      logRowWritten: false,
    };
    emitRunEvent(onEvent, { kind: 'stepStarted', step: info });
    executor.comment(formatStepLine(info));
    try {
      await this.#attemptTwice(prepared, step, state);
    } catch (error) {
      throw await this.#fail(error, prepared, state);
    }
    const durationMs = performance.now() - state.t0;
    emitRunEvent(onEvent, { kind: 'stepFinished', step: info, durationMs });
    const skipped = this.#o.skips?.get(step.revision.id);
    return {
      revision: info.revision.revision,
      stem: info.revision.stem,
      direction: info.direction,
      durationMs,
      operations: executor.operationCount,
      ...(skipped === undefined ? {} : { skipped }),
    };
  }

  /**
   * SQLite: a copy-and-move that comes after other work in the step's transaction cannot switch
   * foreign keys off; the step is rolled back and run again with them off from its BEGIN.
   */
  async #attemptTwice(prepared: PreparedRun, step: MigrationStep, state: StepState): Promise<void> {
    const { executor, mode } = this.#o;
    try {
      await this.#attempt(prepared, step, state);
    } catch (error) {
      if (!(error instanceof ForeignKeysOffRequired) || mode !== 'each') throw error;
      await executor.rollback();
      executor.setForeignKeysOffAtBegin(true);
      try {
        await this.#attempt(prepared, step, state);
      } finally {
        executor.setForeignKeysOffAtBegin(false);
      }
    }
  }

  async #attempt(prepared: PreparedRun, step: MigrationStep, state: StepState): Promise<void> {
    const { executor, mode, dialect, args } = this.#o;
    const own = mode === 'each' && state.migration.transaction !== false;
    const outsideRunTransaction = mode === 'all' && state.migration.transaction === false;
    if (outsideRunTransaction) await executor.commit();
    if (own) await executor.begin();
    const atomic = executor.inTransaction;
    const skipped = this.#o.skips?.get(step.revision.id);
    if (!atomic && !executor.offline) {
      // Not rolled back on failure: count first (a dry run), then record the step as running.
      state.total = skipped
        ? 0
        : await countOperations(state.migration, step.direction, dialect, args);
      await this.#log(prepared, state, 'running', true);
    }
    executor.startStep({
      revision: state.info.revision,
      ...(!atomic && this.#o.logTable
        ? { onOperationDone: (n: number) => this.#progress(state, n) }
        : {}),
    });
    if (skipped) this.#skip(step, state, skipped);
    else await this.#migrate(step, state);
    await this.#finish(prepared, step, state, !atomic);
    if (own) await executor.commit();
    if (outsideRunTransaction) await executor.begin();
  }

  /** Calls the migration's upgrade or downgrade with a fresh `op`. */
  async #migrate(step: MigrationStep, state: StepState): Promise<void> {
    const { executor, dialect, args } = this.#o;
    if (executor.offline && dialect.capabilities.extensions) {
      const note = uncheckedNote(state.migration);
      if (note) executor.comment(note);
    }
    await callMigration(state.migration, step.direction, executor, {
      dialect,
      args,
      offline: executor.offline,
    });
  }

  /** A migration this database cannot run (`requires`): said in the log, and in a script. */
  #skip(step: MigrationStep, state: StepState, reason: string): void {
    emitRunEvent(this.#o.onEvent, {
      kind: 'migrationSkipped',
      revision: state.info.revision,
      direction: step.direction,
      reason,
    });
    this.#o.executor.comment(`skipped: ${reason}`);
  }

  /**
   * Moves the version rows and writes the step's log row ('done', or 'skipped' for a migration
   * whose `requires` is not met), in one round trip where the connection allows; the row counts
   * are checked before the step's COMMIT.
   */
  async #finish(
    prepared: PreparedRun,
    step: MigrationStep,
    state: StepState,
    separate: boolean,
  ): Promise<void> {
    const moves = versionDeltaStatements(this.#o.versionTable, step.versionDelta);
    const skipped = this.#o.skips?.has(step.revision.id) === true;
    const log = this.#logStatement(prepared, state, skipped ? 'skipped' : 'done', separate);
    const counts = await this.#o.executor.systemMany(log ? [...moves, log] : moves);
    if (log) state.logRowWritten = true;
    if (counts.slice(0, moves.length).includes(0)) {
      throw new AthanorError(
        'E_MIGRATION_FAILED',
        `the version table ${this.#o.versionTable.name} did not hold the rows this step expected ` +
          `(${step.versionDelta.delete.join(', ')}); was it changed by hand during the run?`,
      );
    }
  }

  /** Writes the step's log row: inserts it, or (when written as running before) updates it. */
  async #log(
    prepared: PreparedRun,
    state: StepState,
    status: LogEntry['status'],
    separate: boolean,
    failure?: Partial<LogEntry>,
  ): Promise<void> {
    const statement = this.#logStatement(prepared, state, status, separate, failure);
    if (!statement) return;
    await this.#o.executor.system(statement);
    state.logRowWritten = true;
  }

  /** The step's log row as an INSERT, or an UPDATE when it was written as running before. */
  #logStatement(
    prepared: PreparedRun,
    state: StepState,
    status: LogEntry['status'],
    separate: boolean,
    failure?: Partial<LogEntry>,
  ): SqlFragment | undefined {
    const table = this.#o.logTable;
    if (!table) return undefined;
    const finished = status !== 'running';
    const entry: LogEntry = {
      runId: this.#runId,
      step: state.info.index,
      revision: state.info.revision.revision,
      file: state.info.revision.stem,
      direction: state.info.direction,
      status,
      startedAt: state.startedAt,
      ...(finished ? { finishedAt: new Date(), durationMs: performance.now() - state.t0 } : {}),
      checksum: prepared.checksums.get(state.info.revision.revision) ?? '',
      operationsDone: finished ? (failure?.operationsDone ?? this.#o.executor.operationCount) : 0,
      ...failure,
    };
    const update = separate && state.logRowWritten;
    return update ? finishLogRow(table, entry) : insertLogRow(table, entry, this.#o.origin);
  }

  async #progress(state: StepState, done: number): Promise<void> {
    if (!this.#o.logTable) return;
    await this.#o.executor.system(
      updateLogProgress(this.#o.logTable, this.#runId, state.info.index, done),
    );
  }

  async #fail(error: unknown, prepared: PreparedRun, state: StepState): Promise<Error> {
    const { executor, dialect, mode, onEvent } = this.#o;
    const rolledBack = executor.inTransaction;
    await executor.rollback().catch(() => undefined);
    if (rolledBack) state.logRowWritten = false;
    const failure = migrationFailure(error, {
      step: state.info,
      file: prepared.files.get(state.info.revision.revision) ?? '',
      dialect,
      rolledBack,
      wholeRun: mode === 'all',
      operationsStarted: executor.operationCount,
      totalOperations: state.total,
    });
    const applied = Number(failure.details.appliedOperations ?? 0);
    const index = failure.details.operationIndex;
    await this.#log(prepared, state, 'failed', true, {
      operationsDone: applied,
      ...(typeof index === 'number' ? { failedOperation: index } : {}),
      error: failure.message.slice(0, 4000),
    }).catch(() => undefined);
    emitRunEvent(onEvent, {
      kind: 'stepFailed',
      step: state.info,
      durationMs: performance.now() - state.t0,
      error: failure.message,
    });
    return failure;
  }
}

function stepInfo(
  prepared: PreparedRun,
  step: MigrationStep,
  migration: MigrationModule,
  index: number,
  total: number,
): StepInfo {
  const label = (id: string) => prepared.labels.get(id) ?? { revision: id, stem: '' };
  return {
    index,
    total,
    direction: step.direction,
    revision: label(step.revision.id),
    message: migration.message ?? step.revision.message,
    from: step.from.map(label),
    to: step.to.map(label),
  };
}
