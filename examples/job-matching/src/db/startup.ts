import { current, type ResolvedConfig } from 'athanor';

/**
 * The start-up guard: refuses to start the app on a database that is not at the migrations'
 * head, with a message saying what to run, instead of failing later on the first query with
 * `relation "users" does not exist`. Call it before opening the app's connection (PGlite opens
 * one data directory once at a time).
 *
 * @example
 * await assertMigrated(await loadConfig());
 */
export async function assertMigrated(config: ResolvedConfig): Promise<void> {
  const { revisions } = await current({ config });
  const atHead = revisions.length > 0 && revisions.every((r) => !('unknown' in r) && r.isHead);
  if (atHead) return;
  const at =
    revisions.map((r) => ('unknown' in r ? `${r.revision} (unknown)` : r.stem)).join(', ') ||
    'base (nothing applied)';
  throw new Error(
    `the database is not migrated: it is at ${at}. Run \`npx athanor upgrade head\` before starting the app.`,
  );
}
