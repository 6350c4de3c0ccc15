import type { Op } from './op-types.js';

/**
 * What a migration needs from the database in order to run at all. Where a requirement is not
 * met, the runner skips the migration's operations (its upgrade and its downgrade alike), says
 * why in the log, and still moves the version, so one chain of revisions serves databases with
 * and without the feature. The models say the same with `.requires()` on the parts concerned, so
 * `athanor check` is clean on both kinds of database.
 *
 * - `extensions`: PostgreSQL extensions that the server must be able to install, that is, listed
 *   in `pg_available_extensions` (read once per run). A database without extensions (SQLite,
 *   MySQL) never meets it. Offline (`--sql`) on PostgreSQL it cannot be checked and is taken as
 *   met; the script says so above the migration. PGlite has pgvector (`vector`) loaded.
 *
 * Per operation, `{ dialects: ['postgresql'] }` says which databases an operation is for; `requires`
 * says what a database must have for the whole migration, in one place.
 *
 * @example
 * export default defineMigration({
 *   revision: 'f0bfb95dc079', downRevision: '92f0b6f8a089', message: 'add vectors',
 *   requires: { extensions: ['vector'] },
 *   async upgrade(op) {
 *     await op.createExtension('vector', { ifNotExists: true });
 *     await op.addColumn('jobs', 'embedding', t.vector(1536));
 *   },
 *   async downgrade(op) {
 *     await op.dropColumn('jobs', 'embedding');
 *     await op.dropExtension('vector');
 *   },
 * });
 * // On a server without pgvector:
 * // Skipped upgrade of f0bfb95dc079 (002_add_vectors): extension vector is not available on this server
 */
export interface MigrationRequirements {
  readonly extensions?: readonly string[];
}

/**
 * A migration module's default export.
 *
 * @example
 * export default defineMigration({ revision: '1f3a9c0d2b7e', downRevision: null, message: 'create users',
 *   async upgrade(op) { await op.createTable('users', { id: t.integer().primaryKey() }); },
 *   async downgrade(op) { await op.dropTable('users'); } });
 */
export interface MigrationModule {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
  /** false: run outside any transaction (overrides the config's `transaction`). */
  readonly transaction?: boolean;
  /** `athanor lint` settings: rule ids this migration turns off as a whole. */
  readonly lint?: { readonly disable?: readonly string[] };
  /** What the database must have for this migration to run; see {@link MigrationRequirements}. */
  readonly requires?: MigrationRequirements;
  upgrade(op: Op): Promise<void> | void;
  downgrade?(op: Op): Promise<void> | void;
}

/** Identity helper that gives migration files their types. */
export function defineMigration<M extends MigrationModule>(migration: M): M {
  return migration;
}
