import { pathToFileURL } from 'node:url';
import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { Operation } from '../operations/operation.js';
import type { Executor } from '../runtime/executor.js';
import type { RecordedOperation } from './lint-types.js';

/**
 * The first line of `file` that a stack trace passes through (jiti keeps a TypeScript file's
 * line numbers when it transpiles it), as a path or a file: URL.
 *
 * @example
 * lineInStack(error.stack ?? '', '/app/migrations/versions/004_add_age.ts'); // 12
 */
export function lineInStack(stack: string, file: string): number | undefined {
  for (const name of [file, pathToFileURL(file).href]) {
    let at = stack.indexOf(`${name}:`);
    while (at >= 0) {
      const match = /^:(\d+):\d+/.exec(stack.slice(at + name.length));
      if (match) return Number(match[1]);
      at = stack.indexOf(`${name}:`, at + 1);
    }
  }
  return undefined;
}

/**
 * The line of `file` that the current call passes through: the `op.*` call of a migration.
 *
 * @example
 * callerLine('/app/migrations/versions/004_add_age.ts'); // 12
 */
export function callerLine(file: string): number | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64; // helpers between the migration and here must not push its frame out
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return lineInStack(stack, file);
}

/**
 * Records a migration's operations without a database, for `athanor lint`: each `op.*` call
 * becomes a RecordedOperation with the line it came from. Nothing is compiled (SQLite's
 * copy-and-move would need the live table); `op.batch` records its operations one by one;
 * `op.query` fails with E_OFFLINE, since rows cannot be read without a database.
 *
 * @example
 * const executor = new RecordingExecutor(postgresDialect, file.path);
 * await migration.upgrade(createOp(executor, { dialect: postgresDialect, args: {}, offline: true }));
 * executor.operations; // [{ op: { kind: 'addColumn', ... }, index: 1, line: 9 }]
 */
export class RecordingExecutor implements Executor {
  readonly dialect: Dialect;
  readonly offline = true;
  readonly #file: string;
  readonly #operations: RecordedOperation[] = [];

  constructor(dialect: Dialect, file: string) {
    this.dialect = dialect;
    this.#file = file;
  }

  /** What was recorded so far, in call order. */
  get operations(): readonly RecordedOperation[] {
    return this.#operations;
  }

  async apply(op: Operation): Promise<void> {
    this.#record(op, callerLine(this.#file));
  }

  async applyBatch(_table: string, ops: readonly Operation[]): Promise<void> {
    const line = callerLine(this.#file);
    for (const op of ops) this.#record(op, line);
  }

  async query<R = Record<string, unknown>>(): Promise<R[]> {
    throw new AthanorError(
      'E_OFFLINE',
      'op.query() needs a database, and lint reads migrations without one',
      { details: { line: callerLine(this.#file) } },
    );
  }

  async autocommit(fn: () => Promise<void>): Promise<void> {
    await fn();
  }

  #record(op: Operation, line: number | undefined): void {
    const index = this.#operations.length + 1;
    this.#operations.push(Object.freeze({ op, index, ...(line === undefined ? {} : { line }) }));
  }
}
