import type { Connection } from '../../drivers/driver.js';

/**
 * Keeps the rollback journal between the run's commits, and deletes it when the run ends.
 *
 * In SQLite's default journal mode (DELETE) every commit creates `<database>-journal`, syncs it
 * and its directory, and deletes it again: on ext4 that is 4 syncs and an unlink per migration.
 * PERSIST commits by zeroing the journal's header instead, which is as durable (a zeroed header
 * is how SQLite marks a journal as not hot) and saves a sync and the file's creation and removal
 * on every step: about 15% of a run of small migrations here.
 * https://www.sqlite.org/pragma.html#pragma_journal_mode
 *
 * - Only a connection in DELETE mode is switched: WAL, TRUNCATE and the others are the user's
 *   choice. The mode of a rollback journal belongs to the connection, so the application's own
 *   connections keep theirs (and one of them that commits meanwhile simply deletes the file).
 * - `restore()` switches back to DELETE, which makes SQLite delete the persisted journal under
 *   its own locks, so no `-journal` file stays next to the database. A run that dies before it
 *   leaves a journal whose header is zeroed, which every connection ignores.
 *
 * @example
 * const journal = await persistJournal(conn);
 * try { await runSteps(); } finally { await journal.restore(); }
 */
export async function persistJournal(conn: Connection): Promise<{ restore(): Promise<void> }> {
  const mode = await journalMode(conn);
  if (mode !== 'delete') return { restore: async () => undefined };
  await conn.query('PRAGMA journal_mode = PERSIST');
  return {
    async restore(): Promise<void> {
      await conn.query('PRAGMA journal_mode = DELETE');
    },
  };
}

async function journalMode(conn: Connection): Promise<string> {
  const rows = await conn.query<{ journal_mode: string }>('PRAGMA journal_mode');
  return String(rows[0]?.journal_mode ?? '').toLowerCase();
}
