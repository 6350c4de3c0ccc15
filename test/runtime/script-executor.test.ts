import { describe, expect, test } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { AthanorError } from '../../src/errors.js';
import { sql } from '../../src/operations/sql-tag.js';
import { OperationFailure } from '../../src/runtime/executor.js';
import { ScriptExecutor } from '../../src/runtime/script-executor.js';

const postgres = await loadDialect('postgresql');
const sqlite = await loadDialect('sqlite');

describe('ScriptExecutor (offline)', () => {
  test('writes statements terminated with ;, transactions, comments, version rows inlined', async () => {
    const events: unknown[] = [];
    const executor = new ScriptExecutor({ dialect: postgres, onEvent: (e) => events.push(e) });
    executor.startStep({ revision: { revision: 'a1', stem: '001_a' } });
    executor.comment('Running upgrade  -> a1 (001_a)');
    await executor.begin();
    await executor.apply({ kind: 'dropTable', table: 'old' });
    await executor.apply({ kind: 'createExtension', name: 'vector', dialects: ['mysql'] });
    await executor.apply({
      kind: 'createIndex',
      index: { name: 'ix', table: 't', parts: [{ column: 'c' }], unique: false },
      concurrently: true,
    });
    await executor.system(sql`INSERT INTO v (version_num) VALUES (${"a'1"})`);
    await executor.commit();
    const script = executor.script();
    expect(script).toContain('-- Running upgrade  -> a1 (001_a)\n');
    expect(script).toMatch(
      /BEGIN;\nDROP TABLE "old";\n-- skipped createExtension: only for mysql\nCOMMIT;\nCREATE INDEX CONCURRENTLY .*;\nBEGIN;\nINSERT INTO v \(version_num\) VALUES \('a''1'\);\nCOMMIT;\n$/,
    );
    expect(events).toEqual([
      {
        kind: 'operationSkipped',
        revision: { revision: 'a1', stem: '001_a' },
        operation: 'createExtension',
        dialect: 'postgresql',
        dialects: ['mysql'],
      },
    ]);
    expect(executor.operationCount).toBe(3);
  });

  test('cannot read, and cannot copy-and-move without the live table', async () => {
    const executor = new ScriptExecutor({ dialect: sqlite });
    const read = await executor.query('SELECT 1').catch((e: unknown) => e);
    expect(read).toBeInstanceOf(OperationFailure);
    expect(((read as OperationFailure).cause as AthanorError).code).toBe('E_OFFLINE');
    const batch = await executor
      .applyBatch('users', [{ kind: 'dropColumn', table: 'users', column: 'x' }])
      .catch((e: unknown) => e);
    expect(((batch as OperationFailure).cause as AthanorError).code).toBe('E_OFFLINE');
    // A dialect that can ALTER writes a batch's operations one by one.
    const pg = new ScriptExecutor({ dialect: postgres });
    await pg.applyBatch('users', [{ kind: 'dropColumn', table: 'users', column: 'x' }]);
    expect(pg.script()).toMatch(/ALTER TABLE "users" DROP COLUMN "x";/);
  });

  test('session statements go first, outside any transaction; none, no lines', async () => {
    const executor = new ScriptExecutor({ dialect: postgres });
    executor.preamble(["SET lock_timeout = '5s'", "SET statement_timeout = '30s';"]);
    await executor.begin();
    await executor.apply({ kind: 'dropTable', table: 'old' });
    await executor.commit();
    expect(executor.script()).toBe(
      "-- Session settings from the config\n\nSET lock_timeout = '5s';\nSET statement_timeout = '30s';\n" +
        'BEGIN;\nDROP TABLE "old";\nCOMMIT;\n',
    );
    const empty = new ScriptExecutor({ dialect: postgres });
    empty.preamble([]);
    expect(empty.script()).toBe('');
  });
});
