import type { RevisionGraph } from '../graph/revision-graph.js';
import type { ScriptDirectory } from '../script/script-directory.js';

/** A revision as status and the start-up guard name it: id, file stem, message. */
export interface RevisionRef {
  readonly revision: string;
  /** The file's stem (`003_add_phone_number_to_users`); null when no file declares the id. */
  readonly stem: string | null;
  readonly message: string | null;
}

/** Where a database stands against the code's migrations. Plain data (`--json`). */
export interface SchemaPosition {
  /** The version rows, sorted; empty for a database with nothing applied. */
  readonly current: readonly RevisionRef[];
  /** The heads of the versions folder. */
  readonly heads: readonly RevisionRef[];
  /** What `upgrade heads` would apply, in the order it would apply it (empty when unknown rows stop it). */
  readonly pending: readonly RevisionRef[];
  /** Version rows no migration file declares: the database is newer than this code, or on another branch. */
  readonly unknown: readonly string[];
  /** The version rows are exactly the heads (what `check` and `current --check-heads` require). */
  readonly upToDate: boolean;
}

/**
 * Compares version rows with the graph's heads: pending steps in upgrade order, unknown rows.
 * Pure apart from reading the files' headers for their stems.
 *
 * @example
 * const position = await schemaPosition(scripts, graph, ['b2b2b2b2b2b2']);
 * position.pending.map((r) => r.stem); // ['003_add_phone_number_to_users']
 */
export async function schemaPosition(
  scripts: ScriptDirectory,
  graph: RevisionGraph,
  rows: readonly string[],
): Promise<SchemaPosition> {
  const files = await scripts.byId();
  const ref = (id: string): RevisionRef => {
    const file = files.get(id);
    return { revision: id, stem: file?.stem ?? null, message: file?.revision.message ?? null };
  };
  const unknown = rows.filter((id) => !graph.has(id));
  const heads = graph.heads();
  const pending =
    unknown.length > 0 || heads.length === 0
      ? []
      : graph.planUpgrade(rows, 'heads').steps.map((step) => ref(step.revision.id));
  const sortedRows = [...rows].sort();
  const sortedHeads = [...heads].sort();
  const upToDate =
    sortedRows.length === sortedHeads.length && sortedRows.every((id, i) => id === sortedHeads[i]);
  return { current: sortedRows.map(ref), heads: heads.map(ref), pending, unknown, upToDate };
}

/** A list of revisions by stem (the names people read), or id when there is no file. */
export function formatRefs(refs: readonly RevisionRef[]): string {
  return refs.map((r) => r.stem ?? `${r.revision} (no migration file)`).join(', ');
}

/**
 * Why a database is not at head, in one sentence that says what to do:
 * "database is at 002_add_vectors, this code expects 003_add_phone_number_to_users; run `athanor upgrade head`".
 *
 * @example
 * notAtHeadMessage(position); // 'database has no migrations applied, this code expects 001_create_users; run `athanor upgrade head`'
 */
export function notAtHeadMessage(position: SchemaPosition): string {
  const at =
    position.current.length === 0
      ? 'database has no migrations applied'
      : `database is at ${formatRefs(position.current)}`;
  const expects = position.heads.length === 0 ? 'no migrations' : formatRefs(position.heads);
  const target = position.heads.length > 1 ? 'heads' : 'head';
  if (position.unknown.length > 0) {
    return `${at}, this code expects ${expects}; the database has revisions this code does not know (${position.unknown.join(', ')}): deploy the code that has them, or downgrade the database with the code that does`;
  }
  return `${at}, this code expects ${expects}; run \`athanor upgrade ${target}\``;
}
