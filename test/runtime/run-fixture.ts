/**
 * Temporary athanor projects on a real database, for the runner and conformance tests: a JSON
 * config, a versions folder of real .ts migration files (loaded by the ScriptDirectory), and
 * helpers that read the database back through a fresh connection.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/cli-command.js';
import { loadConfig } from '../../src/config/config-load.js';
import type { ResolvedConfig } from '../../src/config/config-types.js';
import { parseUrl } from '../../src/config/url.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/drivers/driver.js';
import { connect } from '../../src/drivers/registry.js';
import type { Target, TestDatabase } from '../helpers/databases.js';

/** One migration file. Bodies are TypeScript statements using `op`, `t` and `sql`. */
/** A CliIo that keeps what the command printed, for `main(args, io)` in process. */
export function captureIo(cwd: string): CliIo & { out: string; err: string } {
  const captured = { out: '', err: '' };
  return Object.assign(captured, {
    cwd,
    env: {},
    stdout: (t: string) => void (captured.out += t),
    stderr: (t: string) => void (captured.err += t),
  });
}

export interface MigrationSpec {
  readonly file: string;
  readonly id: string;
  readonly down?: string | readonly string[] | null;
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly upgrade?: string;
  /** null: the migration has no downgrade (irreversible). */
  readonly downgrade?: string | null;
  readonly transaction?: boolean;
}

const srcPath = (rel: string): string =>
  fileURLToPath(new URL(`../../src/${rel}`, import.meta.url));

/** The source of a migration file: imports by absolute path, so it loads from any folder. */
export function migrationSource(spec: MigrationSpec): string {
  const lines = [
    `import { t } from ${JSON.stringify(srcPath('schema/dsl.ts'))};`,
    `import { sql } from ${JSON.stringify(srcPath('operations/sql-tag.ts'))};`,
    '',
    'export default {',
    `  revision: ${JSON.stringify(spec.id)},`,
    `  downRevision: ${JSON.stringify(spec.down ?? null)},`,
    `  message: ${JSON.stringify(spec.message ?? `step ${spec.id}`)},`,
    `  branchLabels: ${JSON.stringify(spec.branchLabels ?? [])},`,
    `  dependsOn: ${JSON.stringify(spec.dependsOn ?? [])},`,
    ...(spec.transaction === false ? ['  transaction: false,'] : []),
    `  async upgrade(op: any) {`,
    `    void t; void sql;`,
    `    ${spec.upgrade ?? ''}`,
    '  },',
    ...(spec.downgrade === null
      ? []
      : ['  async downgrade(op: any) {', `    ${spec.downgrade ?? ''}`, '  },']),
    '};',
    '',
  ];
  return lines.join('\n');
}

/** A migration that creates one small table (and drops it on the way down). */
export function tableMigration(
  file: string,
  id: string,
  down: MigrationSpec['down'],
  extra: Partial<MigrationSpec> = {},
): MigrationSpec {
  return {
    file,
    id,
    down,
    upgrade: `await op.createTable('t_${id}', { id: t.integer().primaryKey(), name: t.string(50) }, { ifNotExists: true });`,
    downgrade: `await op.dropTable('t_${id}', { ifExists: true });`,
    ...extra,
  };
}

export interface RunProject {
  readonly dir: string;
  readonly versionsDir: string;
  readonly url: string;
  readonly dialect: Dialect;
  config(overrides?: Record<string, unknown>): Promise<ResolvedConfig>;
  write(spec: MigrationSpec): void;
  /** Runs `fn` on a fresh connection (closed afterwards: PGlite allows one at a time). */
  withConnection<T>(fn: (conn: Connection) => Promise<T>): Promise<T>;
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
  /** Version rows, sorted; undefined when the version table does not exist. */
  versionRows(table?: string): Promise<string[] | undefined>;
  /** Log rows in applied order. */
  logRows(table?: string): Promise<LogRow[]>;
  /** Version rows and log rows through one connection (PGlite opens slowly). */
  state(): Promise<{ rows: string[]; log: LogRow[] }>;
  /** User tables (athanor's own excluded), sorted. */
  tables(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export interface LogRow {
  readonly id: number;
  readonly revision: string;
  readonly direction: string;
  readonly status: string;
  readonly operations_done: number;
  readonly failed_operation: number | null;
  readonly error: string | null;
  readonly checksum: string | null;
  readonly run_id: string;
}

/**
 * A fresh database of a target (kept for callers that take a factory; the shared helpers now
 * copy an initialised PGlite template themselves, so this is `target.createDatabase`).
 */
export function databaseFactory(): (target: Target) => Promise<TestDatabase> {
  return (target) => target.createDatabase();
}

type WithConnection = <T>(fn: (conn: Connection) => Promise<T>) => Promise<T>;

async function existing(
  conn: Connection,
  dialect: Dialect,
  names: readonly string[],
): Promise<Set<string>> {
  return new Set((await dialect.reflect(conn, { onlyTables: names })).tables.map((t) => t.name));
}

async function readRows(
  conn: Connection,
  dialect: Dialect,
  table: string,
): Promise<string[] | undefined> {
  if (!(await existing(conn, dialect, [table])).has(table)) return undefined;
  const rows = await conn.query<{ version_num: string }>(
    `SELECT version_num FROM ${dialect.quoteIdentifier(table)}`,
  );
  return rows.map((r) => r.version_num).sort();
}

async function readLog(conn: Connection, dialect: Dialect, table: string): Promise<LogRow[]> {
  if (!(await existing(conn, dialect, [table])).has(table)) return [];
  const rows = await conn.query<LogRow>(
    `SELECT id, revision, direction, status, operations_done, failed_operation, error, checksum, run_id FROM ${dialect.quoteIdentifier(table)} ORDER BY id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), operations_done: Number(r.operations_done) }));
}

/** The read-back half of a project: each reader opens (and closes) its own connection. */
function databaseReaders(dialect: Dialect, withConnection: WithConnection) {
  return {
    versionRows: (table = 'athanor_version') =>
      withConnection((conn) => readRows(conn, dialect, table)),
    logRows: (table = 'athanor_version_log') =>
      withConnection((conn) => readLog(conn, dialect, table)),
    state: () =>
      withConnection(async (conn) => ({
        rows: (await readRows(conn, dialect, 'athanor_version')) ?? [],
        log: await readLog(conn, dialect, 'athanor_version_log'),
      })),
    tables: () =>
      withConnection(async (conn) => {
        const model = await dialect.reflect(conn, {});
        return model.tables
          .map((t) => t.name)
          .filter((n) => !n.startsWith('athanor_version'))
          .sort();
      }),
  };
}

/** A project on a fresh database of `target`, with `specs` written as files. */
export async function createRunProject(
  target: Target,
  specs: readonly MigrationSpec[] = [],
  db?: TestDatabase,
): Promise<RunProject> {
  const database = db ?? (await target.createDatabase());
  const dir = join(database.dir, 'project');
  const versionsDir = join(dir, 'migrations', 'versions');
  mkdirSync(versionsDir, { recursive: true });
  const dialect = await loadDialect(target.dialect);
  const parsed = parseUrl(database.url);
  const withConnection: WithConnection = async (fn) => {
    const conn = await connect(parsed);
    try {
      return await fn(conn);
    } finally {
      await conn.close();
    }
  };
  const project: RunProject = {
    dir,
    versionsDir,
    url: database.url,
    dialect,
    async config(overrides = {}) {
      writeFileSync(
        join(dir, 'athanor.config.json'),
        JSON.stringify({ url: database.url, ...overrides }),
      );
      return loadConfig({ cwd: dir, env: {} });
    },
    write: (spec) => writeFileSync(join(versionsDir, spec.file), migrationSource(spec)),
    withConnection,
    query: (sql) => withConnection((conn) => conn.query(sql)),
    ...databaseReaders(dialect, withConnection),
    cleanup: () => database.cleanup(),
  };
  for (const spec of specs) project.write(spec);
  return project;
}
