import { AthanorError } from '../errors.js';
import type { MigrationModule } from '../operations/migration.js';
import type { RevisionLabel } from './events.js';
import type { MigrationSource, RunPlan } from './runner.js';

/**
 * What a {@link MigrationSource} may add: every module a run needs, with its checksum, path
 * and stem, in one call (ScriptDirectory reads each file once and its compiled code from one
 * pack). Stops at the first id that fails and returns the error as `failure`.
 */
export interface BatchMigrationSource {
  loadAll(ids: Iterable<string>): Promise<{
    readonly scripts: ReadonlyMap<
      string,
      {
        readonly migration: MigrationModule;
        readonly checksum: string;
        readonly path: string;
        readonly stem: string;
      }
    >;
    readonly failure?: { readonly id: string; readonly error: unknown };
  }>;
}

/** A plan with everything its steps need loaded, before any step runs. */
export interface PreparedRun {
  readonly plan: RunPlan;
  readonly migrations: ReadonlyMap<string, MigrationModule>;
  readonly labels: ReadonlyMap<string, RevisionLabel>;
  /** Absolute file paths by revision id (empty string when the source cannot tell). */
  readonly files: ReadonlyMap<string, string>;
  readonly checksums: ReadonlyMap<string, string>;
}

function isEmpty(plan: RunPlan): boolean {
  if (plan.steps.length > 0) return false;
  return !plan.stamp || (plan.stamp.delete.length === 0 && plan.stamp.insert.length === 0);
}

/**
 * Loads every migration module the plan runs and checks it can run in its direction, so an
 * irreversible downgrade or a broken file is refused before the database is touched. Returns
 * undefined when there is nothing to do.
 *
 * @example
 * const prepared = await prepareRun(graph.planDowngrade(current, 'base'), { scripts });
 */
export async function prepareRun(
  plan: RunPlan,
  options: { readonly scripts: MigrationSource & Partial<BatchMigrationSource> },
): Promise<PreparedRun | undefined> {
  if (isEmpty(plan)) return undefined;
  const { scripts } = options;
  const migrations = new Map<string, MigrationModule>();
  const files = new Map<string, string>();
  const checksums = new Map<string, string>();
  const labels = await labelAll(plan, scripts);
  const batch = scripts.loadAll
    ? await scripts.loadAll(plan.steps.map((s) => s.revision.id))
    : undefined;
  for (const step of plan.steps) {
    const id = step.revision.id;
    if (!migrations.has(id)) {
      if (batch !== undefined) {
        const loaded = batch.scripts.get(id);
        // The batch stopped at this id: its error, met where loading one by one would meet it.
        if (loaded === undefined)
          throw (
            batch.failure?.error ?? new AthanorError('E_SCRIPT', `revision ${id} was not loaded`)
          );
        migrations.set(id, loaded.migration);
        files.set(id, loaded.path);
        checksums.set(id, loaded.checksum);
      } else {
        migrations.set(id, await scripts.load(id));
        files.set(id, scripts.file ? (await scripts.file(id)).path : step.revision.path);
      }
    }
    const migration = migrations.get(id)!;
    if (step.direction === 'down' && typeof migration.downgrade !== 'function') {
      throw irreversible(labels.get(id) ?? { revision: id, stem: '' }, files.get(id) ?? '');
    }
    if (!checksums.has(id)) checksums.set(id, await scripts.checksum(id));
  }
  return { plan, migrations, labels, files, checksums };
}

function irreversible(label: RevisionLabel, file: string): AthanorError {
  const name = label.stem ? `${label.revision} (${label.stem})` : label.revision;
  return new AthanorError(
    'E_IRREVERSIBLE',
    `revision ${name} has no downgrade, so it cannot be reverted; nothing was changed. ` +
      `Add \`async downgrade(op) { ... }\` to ${file || 'its file'}, or use \`athanor stamp\` to move the version by hand.`,
    { details: { revision: label.revision, file } },
  );
}

async function labelAll(
  plan: RunPlan,
  scripts: MigrationSource,
): Promise<Map<string, RevisionLabel>> {
  const ids = new Set<string>([...plan.from, ...plan.to]);
  for (const step of plan.steps) {
    ids.add(step.revision.id);
    for (const id of [...step.from, ...step.to]) ids.add(id);
  }
  for (const id of [...(plan.stamp?.delete ?? []), ...(plan.stamp?.insert ?? [])]) ids.add(id);
  const labels = new Map<string, RevisionLabel>();
  for (const id of ids) {
    let stem = '';
    try {
      stem = await scripts.stemOf(id);
    } catch {
      // A version row that names no file (stamped by hand, or a deleted file): the id alone.
    }
    labels.set(id, { revision: id, stem });
  }
  return labels;
}
