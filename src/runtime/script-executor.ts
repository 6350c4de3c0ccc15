import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { Operation } from '../operations/operation.js';
import { renderSql, type SqlFragment } from '../operations/sql-tag.js';
import { emitRunEvent, type RunEventListener } from './events.js';
import {
  needsAutocommit,
  OperationFailure,
  skipsOperation,
  terminateStatement,
  type RunExecutor,
  type StepScope,
} from './executor.js';

/**
 * Offline mode (`--sql`): collects the SQL every operation compiles to, values inlined as
 * literals, into one script that a DBA can review and run with `psql -f` or `mysql <`.
 * `op.query` throws E_OFFLINE: an offline script cannot read data back.
 *
 * @example
 * const executor = new ScriptExecutor({ dialect });
 * await executor.apply({ kind: 'dropTable', table: 'old_things' });
 * executor.script(); // 'DROP TABLE old_things;\n'
 */
export class ScriptExecutor implements RunExecutor {
  readonly dialect: Dialect;
  readonly offline = true;
  readonly #onEvent: RunEventListener | undefined;
  readonly #lines: string[] = [];
  #inTransaction = false;
  #scope: StepScope | undefined;
  #operationCount = 0;

  constructor(options: { readonly dialect: Dialect; readonly onEvent?: RunEventListener }) {
    this.dialect = options.dialect;
    this.#onEvent = options.onEvent;
  }

  get inTransaction(): boolean {
    return this.#inTransaction;
  }

  get operationCount(): number {
    return this.#operationCount;
  }

  /** The script so far: one statement per line group, each ending with `;`. */
  script(): string {
    return this.#lines.length === 0 ? '' : `${this.#lines.join('\n')}\n`;
  }

  /**
   * Writes session statements (`SET lock_timeout = '5s'`) where the script starts, before any
   * transaction: session-level settings hold for every migration the script runs.
   */
  preamble(statements: readonly string[]): void {
    if (statements.length === 0) return;
    this.comment('Session settings from the config');
    for (const statement of statements) this.#lines.push(terminateStatement(statement));
  }

  setForeignKeysOffAtBegin(): void {
    // A script cannot copy-and-move (op.batch is refused offline), so there is nothing to guard.
  }

  startStep(scope: StepScope): void {
    this.#scope = scope;
    this.#operationCount = 0;
  }

  async begin(): Promise<void> {
    if (this.#inTransaction) return;
    this.#lines.push(terminateStatement(this.dialect.beginSql));
    this.#inTransaction = true;
  }

  async commit(): Promise<void> {
    if (!this.#inTransaction) return;
    this.#lines.push('COMMIT;');
    this.#inTransaction = false;
  }

  async rollback(): Promise<void> {
    // Nothing ran: an offline failure means no script is printed at all.
    this.#inTransaction = false;
  }

  async apply(op: Operation): Promise<void> {
    const index = ++this.#operationCount;
    if (skipsOperation(op, this.dialect)) {
      this.#lines.push(`-- skipped ${op.kind}: only for ${(op.dialects ?? []).join(', ')}`);
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
      await this.autocommit(async () => this.#write(op, index));
    } else {
      this.#write(op, index);
    }
  }

  async applyBatch(table: string, ops: readonly Operation[]): Promise<void> {
    if (this.dialect.capabilities.alterColumn) {
      for (const op of ops) await this.apply(op);
      return;
    }
    if (ops.every((op) => skipsOperation(op, this.dialect))) return;
    throw new OperationFailure(
      this.#operationCount + 1,
      'recreateTable',
      undefined,
      new AthanorError(
        'E_OFFLINE',
        `op.batch('${table}') on ${this.dialect.name} copies the table into a new one, which needs the table's ` +
          'current definition; an offline (--sql) script cannot read it. Run this migration online.',
      ),
    );
  }

  async query<R = Record<string, unknown>>(sql: string): Promise<R[]> {
    throw new OperationFailure(
      this.#operationCount + 1,
      'query',
      sql,
      new AthanorError(
        'E_OFFLINE',
        'op.query() cannot run in offline mode (--sql): a script cannot read rows back. ' +
          'Check `op.offline` in the migration, or run it online.',
      ),
    );
  }

  async autocommit(fn: () => Promise<void>): Promise<void> {
    if (!this.#inTransaction) return fn();
    await this.commit();
    await fn();
    await this.begin();
  }

  async system(statement: SqlFragment): Promise<number> {
    this.#lines.push(terminateStatement(renderSql(statement, this.dialect, { inline: true }).sql));
    return -1;
  }

  async systemMany(statements: readonly SqlFragment[]): Promise<number[]> {
    const counts: number[] = [];
    for (const statement of statements) counts.push(await this.system(statement));
    return counts;
  }

  async systemOperation(op: Operation): Promise<void> {
    for (const statement of this.dialect.compile(op, { offline: true })) {
      this.#lines.push(terminateStatement(statement));
    }
  }

  comment(text: string): void {
    if (this.#lines.length > 0) this.#lines.push('');
    for (const line of text.split('\n')) this.#lines.push(`-- ${line}`);
    this.#lines.push('');
  }

  #write(op: Operation, index: number): void {
    try {
      for (const statement of this.dialect.compile(op, { offline: true })) {
        this.#lines.push(terminateStatement(statement));
      }
    } catch (error) {
      throw new OperationFailure(index, op.kind, undefined, error);
    }
  }
}
