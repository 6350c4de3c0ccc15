/**
 * Round trips on a server: the pg connection's executeMany, and the LiveExecutor sending BEGIN
 * with a step's first statement and the version row with the log row. What the batched path
 * writes must read back exactly as the one-statement-at-a-time path writes it.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/drivers/driver.js';
import { pgDriver } from '../../src/drivers/pg-driver.js';
import { MigrationError } from '../../src/errors.js';
import { sql } from '../../src/operations/sql-tag.js';
import { LiveExecutor } from '../../src/runtime/live-executor.js';
import { runSources, versionTableOf } from '../../src/runtime/run-command.js';
import { MigrationRunner, type RunResult } from '../../src/runtime/runner.js';
import {
  createPostgresDatabase,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';
import { createRunProject, tableMigration, type RunProject } from './run-fixture.js';

const server = await serverAvailable('postgresql');
const postgres = await loadDialect('postgresql');

/** The connection with a record of what went over the wire, one entry per round trip. */
function recorded(conn: Connection): { conn: Connection; trips: string[] } {
  const trips: string[] = [];
  const executeMany = conn.executeMany;
  return {
    trips,
    conn: {
      ...conn,
      query: (text, params) => (trips.push(`query: ${text}`), conn.query(text, params)),
      execute: (text, params) => (trips.push(text), conn.execute(text, params)),
      ...(executeMany
        ? { executeMany: (list) => (trips.push(list.join(' | ')), executeMany(list)) }
        : {}),
    },
  };
}

describe.skipIf(!server)('batched round trips on the PostgreSQL server', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const database = async (): Promise<{ db: TestDatabase; conn: Connection }> => {
    const db = await createPostgresDatabase();
    const conn = await pgDriver.connect(parseUrl(db.url));
    cleanups.push(
      () => db.cleanup(),
      () => conn.close(),
    );
    return { db, conn };
  };

  test('executeMany runs in order, counts each statement, stops at the first error', async () => {
    const { conn } = await database();
    await conn.execute('CREATE TABLE n (v integer)');
    expect(
      await conn.executeMany?.([
        'INSERT INTO n VALUES (1), (2)',
        'UPDATE n SET v = v + 10',
        'DELETE FROM n WHERE v = 11',
      ]),
    ).toEqual([2, 2, 1]);
    await expect(
      conn.executeMany?.([
        'INSERT INTO n VALUES (3)',
        'SELECT * FROM nope',
        'INSERT INTO n VALUES (4)',
      ]),
    ).rejects.toThrow(/nope/);
    // Outside a transaction the three ran as one implicit transaction: nothing of it stayed.
    expect(await conn.query('SELECT v FROM n ORDER BY v')).toEqual([{ v: 12 }]);
  });

  test('BEGIN goes with the first statement; an empty transaction is never sent', async () => {
    const { conn } = await database();
    const { conn: wire, trips } = recorded(conn);
    const executor = await LiveExecutor.create({ connection: wire, dialect: postgres });
    await executor.begin();
    await executor.commit();
    expect(trips).toEqual([]);

    await executor.begin();
    await executor.apply({ kind: 'executeSql', sql: 'CREATE TABLE a (id integer)', params: [] });
    await executor.apply({ kind: 'executeSql', sql: 'INSERT INTO a VALUES ($1)', params: [1] });
    await executor.rollback();
    expect(trips).toEqual([
      'BEGIN | CREATE TABLE a (id integer)',
      'INSERT INTO a VALUES ($1)',
      'ROLLBACK',
    ]);
    expect(await conn.query("SELECT to_regclass('a') AS t")).toEqual([{ t: null }]);

    // A bound first statement cannot share the message: BEGIN goes alone, then the statement.
    trips.length = 0;
    await executor.begin();
    await executor.apply({ kind: 'executeSql', sql: 'SELECT $1::int AS one', params: [1] });
    await executor.commit();
    expect(trips).toEqual(['BEGIN', 'SELECT $1::int AS one', 'COMMIT']);
  });

  test('systemMany inlines what reads back the same, and binds a string with a backslash', async () => {
    const { conn } = await database();
    await conn.execute('CREATE TABLE s (k text, n integer)');
    const { conn: wire, trips } = recorded(conn);
    const executor = await LiveExecutor.create({ connection: wire, dialect: postgres });
    await executor.begin();
    const counts = await executor.systemMany([
      sql`INSERT INTO s VALUES (${"it's -- not a comment"}, ${7})`,
      sql`INSERT INTO s VALUES (${null}, ${-1})`,
    ]);
    expect(counts).toEqual([1, 1]);
    expect(trips).toHaveLength(1);
    expect(trips[0]).toMatch(/^BEGIN \| INSERT INTO s VALUES \('it''s -- not a comment', 7\) \| /);
    const backslash = 'C:\\migrations\\001';
    await executor.systemMany([sql`INSERT INTO s VALUES (${backslash}, ${1})`]);
    expect(trips[1]).toBe('INSERT INTO s VALUES ($1, $2)');
    await executor.commit();
    expect(await conn.query('SELECT k, n FROM s ORDER BY n')).toEqual([
      { k: null, n: -1 },
      { k: backslash, n: 1 },
      { k: "it's -- not a comment", n: 7 },
    ]);
  });

  /** A project of two one-table migrations on a new database, and a runner on a recorded wire. */
  async function runProject(): Promise<{
    project: RunProject;
    trips: string[];
    run: (from?: readonly string[]) => Promise<RunResult>;
  }> {
    const project = await createRunProject(
      {
        name: 'postgresql',
        dialect: 'postgresql',
        available: true,
        createDatabase: createPostgresDatabase,
      },
      [tableMigration('001_a.ts', 'a1', null), tableMigration('002_b.ts', 'b2', 'a1')],
    );
    cleanups.push(() => project.cleanup());
    const config = await project.config();
    const sources = runSources({ config });
    const graph = await sources.graph();
    const conn = await pgDriver.connect(parseUrl(project.url));
    cleanups.push(() => conn.close());
    const { conn: wire, trips } = recorded(conn);
    const runner = new MigrationRunner({
      dialect: postgres,
      scripts: sources.scripts,
      versionTable: versionTableOf(config),
      transaction: 'each',
    });
    // `from`: plan as if the database were there, whatever its version rows say.
    const run = (from?: readonly string[]) =>
      runner.run((current) => graph.planUpgrade(from ?? current, 'head'), {
        connection: wire,
        openConnection: () => pgDriver.connect(parseUrl(project.url)),
        lockTimeoutMs: 10_000,
      });
    return { project, trips, run };
  }

  test('a step is three round trips: BEGIN with its DDL, version row with log row, COMMIT', async () => {
    const { project, trips, run } = await runProject();
    const result = await run();
    expect(result.to).toEqual(['b2']);
    const at = trips.findIndex((t) => t.startsWith('BEGIN | CREATE TABLE IF NOT EXISTS "t_b2"'));
    expect(at, trips.join('\n')).toBeGreaterThan(0);
    const step = trips.slice(at, at + 3);
    expect(step[1]).toMatch(
      /^UPDATE "athanor_version" SET version_num = 'b2' WHERE version_num = 'a1' \| INSERT INTO "athanor_version_log" /,
    );
    expect(step[2]).toBe('COMMIT');
    const log = await project.logRows();
    expect(log.map((r) => [r.revision, r.status, r.operations_done])).toEqual([
      ['a1', 'done', 1],
      ['b2', 'done', 1],
    ]);
    expect(log[1]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(await project.versionRows()).toEqual(['b2']);
  });

  test('a version row changed by hand mid-run fails the step before its COMMIT', async () => {
    const { project, run } = await runProject();
    // The plan starts from a1, but the row says zz: b2's UPDATE finds nothing to move.
    await project.withConnection(async (conn) => {
      await conn.execute(
        'CREATE TABLE athanor_version (version_num varchar(32) NOT NULL PRIMARY KEY)',
      );
      await conn.execute("INSERT INTO athanor_version VALUES ('zz')");
    });
    const failure = await run(['a1']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toContain(
      'the version table athanor_version did not hold the rows this step expected',
    );
    // Nothing of the failed step was committed.
    expect(await project.versionRows()).toEqual(['zz']);
    expect(await project.tables()).toEqual([]);
  });
});
