import { describe, expect, test } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { OperationFailure } from '../../src/runtime/executor.js';
import { migrationFailure, type FailureContext } from '../../src/runtime/migration-failure.js';
import { PreflightFailure } from '../../src/runtime/preflight.js';

const mysql = await loadDialect('mysql');
const postgres = await loadDialect('postgresql');
const step: FailureContext['step'] = {
  index: 1,
  total: 1,
  direction: 'up',
  revision: { revision: 'b2b2b2b2b2b2', stem: '002_add_index' },
  message: 'add index',
  from: [],
  to: [],
};

describe('MigrationError messages', () => {
  test('MySQL: the exact partial state', () => {
    const error = migrationFailure(
      new OperationFailure(3, 'executeSql', 'SELECT nope', new Error("Unknown column 'nope'")),
      {
        step,
        file: '/app/migrations/versions/002_add_index.ts',
        dialect: mysql,
        rolledBack: false,
        wholeRun: false,
        operationsStarted: 3,
        totalOperations: 5,
      },
    );
    expect(error.code).toBe('E_MIGRATION_FAILED');
    expect(error.message.split('\n')).toEqual([
      "upgrade b2b2b2b2b2b2 (002_add_index) failed at operation 3 of 5 (executeSql): Unknown column 'nope'",
      '  SQL: SELECT nope',
      '  file: /app/migrations/versions/002_add_index.ts',
      '  operations 1-2 are applied and cannot be rolled back on mysql (DDL commits implicitly); the version table still shows the previous revision',
    ]);
    expect(error.details).toMatchObject({
      operationIndex: 3,
      appliedOperations: 2,
      totalOperations: 5,
      databaseError: "Unknown column 'nope'",
    });
  });

  test('MySQL: refused by the dry run, nothing applied (not "operations 1-2 are applied")', () => {
    const cause = new Error('mysql cannot run createIndex: index "ix" has an expression part');
    const error = migrationFailure(
      new PreflightFailure(new OperationFailure(3, 'createIndex', undefined, cause), 5),
      {
        step,
        file: '/app/migrations/versions/002_add_index.ts',
        dialect: mysql,
        rolledBack: false,
        wholeRun: false,
        // What the previous step left in the executor's counter: must not be taken as applied.
        operationsStarted: 4,
        totalOperations: undefined,
      },
    );
    expect(error.message.split('\n')).toEqual([
      'upgrade b2b2b2b2b2b2 (002_add_index) failed at operation 3 of 5 (createIndex): mysql cannot run createIndex: index "ix" has an expression part',
      '  file: /app/migrations/versions/002_add_index.ts',
      '  refused before it ran (a dry run compiles every operation first): no operation of it was applied; earlier migrations stay applied',
    ]);
    expect(error.details).toMatchObject({
      operationIndex: 3,
      appliedOperations: 0,
      totalOperations: 5,
      refusedBeforeRunning: true,
    });
  });

  test('PostgreSQL: rolled back', () => {
    const error = migrationFailure(new Error('boom'), {
      step,
      file: 'f.ts',
      dialect: postgres,
      rolledBack: true,
      wholeRun: false,
      operationsStarted: 2,
      totalOperations: undefined,
    });
    expect(error.message).toContain(
      'upgrade b2b2b2b2b2b2 (002_add_index) failed after operation 2: boom',
    );
    expect(error.message).toContain('its transaction was rolled back');
    expect(error.details.appliedOperations).toBe(0);
  });
});
