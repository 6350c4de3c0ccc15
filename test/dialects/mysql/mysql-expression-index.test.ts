/**
 * Expression indexes on the MySQL family. MySQL 8.0.13+ has functional key parts
 * (`CREATE INDEX ix ON t ((lower(email)))`); MariaDB has none and answers that statement with a
 * syntax error. The dialect learns which server it talks to (`forServer`), so on MariaDB an
 * expression index is refused at compile time: the runner's dry run stops the migration before
 * any of its operations is applied, with an error naming the operation, the index and the
 * revision, and suggesting `dialects`. Run on the real MariaDB server.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { upgrade } from '../../../src/commands/upgrade.js';
import {
  mysqlDialect,
  mysqlDialectFor,
  parseMysqlServer,
} from '../../../src/dialects/mysql/mysql-dialect.js';
import { AthanorError, MigrationError } from '../../../src/errors.js';
import type { Operation } from '../../../src/operations/operation.js';
import type { RunEvent } from '../../../src/runtime/events.js';
import { targets } from '../../helpers/databases.js';
import { createRunProject, type MigrationSpec, type RunProject } from '../../runtime/run-fixture.js';

const mysqlTarget = (await targets()).find((t) => t.name === 'mysql')!;

const expressionIndex: Operation = {
  kind: 'createIndex',
  index: {
    name: 'ix_users_lower_email',
    table: 'users',
    parts: [{ expression: 'lower(email)' }],
    unique: false,
  },
};

function compileError(dialect: typeof mysqlDialect, op: Operation): AthanorError {
  try {
    dialect.compile(op, { offline: false });
  } catch (error) {
    expect(error).toBeInstanceOf(AthanorError);
    return error as AthanorError;
  }
  throw new Error('expected the compile to fail');
}

describe('server flavour and version', () => {
  test('VERSION() text tells MariaDB from MySQL', () => {
    expect(parseMysqlServer('10.11.19-MariaDB-0+deb12u1')).toEqual({
      flavour: 'mariadb',
      version: [10, 11, 19],
      label: 'MariaDB 10.11.19',
    });
    expect(parseMysqlServer('5.5.5-10.6.12-MariaDB-log')).toMatchObject({
      flavour: 'mariadb',
      version: [10, 6, 12],
    });
    expect(parseMysqlServer('8.0.36')).toEqual({
      flavour: 'mysql',
      version: [8, 0, 36],
      label: 'MySQL 8.0.36',
    });
    expect(parseMysqlServer('8.4.0-commercial').version).toEqual([8, 4, 0]);
  });

  test('MySQL 8.0.13+ compiles functional key parts; MySQL 8.0.12 and MariaDB refuse them', () => {
    const mysql8 = mysqlDialectFor(parseMysqlServer('8.0.36'));
    expect(mysql8.capabilities.expressionIndexes).toBe(true);
    expect(mysql8.compile(expressionIndex, { offline: false })).toEqual([
      { sql: 'CREATE INDEX `ix_users_lower_email` ON `users` ((lower(email)))', params: [] },
    ]);
    expect(mysqlDialectFor(parseMysqlServer('9.1.0')).capabilities.expressionIndexes).toBe(true);
    // Plain column indexes are the same everywhere.
    const plain: Operation = {
      kind: 'createIndex',
      index: { name: 'ix_u', table: 'users', parts: [{ column: 'email' }], unique: false },
    };
    for (const version of ['8.0.12', '10.11.19-MariaDB', '11.4.2-MariaDB']) {
      const dialect = mysqlDialectFor(parseMysqlServer(version));
      expect(dialect.capabilities.expressionIndexes, version).toBe(false);
      expect(dialect.compile(plain, { offline: false })).toEqual(
        mysql8.compile(plain, { offline: false }),
      );
      const error = compileError(dialect, expressionIndex);
      expect(error.code).toBe('E_UNSUPPORTED_OP');
      expect(error.message).toContain('mysql cannot run createIndex');
      expect(error.message).toContain('"ix_users_lower_email"');
      expect(error.message).toContain(parseMysqlServer(version).label);
      expect(error.message).toContain("dialects: ['postgresql', 'sqlite']");
    }
    // An expression index declared inside createTable is refused as well.
    const mariadb = mysqlDialectFor(parseMysqlServer('10.11.19-MariaDB'));
    const createTable: Operation = {
      kind: 'createTable',
      table: {
        name: 'users',
        columns: [{ name: 'email', type: { kind: 'string', length: 100 }, nullable: true }],
        indexes: [expressionIndex.kind === 'createIndex' ? expressionIndex.index : never()],
        uniques: [],
        foreignKeys: [],
        checks: [],
      },
    };
    expect(compileError(mariadb, createTable).message).toContain(
      'mysql cannot run createTable: index "ix_users_lower_email"',
    );
  });
});

function never(): never {
  throw new Error('unreachable');
}

const A = 'e1e1e1e1e1e1';
const B = 'e2e2e2e2e2e2';

const base: MigrationSpec = {
  file: '001_users.ts',
  id: A,
  down: null,
  upgrade: `await op.createTable('users', { id: t.integer().primaryKey(), email: t.string(100) });`,
  downgrade: `await op.dropTable('users');`,
};

/** Three operations, the second an expression index (restricted to `dialects` when given). */
function withIndex(dialects?: readonly string[]): MigrationSpec {
  const restrict = dialects ? `, { dialects: ${JSON.stringify(dialects)} }` : '';
  return {
    file: '002_lower_email_index.ts',
    id: B,
    down: A,
    upgrade: [
      "await op.addColumn('users', 'nickname', t.string(40));",
      `await op.createIndex('ix_users_lower_email', 'users', [sql\`lower(email)\`]${restrict});`,
      "await op.createTable('audit', { id: t.integer().primaryKey() });",
    ].join('\n    '),
    downgrade: "await op.dropTable('audit'); await op.dropColumn('users', 'nickname');",
  };
}

describe('expression indexes on the real MariaDB server', () => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });
  const it = (name: string, fn: () => Promise<void>) =>
    test.skipIf(!mysqlTarget.available)(name, fn, 120_000);

  it('forServer knows the server: MariaDB, no expression indexes', async () => {
    project = await createRunProject(mysqlTarget);
    const dialect = await project.withConnection((conn) => mysqlDialect.forServer!(conn));
    expect(dialect.name).toBe('mysql');
    expect(dialect.capabilities.expressionIndexes).toBe(false);
    expect(compileError(dialect, expressionIndex).message).toMatch(/MariaDB \d+\.\d+\.\d+/);
  });

  it('an expression index refuses the migration before any of its operations runs', async () => {
    project = await createRunProject(mysqlTarget, [base, withIndex()]);
    const p = project;
    const config = await p.config();
    const error = await upgrade({ config }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationError);
    const message = (error as MigrationError).message;
    expect(message).toContain(`upgrade ${B} (002_lower_email_index)`);
    expect(message).toContain('operation 2 of 3 (createIndex)');
    expect(message).toContain('index "ix_users_lower_email" on "users"');
    expect(message).toMatch(/MariaDB \d+\.\d+\.\d+ has no functional key parts/);
    expect(message).toContain("dialects: ['postgresql', 'sqlite']");
    expect(message).toContain('refused before it ran');
    expect(message).toContain('no operation of it was applied');
    expect((error as MigrationError).details).toMatchObject({
      revision: B,
      operationIndex: 2,
      operation: 'createIndex',
      appliedOperations: 0,
    });
    // Nothing of 002 was executed: no new column (operation 1), no index, no audit table.
    expect(await p.versionRows()).toEqual([A]);
    expect(await p.tables()).toEqual(['users']);
    const columns = await p.query<{ name: string }>(
      "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION",
    );
    expect(columns.map((c) => c.name)).toEqual(['id', 'email']);
    const indexes = await p.query<{ name: string }>(
      "SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users'",
    );
    expect(indexes.map((i) => i.name)).toEqual(['PRIMARY']);
    expect((await p.logRows()).at(-1)).toMatchObject({
      revision: B,
      status: 'failed',
      operations_done: 0,
      failed_operation: 2,
    });
  });

  it('restricted with dialects, the index is skipped on MariaDB and the rest applies', async () => {
    project = await createRunProject(mysqlTarget, [base, withIndex(['postgresql', 'sqlite'])]);
    const p = project;
    const config = await p.config();
    const events: RunEvent[] = [];
    await upgrade({ config, onEvent: (e) => events.push(e) });
    expect(await p.versionRows()).toEqual([B]);
    expect(await p.tables()).toEqual(['audit', 'users']);
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'operationSkipped', operation: 'createIndex' }),
    );
  });
});
