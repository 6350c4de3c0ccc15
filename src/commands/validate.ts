import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import { AthanorError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { renderSql, sql } from '../operations/sql-tag.js';
import { logTableOf } from '../runtime/log-table.js';
import { versionTableOf, withConnection } from '../runtime/run-command.js';
import {
  existingTables,
  readVersionRows,
  tableIdentifier,
  type QualifiedTable,
} from '../runtime/version-table.js';
import type { ScriptDirectory } from '../script/script-directory.js';
import type { CommandContext } from './context.js';

/** An applied migration whose file changed since it was applied. */
export interface EditedMigration {
  readonly revision: string;
  readonly stem: string;
  /** Absolute path of the file as it is now. */
  readonly path: string;
  /** sha256 recorded in the log table when the step was applied. */
  readonly recorded: string;
  /** sha256 of the file now (CRLF read as LF, so a checkout on another OS is no edit). */
  readonly actual: string;
  /** When it was applied (the log row's finished_at, UTC text). */
  readonly appliedAt: string | null;
}

/** What `athanor validate` finds (also its `--json` payload). */
export interface ValidationReport {
  /** Nothing edited, missing or unknown: exit status 0. */
  readonly ok: boolean;
  readonly versionTableExists: boolean;
  /** The version rows, sorted. */
  readonly current: readonly string[];
  readonly edited: readonly EditedMigration[];
  /** Applied by athanor (the log table names it and its file), but no migration file declares it now. */
  readonly missing: readonly { readonly revision: string; readonly file: string | null }[];
  /** Version rows naming a revision that neither a file nor the log table knows (stamped by hand, another tool). */
  readonly unknown: readonly { readonly revision: string }[];
  /** Applied without a recorded checksum (stamped, or applied before the log table existed). */
  readonly unrecorded: readonly { readonly revision: string; readonly stem: string }[];
  /** Applied migrations whose checksum was compared. */
  readonly checked: number;
}

/** Where to look: a connection, its dialect, the versions folder and the version table. */
export interface ValidationSource {
  readonly connection: Connection;
  readonly dialect: Dialect;
  readonly scripts: ScriptDirectory;
  readonly versionTable: QualifiedTable;
}

interface LogRecord {
  readonly revision: string;
  readonly direction: string;
  readonly checksum: string | null;
  readonly file: string | null;
  readonly finished_at: unknown;
}

/**
 * Finished log rows (a skipped step moved the version too), oldest first: the latest per
 * revision says whether it is applied.
 */
async function readLog(
  source: ValidationSource,
  present: ReadonlySet<string>,
): Promise<LogRecord[]> {
  const table = logTableOf(source.versionTable);
  if (!present.has(table.name)) return [];
  const query = sql`SELECT revision, direction, checksum, file, finished_at FROM ${tableIdentifier(table)} WHERE status IN (${'done'}, ${'skipped'}) ORDER BY id`;
  const text = renderSql(query, source.dialect);
  return source.connection.query<LogRecord>(text.sql, text.params);
}

/**
 * The revisions applied with a file on disk: the version rows and all they depend on, per the
 * graph. Where the graph cannot tell (it does not build, or a version row names no file), the
 * log table's word is taken for the revisions it records as applied.
 */
function appliedRevisions(
  graph: RevisionGraph | undefined,
  current: readonly string[],
  appliedPerLog: readonly string[],
): Set<string> {
  if (!graph || current.some((c) => !graph.has(c))) return new Set(appliedPerLog);
  const applied = new Set<string>();
  for (const id of current) {
    for (const step of graph.planUpgrade([], id).steps) applied.add(step.revision.id);
  }
  return applied;
}

function timestampText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Compares what the database applied with the files on disk: each applied migration's checksum
 * in the log table against its file now (edited), applied revisions whose file is gone
 * (missing), version rows no file declares (unknown). Reads only; writes nothing.
 *
 * @example
 * const report = await validateApplied({ connection, dialect, scripts, versionTable: { name: 'athanor_version' } });
 * report.edited.map((e) => e.stem); // ['003_add_phone_number_to_users']
 */
export async function validateApplied(source: ValidationSource): Promise<ValidationReport> {
  const { connection, dialect, scripts, versionTable } = source;
  const names = [versionTable.name, logTableOf(versionTable).name];
  const present = await existingTables(connection, dialect, names, versionTable.schema);
  const versionTableExists = present.has(versionTable.name);
  const current = versionTableExists
    ? await readVersionRows(connection, dialect, versionTable)
    : [];
  const log = await readLog(source, present);
  const latest = new Map(log.map((row) => [row.revision, row]));
  const lastUp = new Map(log.filter((r) => r.direction === 'up').map((row) => [row.revision, row]));
  const files = await scripts.byId();
  const graph = await scripts.graph().catch(() => undefined);
  const appliedPerLog = [...latest.values()]
    .filter((r) => r.direction === 'up')
    .map((r) => r.revision);
  const applied = appliedRevisions(
    graph,
    current,
    appliedPerLog.filter((id) => files.has(id)),
  );
  const edited: EditedMigration[] = [];
  const unrecorded: { revision: string; stem: string }[] = [];
  let checked = 0;
  for (const id of applied) {
    const file = files.get(id);
    if (!file) continue;
    const recorded = lastUp.get(id);
    if (!recorded?.checksum) {
      unrecorded.push({ revision: id, stem: file.stem });
      continue;
    }
    checked++;
    const actual = await scripts.checksum(id);
    if (actual === recorded.checksum) continue;
    const appliedAt = timestampText(recorded.finished_at);
    edited.push({
      revision: id,
      stem: file.stem,
      path: file.path,
      recorded: recorded.checksum,
      actual,
      appliedAt,
    });
  }
  const gone = [...new Set([...current, ...appliedPerLog])].filter((id) => !files.has(id));
  const missing = gone
    .filter((id) => latest.has(id))
    .map((revision) => ({ revision, file: latest.get(revision)?.file ?? null }));
  const unknown = gone.filter((id) => !latest.has(id)).map((revision) => ({ revision }));
  const ok = edited.length + missing.length + unknown.length === 0;
  return { ok, versionTableExists, current, edited, missing, unknown, unrecorded, checked };
}

/**
 * The applied migrations whose files were edited since they were applied: what `upgrade`
 * warns about (and refuses with `--strict`). Reads only.
 *
 * @example
 * const edited = await findEditedMigrations({ connection, dialect, scripts, versionTable });
 * for (const e of edited) console.warn(editedWarning(e));
 */
export async function findEditedMigrations(
  source: ValidationSource,
): Promise<readonly EditedMigration[]> {
  return (await validateApplied(source)).edited;
}

/**
 * The one-line warning for an edited migration.
 *
 * @example
 * editedWarning(edited); // '003_add_phone [c3c3c3c3c3c3] was edited after it was applied (...)'
 */
export function editedWarning(edited: EditedMigration): string {
  const when = edited.appliedAt ? ` on ${edited.appliedAt}` : '';
  return (
    `${edited.stem} [${edited.revision}] was edited after it was applied${when}: ` +
    `checksum ${edited.recorded.slice(0, 12)} recorded, ${edited.actual.slice(0, 12)} now; ` +
    'the database does not hold what the file says (revert the edit, or write a new migration)'
  );
}

/**
 * The error `upgrade --strict` refuses with when applied migrations were edited.
 *
 * @example
 * if (edited.length > 0 && strict) throw editedMigrationsError(edited);
 */
export function editedMigrationsError(edited: readonly EditedMigration[]): AthanorError {
  return new AthanorError(
    'E_CHECK_FAILED',
    `refusing to upgrade (--strict): ${edited.length} applied migration${edited.length === 1 ? ' was' : 's were'} ` +
      `edited after being applied: ${edited.map((e) => `${e.stem} [${e.revision}]`).join(', ')}; ` +
      'nothing was changed. Run `athanor validate` for details.',
    { details: { edited: edited.map((e) => e.revision) } },
  );
}

/**
 * `athanor validate`: on the configured database, lists applied migrations that were edited,
 * whose files are missing, and version rows no file declares. Reads only.
 *
 * @example
 * const report = await validate(ctx);
 * if (!report.ok) process.exitCode = 1;
 */
export async function validate(ctx: CommandContext): Promise<ValidationReport> {
  const versionTable = versionTableOf(ctx.config);
  return withConnection(ctx.config, (connection, dialect) =>
    validateApplied({ connection, dialect, scripts: ctx.scripts, versionTable }),
  );
}
