import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import type { AddColumn, CreateTable } from '../operations/operation.js';
import { renderSql, sql, type SqlFragment, type SqlRenderer } from '../operations/sql-tag.js';
import type { ColumnModel, TableModel } from '../schema/model.js';
import { tableIdentifier, type QualifiedTable } from './version-table.js';

/**
 * Status of one log row: 'running' is only ever seen on a dialect without transactional DDL;
 * 'skipped' is a step whose migration the database could not run (`requires`): its version
 * moved, its operations did not run.
 */
export type LogStatus = 'running' | 'done' | 'failed' | 'skipped';

/** Facts about a whole run that a command adds to each of its log rows. */
export interface RunAnnotations {
  /** Path of the backup written before the run (`upgrade --backup`). */
  readonly backup?: string;
}

/** Where a run happens (and what the command added), recorded in every log row. */
export interface RunOrigin extends RunAnnotations {
  readonly host: string;
  readonly osUser: string;
  readonly athanorVersion: string;
}

/** One step of one run, as a log row records it. */
export interface LogEntry {
  readonly runId: string;
  /** 1-based step number within the run. */
  readonly step: number;
  readonly revision: string;
  readonly file: string;
  readonly direction: 'up' | 'down';
  readonly status: LogStatus;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  readonly durationMs?: number;
  readonly checksum: string;
  readonly operationsDone: number;
  readonly failedOperation?: number;
  readonly error?: string;
}

/**
 * The log table's name: `<versionTable>_log`.
 *
 * @example
 * logTableOf({ name: 'athanor_version' }); // { name: 'athanor_version_log' }
 */
export function logTableOf(versionTable: QualifiedTable): QualifiedTable {
  return { ...versionTable, name: `${versionTable.name}_log` };
}

const text = (name: string, length: number, nullable = true): ColumnModel => ({
  name,
  type: { kind: 'string', length },
  nullable,
});
const integer = (name: string, nullable = true): ColumnModel => ({
  name,
  type: { kind: 'integer' },
  nullable,
});
const timestamp = (name: string, nullable: boolean): ColumnModel => ({
  name,
  type: { kind: 'timestamp', withTimezone: false },
  nullable,
});

/**
 * Added in 0.1 (issue 7): log tables created before it lack the column, so it is written only
 * when a run has a backup, and added then (`ensureBackupColumn`).
 */
const backupColumn: ColumnModel = { name: 'backup', type: { kind: 'text' }, nullable: true };

/**
 * The log table: one row per step applied or reverted, with timing, the file's checksum, who
 * ran it from where, and (MySQL) how far a failed step got. Timestamps are UTC.
 *
 * @example
 * logTableModel({ name: 'athanor_version_log' }).columns.map((c) => c.name);
 */
export function logTableModel(table: QualifiedTable): TableModel {
  const columns: ColumnModel[] = [
    { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
    text('run_id', 36, false),
    integer('step', false),
    text('revision', 32, false),
    text('file', 255),
    text('direction', 4, false),
    text('status', 8, false),
    timestamp('started_at', false),
    timestamp('finished_at', true),
    integer('duration_ms'),
    text('checksum', 64),
    text('host', 255),
    text('os_user', 255),
    text('athanor_version', 32),
    integer('operations_done', false),
    integer('failed_operation'),
    { name: 'error', type: { kind: 'text' }, nullable: true },
    backupColumn,
  ];
  return Object.freeze({
    name: table.name,
    ...(table.schema ? { schema: table.schema } : {}),
    columns,
    primaryKey: { name: `${table.name}_pkc`, columns: ['id'] },
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
  });
}

/**
 * The CREATE TABLE operation for the log table.
 *
 * @example
 * dialect.compile(createLogTable({ name: 'athanor_version_log' }), { offline: false });
 */
export function createLogTable(table: QualifiedTable): CreateTable {
  return Object.freeze({
    kind: 'createTable',
    table: logTableModel(table),
    ifNotExists: true,
    ...(table.schema ? { schema: table.schema } : {}),
  });
}

/**
 * UTC timestamp text every dialect accepts for a TIMESTAMP/DATETIME column.
 *
 * @example
 * logTimestamp(new Date('2025-01-02T03:04:05.678Z')); // '2025-01-02 03:04:05.678'
 */
export function logTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * INSERT of a whole log row.
 *
 * @example
 * await executor.system(insertLogRow(table, entry, runOrigin()));
 */
export function insertLogRow(
  table: QualifiedTable,
  entry: LogEntry,
  origin: RunOrigin,
): SqlFragment {
  // The backup column only when there is a backup: a log table from before the column existed
  // keeps working for every run that takes none.
  const backupName = origin.backup === undefined ? sql`` : sql`, backup`;
  const backupValue = origin.backup === undefined ? sql`` : sql`, ${origin.backup}`;
  return sql`INSERT INTO ${tableIdentifier(table)} (run_id, step, revision, file, direction, status, started_at, finished_at, duration_ms, checksum, host, os_user, athanor_version, operations_done, failed_operation, error${backupName}) VALUES (${entry.runId}, ${entry.step}, ${entry.revision}, ${entry.file}, ${entry.direction}, ${entry.status}, ${logTimestamp(entry.startedAt)}, ${entry.finishedAt ? logTimestamp(entry.finishedAt) : null}, ${entry.durationMs === undefined ? null : Math.round(entry.durationMs)}, ${entry.checksum}, ${origin.host}, ${origin.osUser}, ${origin.athanorVersion}, ${entry.operationsDone}, ${entry.failedOperation ?? null}, ${entry.error ?? null}${backupValue})`;
}

/**
 * Records how many operations of a running step are applied (MySQL partial-state reports).
 *
 * @example
 * await executor.system(updateLogProgress(table, runId, 2, 3));
 */
export function updateLogProgress(
  table: QualifiedTable,
  runId: string,
  step: number,
  done: number,
): SqlFragment {
  return sql`UPDATE ${tableIdentifier(table)} SET operations_done = ${done} WHERE run_id = ${runId} AND step = ${step}`;
}

/**
 * Marks a running step done or failed.
 *
 * @example
 * await executor.system(finishLogRow(table, { ...entry, status: 'done' }));
 */
export function finishLogRow(table: QualifiedTable, entry: LogEntry): SqlFragment {
  return sql`UPDATE ${tableIdentifier(table)} SET status = ${entry.status}, finished_at = ${entry.finishedAt ? logTimestamp(entry.finishedAt) : null}, duration_ms = ${entry.durationMs === undefined ? null : Math.round(entry.durationMs)}, operations_done = ${entry.operationsDone}, failed_operation = ${entry.failedOperation ?? null}, error = ${entry.error ?? null} WHERE run_id = ${entry.runId} AND step = ${entry.step}`;
}

/**
 * Host, OS user and athanor's version for the log rows.
 *
 * @example
 * runOrigin(); // { host: 'build-7', osUser: 'deploy', athanorVersion: '0.1.0' }
 */
export function runOrigin(): RunOrigin {
  let osUser = process.env.USER ?? process.env.USERNAME ?? '';
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep the environment's idea of the user.
  }
  return { host: hostname(), osUser, athanorVersion: athanorVersion() };
}

function athanorVersion(): string {
  // src/runtime and dist/runtime both sit two levels below package.json.
  try {
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Adds the `backup` column to a log table created before it existed. Reads the catalog through
 * the dialect's reflector and adds the column with an ordinary AddColumn, so every dialect
 * compiles it; a missing log table is left alone (the runner creates it with the column).
 *
 * @example
 * await ensureBackupColumn(conn, dialect, logTableOf({ name: 'athanor_version' }));
 */
export async function ensureBackupColumn(
  conn: Connection,
  dialect: Dialect,
  table: QualifiedTable,
): Promise<void> {
  const model = await dialect.reflect(conn, {
    onlyTables: [table.name],
    ...(table.schema ? { schema: table.schema } : {}),
  });
  const existing = model.tables.find((t) => t.name === table.name);
  if (!existing || existing.columns.some((c) => c.name === backupColumn.name)) return;
  const add: AddColumn = {
    kind: 'addColumn',
    table: table.name,
    column: backupColumn,
    ...(table.schema ? { schema: table.schema } : {}),
  };
  for (const statement of dialect.compile(add, { offline: false })) {
    await conn.execute(statement.sql, statement.params);
  }
}

/** The newest completed step of the log, as `status` shows it. */
export interface LastLogEntry {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  /** ISO 8601, UTC. */
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
  readonly backup: string | null;
}

/**
 * The newest step the log records as done (or skipped: its version moved), or undefined for an empty log. Reads only; the
 * caller checks that the table exists. `SELECT *` because older log tables lack `backup`.
 *
 * @example
 * await readLastLogEntry(conn, dialect, logTableOf(versionTable)); // { revision: 'c3c3...', direction: 'up', ... }
 */
export async function readLastLogEntry(
  conn: Connection,
  dialect: SqlRenderer,
  table: QualifiedTable,
): Promise<LastLogEntry | undefined> {
  const query = renderSql(
    sql`SELECT * FROM ${tableIdentifier(table)} WHERE status IN (${'done'}, ${'skipped'}) ORDER BY id DESC`,
    dialect,
  );
  const rows = await conn.query<Record<string, unknown>>(`${query.sql} LIMIT 1`, query.params);
  const row = rows[0];
  if (!row) return undefined;
  return {
    revision: String(row.revision),
    direction: row.direction === 'down' ? 'down' : 'up',
    finishedAt: utcIso(row.finished_at),
    durationMs:
      row.duration_ms === null || row.duration_ms === undefined ? null : Number(row.duration_ms),
    backup: typeof row.backup === 'string' ? row.backup : null,
  };
}

/**
 * The log's UTC timestamps back as ISO text. Drivers hand a TIMESTAMP without time zone back as
 * text (SQLite) or as a Date built from its fields in local time (pg, mysql2); either way the
 * fields are UTC, so they are read as such.
 */
function utcIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const d = value;
    const ms = Date.UTC(
      d.getFullYear(),
      d.getMonth(),
      d.getDate(),
      d.getHours(),
      d.getMinutes(),
      d.getSeconds(),
      d.getMilliseconds(),
    );
    return new Date(ms).toISOString();
  }
  const text = String(value).trim().replace(' ', 'T');
  const parsed = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(parsed.getTime()) ? String(value) : parsed.toISOString();
}

/** A step that failed after some of its operations were applied and kept (MySQL's implicit commits). */
export interface PartialFailure {
  readonly revision: string;
  readonly direction: 'up' | 'down';
  readonly operationsDone: number;
  readonly failedOperation: number | null;
}

/**
 * The newest step of the log, when it failed with operations applied that no transaction took
 * back: the database then sits between two revisions, which the version rows cannot say.
 * Undefined otherwise (a rolled-back failure logs zero operations done). Reads only.
 *
 * @example
 * await readPartialFailure(conn, dialect, logTableOf(versionTable)); // { revision: 'b2b2...', operationsDone: 2, failedOperation: 3, direction: 'up' }
 */
export async function readPartialFailure(
  conn: Connection,
  dialect: SqlRenderer,
  table: QualifiedTable,
): Promise<PartialFailure | undefined> {
  const query = renderSql(sql`SELECT * FROM ${tableIdentifier(table)} ORDER BY id DESC`, dialect);
  const rows = await conn.query<Record<string, unknown>>(`${query.sql} LIMIT 1`, query.params);
  const row = rows[0];
  const done = Number(row?.operations_done ?? 0);
  if (!row || row.status !== 'failed' || !(done > 0)) return undefined;
  return {
    revision: String(row.revision),
    direction: row.direction === 'down' ? 'down' : 'up',
    operationsDone: done,
    failedOperation:
      row.failed_operation === null || row.failed_operation === undefined
        ? null
        : Number(row.failed_operation),
  };
}

/**
 * How each revision's latest upgrade ended, per the log: 'done' or 'skipped' (its `requires`
 * was not met). A revision the log does not record as upgraded (stamped, or applied before the
 * log table existed) is absent. Reads only; the caller checks that the table exists.
 *
 * @example
 * await readUpgradeOutcomes(query, logTableOf(versionTable), ['b2b2...']); // Map { 'b2b2...' => 'skipped' }
 */
export async function readUpgradeOutcomes(
  query: <R>(sql: string, params: readonly unknown[]) => Promise<R[]>,
  dialect: Dialect,
  table: QualifiedTable,
  revisions: readonly string[],
): Promise<Map<string, 'done' | 'skipped'>> {
  const outcomes = new Map<string, 'done' | 'skipped'>();
  if (revisions.length === 0) return outcomes;
  const list = sql.join(revisions);
  const text = renderSql(
    sql`SELECT revision, status FROM ${tableIdentifier(table)} WHERE direction = ${'up'} AND status IN (${'done'}, ${'skipped'}) AND revision IN (${list}) ORDER BY id`,
    dialect,
  );
  // Oldest first: the latest row of each revision is the one that stays.
  for (const row of await query<{ revision: string; status: string }>(text.sql, text.params)) {
    outcomes.set(String(row.revision), row.status === 'skipped' ? 'skipped' : 'done');
  }
  return outcomes;
}
