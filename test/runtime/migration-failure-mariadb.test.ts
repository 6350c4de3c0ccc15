/**
 * Issue 4's must-show, end to end on the real MariaDB server through the CLI (`main()`): a
 * migration that fails at its third of five operations. MariaDB commits DDL implicitly, so the
 * first two are applied; the report says exactly that, the log table records how far the step
 * got, the version table (and so `current`) still shows the previous revision, and the two
 * tables are really there.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { targets } from '../helpers/databases.js';
import { captureIo, createRunProject, tableMigration, type RunProject } from './run-fixture.js';

const mysqlTarget = (await targets()).find((t) => t.name === 'mysql')!;

const A = 'f1f1f1f1f1f1';
const B = 'f2f2f2f2f2f2';

const io = captureIo;

describe('a MariaDB migration that fails half way, through the CLI', () => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test.skipIf(!mysqlTarget.available)(
    'exit 1, the exact partial-state report, the log row, and current at the previous revision',
    async () => {
      project = await createRunProject(mysqlTarget, [
        tableMigration('001_create_a.ts', A, null, { message: 'create a' }),
        {
          file: '002_breaks.ts',
          id: B,
          down: A,
          message: 'breaks half way',
          upgrade: [
            "await op.createTable('x1', { id: t.integer().primaryKey() });",
            "await op.addColumn('x1', 'note', t.string(20));",
            "await op.execute('SELECT * FROM no_such_table');",
            "await op.createTable('x3', { id: t.integer().primaryKey() });",
            "await op.createTable('x4', { id: t.integer().primaryKey() });",
          ].join('\n    '),
        },
      ]);
      const p = project;
      await p.config();
      const database = new URL(p.url).pathname.slice(1);
      const run = async (...argv: string[]) => {
        const streams = io(p.dir);
        const code = await main(argv, streams);
        return { code, out: streams.out, err: streams.err };
      };

      const up = await run('upgrade', 'head');
      expect(up.code).toBe(1);
      expect(up.out).toContain(`Running upgrade  -> ${A} (001_create_a), create a (`);
      expect(up.out).toContain(
        `Running upgrade ${A} (001_create_a) -> ${B} (002_breaks), breaks half way FAILED`,
      );
      const file = `${p.versionsDir}/002_breaks.ts`;
      expect(up.err.trimEnd().split('\n')).toEqual([
        `error: upgrade ${B} (002_breaks) failed at operation 3 of 5 (executeSql): Table '${database}.no_such_table' doesn't exist`,
        '  SQL: SELECT * FROM no_such_table',
        `  file: ${file}`,
        '  operations 1-2 are applied and cannot be rolled back on mysql (DDL commits implicitly); the version table still shows the previous revision',
      ]);

      // The catalog agrees with the report: operations 1 and 2 happened, 4 and 5 did not.
      expect(await p.tables()).toEqual([`t_${A}`, 'x1']);
      const columns = await p.query<{ name: string }>(
        "SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'x1' ORDER BY ORDINAL_POSITION",
      );
      expect(columns.map((c) => c.name)).toEqual(['id', 'note']);
      // The log says how far the step got; the version table never moved to B.
      const log = await p.logRows();
      expect(log.map((r) => [r.revision, r.status])).toEqual([
        [A, 'done'],
        [B, 'failed'],
      ]);
      expect(log[1]).toMatchObject({ operations_done: 2, failed_operation: 3 });
      expect(log[1]?.error).toContain('failed at operation 3 of 5');
      expect(await p.versionRows()).toEqual([A]);

      // `current` shows the version table as it is: the previous revision, not B.
      const current = await run('current');
      expect(current.code).toBe(0);
      expect(current.out).toContain(A);
      expect(current.out).toContain('001_create_a');
      expect(current.out).not.toContain(B);
      // ...and says, on stderr, that B is half applied.
      expect(current.err).toBe(
        `warning: upgrade of ${B} failed at operation 3; operations 1-2 are applied, so the schema is partly at ${B} (see the log table)\n`,
      );
      const json = await run('--json', 'current');
      expect(JSON.parse(json.out)).toMatchObject({
        current: [A],
        partialFailure: { revision: B, direction: 'up', operationsDone: 2, failedOperation: 3 },
      });
    },
    120_000,
  );
});
