import { createContext, type ResolvedConfig } from 'athanor';
import type { Db } from './client.js';

/**
 * The start-up guard: refuses to start the app on a database that is not at the migrations'
 * head, with a message saying what to run, instead of failing later on the first query with
 * `relation "users" does not exist`. The version rows are read through the app's own
 * connection, the heads from the migration files (no second connection: PGlite allows one).
 *
 * @example
 * const db = await openDb(config.parsedUrl!);
 * await assertMigrated(config, db);
 */
export async function assertMigrated(config: ResolvedConfig, db: Db): Promise<void> {
  const context = createContext(config);
  const heads = (await context.graph()).heads().sort();
  const current = (await versionRows(db, config.versionTable)).sort();
  if (current.join() === heads.join()) return;
  const name = async (id: string) =>
    `${id} [${await context.scripts.stemOf(id).catch(() => 'unknown')}]`;
  const at = (await Promise.all(current.map(name))).join(', ') || 'base (nothing applied)';
  const head = (await Promise.all(heads.map(name))).join(', ');
  throw new Error(
    `the database is not migrated: it is at ${at}, the head is ${head}. Run \`npx athanor upgrade head\` before starting the app.`,
  );
}

/** The version rows; none before the first `upgrade` (no version table yet). */
async function versionRows(db: Db, table: string): Promise<string[]> {
  try {
    const rows = await db.query<{ version_num: string }>(`SELECT version_num FROM ${table}`);
    return rows.map((r) => r.version_num);
  } catch {
    return [];
  }
}
