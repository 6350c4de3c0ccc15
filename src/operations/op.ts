import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { Executor } from '../runtime/executor.js';
import { createBatchOp, operationBuilders, type SchemaOpMethods } from './op-builders.js';
import { OperationQueue } from './op-queue.js';
import type { BatchOp, Op, OpOptions } from './op-types.js';
import type { MigrationModule } from './migration.js';
import type { Operation } from './operation.js';
import { isSqlFragment, renderSql, type SqlFragment } from './sql-tag.js';

/** What `createOp` needs besides the executor. */
export interface CreateOpOptions {
  readonly dialect: Dialect;
  readonly args: Readonly<Record<string, string>>;
  readonly offline: boolean;
  /** Orders the calls (see OperationQueue); give one to drain it after the migration returns. */
  readonly queue?: OperationQueue;
}

/**
 * Writes bound values into SQL text for an offline script. Strings use the dialect's own
 * placeholders (`?`, or `$1` on PostgreSQL); placeholders inside quotes are left alone.
 */
function inlineParams(text: string, params: readonly unknown[], dialect: Dialect): string {
  if (dialect.placeholder(1) === '?') return renderSql(text, dialect, { inline: true, params }).sql;
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g, (match, n: string | undefined) =>
    n === undefined || Number(n) > params.length ? match : dialect.literal(params[Number(n) - 1]),
  );
}

/**
 * SQL text plus parameters for the executor: bound with the dialect's placeholders online,
 * inlined as literals offline.
 *
 * @example
 * renderStatement(sql`SELECT * FROM users WHERE id = ${7}`, undefined, { dialect: postgresDialect, offline: false });
 * // { sql: 'SELECT * FROM users WHERE id = $1', params: [7] }
 */
export function renderStatement(
  statement: string | SqlFragment,
  params: readonly unknown[] | undefined,
  o: Pick<CreateOpOptions, 'dialect' | 'offline'>,
): { sql: string; params: unknown[] } {
  if (isSqlFragment(statement)) return renderSql(statement, o.dialect, { inline: o.offline });
  const values = [...(params ?? [])];
  if (o.offline && values.length > 0)
    return { sql: inlineParams(statement, values, o.dialect), params: [] };
  return { sql: statement, params: values };
}

/** Every schema method of `op`: build with the pure builder, then apply each operation in order. */
function bindBuilders(executor: Executor, queue: OperationQueue): SchemaOpMethods {
  const bound: Record<string, (...args: never[]) => Promise<void>> = {};
  const builders = operationBuilders as unknown as Record<
    string,
    (...args: never[]) => Operation | readonly Operation[]
  >;
  for (const [name, build] of Object.entries(builders)) {
    bound[name] = (...args) =>
      queue.run(async () => {
        const built = build(...args);
        for (const op of Array.isArray(built) ? built : [built as Operation])
          await executor.apply(op);
      });
  }
  return bound as unknown as SchemaOpMethods;
}

/**
 * The `op` object handed to a migration's `upgrade(op)` / `downgrade(op)`. Each method builds
 * one Operation (plain data, see `operationBuilders`) and awaits `executor.apply(op)`: online it
 * runs at once, offline it is written to the script. The executor skips operations whose
 * `dialects` exclude the current dialect and reports that it did. Calls run in the order they
 * are made, awaited or not (see OperationQueue; `callMigration` drains the queue).
 *
 * @example
 * const op = createOp(executor, { dialect, args: { tenant: 'acme' }, offline: false });
 * await op.addColumn('users', 'phone_number', t.string(20));
 * const rows = await op.query(sql`SELECT id FROM users WHERE email = ${email}`);
 */
export function createOp(executor: Executor, options: CreateOpOptions): Op {
  const queue = options.queue ?? new OperationQueue();
  return Object.freeze({
    dialect: options.dialect,
    args: Object.freeze({ ...options.args }),
    offline: options.offline,
    ...bindBuilders(executor, queue),
    execute(
      statement: string | SqlFragment,
      params?: readonly unknown[],
      o?: OpOptions,
    ): Promise<void> {
      return queue.run(async () => {
        const rendered = renderStatement(statement, params, options);
        const restrict = {
          ...(o?.dialects ? { dialects: [...o.dialects] } : {}),
          ...(o?.schema ? { schema: o.schema } : {}),
        };
        await executor.apply(Object.freeze({ kind: 'executeSql', ...rendered, ...restrict }));
      });
    },
    query<R = Record<string, unknown>>(
      statement: string | SqlFragment,
      params?: readonly unknown[],
    ): Promise<R[]> {
      return queue.run(async () => {
        if (options.offline) {
          throw new AthanorError(
            'E_OFFLINE',
            'op.query() cannot run in offline mode (--sql): a script cannot read rows back. Check `op.offline` in the migration, or run it online.',
          );
        }
        const rendered = renderStatement(statement, params, options);
        return executor.query<R>(rendered.sql, rendered.params);
      });
    },
    async batch(
      table: string,
      fn: (batchOp: BatchOp) => Promise<void> | void,
      o?: OpOptions,
    ): Promise<void> {
      const ops: Operation[] = [];
      await fn(createBatchOp(table, ops, o));
      await queue.run(() => executor.applyBatch(table, ops));
    },
    autocommit: (fn: () => Promise<void>) =>
      queue.run(() => executor.autocommit(() => queue.nested(fn))),
  } satisfies Op);
}

/**
 * Calls a migration's upgrade or downgrade with a fresh `op`, then waits for every operation it
 * started, awaited or not, before returning or throwing (see OperationQueue).
 *
 * @example
 * await callMigration(migration, 'up', executor, { dialect, args: {}, offline: false });
 */
export async function callMigration(
  migration: Pick<MigrationModule, 'upgrade' | 'downgrade'>,
  direction: 'up' | 'down',
  executor: Executor,
  options: CreateOpOptions,
): Promise<void> {
  const queue = new OperationQueue();
  const op = createOp(executor, { ...options, queue });
  try {
    if (direction === 'up') await migration.upgrade(op);
    else await migration.downgrade?.(op);
  } catch (error) {
    // Nothing may still be running when the caller rolls back.
    await queue.drain().catch(() => undefined);
    throw error;
  }
  await queue.drain();
}
