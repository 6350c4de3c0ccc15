/**
 * The floor: the statements a migration tool has to send, with the same transaction boundaries
 * (BEGIN/COMMIT per migration, the version row moved inside it), as one SQL script run by one
 * `psql -q -f` or `sqlite3` process. No tool can do the same work faster than this.
 */
import { writeFileSync } from 'node:fs';
import type { Dialect as AthanorDialect } from '../src/dialects/dialect.js';
import { renderSql } from '../src/operations/sql-tag.js';
import { createLogTable, insertLogRow } from '../src/runtime/log-table.js';
import { runChecked, runProcess, type ProcessResult } from './proc.js';
import { stepSql, type Dialect, type RevisionSpec } from './workload.js';

export const FLOOR_VERSION_TABLE = 'floor_version';

function versionTableSql(dialect: Dialect, table: string): string {
  const type = dialect === 'sqlite' ? 'VARCHAR(32)' : 'varchar(32)';
  return `CREATE TABLE IF NOT EXISTS "${table}" ("version_num" ${type} NOT NULL, CONSTRAINT "${table}_pkc" PRIMARY KEY ("version_num"));`;
}

const begin = (dialect: Dialect): string => (dialect === 'sqlite' ? 'BEGIN IMMEDIATE;' : 'BEGIN;');

/** athanor's log table, as athanor creates it (`<table>_log`). */
export function logTableSql(renderer: AthanorDialect, versionTable: string): string[] {
  const logTable = { name: `${versionTable}_log` };
  return renderer.compile(createLogTable(logTable), { offline: true }).map((s) => `${s.sql};`);
}

/** One 'done' log row of a step, as athanor writes it, with its values inline. */
export function logRowSql(
  renderer: AthanorDialect,
  versionTable: string,
  row: { step: number; revision: string; file: string; operations: number },
): string {
  const at = new Date();
  const insert = insertLogRow(
    { name: `${versionTable}_log` },
    {
      runId: '00000000-0000-4000-8000-000000000000',
      step: row.step,
      revision: row.revision,
      file: row.file,
      direction: 'up',
      status: 'done',
      startedAt: at,
      finishedAt: at,
      durationMs: 1,
      checksum: 'f'.repeat(64),
      operationsDone: row.operations,
    },
    { host: 'bench', osUser: 'bench', athanorVersion: '0.0.0' },
  );
  return `${renderSql(insert, renderer, { inline: true }).sql};`;
}

/**
 * upgrade head from an empty database. With `withLog` (athanor's dialect), also athanor's log
 * table and one log row per migration: the same statements athanor sends, shown next to the
 * floor for information (the target is against the floor without them).
 */
export function upgradeScript(
  dialect: Dialect,
  revisions: readonly RevisionSpec[],
  table = FLOOR_VERSION_TABLE,
  withLog?: AthanorDialect,
): string {
  const lines = [versionTableSql(dialect, table)];
  if (withLog) lines.push(...logTableSql(withLog, table));
  revisions.forEach((r, i) => {
    lines.push(begin(dialect));
    for (const s of r.upgrade) lines.push(`${stepSql(dialect, s)};`);
    lines.push(
      r.down === null
        ? `INSERT INTO "${table}" (version_num) VALUES ('${r.id}');`
        : `UPDATE "${table}" SET version_num = '${r.id}' WHERE version_num = '${r.down}';`,
    );
    if (withLog) {
      const row = { step: i + 1, revision: r.id, file: r.message, operations: r.upgrade.length };
      lines.push(logRowSql(withLog, table, row));
    }
    lines.push('COMMIT;');
  });
  return `${lines.join('\n')}\n`;
}

/** downgrade base from head. */
export function downgradeScript(
  dialect: Dialect,
  revisions: readonly RevisionSpec[],
  table = FLOOR_VERSION_TABLE,
): string {
  const lines: string[] = [];
  for (const r of [...revisions].reverse()) {
    lines.push(begin(dialect));
    for (const s of r.downgrade) lines.push(`${stepSql(dialect, s)};`);
    lines.push(
      r.down === null
        ? `DELETE FROM "${table}" WHERE version_num = '${r.id}';`
        : `UPDATE "${table}" SET version_num = '${r.down}' WHERE version_num = '${r.id}';`,
      'COMMIT;',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What `current` and a no-op `upgrade head` must at least do: read the version table. */
export const readVersionScript = (table = FLOOR_VERSION_TABLE): string =>
  `SELECT version_num FROM "${table}";\n`;

/**
 * Runs a script file in one process: `psql -q -X -v ON_ERROR_STOP=1 -f` on a PostgreSQL URL,
 * `sqlite3 -bail FILE .read` on a SQLite path. With `check`, a failure throws.
 */
export async function runFloor(
  dialect: Dialect,
  target: string,
  scriptFile: string,
  check = true,
): Promise<ProcessResult> {
  const [cmd, args] =
    dialect === 'postgresql'
      ? ['psql', ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-f', scriptFile, target]]
      : ['sqlite3', ['-bail', '-batch', target, `.read ${scriptFile}`]];
  return check ? runChecked(`floor ${dialect}`, cmd, args) : runProcess(cmd, args);
}

export function writeScript(file: string, text: string): string {
  writeFileSync(file, text);
  return file;
}
