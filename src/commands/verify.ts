import { compare } from '../autogen/compare.js';
import { loadModels } from '../autogen/models-load.js';
import { summarizeOperations } from '../autogen/render-summary.js';
import { tableFilter } from '../autogen/table-filter.js';
import type { ParsedUrl } from '../config/url.js';
import type { Dialect } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/registry.js';
import type { Connection } from '../drivers/driver.js';
import { connect } from '../drivers/registry.js';
import type { MigrationStep } from '../graph/revision-graph.js';
import type { RunEventListener } from '../runtime/events.js';
import { logTableOf } from '../runtime/log-table.js';
import { versionTableOf } from '../runtime/run-command.js';
import { MigrationRunner } from '../runtime/runner.js';
import type { SchemaModel } from '../schema/model.js';
import type { CommandContext } from './context.js';
import { downgradeProblems, reupgradeProblems, schemaDrift } from './verify-drift.js';
import { openScratch, type ScratchDatabase } from './verify-scratch.js';

/** How `verify` runs. */
export interface VerifyOptions {
  /**
   * The scratch database (`--url`): a server URL (a new database is created there and dropped at
   * the end), or a SQLite file / PGlite directory that does not exist yet. Default: a temporary
   * SQLite file, or an in-memory PGlite when the configured URL is PostgreSQL.
   */
  readonly scratchUrl?: string;
  /** Do not count a migration without a (working) downgrade as a failure. */
  readonly allowIrreversible?: boolean;
  /** The runner's events (the CLI prints them under -v). */
  readonly onEvent?: RunEventListener;
  /** Called with each revision's verdict as soon as it is known. */
  readonly onVerdict?: (verdict: RevisionVerdict) => void;
}

/**
 * `passed`: upgrade, downgrade and upgrade again gave back the same schemas. `failed`: a step
 * failed or a schema differed (`problems` says how). `irreversible`: no downgrade, or it threw.
 * `skipped`: not run, because an earlier upgrade failed.
 */
export type VerdictStatus = 'passed' | 'failed' | 'irreversible' | 'skipped';

/** The verdict on one revision. */
export interface RevisionVerdict {
  readonly revision: string;
  readonly stem: string;
  readonly status: VerdictStatus;
  /** Exact differences and failures: `downgrade of 004_add_full_name leaves column users.full_name`. */
  readonly problems: readonly string[];
}

/** The models compared with the schema at head. */
export interface ModelsVerdict {
  readonly status: 'passed' | 'failed' | 'skipped' | 'unconfigured';
  /** Operations from the head schema to the models, one line each (`+ column users.phone (string(20))`). */
  readonly differences: readonly string[];
}

/** The answer of `athanor verify` (also its `--json` payload). */
export interface VerifyReport {
  readonly ok: boolean;
  /** The scratch database, password masked. */
  readonly scratch: string;
  readonly revisions: readonly RevisionVerdict[];
  readonly models: ModelsVerdict;
  /** Could not remove the scratch database (it is named here). */
  readonly cleanupError?: string;
}

/** One run on the scratch database: apply one step, read the schema. */
interface Walk {
  run(step: MigrationStep): Promise<void>;
  reflect(): Promise<SchemaModel>;
}

function createWalk(
  ctx: CommandContext,
  scratch: ScratchDatabase,
  conn: Connection,
  dialect: Dialect,
  onEvent?: RunEventListener,
): Walk {
  const versionTable = versionTableOf(ctx.config);
  const runner = new MigrationRunner({
    dialect,
    scripts: ctx.scripts,
    versionTable,
    transaction: ctx.config.transaction,
    args: ctx.args,
    ...(onEvent ? { onEvent } : {}),
  });
  const target = {
    connection: conn,
    openConnection: () => connect(scratch.url),
    lockTimeoutMs: ctx.config.lockTimeout * 1000,
  };
  return {
    async run(step) {
      await runner.run(() => ({ from: step.from, to: step.to, steps: [step] }), target);
    },
    async reflect() {
      const excludeTables = [versionTable.name, logTableOf(versionTable).name];
      const schema = ctx.config.schema;
      return dialect.normalize(
        await dialect.reflect(conn, { excludeTables, ...(schema ? { schema } : {}) }),
      );
    },
  };
}

/** The step that reverts an upgrade step: the same version rows, the other way. */
function reverseStep(step: MigrationStep): MigrationStep {
  const { delete: removed, insert } = step.versionDelta;
  return {
    ...step,
    direction: 'down',
    from: step.to,
    to: step.from,
    versionDelta: { delete: insert, insert: removed },
  };
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

interface StepOutcome {
  readonly verdict: RevisionVerdict;
  /** False when the walk cannot go on (an upgrade failed). */
  readonly goOn: boolean;
}

async function verifyStep(
  ctx: CommandContext,
  walk: Walk,
  step: MigrationStep,
  before: SchemaModel,
): Promise<StepOutcome> {
  const revision = step.revision.id;
  const stem = await ctx.scripts.stemOf(revision);
  const verdict = (status: VerdictStatus, problems: readonly string[]): RevisionVerdict => ({
    revision,
    stem,
    status,
    problems,
  });
  try {
    await walk.run(step);
  } catch (error) {
    return {
      verdict: verdict('failed', [`upgrade of ${stem} failed: ${messageOf(error)}`]),
      goOn: false,
    };
  }
  const upgraded = await walk.reflect();
  if (typeof (await ctx.scripts.load(revision)).downgrade !== 'function') {
    return { verdict: verdict('irreversible', [`${stem} has no downgrade`]), goOn: true };
  }
  try {
    await walk.run(reverseStep(step));
  } catch (error) {
    return {
      verdict: verdict('irreversible', [`downgrade of ${stem} failed: ${messageOf(error)}`]),
      goOn: true,
    };
  }
  const problems = downgradeProblems(stem, schemaDrift(await walk.reflect(), before));
  try {
    await walk.run(step);
  } catch (error) {
    problems.push(`upgrade of ${stem} after its downgrade failed: ${messageOf(error)}`);
    return { verdict: verdict('failed', problems), goOn: false };
  }
  problems.push(...reupgradeProblems(stem, schemaDrift(await walk.reflect(), upgraded)));
  return { verdict: verdict(problems.length > 0 ? 'failed' : 'passed', problems), goOn: true };
}

async function compareModels(
  ctx: CommandContext,
  walk: Walk,
  dialect: Dialect,
  scratch: ParsedUrl,
): Promise<ModelsVerdict> {
  if (ctx.config.modelsPath === undefined) return { status: 'unconfigured', differences: [] };
  // The models as the scratch database can hold them (a SQLite scratch for a PostgreSQL app
  // leaves out the parts that `.requires()` an extension), not as the configured one would.
  const models = await loadModels({ ...ctx.config, parsedUrl: scratch });
  const target = dialect.normalize(models);
  const include = tableFilter(ctx.config);
  const result = compare(
    await walk.reflect(),
    target,
    include ? { include: (t) => include(t) } : {},
  );
  const differences = summarizeOperations(result.operations);
  return { status: differences.length === 0 ? 'passed' : 'failed', differences };
}

async function walkAll(
  ctx: CommandContext,
  walk: Walk,
  scratch: { readonly dialect: Dialect; readonly url: ParsedUrl },
  options: VerifyOptions,
) {
  const steps = (await ctx.graph()).planUpgrade([], 'heads').steps;
  const revisions: RevisionVerdict[] = [];
  let before = await walk.reflect();
  let goOn = true;
  for (const step of steps) {
    let verdict: RevisionVerdict;
    if (goOn) {
      const outcome = await verifyStep(ctx, walk, step, before);
      ({ verdict, goOn } = outcome);
      if (goOn) before = await walk.reflect();
    } else {
      const stem = await ctx.scripts.stemOf(step.revision.id);
      verdict = {
        revision: step.revision.id,
        stem,
        status: 'skipped',
        problems: ['not run: an earlier upgrade failed'],
      };
    }
    revisions.push(verdict);
    options.onVerdict?.(verdict);
  }
  const models = goOn
    ? await compareModels(ctx, walk, scratch.dialect, scratch.url)
    : { status: 'skipped' as const, differences: [] };
  return { revisions, models };
}

async function onScratch(ctx: CommandContext, scratch: ScratchDatabase, options: VerifyOptions) {
  const dialect = await loadDialect(scratch.url.dialect);
  const conn = await connect(scratch.url);
  try {
    return await walkAll(
      ctx,
      createWalk(ctx, scratch, conn, dialect, options.onEvent),
      { dialect, url: scratch.url },
      options,
    );
  } finally {
    await conn.close();
  }
}

/**
 * `athanor verify`: on a scratch database, walks the whole graph in upgrade order and, for every
 * revision, upgrades, downgrades and upgrades again, reflecting the schema after each step. The
 * schema after the downgrade must equal the one before the upgrade, and the second upgrade must
 * give the schema of the first. At the end the head schema is compared with the models (when the
 * config names them). The scratch database is removed afterwards; the configured one is never
 * touched.
 *
 * @example
 * const report = await verify(ctx, { scratchUrl: 'postgres://postgres@127.0.0.1:5432/postgres' });
 * report.revisions.filter((r) => r.status !== 'passed').flatMap((r) => r.problems);
 * // ['downgrade of 004_add_full_name leaves column users.full_name']
 */
export async function verify(
  ctx: CommandContext,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  await ctx.graph(); // a broken versions folder fails before any database is made
  const scratch = await openScratch(ctx.config, options.scratchUrl);
  const result = await onScratch(ctx, scratch, options).catch(async (error: unknown) => {
    await scratch.dispose();
    throw error;
  });
  const cleanup = await scratch.dispose();
  const tolerated = (v: RevisionVerdict): boolean =>
    v.status === 'passed' || (v.status === 'irreversible' && options.allowIrreversible === true);
  const ok = result.revisions.every(tolerated) && result.models.status !== 'failed';
  return {
    ok,
    scratch: scratch.description,
    ...result,
    ...(cleanup.error ? { cleanupError: cleanup.error } : {}),
  };
}
