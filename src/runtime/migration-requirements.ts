import type { Dialect } from '../dialects/dialect.js';
import type { MigrationModule } from '../operations/migration.js';

/** Reads rows on the migration connection (an executor's `query`). */
type Query = <R = Record<string, unknown>>(sql: string) => Promise<R[]>;

/** What the runner knows about the database when it decides which migrations to skip. */
export interface RequirementProbe {
  readonly dialect: Dialect;
  /** Offline (`--sql`): nothing can be read, so requirements a script's server may meet are met. */
  readonly offline: boolean;
  readonly query: Query;
}

/**
 * Extensions the server can install: `pg_available_extensions` lists every extension whose
 * control file is present, installed or not.
 * https://www.postgresql.org/docs/current/view-pg-available-extensions.html
 */
const availableExtensionsSql = 'SELECT name FROM pg_available_extensions';

/**
 * Which of the migrations cannot run here, and why (`revision id -> reason`), per their
 * `requires` (see MigrationRequirements). The database is read at most once, and only when a
 * migration has requirements: a run without any costs nothing.
 *
 * @example
 * const skips = await unmetRequirements(prepared.migrations.values(), { dialect, offline: false, query });
 * skips.get('f0bfb95dc079'); // 'extension vector is not available on this server'
 */
export async function unmetRequirements(
  migrations: Iterable<MigrationModule>,
  probe: RequirementProbe,
): Promise<Map<string, string>> {
  const wanted = [...migrations].filter((m) => (m.requires?.extensions ?? []).length > 0);
  const skips = new Map<string, string>();
  if (wanted.length === 0) return skips;
  const available = await availableExtensions(probe);
  for (const migration of wanted) {
    const missing = (migration.requires?.extensions ?? []).filter(
      (e) => available !== 'all' && !available.has(e),
    );
    if (missing.length > 0) skips.set(migration.revision, missingReason(missing, probe.dialect));
  }
  return skips;
}

async function availableExtensions(probe: RequirementProbe): Promise<ReadonlySet<string> | 'all'> {
  if (!probe.dialect.capabilities.extensions) return new Set();
  if (probe.offline) return 'all';
  const rows = await probe.query<{ name: string }>(availableExtensionsSql);
  return new Set(rows.map((r) => r.name));
}

function missingReason(missing: readonly string[], dialect: Dialect): string {
  const what = `${missing.length === 1 ? 'extension' : 'extensions'} ${missing.join(', ')}`;
  const verb = missing.length === 1 ? 'is' : 'are';
  return dialect.capabilities.extensions
    ? `${what} ${verb} not available on this server`
    : `${what} ${verb} not available on ${dialect.name} (it has no extensions)`;
}

/**
 * The offline script's note above a migration with requirements it could not check.
 *
 * @example
 * uncheckedNote({ requires: { extensions: ['vector'] } }); // 'requires extension vector: not checked offline, ...'
 */
export function uncheckedNote(migration: MigrationModule): string | undefined {
  const extensions = migration.requires?.extensions ?? [];
  if (extensions.length === 0) return undefined;
  const what = `${extensions.length === 1 ? 'extension' : 'extensions'} ${extensions.join(', ')}`;
  return `requires ${what}: not checked offline, the server that runs this script must have it`;
}

/**
 * True when no database of this dialect can meet the migration's `requires` (extensions where
 * there are none): such a migration is always skipped there, so `lint` has nothing to say about it.
 *
 * @example
 * neverMetOn({ requires: { extensions: ['vector'] } }, mysqlDialect); // true
 */
export function neverMetOn(migration: MigrationModule, dialect: Dialect): boolean {
  return (migration.requires?.extensions ?? []).length > 0 && !dialect.capabilities.extensions;
}

/**
 * The skips of a downgrade, from the log's word on each migration's upgrade: a migration whose
 * upgrade was skipped has nothing to take back (its downgrade would drop what was never made,
 * even where the server has since gained the extension), and one whose upgrade ran must have
 * its downgrade run (its objects exist, whatever the server offers now). Where the log says
 * nothing (a stamped revision), the server's requirements decide, as for an upgrade.
 *
 * @example
 * downgradeSkips(new Map(), new Map([['b2b2', 'skipped']]), ['b2b2']); // Map { 'b2b2' => 'its upgrade was skipped here' }
 */
export function downgradeSkips(
  unmet: ReadonlyMap<string, string>,
  upgrades: ReadonlyMap<string, 'done' | 'skipped'>,
  revisions: Iterable<string>,
): Map<string, string> {
  const skips = new Map<string, string>();
  for (const revision of revisions) {
    const upgrade = upgrades.get(revision);
    const reason = unmet.get(revision);
    if (upgrade === 'skipped')
      skips.set(
        revision,
        reason ? `its upgrade was skipped: ${reason}` : 'its upgrade was skipped here',
      );
    else if (upgrade === undefined && reason !== undefined) skips.set(revision, reason);
  }
  return skips;
}
