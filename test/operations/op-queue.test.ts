/**
 * OperationQueue and callMigration: `op` calls run in call order whether awaited or not, and a
 * failure nobody awaited fails the migration instead of crashing the process.
 */
import { describe, expect, test } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { callMigration } from '../../src/operations/op.js';
import { OperationQueue } from '../../src/operations/op-queue.js';
import type { Operation } from '../../src/operations/operation.js';
import type { Op } from '../../src/operations/op-types.js';
import type { Executor } from '../../src/runtime/executor.js';
import { t } from '../../src/schema/dsl.js';

const sqlite = await loadDialect('sqlite');
const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

/** Applies slowly, so calls made without await would overlap if nothing ordered them. */
class SlowExecutor implements Executor {
  readonly dialect = sqlite;
  readonly offline = false;
  readonly log: string[] = [];
  running = 0;
  maxRunning = 0;
  failOn: string | undefined;
  async apply(op: Operation): Promise<void> {
    const name = op.kind === 'createTable' ? op.table.name : op.kind;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.log.push(`start ${name}`);
    await tick();
    this.running--;
    if (name === this.failOn) throw new Error(`cannot ${name}`);
    this.log.push(`end ${name}`);
  }
  async applyBatch(): Promise<void> {}
  async query<R>(): Promise<R[]> {
    this.log.push('query');
    return [];
  }
  async autocommit(fn: () => Promise<void>): Promise<void> {
    this.log.push('commit');
    await fn();
    this.log.push('begin');
  }
}

const table = (op: Op, name: string) => op.createTable(name, { id: t.integer().primaryKey() });
const options = { dialect: sqlite, args: {}, offline: false };

describe('OperationQueue', () => {
  test('calls made without await run one at a time, in call order, before the migration returns', async () => {
    const executor = new SlowExecutor();
    await callMigration(
      {
        upgrade(op) {
          void table(op, 'a');
          void table(op, 'b');
          void table(op, 'c');
        },
      },
      'up',
      executor,
      options,
    );
    expect(executor.log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(executor.maxRunning).toBe(1);
  });

  test('a failure nobody awaited fails the migration, and the calls after it still settle first', async () => {
    const executor = new SlowExecutor();
    executor.failOn = 'b';
    const run = callMigration(
      {
        upgrade(op) {
          void table(op, 'a');
          void table(op, 'b');
          void table(op, 'c');
        },
      },
      'up',
      executor,
      options,
    );
    await expect(run).rejects.toThrow('cannot b');
    // c ran after b failed: the queue orders, it does not cancel (a caught failure may continue).
    expect(executor.log).toEqual(['start a', 'end a', 'start b', 'start c', 'end c']);
    expect(executor.running).toBe(0);
  });

  test('a failure the migration awaited and caught does not fail it', async () => {
    const executor = new SlowExecutor();
    executor.failOn = 'b';
    await callMigration(
      {
        async upgrade(op) {
          await table(op, 'a');
          await table(op, 'b').catch(() => undefined);
          await table(op, 'c');
        },
      },
      'up',
      executor,
      options,
    );
    expect(executor.log).toEqual(['start a', 'end a', 'start b', 'start c', 'end c']);
  });

  test('an awaited failure that escapes the migration is its error, once', async () => {
    const executor = new SlowExecutor();
    executor.failOn = 'a';
    await expect(
      callMigration(
        {
          async upgrade(op) {
            await table(op, 'a');
          },
        },
        'up',
        executor,
        options,
      ),
    ).rejects.toThrow('cannot a');
  });

  test('a migration that throws waits for the calls still running before the error is seen', async () => {
    const executor = new SlowExecutor();
    const run = callMigration(
      {
        upgrade(op) {
          void table(op, 'a');
          throw new Error('boom');
        },
      },
      'up',
      executor,
      options,
    );
    await expect(run).rejects.toThrow('boom');
    expect(executor.log).toEqual(['start a', 'end a']);
  });

  test('autocommit runs the calls made inside it inside the block, not behind it', async () => {
    const executor = new SlowExecutor();
    await callMigration(
      {
        async upgrade(op) {
          void table(op, 'before');
          await op.autocommit(async () => {
            await table(op, 'inside');
          });
          await table(op, 'after');
        },
      },
      'up',
      executor,
      options,
    );
    expect(executor.log).toEqual([
      'start before',
      'end before',
      'commit',
      'start inside',
      'end inside',
      'begin',
      'start after',
      'end after',
    ]);
  });

  test('drain waits for calls queued while it waits', async () => {
    const queue = new OperationQueue();
    const order: number[] = [];
    void queue.run(async () => {
      await tick();
      order.push(1);
      void queue.run(async () => {
        await tick();
        order.push(2);
      });
    });
    await queue.drain();
    expect(order).toEqual([1, 2]);
  });
});
