import type { Dialect, Statement } from '../dialects/dialect.js';
import type { Operation, OperationKind } from '../operations/operation.js';
import type { SqlFragment } from '../operations/sql-tag.js';
import type { RevisionLabel } from './events.js';

/**
 * Where operations go. The `op` facade hands every Operation to an executor: the LiveExecutor
 * compiles and runs it on a connection, the ScriptExecutor appends its SQL to an offline script.
 * This is the only place that knows the mode (Alembic's `as_sql` branch, one level up).
 *
 * @example
 * const op = createOp(executor, { dialect, args: {}, offline: executor.offline });
 * await op.addColumn('users', 'phone', t.string(20)); // -> executor.apply({ kind: 'addColumn', ... })
 */
export interface Executor {
  readonly dialect: Dialect;
  readonly offline: boolean;
  /** Compiles and runs (or writes) one operation; skips it when its `dialects` exclude this one. */
  apply(op: Operation): Promise<void>;
  /**
   * Applies a group of changes to one table (`op.batch`): one copy-and-move where the dialect
   * cannot ALTER, one by one elsewhere.
   */
  applyBatch(table: string, ops: readonly Operation[]): Promise<void>;
  /** Runs a query and returns its rows (online only; the script executor throws E_OFFLINE). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Commits the current transaction, runs `fn` outside any transaction, and begins again. */
  autocommit(fn: () => Promise<void>): Promise<void>;
}

/** What the runner tells the executor about the migration being applied. */
export interface StepScope {
  readonly revision: RevisionLabel;
  /** Called after each applied operation (1-based index); used for MySQL progress rows. */
  readonly onOperationDone?: (index: number) => Promise<void>;
}

/** The runner's view of an executor: transactions and athanor's own bookkeeping statements. */
export interface RunExecutor extends Executor {
  readonly inTransaction: boolean;
  /** Operations applied (or skipped) in the current step. */
  readonly operationCount: number;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Where tables are altered by copy-and-move (SQLite): switch foreign-key enforcement off before
   * every BEGIN, for a run in one transaction or a step that must restart (see LiveExecutor).
   */
  setForeignKeysOffAtBegin(value: boolean): void;
  /** Starts counting operations for a new step. */
  startStep(scope: StepScope): void;
  /**
   * Runs one of athanor's own statements (version and log rows). Resolves to the changed-row
   * count online, or -1 offline.
   */
  system(statement: SqlFragment): Promise<number>;
  /**
   * Runs several of athanor's own statements, in one round trip where the connection allows;
   * resolves to each one's changed-row count (-1 offline).
   */
  systemMany(statements: readonly SqlFragment[]): Promise<number[]>;
  /** Compiles and runs one of athanor's own operations (creating the version tables). */
  systemOperation(op: Operation): Promise<void>;
  /** Writes an SQL comment line into an offline script; ignored online. */
  comment(text: string): void;
}

/**
 * An operation that failed while it was applied: which one (1-based index and kind), the SQL
 * that failed, and the database's error as `cause`. The runner turns it into a MigrationError.
 *
 * @example
 * throw new OperationFailure(3, 'executeSql', 'SELECT nope', databaseError);
 */
export class OperationFailure extends Error {
  readonly index: number;
  /** The operation's kind, or 'query' for `op.query`. */
  readonly operation: OperationKind | 'query';
  readonly sql: string | undefined;

  constructor(
    index: number,
    operation: OperationKind | 'query',
    sql: string | undefined,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'OperationFailure';
    this.index = index;
    this.operation = operation;
    this.sql = sql;
  }
}

/**
 * True when the operation was told which dialects it is for and this one is not among them.
 *
 * @example
 * skipsOperation({ kind: 'createExtension', name: 'vector', dialects: ['postgresql'] }, sqliteDialect); // true
 */
export function skipsOperation(op: Operation, dialect: Dialect): boolean {
  return op.dialects !== undefined && !op.dialects.includes(dialect.name);
}

/**
 * CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction block, so the executor moves
 * it out (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 *
 * @example
 * needsAutocommit({ kind: 'dropIndex', name: 'ix', concurrently: true }, postgresDialect); // true
 */
export function needsAutocommit(op: Operation, dialect: Dialect): boolean {
  if (!dialect.capabilities.concurrentIndexes) return false;
  return (op.kind === 'createIndex' || op.kind === 'dropIndex') && op.concurrently === true;
}

/** Kinds of operation that can never leave a row violating a foreign key. */
const foreignKeySafeKinds: ReadonlySet<OperationKind> = new Set<OperationKind>([
  'createTable',
  'createIndex',
  'dropIndex',
  'createEnum',
  'dropEnum',
  'addEnumValue',
  'createExtension',
  'dropExtension',
  'setTableComment',
]);

/**
 * Whether a foreign-key check is worth running after this operation.
 *
 * @example
 * mayViolateForeignKeys({ kind: 'createIndex', index }); // false
 */
export function mayViolateForeignKeys(op: Operation): boolean {
  return !foreignKeySafeKinds.has(op.kind);
}

/**
 * One statement terminated for a script: trailing semicolons and blank space normalised.
 *
 * @example
 * terminateStatement('COMMIT;; '); // 'COMMIT;'
 */
export function terminateStatement(statement: Statement | string): string {
  const text = typeof statement === 'string' ? statement : statement.sql;
  return `${text.trim().replace(/;+\s*$/, '')};`;
}
