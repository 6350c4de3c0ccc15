import type { Op } from './op-types.js';

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
  upgrade(op: Op): Promise<void> | void;
  downgrade?(op: Op): Promise<void> | void;
}

/** Identity helper that gives migration files their types. */
export function defineMigration<M extends MigrationModule>(migration: M): M {
  return migration;
}
