import type { ResolvedConfig } from '../config/config-types.js';
import { SchemaNotUpToDateError } from '../errors.js';
import { runSources, type RunSources } from '../runtime/run-command.js';
import { readCurrentRevisions } from './current.js';
import { notAtHeadMessage, schemaPosition, type SchemaPosition } from './schema-position.js';

export interface AssertUpToDateOptions {
  readonly config: ResolvedConfig;
  /** Scripts and graph to reuse; read from `config` when absent. */
  readonly context?: RunSources;
  /**
   * Also accept a database at revisions this code does not know, as long as every revision it
   * does know is a head: newer code has already migrated it (a rolling deploy with
   * backward-compatible, expand/contract migrations). Default false: any difference throws.
   */
  readonly allowNewer?: boolean;
}

/**
 * Where the database stands against the code, without throwing (for `current --check-heads`
 * and health checks that report rather than fail).
 *
 * @example
 * const position = await readSchemaPosition({ config });
 * position.upToDate; // false
 */
export async function readSchemaPosition(options: AssertUpToDateOptions): Promise<SchemaPosition> {
  const rows = await readCurrentRevisions({ config: options.config });
  const sources = runSources(options);
  return schemaPosition(sources.scripts, await sources.graph(), rows);
}

/**
 * The application's start-up guard: resolves when the database is at the head(s) of the
 * migrations shipped with the code, throws SchemaNotUpToDateError otherwise, with a message
 * that says where the database is, what the code expects and what to run:
 * "database is at 002_add_vectors, this code expects 003_add_phone_number_to_users; run
 * `athanor upgrade head`". Read-only: it never creates the version table.
 *
 * @example
 * import { assertUpToDate, loadConfig } from 'athanor';
 * await assertUpToDate({ config: await loadConfig() }); // before the server listens
 */
export async function assertUpToDate(options: AssertUpToDateOptions): Promise<SchemaPosition> {
  const position = await readSchemaPosition(options);
  if (position.upToDate || (options.allowNewer && isNewer(position))) return position;
  throw new SchemaNotUpToDateError(notAtHeadMessage(position), {
    current: position.current.map((r) => r.revision),
    heads: position.heads.map((r) => r.revision),
    pending: position.pending.map((r) => r.revision),
    unknown: position.unknown,
  });
}

/** Unknown rows only next to heads: the database went ahead of this code, not behind it. */
function isNewer(position: SchemaPosition): boolean {
  const heads = new Set(position.heads.map((h) => h.revision));
  const known = position.current.filter((r) => !position.unknown.includes(r.revision));
  return position.unknown.length > 0 && known.every((r) => heads.has(r.revision));
}
