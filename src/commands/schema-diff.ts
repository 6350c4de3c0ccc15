import {
  compareBothWays,
  resolveRenames,
  type CompareResult,
  type RenameCandidate,
  type RenameHint,
} from '../autogen/compare.js';
import { parseRenameHint } from '../autogen/renames.js';
import { loadModels } from '../autogen/models-load.js';
import { tableFilter } from '../autogen/table-filter.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import { SchemaNotUpToDateError } from '../errors.js';
import { logTableOf } from '../runtime/log-table.js';
import { versionTableOf, withConnection } from '../runtime/run-command.js';
import { readVersions } from '../runtime/version-table.js';
import type { SchemaModel } from '../schema/model.js';
import type { CommandContext } from './context.js';

/** How renames are decided: given as hints, and/or asked about one by one (a CLI prompt). */
export interface SchemaDiffOptions {
  /** Confirmed renames: `'users.fullname:full_name'`, `'people:users'` or hint objects. */
  readonly renames?: readonly (RenameHint | string)[];
  /** Asked about each rename candidate not settled by `renames`; may be async. */
  readonly askRename?: (candidate: RenameCandidate) => boolean | Promise<boolean>;
}

/** Where the database is compared with where the versions folder ends. */
export interface DatabaseRevisions {
  /** The version rows, sorted (empty for a fresh database). */
  readonly current: readonly string[];
  /** The heads of the versions folder, sorted. */
  readonly heads: readonly string[];
  /** The version rows are exactly the heads. */
  readonly upToDate: boolean;
}

/** The difference between the models and the database, both ways. */
export interface SchemaDiff extends DatabaseRevisions {
  /** Operations turning the database into the models, with compare's notes. */
  readonly upgrade: CompareResult;
  /** Operations turning the upgraded database back. */
  readonly downgrade: CompareResult;
  /** The renames compare applied (given plus confirmed). */
  readonly renames: readonly RenameHint[];
}

/**
 * Compares the models with a database that must be at head: loads the models, reads the
 * version rows, reflects the database (without athanor's version and log tables, and only the
 * tables the config's include/exclude globs let through), normalises both sides with the
 * dialect and runs compare both ways. A database that is not at head has `upToDate: false`
 * and empty results; `requireHead` turns that into Alembic's "Target database is not up to
 * date." error.
 *
 * @example
 * const diff = await diffModels(ctx, { renames: ['users.fullname:full_name'] });
 * diff.upgrade.operations; // [{ kind: 'alterColumn', table: 'users', column: 'fullname', newName: 'full_name', ... }]
 */
export async function diffModels(
  ctx: CommandContext,
  options: SchemaDiffOptions & { readonly requireHead?: boolean } = {},
): Promise<SchemaDiff> {
  const models = await loadModels(ctx.config);
  const heads = [...(await ctx.graph()).heads()].sort();
  return withConnection(ctx.config, async (conn, dialect) => {
    const current = (await readVersions(conn, dialect, versionTableOf(ctx.config))) ?? [];
    const revisions = { current, heads, upToDate: sameSet(current, heads) };
    if (!revisions.upToDate) {
      if (options.requireHead) throw await notUpToDate(ctx, revisions);
      const empty = { operations: [], comments: [] };
      return { ...revisions, upgrade: empty, downgrade: empty, renames: [] };
    }
    const reflected = await reflectDatabase(ctx, conn, dialect);
    return { ...revisions, ...(await diffSchemas(reflected, models, dialect, ctx, options)) };
  });
}

/** The database's schema, without athanor's own tables and the tables the globs leave out. */
async function reflectDatabase(
  ctx: CommandContext,
  conn: Connection,
  dialect: Dialect,
): Promise<SchemaModel> {
  const versionTable = versionTableOf(ctx.config);
  const include = tableFilter(ctx.config);
  return dialect.reflect(conn, {
    excludeTables: [versionTable.name, logTableOf(versionTable).name],
    ...(include ? { includeTable: include } : {}),
    ...(ctx.config.schema !== undefined ? { schema: ctx.config.schema } : {}),
  });
}

async function diffSchemas(
  reflected: SchemaModel,
  models: SchemaModel,
  dialect: Dialect,
  ctx: CommandContext,
  options: SchemaDiffOptions,
): Promise<Pick<SchemaDiff, 'upgrade' | 'downgrade' | 'renames'>> {
  const include = tableFilter(ctx.config);
  const filter = include ? { include: (table: string) => include(table) } : {};
  const current = dialect.normalize(reflected);
  const target = dialect.normalize(models);
  const given = (options.renames ?? []).map((h) =>
    typeof h === 'string' ? parseRenameHint(h) : h,
  );
  const ask = options.askRename;
  const asked = ask
    ? await resolveRenames(
        current,
        target,
        (c) => !given.some((g) => clashes(g, c)) && ask(c),
        filter,
      )
    : [];
  const renames = [...given, ...asked.filter((a) => !given.some((g) => clashes(g, a)))];
  const { upgrade, downgrade } = compareBothWays(current, target, { ...filter, renames });
  return { upgrade, downgrade, renames };
}

/** Two rename hints about the same object (same old or same new name). */
function clashes(a: RenameHint, b: RenameHint): boolean {
  if (a.kind !== b.kind || a.schema !== b.schema) return false;
  if (a.kind === 'column' && b.kind === 'column' && a.table !== b.table) return false;
  return a.from === b.from || a.to === b.to;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((x) => set.has(x));
}

/**
 * Alembic's "Target database is not up to date.", listing the version rows and the heads by
 * id and file stem, and what to run.
 *
 * @example
 * throw await notUpToDate(ctx, { current: ['a1a1a1a1a1a1'], heads: ['c3c3c3c3c3c3'], upToDate: false });
 */
export async function notUpToDate(
  ctx: CommandContext,
  revisions: DatabaseRevisions,
): Promise<SchemaNotUpToDateError> {
  const current = await describeIds(ctx, revisions.current);
  const heads = await describeIds(ctx, revisions.heads);
  return new SchemaNotUpToDateError(
    `Target database is not up to date: it is at ${current}, the head is ${heads}; run \`athanor upgrade head\` first`,
    { current: revisions.current, heads: revisions.heads },
  );
}

async function describeIds(ctx: CommandContext, ids: readonly string[]): Promise<string> {
  if (ids.length === 0) return 'base (no revision)';
  const graph = await ctx.graph();
  const parts: string[] = [];
  for (const id of ids) {
    parts.push(
      graph.has(id)
        ? `${id} [${await ctx.scripts.stemOf(id)}]`
        : `${id} (unknown: no migration file declares it)`,
    );
  }
  return parts.join(', ');
}
