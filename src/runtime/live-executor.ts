import type { CompileContext, Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import { AthanorError } from '../errors.js';
import type { Operation } from '../operations/operation.js';
import { renderSql, type SqlFragment } from '../operations/sql-tag.js';
import type { TableModel } from '../schema/model.js';
import { emitRunEvent, type RunEventListener } from './events.js';
import {
  mayViolateForeignKeys,
  needsAutocommit,
  OperationFailure,
  skipsOperation,
  type RunExecutor,
  type StepScope,
} from './executor.js';
import {
  loadRecreatePragmas,
  readTriggers,
  restoreTriggers,
  switchPragmas,
  verifyForeignKeys,
  type TableRecreatePragmas,
} from './foreign-key-guard.js';

/**
 * Thrown when a copy-and-move needs foreign keys switched off while the step's transaction
 * already holds work (SQLite only honours the pragma outside a transaction). The runner rolls
 * the step back and runs it again with foreign keys off from its start, so the step stays atomic.
 *
 * @example
 * if (error instanceof ForeignKeysOffRequired) { await executor.rollback(); executor.setForeignKeysOffAtBegin(true); }
 */
export class ForeignKeysOffRequired extends Error {
  constructor() {
    super('foreign keys must be off for this step; restarting it');
    this.name = 'ForeignKeysOffRequired';
  }
}

/** Options of {@link LiveExecutor.create}. */
export interface LiveExecutorOptions {
  readonly connection: Connection;
  readonly dialect: Dialect;
  readonly onEvent?: RunEventListener;
}

/**
 * Runs operations on a live connection: compiles each with the dialect and executes its
 * statements at once, so a data migration can read back what it wrote. Owns the connection's
 * transaction state (BEGIN/COMMIT are plain statements, so `autocommit` can step out and back in).
 *
 * @example
 * const executor = await LiveExecutor.create({ connection, dialect });
 * await executor.begin();
 * await executor.apply({ kind: 'dropTable', table: 'old_things' });
 * await executor.commit();
 */
export class LiveExecutor implements RunExecutor {
  readonly dialect: Dialect;
  readonly offline = false;
  readonly #conn: Connection;
  readonly #onEvent: RunEventListener | undefined;
  readonly #pragmas: TableRecreatePragmas | undefined;
  #inTransaction = false;
  #statementsInTransaction = 0;
  /** Set while foreign keys are off: puts the pragmas back. */
  #restorePragmas: (() => Promise<void>) | undefined;
  #foreignKeysDirty = false;
  #foreignKeysOffAtBegin = false;
  #scope: StepScope | undefined;
  #operationCount = 0;
  /**
   * BEGIN not sent yet: where a round trip costs (a server), it travels with the transaction's
   * first statement, and a transaction in which nothing ran is never sent at all.
   */
  #beginPending = false;

  private constructor(options: LiveExecutorOptions, pragmas: TableRecreatePragmas | undefined) {
    this.dialect = options.dialect;
    this.#conn = options.connection;
    this.#onEvent = options.onEvent;
    this.#pragmas = pragmas;
  }

  static async create(options: LiveExecutorOptions): Promise<LiveExecutor> {
    return new LiveExecutor(options, await loadRecreatePragmas(options.dialect));
  }

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  get operationCount(): number {
    return this.#operationCount;
  }

  setForeignKeysOffAtBegin(value: boolean): void {
    this.#foreignKeysOffAtBegin = value;
  }

  startStep(scope: StepScope): void {
    this.#scope = scope;
    this.#operationCount = 0;
  }

  async begin(): Promise<void> {
    if (this.#inTransaction) return;
    if (this.#pragmas && this.#foreignKeysOffAtBegin && !this.#restorePragmas) {
      this.#restorePragmas = await switchPragmas(this.#conn, this.#pragmas);
      this.#foreignKeysDirty = false;
    }
    if (this.#conn.executeMany) this.#beginPending = true;
    else await this.#conn.execute(this.dialect.beginSql);
    this.#inTransaction = true;
    this.#statementsInTransaction = 0;
  }

  async commit(): Promise<void> {
    if (!this.#inTransaction) return;
    if (this.#pragmas && this.#restorePragmas && this.#foreignKeysDirty) {
      await verifyForeignKeys(this.#conn, this.#pragmas);
    }
    if (this.#beginPending) this.#beginPending = false;
    else await this.#conn.execute('COMMIT');
    this.#inTransaction = false;
    await this.#restoreForeignKeys();
  }

  async rollback(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#inTransaction = false;
    try {
      if (this.#beginPending) this.#beginPending = false;
      else await this.#conn.execute('ROLLBACK');
    } finally {
      await this.#restoreForeignKeys();
    }
  }

  async apply(op: Operation): Promise<void> {
    const index = ++this.#operationCount;
    if (skipsOperation(op, this.dialect)) {
      emitRunEvent(this.#onEvent, {
        kind: 'operationSkipped',
        ...(this.#scope ? { revision: this.#scope.revision } : {}),
        operation: op.kind,
        dialect: this.dialect.name,
        dialects: op.dialects ?? [],
      });
      return;
    }
    if (needsAutocommit(op, this.dialect) && this.#inTransaction) {
      await this.autocommit(() => this.#execute(op, index));
    } else if (this.#pragmas && this.dialect.rebuiltTable?.(op) !== undefined) {
      await this.#withForeignKeysOff(op, index);
    } else {
      await this.#execute(op, index);
    }
    if (mayViolateForeignKeys(op)) this.#foreignKeysDirty = true;
    await this.#scope?.onOperationDone?.(index);
  }

  async applyBatch(table: string, ops: readonly Operation[]): Promise<void> {
    if (this.dialect.capabilities.alterColumn) {
      for (const op of ops) await this.apply(op);
      return;
    }
    const live = ops.filter((op) => !skipsOperation(op, this.dialect));
    if (live.length === 0) {
      // Nothing for this dialect: counted as one operation and reported skipped, like the others.
      if (ops[0]) await this.apply(ops[0]);
      return;
    }
    const current = await this.#reflectTable(table, live[0]?.schema);
    if (!current) {
      throw new OperationFailure(
        this.#operationCount + 1,
        'recreateTable',
        undefined,
        new AthanorError('E_INVALID_OP', `op.batch: table '${table}' does not exist`),
      );
    }
    const { planSqliteBatch } = await import('../dialects/sqlite/sqlite-batch.js');
    await this.apply(planSqliteBatch(current, [...live]));
  }

  async query<R = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> {
    try {
      await this.#sendPendingBegin();
      return await this.#conn.query<R>(sql, params);
    } catch (error) {
      throw new OperationFailure(this.#operationCount + 1, 'query', sql, error);
    }
  }

  async autocommit(fn: () => Promise<void>): Promise<void> {
    if (!this.#inTransaction) return fn();
    await this.commit();
    await fn();
    await this.begin();
  }

  async system(statement: SqlFragment): Promise<number> {
    const { sql, params } = renderSql(statement, this.dialect);
    const rowCount = await this.#send(sql, params);
    this.#statementsInTransaction++;
    return rowCount;
  }

  async systemMany(statements: readonly SqlFragment[]): Promise<number[]> {
    const bound = statements.map((s) => renderSql(s, this.dialect));
    if (!this.#conn.executeMany || !bound.every((s) => s.params.every(inlinable))) {
      const counts: number[] = [];
      for (const statement of statements) counts.push(await this.system(statement));
      return counts;
    }
    const texts = statements.map((s) => renderSql(s, this.dialect, { inline: true }).sql);
    const begin = this.#beginPending;
    this.#beginPending = false;
    const counts = await this.#conn.executeMany(begin ? [this.dialect.beginSql, ...texts] : texts);
    this.#statementsInTransaction += texts.length;
    return begin ? counts.slice(1) : counts;
  }

  async systemOperation(op: Operation): Promise<void> {
    for (const statement of this.dialect.compile(op, { offline: false })) {
      await this.#send(statement.sql, statement.params);
    }
  }

  comment(): void {
    // Comments only go into offline scripts.
  }

  async #execute(op: Operation, index: number): Promise<void> {
    const ctx = await this.#compileContext(op);
    let statements;
    try {
      statements = this.dialect.compile(op, ctx);
    } catch (error) {
      throw new OperationFailure(index, op.kind, undefined, error);
    }
    const table = this.#pragmas ? this.dialect.rebuiltTable?.(op) : undefined;
    const triggers =
      this.#pragmas && table ? await readTriggers(this.#conn, this.#pragmas, table) : [];
    for (const statement of statements) {
      try {
        await this.#send(statement.sql, statement.params);
      } catch (error) {
        await this.#recover(op, index, statement.sql, error);
      }
      this.#statementsInTransaction++;
    }
    // A copy-and-move drops the old table's triggers with it; the model does not carry them.
    if (this.#pragmas && table) await restoreTriggers(this.#conn, this.#pragmas, table, triggers);
  }

  /**
   * Runs what the dialect offers instead of a refused statement (see Dialect.recover), or throws
   * the failure. Only where DDL is not transactional: a refused statement there changed nothing,
   * while a PostgreSQL transaction is aborted by it.
   */
  async #recover(op: Operation, index: number, sql: string, error: unknown): Promise<void> {
    const instead =
      this.dialect.capabilities.transactionalDdl || !this.dialect.recover
        ? undefined
        : await this.dialect.recover({ op, sql, error }, this.#conn).catch(() => undefined);
    if (!instead) throw new OperationFailure(index, op.kind, sql, error);
    for (const statement of instead) {
      try {
        await this.#send(statement.sql, statement.params);
      } catch (retryError) {
        throw new OperationFailure(index, op.kind, statement.sql, retryError);
      }
    }
  }

  /** The table's current definition, for a dialect that alters by copy-and-move. */
  async #compileContext(op: Operation): Promise<CompileContext> {
    const table = this.dialect.rebuiltTable?.(op);
    if (
      this.dialect.capabilities.alterColumn ||
      table === undefined ||
      op.kind === 'recreateTable'
    ) {
      return { offline: false };
    }
    const model = await this.#reflectTable(table, op.schema);
    return { offline: false, describeTable: (name) => (name === table ? model : undefined) };
  }

  async #reflectTable(name: string, schema: string | undefined): Promise<TableModel | undefined> {
    await this.#sendPendingBegin();
    const model = await this.dialect.reflect(this.#conn, {
      onlyTables: [name],
      ...(schema ? { schema } : {}),
    });
    return model.tables.find((t) => t.name === name);
  }

  /**
   * A copy-and-move with foreign keys off (SQLite's documented 12-step procedure), so the DROP
   * TABLE cannot cascade into child tables: https://www.sqlite.org/lang_altertable.html#otheralter
   */
  async #withForeignKeysOff(op: Operation, index: number): Promise<void> {
    const pragmas = this.#pragmas;
    if (!pragmas || this.#restorePragmas) return this.#execute(op, index);
    if (!this.#inTransaction) {
      const restore = await switchPragmas(this.#conn, pragmas);
      try {
        await this.#execute(op, index);
        await verifyForeignKeys(this.#conn, pragmas);
      } finally {
        await restore();
      }
      return;
    }
    if (this.#statementsInTransaction > 0) throw new ForeignKeysOffRequired();
    // Nothing done yet in this transaction: end it, switch the pragmas, begin again.
    await this.#conn.execute('COMMIT');
    this.#restorePragmas = await switchPragmas(this.#conn, pragmas);
    this.#foreignKeysDirty = false;
    await this.#conn.execute(this.dialect.beginSql);
    await this.#execute(op, index);
  }

  /** Runs one statement of the run, with the pending BEGIN in the same round trip if any. */
  async #send(sql: string, params: readonly unknown[]): Promise<number> {
    if (!this.#beginPending || params.length > 0 || !this.#conn.executeMany) {
      await this.#sendPendingBegin();
      return (await this.#conn.execute(sql, params)).rowCount;
    }
    this.#beginPending = false;
    const counts = await this.#conn.executeMany([this.dialect.beginSql, sql]);
    return counts.slice(1).reduce((sum, n) => sum + n, 0);
  }

  async #sendPendingBegin(): Promise<void> {
    if (!this.#beginPending) return;
    this.#beginPending = false;
    await this.#conn.execute(this.dialect.beginSql);
  }

  async #restoreForeignKeys(): Promise<void> {
    const restore = this.#restorePragmas;
    if (!restore) return;
    this.#restorePragmas = undefined;
    this.#foreignKeysDirty = false;
    await restore();
  }
}

/**
 * Values written inline into a batched statement exactly as a bound parameter would store
 * them. Strings with a backslash stay bound: their literal would depend on the server's
 * standard_conforming_strings.
 */
function inlinable(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return !value.includes('\\') && !value.includes('\0');
  return false;
}
