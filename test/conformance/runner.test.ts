/**
 * Applying migrations, one suite for every engine (SQLite, PGlite, PostgreSQL, MariaDB): real
 * .ts migration files in a temp folder, driven through the public command functions, with the
 * database read back through its own connection. Engines differ only by capability.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { current, readCurrentRevisions } from '../../src/commands/current.js';
import { downgrade } from '../../src/commands/downgrade.js';
import { stamp } from '../../src/commands/stamp.js';
import { upgrade } from '../../src/commands/upgrade.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { AthanorError, MigrationError } from '../../src/errors.js';
import type { RunEvent } from '../../src/runtime/events.js';
import { dialectNames } from '../../src/schema/types.js';
import { targets } from '../helpers/databases.js';
import {
  createRunProject,
  tableMigration,
  type MigrationSpec,
  type RunProject,
} from '../runtime/run-fixture.js';

const all = await targets();

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';
const C = 'c3c3c3c3c3c3';
const linear: MigrationSpec[] = [
  tableMigration('001_create_a.ts', A, null, { message: 'create a' }),
  tableMigration('002_create_b.ts', B, A, { message: 'create b' }),
  tableMigration('003_create_c.ts', C, B, { message: 'create c' }),
];

async function rejected(promise: Promise<unknown>): Promise<AthanorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AthanorError);
  return error as AthanorError;
}

describe.each(all)('applying migrations on $name', async (target) => {
  const { capabilities } = await loadDialect(target.dialect);
  const projects: RunProject[] = [];
  const project = async (specs: readonly MigrationSpec[]): Promise<RunProject> => {
    const p = await createRunProject(target, specs);
    projects.push(p);
    return p;
  };
  afterEach(async () => {
    await Promise.all(projects.splice(0).map((p) => p.cleanup()));
  });
  // PGlite opens a data directory in seconds, not milliseconds; give every engine the same room.
  const it = (name: string, fn: () => Promise<void>, when = true) =>
    test.skipIf(!target.available || !when)(name, fn, 300_000);

  it('upgrade head, current, downgrade -1, downgrade base, upgrade again', async () => {
    const p = await project(linear);
    const config = await p.config();
    const events: RunEvent[] = [];
    const up = await upgrade({ config, onEvent: (e) => events.push(e) });
    expect(up.from).toEqual([]);
    expect(up.to).toEqual([C]);
    expect(up.steps.map((s) => [s.revision, s.stem, s.direction])).toEqual([
      [A, '001_create_a', 'up'],
      [B, '002_create_b', 'up'],
      [C, '003_create_c', 'up'],
    ]);
    expect(await p.versionRows()).toEqual([C]);
    expect(await p.tables()).toEqual([`t_${A}`, `t_${B}`, `t_${C}`]);
    const finished = events.filter((e) => e.kind === 'stepFinished');
    expect(finished.map((e) => e.step.index)).toEqual([1, 2, 3]);

    const now = await current({ config });
    expect(now.versionTableExists).toBe(true);
    expect(now.current).toEqual([C]);
    expect(now.revisions[0]).toMatchObject({ revision: C, stem: '003_create_c', isHead: true });

    await downgrade({ config, target: '-1' });
    expect(await p.versionRows()).toEqual([B]);
    expect(await p.tables()).toEqual([`t_${A}`, `t_${B}`]);

    const down = await downgrade({ config, target: 'base' });
    expect(down.steps.map((s) => s.revision)).toEqual([B, A]);
    expect(await p.versionRows()).toEqual([]);
    expect(await p.tables()).toEqual([]);

    await upgrade({ config, target: 'head' });
    expect(await p.versionRows()).toEqual([C]);
    const log = await p.logRows();
    expect(log.map((r) => `${r.direction}:${r.revision}:${r.status}`)).toEqual([
      ...[A, B, C].map((r) => `up:${r}:done`),
      `down:${C}:done`,
      `down:${B}:done`,
      `down:${A}:done`,
      ...[A, B, C].map((r) => `up:${r}:done`),
    ]);
    expect(log.every((r) => r.checksum?.length === 64)).toBe(true);
  });

  it('upgrade when up to date does nothing; a waiter re-reads the version rows', async () => {
    const p = await project(linear);
    const config = await p.config();
    await upgrade({ config });
    const events: RunEvent[] = [];
    const again = await upgrade({ config, onEvent: (e) => events.push(e) });
    expect(again.steps).toEqual([]);
    expect(events.some((e) => e.kind === 'upToDate')).toBe(true);
    expect((await p.logRows()).length).toBe(3);
  });

  it('stamp writes version rows without running migrations; --purge clears unknown rows', async () => {
    const p = await project(linear);
    const config = await p.config();
    await stamp({ config, revisions: ['head'] });
    expect(await p.versionRows()).toEqual([C]);
    expect(await p.tables()).toEqual([]);
    expect(await p.logRows()).toEqual([]);
    await stamp({ config, revisions: [A] });
    expect(await p.versionRows()).toEqual([A]);
    await p.withConnection((conn) =>
      conn.execute("INSERT INTO athanor_version (version_num) VALUES ('ffffffffffff')"),
    );
    await stamp({ config, revisions: [B], purge: true });
    expect(await p.versionRows()).toEqual([B]);
    await stamp({ config, revisions: ['base'] });
    expect(await p.versionRows()).toEqual([]);
  });

  it('branches and a merge apply in Alembic order, each once', async () => {
    const D = 'd4d4d4d4d4d4';
    const E = 'e5e5e5e5e5e5';
    const p = await project([
      tableMigration('001_root.ts', A, null),
      tableMigration('002_left.ts', D, A),
      tableMigration('003_right.ts', E, A),
      tableMigration('004_merge.ts', C, [D, E], { upgrade: '', downgrade: '' }),
    ]);
    const config = await p.config();
    const up = await upgrade({ config, target: 'heads' });
    expect(up.steps.map((s) => s.revision)).toEqual([A, E, D, C]);
    expect(await p.versionRows()).toEqual([C]);
    await downgrade({ config, target: D });
    expect(await p.versionRows()).toEqual([D, E]);
    expect((await p.logRows()).map((r) => `${r.direction}:${r.revision}`)).toEqual([
      `up:${A}`,
      `up:${E}`,
      `up:${D}`,
      `up:${C}`,
      `down:${C}`,
    ]);
  });

  it('-x arguments reach migrations as op.args', async () => {
    const p = await project([
      {
        file: '001_args.ts',
        id: A,
        upgrade: [
          "await op.createTable('settings', { k: t.string(20).primaryKey(), v: t.string(50) });",
          "await op.bulkInsert('settings', [{ k: 'tenant', v: op.args.tenant ?? 'none' }]);",
          "await op.execute(sql`INSERT INTO settings (k, v) VALUES (${'region'}, ${op.args.region ?? 'none'})`);",
        ].join('\n'),
        downgrade: "await op.dropTable('settings');",
      },
    ]);
    const config = await p.config();
    await upgrade({ config, args: { tenant: 'acme', region: 'eu' } });
    const rows = await p.query<{ k: string; v: string }>('SELECT k, v FROM settings ORDER BY k');
    expect(rows.map((r) => [r.k, r.v])).toEqual([
      ['region', 'eu'],
      ['tenant', 'acme'],
    ]);
  });

  it('read commands never write: no version table on a fresh database', async () => {
    const p = await project(linear);
    const config = await p.config();
    const now = await current({ config });
    expect(now).toMatchObject({ versionTableExists: false, current: [], revisions: [] });
    expect(await readCurrentRevisions({ config })).toEqual([]);
    expect(await p.versionRows()).toBeUndefined();
    const tables = await p.withConnection(async (conn) =>
      (await p.dialect.reflect(conn, {})).tables.map((t) => t.name),
    );
    expect(tables).toEqual([]);
  });

  it('an irreversible downgrade is refused before the database is touched', async () => {
    const p = await project([
      tableMigration('001_a.ts', A, null),
      tableMigration('002_b.ts', B, A, { downgrade: null }),
    ]);
    const config = await p.config();
    await upgrade({ config });
    const error = await rejected(downgrade({ config, target: 'base' }));
    expect(error.code).toBe('E_IRREVERSIBLE');
    expect(error.message).toContain('002_b');
    expect(await p.versionRows()).toEqual([B]);
    expect(await p.tables()).toEqual([`t_${A}`, `t_${B}`]);
    expect((await p.logRows()).length).toBe(2);
  });

  it('a migration that throws in its own code fails with its revision and message', async () => {
    const p = await project([
      tableMigration('001_a.ts', A, null),
      {
        file: '002_throws.ts',
        id: B,
        down: A,
        upgrade:
          "await op.createTable('half_done', { id: t.integer().primaryKey() });\n    throw new Error('boom in migration code');",
      },
    ]);
    const config = await p.config();
    const error = await rejected(upgrade({ config }));
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain(`upgrade ${B} (002_throws)`);
    expect(error.message).toContain('boom in migration code');
    expect(error.details.file).toMatch(/002_throws\.ts$/);
    expect(await p.versionRows()).toEqual([A]);
    const transactional = p.dialect.capabilities.transactionalDdl;
    expect(await p.tables()).toEqual(transactional ? [`t_${A}`] : ['half_done', `t_${A}`]);
    expect((await p.logRows()).map((r) => `${r.revision}:${r.status}`)).toEqual([
      `${A}:done`,
      `${B}:failed`,
    ]);
  });

  it('a failing statement: rolled back where DDL is transactional, reported precisely elsewhere', async () => {
    const p = await project([
      tableMigration('001_a.ts', A, null),
      {
        file: '002_breaks.ts',
        id: B,
        down: A,
        message: 'breaks half way',
        upgrade: [
          "await op.createTable('x1', { id: t.integer().primaryKey() });",
          "await op.createTable('x2', { id: t.integer().primaryKey() });",
          "await op.execute('SELECT * FROM no_such_table_anywhere');",
          "await op.createTable('x3', { id: t.integer().primaryKey() });",
          "await op.createTable('x4', { id: t.integer().primaryKey() });",
        ].join('\n'),
      },
      tableMigration('003_c.ts', C, B),
    ]);
    const config = await p.config();
    const error = await rejected(upgrade({ config }));
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain(`upgrade ${B} (002_breaks) failed at operation 3`);
    expect(error.message).toContain('(executeSql)');
    expect(error.message).toContain('SQL: SELECT * FROM no_such_table_anywhere');
    expect(error.message).toMatch(/no_such_table_anywhere/);
    expect(error.details).toMatchObject({
      revision: B,
      operationIndex: 3,
      operation: 'executeSql',
    });
    expect(await p.versionRows()).toEqual([A]);
    const failed = (await p.logRows()).at(-1);
    expect(failed).toMatchObject({ revision: B, status: 'failed', failed_operation: 3 });
    if (p.dialect.capabilities.transactionalDdl) {
      expect(error.message).toContain('rolled back');
      expect(await p.tables()).toEqual([`t_${A}`]);
      expect(failed?.operations_done).toBe(0);
    } else {
      expect(error.message).toContain('failed at operation 3 of 5');
      expect(error.message).toContain(
        `operations 1-2 are applied and cannot be rolled back on ${p.dialect.name}`,
      );
      expect(await p.tables()).toEqual([`t_${A}`, 'x1', 'x2']);
      expect(failed?.operations_done).toBe(2);
    }
  });

  it('operations called without await run in order inside the step; a failing one fails it', async () => {
    const p = await project([
      {
        file: '001_no_await.ts',
        id: A,
        down: null,
        upgrade: [
          "op.createTable('parent', { id: t.integer().primaryKey() });",
          "op.createTable('child', { id: t.integer().primaryKey(), parent_id: t.integer().references('parent.id') });",
          "op.bulkInsert('parent', [{ id: 1 }, { id: 2 }]);",
        ].join('\n'),
        downgrade: "op.dropTable('child');\n    op.dropTable('parent');",
      },
      {
        file: '002_no_await_fails.ts',
        id: B,
        down: A,
        upgrade: [
          "op.createTable('y1', { id: t.integer().primaryKey() });",
          "op.execute('SELECT * FROM no_such_table_anywhere');",
        ].join('\n'),
      },
    ]);
    const config = await p.config();
    const error = await rejected(upgrade({ config }));
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain(`upgrade ${B} (002_no_await_fails) failed at operation 2`);
    expect(error.message).toContain('SQL: SELECT * FROM no_such_table_anywhere');
    expect(await p.versionRows()).toEqual([A]);
    const tables = await p.tables();
    expect(tables).toEqual(
      p.dialect.capabilities.transactionalDdl ? ['child', 'parent'] : ['child', 'parent', 'y1'],
    );
    const rows = await p.query<{ id: number }>('SELECT id FROM parent ORDER BY id');
    expect(rows.map((r) => Number(r.id))).toEqual([1, 2]);
    expect(
      (await p.logRows()).map((r) => `${r.revision}:${r.status}:${r.operations_done}`),
    ).toEqual([`${A}:done:3`, expect.stringMatching(new RegExp(`^${B}:failed:`))]);
  });

  it("transaction: 'all' rolls the whole run back where DDL is transactional", async () => {
    const p = await project([
      tableMigration('001_a.ts', A, null),
      tableMigration('002_b.ts', B, A),
      {
        file: '003_breaks.ts',
        id: C,
        down: B,
        upgrade: "await op.execute('SELECT * FROM no_such_table_anywhere');",
      },
    ]);
    const config = await p.config({ transaction: 'all' });
    const error = await rejected(upgrade({ config }));
    expect(error.code).toBe('E_MIGRATION_FAILED');
    if (p.dialect.capabilities.transactionalDdl) {
      expect(error.message).toContain('whole run was rolled back');
      expect(await p.versionRows()).toEqual([]);
      expect(await p.tables()).toEqual([]);
    } else {
      expect(await p.versionRows()).toEqual([B]);
    }
  });

  it('operations for other dialects are skipped, with an event naming kind and dialect', async () => {
    const other = dialectNames.find((d) => d !== target.dialect) ?? 'mysql';
    const p = await project([
      {
        file: '001_skip.ts',
        id: A,
        upgrade: [
          "await op.createTable('kept', { id: t.integer().primaryKey() });",
          `await op.execute('CREATE TABLE never_here (id integer)', [], { dialects: ['${other}'] });`,
        ].join('\n'),
      },
    ]);
    const config = await p.config();
    const events: RunEvent[] = [];
    await upgrade({ config, onEvent: (e) => events.push(e) });
    const skipped = events.filter((e) => e.kind === 'operationSkipped');
    expect(skipped).toEqual([
      {
        kind: 'operationSkipped',
        revision: { revision: A, stem: '001_skip' },
        operation: 'executeSql',
        dialect: target.dialect,
        dialects: [other],
      },
    ]);
    expect(await p.tables()).toEqual(['kept']);
  });

  it('a data migration reads back what it wrote (op.query)', async () => {
    const p = await project([
      {
        file: '001_data.ts',
        id: A,
        upgrade: [
          "await op.createTable('people', { id: t.integer().primaryKey(), first: t.string(20), last: t.string(20), full_name: t.string(50) });",
          "await op.bulkInsert('people', [{ id: 1, first: 'Ada', last: 'Lovelace' }, { id: 2, first: 'Alan', last: 'Turing' }]);",
          'const rows = await op.query(sql`SELECT id, first, last FROM people WHERE id >= ${1} ORDER BY id`);',
          'for (const r of rows) await op.execute(sql`UPDATE people SET full_name = ${r.first + " " + r.last} WHERE id = ${r.id}`);',
        ].join('\n'),
      },
    ]);
    await upgrade({ config: await p.config() });
    const rows = await p.query<{ full_name: string }>('SELECT full_name FROM people ORDER BY id');
    expect(rows.map((r) => r.full_name)).toEqual(['Ada Lovelace', 'Alan Turing']);
  });

  it('op.batch keeps child rows that reference the altered table', async () => {
    const p = await project([
      {
        file: '001_tables.ts',
        id: A,
        upgrade: [
          "await op.createTable('users', { id: t.integer().primaryKey(), email: t.string(100) });",
          "await op.createTable('resumes', { id: t.integer().primaryKey(), user_id: t.integer().notNull().references('users.id', { onDelete: 'cascade' }) });",
          "await op.bulkInsert('users', [{ id: 1, email: 'a@b.c' }, { id: 2, email: 'd@e.f' }]);",
          "await op.bulkInsert('resumes', [{ id: 10, user_id: 1 }, { id: 11, user_id: 2 }]);",
        ].join('\n'),
      },
      {
        file: '002_batch.ts',
        id: B,
        down: A,
        upgrade: [
          "await op.bulkInsert('users', [{ id: 3, email: 'g@h.i' }]);",
          "await op.batch('users', (b: any) => {",
          "  b.addColumn('nickname', t.string(20));",
          "  b.alterColumn('email', { nullable: false, existingType: t.string(100) });",
          '});',
        ].join('\n'),
      },
    ]);
    await upgrade({ config: await p.config() });
    expect(await p.versionRows()).toEqual([B]);
    const resumes = await p.query<{ id: number }>('SELECT id FROM resumes ORDER BY id');
    expect(resumes.map((r) => Number(r.id))).toEqual([10, 11]);
    const users = await p.query<{ id: number }>('SELECT id FROM users ORDER BY id');
    expect(users.map((r) => Number(r.id))).toEqual([1, 2, 3]);
    const table = await p.withConnection(
      async (conn) => (await p.dialect.reflect(conn, { onlyTables: ['users'] })).tables[0],
    );
    expect(table?.columns.map((c) => [c.name, c.nullable])).toEqual([
      ['id', false],
      ['email', false],
      ['nickname', true],
    ]);
  });
  // PGlite is one connection in this process: there is no second run to lock out.
  it(
    'a run waits for the lock at most --lock-timeout, then changes nothing',
    async () => {
      const p = await project(linear);
      const config = await p.config();
      await p.withConnection(async (conn) => {
        const { parseUrl } = await import('../../src/config/url.js');
        const { connect } = await import('../../src/drivers/registry.js');
        const held = await p.dialect.lock.acquire({
          conn,
          openConnection: () => connect(parseUrl(p.url)),
          key: 'athanor_version',
          timeoutMs: 5_000,
        });
        try {
          const error = await rejected(upgrade({ config, lockTimeout: 0.5 }));
          expect(error.code).toBe('E_LOCK_TIMEOUT');
        } finally {
          await held.release();
        }
      });
      expect(await p.versionRows()).toBeUndefined();
      await upgrade({ config, lockTimeout: 5 });
      expect(await p.versionRows()).toEqual([C]);
    },
    target.name !== 'pglite',
  );

  it('a migration with transaction: false runs outside the transaction, its steps still recorded', async () => {
    const p = await project([
      tableMigration('001_a.ts', A, null),
      tableMigration('002_b.ts', B, A, { transaction: false }),
      tableMigration('003_c.ts', C, B),
    ]);
    await upgrade({ config: await p.config() });
    expect(await p.versionRows()).toEqual([C]);
    expect(
      (await p.logRows()).map((r) => `${r.revision}:${r.status}:${r.operations_done}`),
    ).toEqual([`${A}:done:1`, `${B}:done:1`, `${C}:done:1`]);
  });

  it(
    'CREATE INDEX CONCURRENTLY is moved out of the migration transaction',
    async () => {
      const p = await project([
        {
          file: '001_concurrently.ts',
          id: A,
          upgrade: [
            "await op.createTable('docs', { id: t.integer().primaryKey(), title: t.string(50) });",
            "await op.createIndex('ix_docs_title', 'docs', ['title'], { concurrently: true });",
            "await op.bulkInsert('docs', [{ id: 1, title: 'x' }]);",
          ].join('\n'),
        },
      ]);
      await upgrade({ config: await p.config() });
      const table = await p.withConnection(
        async (conn) => (await p.dialect.reflect(conn, { onlyTables: ['docs'] })).tables[0],
      );
      expect(table?.indexes.map((i) => i.name)).toEqual(['ix_docs_title']);
    },
    capabilities.concurrentIndexes,
  );

  it('a copy-and-move after other work restarts the step with foreign keys off, applying it once', async () => {
    const p = await project([
      {
        file: '001_tables.ts',
        id: A,
        upgrade: [
          "await op.createTable('teams', { id: t.integer().primaryKey(), name: t.string(20) });",
          "await op.createTable('members', { id: t.integer().primaryKey(), team_id: t.integer().references('teams.id', { onDelete: 'cascade' }) });",
          "await op.bulkInsert('teams', [{ id: 1, name: 'a' }]);",
          "await op.bulkInsert('members', [{ id: 1, team_id: 1 }]);",
        ].join('\n'),
      },
      {
        file: '002_alter.ts',
        id: B,
        down: A,
        upgrade: [
          "await op.bulkInsert('teams', [{ id: 2, name: 'b' }]);",
          "await op.alterColumn('teams', 'name', { nullable: false, existingType: t.string(20) });",
        ].join('\n'),
      },
    ]);
    await upgrade({ config: await p.config() });
    expect(
      (await p.query<{ id: number }>('SELECT id FROM teams ORDER BY id')).map((r) => Number(r.id)),
    ).toEqual([1, 2]);
    expect(
      (await p.query<{ id: number }>('SELECT id FROM members')).map((r) => Number(r.id)),
    ).toEqual([1]);
    expect(await p.versionRows()).toEqual([B]);
  });
});
