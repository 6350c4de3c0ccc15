/**
 * Shared by the deploy tests (upgrade --backup, restore, status, current --check-heads, the
 * start-up guard): the CLI run in-process through `main()` with captured streams, and a small
 * project in the shape of issue 7's example (001 users, 002 "vectors" as a jobs table, 003 a
 * phone number), with rows in every table so that backups and restores can be counted.
 */
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/cli-command.js';
import { sqliteTarget, type Target } from '../helpers/databases.js';
import { createRunProject, type MigrationSpec, type RunProject } from '../runtime/run-fixture.js';

export const USERS = 'a1a1a1a1a1a1';
export const VECTORS = 'b2b2b2b2b2b2';
export const PHONE = 'c3c3c3c3c3c3';

/** 001 creates users (3 rows), 002 jobs (2 rows), 003 adds users.phone_number and one user. */
export const deploySpecs: readonly MigrationSpec[] = [
  {
    file: '001_create_users_table.ts',
    id: USERS,
    message: 'create users table',
    upgrade:
      "await op.createTable('users', { id: t.integer().primaryKey(), email: t.string(100).notNull() }); " +
      "await op.bulkInsert('users', [{ id: 1, email: 'a@x' }, { id: 2, email: 'b@x' }, { id: 3, email: 'c@x' }]);",
    downgrade: "await op.dropTable('users');",
  },
  {
    file: '002_add_vectors.ts',
    id: VECTORS,
    down: USERS,
    message: 'add vectors',
    upgrade:
      "await op.createTable('jobs', { id: t.integer().primaryKey(), title: t.string(100) }); " +
      "await op.bulkInsert('jobs', [{ id: 1, title: 'cook' }, { id: 2, title: 'pilot' }]);",
    downgrade: "await op.dropTable('jobs');",
  },
  {
    file: '003_add_phone_number_to_users.ts',
    id: PHONE,
    down: VECTORS,
    message: 'add phone number to users',
    upgrade:
      "await op.addColumn('users', 'phone_number', t.string(20)); " +
      "await op.bulkInsert('users', [{ id: 100, email: 'new@x', phone_number: '555' }]);",
    downgrade:
      "await op.execute('DELETE FROM users WHERE id = 100'); await op.dropColumn('users', 'phone_number');",
  },
];

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `athanor ...argv` in `cwd` through the real CLI entry point (no mocks: the commands
 * connect to the project's database).
 *
 * @example
 * const { code, out } = await runCli(project.dir, 'status', '--json');
 */
export async function runCli(cwd: string, ...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = {
    cwd,
    env: {},
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** A deploy project on a fresh database of `target`, config written (optionally with a URL override). */
export async function createDeployProject(
  target: Target,
  options: { url?: (url: string) => string } = {},
): Promise<RunProject> {
  const project = await createRunProject(target, deploySpecs);
  await project.config(options.url ? { url: options.url(project.url) } : {});
  return project;
}

/** Rows of a table, as a number (drivers return bigint strings for COUNT on PostgreSQL). */
export async function countRows(project: RunProject, table: string): Promise<number> {
  const rows = await project.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]?.n);
}

/** Column names of a table, as the dialect reflects them. */
export async function columnsOf(project: RunProject, table: string): Promise<string[]> {
  return project.withConnection(async (conn) => {
    const model = await project.dialect.reflect(conn, { onlyTables: [table] });
    return model.tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
  });
}

export { sqliteTarget };
