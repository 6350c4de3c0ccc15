import { readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import type { CreateTable } from '../operations/operation.js';
import { sql, type SqlFragment } from '../operations/sql-tag.js';
import type { ColumnModel, TableModel } from '../schema/model.js';
import { tableIdentifier, type QualifiedTable } from './version-table.js';

/** Status of one log row: 'running' is only ever seen on a dialect without transactional DDL. */
export type LogStatus = 'running' | 'done' | 'failed';

/** Where a run happens, recorded in every log row. */
export interface RunOrigin {
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
  return sql`INSERT INTO ${tableIdentifier(table)} (run_id, step, revision, file, direction, status, started_at, finished_at, duration_ms, checksum, host, os_user, athanor_version, operations_done, failed_operation, error) VALUES (${entry.runId}, ${entry.step}, ${entry.revision}, ${entry.file}, ${entry.direction}, ${entry.status}, ${logTimestamp(entry.startedAt)}, ${entry.finishedAt ? logTimestamp(entry.finishedAt) : null}, ${entry.durationMs === undefined ? null : Math.round(entry.durationMs)}, ${entry.checksum}, ${origin.host}, ${origin.osUser}, ${origin.athanorVersion}, ${entry.operationsDone}, ${entry.failedOperation ?? null}, ${entry.error ?? null})`;
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
