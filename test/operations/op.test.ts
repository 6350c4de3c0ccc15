/**
 * The `op` facade: each method builds one plain, frozen Operation and hands it to the executor;
 * nothing here touches a database.
 */
import { describe, expect, test } from 'vitest';
import type { Dialect } from '../../src/dialects/dialect.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { AthanorError } from '../../src/errors.js';
import { createOp } from '../../src/operations/op.js';
import type { Operation } from '../../src/operations/operation.js';
import { sql } from '../../src/operations/sql-tag.js';
import type { Executor } from '../../src/runtime/executor.js';
import { t } from '../../src/schema/dsl.js';

class RecordingExecutor implements Executor {
  readonly ops: Operation[] = [];
  readonly batches: { table: string; ops: readonly Operation[] }[] = [];
  readonly queries: { sql: string; params: readonly unknown[] }[] = [];
  autocommits = 0;
  constructor(
    readonly dialect: Dialect,
    readonly offline = false,
  ) {}
  async apply(op: Operation): Promise<void> {
    this.ops.push(op);
  }
  async applyBatch(table: string, ops: readonly Operation[]): Promise<void> {
    this.batches.push({ table, ops });
  }
  async query<R>(text: string, params: readonly unknown[] = []): Promise<R[]> {
    this.queries.push({ sql: text, params });
    return [{ n: 1 } as R];
  }
  async autocommit(fn: () => Promise<void>): Promise<void> {
    this.autocommits++;
    await fn();
  }
}

const postgres = await loadDialect('postgresql');
const sqlite = await loadDialect('sqlite');

function setup(dialect: Dialect = postgres, offline = false) {
  const executor = new RecordingExecutor(dialect, offline);
  return { executor, op: createOp(executor, { dialect, args: { tenant: 'acme' }, offline }) };
}

describe('op builds one Operation per call', () => {
  test('createTable turns builders into a TableModel with conventional names', async () => {
    const { executor, op } = setup();
    await op.createTable(
      'users',
      { id: t.integer().primaryKey().autoincrement(), email: t.string(255).notNull().unique() },
      { comment: 'people' },
    );
    const [created] = executor.ops;
    expect(created).toMatchObject({
      kind: 'createTable',
      table: {
        name: 'users',
        comment: 'people',
        columns: [
          { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
          { name: 'email', type: { kind: 'string', length: 255 }, nullable: false },
        ],
        primaryKey: { name: 'pk_users', columns: ['id'] },
        uniques: [{ name: 'uq_users_email', columns: ['email'] }],
      },
    });
    expect(Object.isFrozen(created)).toBe(true);
  });

  test('addColumn with an inline reference adds the column, then its constraint', async () => {
    const { executor, op } = setup();
    await op.addColumn(
      'resumes',
      'user_id',
      t.integer().references('users.id', { onDelete: 'cascade' }),
    );
    expect(executor.ops.map((o) => o.kind)).toEqual(['addColumn', 'addConstraint']);
    expect(executor.ops[1]).toMatchObject({
      table: 'resumes',
      constraint: {
        type: 'foreignKey',
        name: 'fk_resumes_user_id_users',
        columns: ['user_id'],
        refTable: 'users',
        refColumns: ['id'],
        onDelete: 'cascade',
      },
    });
  });

  test('alterColumn keeps only the fields given, with the existing definition apart', async () => {
    const { executor, op } = setup();
    await op.alterColumn('users', 'email', {
      type: t.string(320),
      nullable: false,
      newName: 'email_address',
      default: null,
      existingType: t.string(255),
    });
    expect(executor.ops[0]).toEqual({
      kind: 'alterColumn',
      table: 'users',
      column: 'email',
      type: { kind: 'string', length: 320 },
      nullable: false,
      default: null,
      newName: 'email_address',
      existing: { type: { kind: 'string', length: 255 } },
    });
  });

  test('indexes, constraints, enums and extensions', async () => {
    const { executor, op } = setup();
    await op.createIndex('ix_users_email', 'users', ['email'], {
      unique: true,
      where: sql`deleted_at IS NULL`,
      concurrently: true,
    });
    await op.dropIndex('ix_users_email', { table: 'users', ifExists: true });
    await op.createUniqueConstraint('uq_x', 'users', ['a', 'b']);
    await op.createForeignKey('fk_x', 'resumes', 'users', ['user_id'], ['id'], {
      onDelete: 'set null',
      notValid: true,
    });
    await op.createCheckConstraint('ck_x', 'users', sql`length(email) > ${3}`);
    await op.createPrimaryKey('pk_x', 'users', ['id']);
    await op.dropConstraint('fk_x', 'resumes', { type: 'foreignKey' });
    await op.createEnum('mood', ['happy', 'sad']);
    await op.createExtension('vector', { ifNotExists: true, dialects: ['postgresql'] });
    expect(executor.ops.map((o) => o.kind)).toEqual([
      'createIndex',
      'dropIndex',
      'addConstraint',
      'addConstraint',
      'addConstraint',
      'addConstraint',
      'dropConstraint',
      'createEnum',
      'createExtension',
    ]);
    expect(executor.ops[0]).toMatchObject({
      index: { name: 'ix_users_email', unique: true, where: 'deleted_at IS NULL' },
      concurrently: true,
    });
    expect(executor.ops[3]).toMatchObject({ notValid: true, constraint: { onDelete: 'set null' } });
    expect(executor.ops[4]).toMatchObject({
      constraint: { type: 'check', expression: 'length(email) > 3' },
    });
    expect(executor.ops[8]).toMatchObject({ dialects: ['postgresql'], ifNotExists: true });
  });

  test('op.args and op.dialect are the run’s', () => {
    const { op } = setup();
    expect(op.args).toEqual({ tenant: 'acme' });
    expect(op.dialect.name).toBe('postgresql');
    expect(op.offline).toBe(false);
  });
});

describe('raw SQL', () => {
  test("execute(sql``) binds values with the dialect's placeholders", async () => {
    for (const [dialect, placeholder] of [
      [postgres, '$1'],
      [sqlite, '?'],
    ] as const) {
      const { executor, op } = setup(dialect);
      await op.execute(sql`UPDATE users SET name = ${'x'} WHERE id = ${7}`);
      expect(executor.ops[0]).toEqual({
        kind: 'executeSql',
        sql: `UPDATE users SET name = ${placeholder} WHERE id = ${placeholder === '$1' ? '$2' : '?'}`,
        params: ['x', 7],
      });
    }
  });

  test('offline, values are inlined as literals (also in plain strings with placeholders)', async () => {
    const { executor, op } = setup(postgres, true);
    await op.execute(sql`UPDATE users SET name = ${"o'brien"} WHERE id = ${7}`);
    await op.execute("DELETE FROM users WHERE id = $1 AND note <> '$1'", [5]);
    expect(executor.ops.map((o) => (o.kind === 'executeSql' ? [o.sql, o.params] : []))).toEqual([
      ["UPDATE users SET name = 'o''brien' WHERE id = 7", []],
      ["DELETE FROM users WHERE id = 5 AND note <> '$1'", []],
    ]);
    const lite = setup(sqlite, true);
    await lite.op.execute('DELETE FROM users WHERE id = ?', [5]);
    expect(lite.executor.ops[0]).toMatchObject({
      sql: 'DELETE FROM users WHERE id = 5',
      params: [],
    });
  });

  test('query runs online through the executor and fails offline with E_OFFLINE', async () => {
    const online = setup(postgres);
    expect(await online.op.query(sql`SELECT ${1} AS n`)).toEqual([{ n: 1 }]);
    expect(online.executor.queries).toEqual([{ sql: 'SELECT $1 AS n', params: [1] }]);
    const offline = setup(postgres, true);
    const error = await offline.op.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AthanorError);
    expect((error as AthanorError).code).toBe('E_OFFLINE');
  });
});

describe('batch and autocommit', () => {
  test('batch collects the changes to one table and hands them over together', async () => {
    const { executor, op } = setup(sqlite);
    await op.batch('users', (b) => {
      b.addColumn('nickname', t.string(20));
      b.alterColumn('email', { nullable: false });
      b.dropColumn('legacy');
      b.createIndex('ix_users_nickname', ['nickname']);
      b.createForeignKey('fk_users_team', 'teams', ['team_id'], ['id']);
    });
    expect(executor.ops).toEqual([]);
    expect(executor.batches).toHaveLength(1);
    expect(executor.batches[0]?.table).toBe('users');
    expect(executor.batches[0]?.ops.map((o) => o.kind)).toEqual([
      'addColumn',
      'alterColumn',
      'dropColumn',
      'createIndex',
      'addConstraint',
    ]);
  });

  test('autocommit hands the block to the executor', async () => {
    const { executor, op } = setup();
    let ran = false;
    await op.autocommit(async () => {
      ran = true;
    });
    expect([ran, executor.autocommits]).toEqual([true, 1]);
  });
});
