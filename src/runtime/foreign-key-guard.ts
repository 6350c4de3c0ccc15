import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import { AthanorError } from '../errors.js';

/**
 * What must happen around a copy-and-move on a dialect that recreates tables instead of
 * altering them (as data from the dialect, see sqlite-batch.ts).
 */
export interface TableRecreatePragmas {
  /** Run outside any transaction: SQLite ignores `PRAGMA foreign_keys` inside one. */
  readonly before: readonly string[];
  /** A query whose rows are the violations; run before COMMIT. */
  readonly check: string;
  /** Fallback restore, used when the previous values could not be read. */
  readonly after: readonly string[];
  /** Reads the CREATE TRIGGER texts of a table (one parameter: the table name). */
  readonly triggers?: string;
}

/**
 * The pragmas of a dialect without `alterColumn` (SQLite), or undefined where ALTER works.
 * Without them, the DROP TABLE of a copy-and-move runs ON DELETE CASCADE into child tables:
 * https://www.sqlite.org/lang_altertable.html#otheralter
 *
 * @example
 * const pragmas = await loadRecreatePragmas(dialect); // sqlite: { before: ['PRAGMA foreign_keys = OFF', ...], ... }
 */
export async function loadRecreatePragmas(
  dialect: Dialect,
): Promise<TableRecreatePragmas | undefined> {
  if (dialect.capabilities.alterColumn) return undefined;
  const { sqliteBatchPragmas } = await import('../dialects/sqlite/sqlite-batch.js');
  return sqliteBatchPragmas;
}

/**
 * Runs the `before` pragmas and returns the function that puts back the values they replaced
 * (foreign keys are switched back on only if they were on).
 *
 * @example
 * const restore = await switchPragmas(conn, pragmas); // outside any transaction
 * try { ... } finally { await restore(); }
 */
export async function switchPragmas(
  conn: Connection,
  pragmas: TableRecreatePragmas,
): Promise<() => Promise<void>> {
  const restore: string[] = [];
  for (const statement of pragmas.before) {
    const name = /^\s*PRAGMA\s+([A-Za-z_]+)\s*=/i.exec(statement)?.[1];
    const [row] = name ? await conn.query<Record<string, unknown>>(`PRAGMA ${name}`) : [];
    const value = row ? Object.values(row)[0] : undefined;
    if (name && (typeof value === 'number' || typeof value === 'bigint'))
      restore.unshift(`PRAGMA ${name} = ${value}`);
  }
  for (const statement of pragmas.before) await conn.execute(statement);
  const statements = restore.length === pragmas.before.length ? restore : pragmas.after;
  return async () => {
    for (const statement of statements) await conn.execute(statement);
  };
}

/**
 * Runs the foreign-key check and throws when any row violates a foreign key, so the caller
 * rolls back instead of committing orphans.
 *
 * @example
 * await verifyForeignKeys(conn, pragmas); // before COMMIT
 */
export async function verifyForeignKeys(
  conn: Connection,
  pragmas: TableRecreatePragmas,
): Promise<void> {
  const rows = await conn.query<Record<string, unknown>>(pragmas.check);
  if (rows.length === 0) return;
  const sample = rows
    .slice(0, 5)
    .map(
      (r) =>
        `${String(r.table ?? '?')} row ${String(r.rowid ?? '?')} -> ${String(r.parent ?? '?')}`,
    )
    .join('; ');
  throw new AthanorError(
    'E_MIGRATION_FAILED',
    `foreign key check failed: ${rows.length} row(s) reference missing parents (${sample}); ` +
      'foreign keys are not enforced during a copy-and-move, so the step was rolled back',
    { details: { violations: rows.slice(0, 50) } },
  );
}

/**
 * The CREATE TRIGGER statements of a table, read before a copy-and-move drops them.
 *
 * @example
 * const saved = await readTriggers(conn, pragmas, 'users');
 */
export async function readTriggers(
  conn: Connection,
  pragmas: TableRecreatePragmas,
  table: string,
): Promise<string[]> {
  if (!pragmas.triggers) return [];
  const rows = await conn.query<{ sql: string | null }>(pragmas.triggers, [table]);
  return rows.flatMap((r) => (r.sql ? [r.sql] : []));
}

/**
 * Recreates the triggers a copy-and-move dropped (those still present are left alone).
 *
 * @example
 * await restoreTriggers(conn, pragmas, 'users', saved);
 */
export async function restoreTriggers(
  conn: Connection,
  pragmas: TableRecreatePragmas,
  table: string,
  saved: readonly string[],
): Promise<void> {
  if (saved.length === 0) return;
  const present = new Set(await readTriggers(conn, pragmas, table));
  for (const statement of saved) if (!present.has(statement)) await conn.execute(statement);
}
