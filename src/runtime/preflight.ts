import type { Dialect } from '../dialects/dialect.js';
import type { MigrationModule } from '../operations/migration.js';
import type { Operation } from '../operations/operation.js';
import { callMigration } from '../operations/op.js';
import { OperationFailure, skipsOperation, type Executor } from './executor.js';

/** Thrown by the preflight executor when the migration reads data: the count is then unknown. */
class PreflightStop extends Error {}

/**
 * An operation the dry run found this dialect cannot compile: the migration is refused before
 * any of its operations runs. `total` is how many operations the migration makes, when known.
 */
export class PreflightFailure extends OperationFailure {
  readonly total: number | undefined;
  constructor(failure: OperationFailure, total: number | undefined) {
    super(failure.index, failure.operation, failure.sql, failure.cause);
    this.name = 'PreflightFailure';
    this.total = total;
  }
}

/**
 * Records the operations of a migration without running them, and compiles each, so that on a
 * dialect without transactional DDL (MySQL) a step that could never run fails before it applies
 * anything, and a failure can say "operation 3 of 5".
 */
class PreflightExecutor implements Executor {
  readonly dialect: Dialect;
  readonly offline = false;
  readonly #compile: boolean;
  count = 0;
  /** The first operation that cannot compile; the dry run goes on to count the rest. */
  failure: OperationFailure | undefined;

  constructor(dialect: Dialect, compile: boolean) {
    this.dialect = dialect;
    this.#compile = compile;
  }

  async apply(op: Operation): Promise<void> {
    const index = ++this.count;
    if (!this.#compile || this.failure || skipsOperation(op, this.dialect)) return;
    try {
      this.dialect.compile(op, { offline: false });
    } catch (error) {
      this.failure = new OperationFailure(index, op.kind, undefined, error);
    }
  }

  async applyBatch(_table: string, ops: readonly Operation[]): Promise<void> {
    if (this.dialect.capabilities.alterColumn) {
      for (const op of ops) await this.apply(op);
    } else {
      this.count++;
    }
  }

  async query<R>(): Promise<R[]> {
    throw new PreflightStop();
  }

  async autocommit(fn: () => Promise<void>): Promise<void> {
    await fn();
  }
}

/**
 * Dry-runs a migration's upgrade or downgrade and returns how many operations it makes, or
 * undefined when it reads data (`op.query`) and so cannot be counted without running. Throws a
 * PreflightFailure when one of its operations cannot compile on this dialect.
 *
 * @example
 * await countOperations(migration, 'up', mysqlDialect, {}); // 5
 */
export async function countOperations(
  migration: MigrationModule,
  direction: 'up' | 'down',
  dialect: Dialect,
  args: Readonly<Record<string, string>>,
): Promise<number | undefined> {
  // Copy-and-move compiles need the live table, so only dialects that ALTER are compiled here.
  const executor = new PreflightExecutor(dialect, dialect.capabilities.alterColumn);
  try {
    await callMigration(migration, direction, executor, { dialect, args, offline: false });
  } catch (error) {
    if (error instanceof OperationFailure) throw error;
    if (executor.failure) throw new PreflightFailure(executor.failure, undefined);
    // A read (or code that depends on one) ends the dry run: the live run will tell.
    return undefined;
  }
  if (executor.failure) throw new PreflightFailure(executor.failure, executor.count);
  return executor.count;
}
