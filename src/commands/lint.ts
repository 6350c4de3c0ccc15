import { readFile } from 'node:fs/promises';
import { parseUrl } from '../config/url.js';
import type { ResolvedConfig } from '../config/config-types.js';
import type { Dialect } from '../dialects/dialect.js';
import { loadDialect } from '../dialects/registry.js';
import { AthanorError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { lintMigration, type LintState } from '../lint/lint-migration.js';
import type { LintDialect, MigrationLint } from '../lint/lint-types.js';
import type { CommandContext } from './context.js';

/** What `athanor lint` reads. */
export interface LintOptions {
  /**
   * Which migrations to report: `base:heads` (all, the default), `a1b2:` (from a1b2 on),
   * `:c3c3` (up to c3c3), or one revision (`c3c3`, `head`).
   */
  readonly range?: string;
  /**
   * The databases whose rules apply. Default: the configured URL's when it is PostgreSQL or
   * MySQL; both when it is SQLite or unset (SQLite has no rules of its own).
   */
  readonly dialects?: readonly LintDialect[];
}

/** The answer of `athanor lint` (also its `--json` payload). */
export interface LintReport {
  /** No error-severity findings: exit status 0. */
  readonly ok: boolean;
  readonly dialects: readonly LintDialect[];
  readonly range: string | null;
  /** The migrations in the range, oldest first. */
  readonly migrations: readonly MigrationLint[];
  readonly errors: number;
  readonly warnings: number;
}

type LintableDialect = Dialect & { readonly name: LintDialect };

/**
 * The dialects lint checks for by default: the configured URL's, or both.
 *
 * @example
 * defaultLintDialects(config); // ['postgresql'] for a postgres:// URL
 */
export function defaultLintDialects(
  config: Pick<ResolvedConfig, 'parsedUrl' | 'url'>,
): LintDialect[] {
  let dialect: string | undefined = config.parsedUrl?.dialect;
  try {
    dialect ??= config.url === undefined ? undefined : parseUrl(config.url).dialect;
  } catch {
    dialect = undefined; // an unreadable URL: lint needs none
  }
  return dialect === 'postgresql' || dialect === 'mysql' ? [dialect] : ['postgresql', 'mysql'];
}

/** Revision ids in the range, or undefined for all. */
function rangeIds(
  graph: RevisionGraph,
  range: string | undefined,
): ReadonlySet<string> | undefined {
  if (range === undefined) return undefined;
  if (range.includes(':')) return new Set(graph.history({ range }).map((r) => r.id));
  return new Set(graph.resolve(range));
}

async function loadLintDialects(names: readonly LintDialect[]): Promise<LintableDialect[]> {
  const dialects: LintableDialect[] = [];
  for (const name of names) {
    if (name !== 'postgresql' && name !== 'mysql') {
      throw new AthanorError(
        'E_USAGE',
        `lint has rules for postgresql and mysql, not '${String(name)}'`,
      );
    }
    dialects.push((await loadDialect(name)) as LintableDialect);
  }
  return dialects;
}

/**
 * `athanor lint [REV-RANGE]`: reads the operations of each migration without a database and
 * reports the ones that are dangerous on a live PostgreSQL or MySQL database, each with its rule
 * id, why, and the safer way (rules in src/lint/lint-rules.ts). Migrations before the range are
 * read too, for what they leave behind (a validated `CHECK (col IS NOT NULL)`), but not reported.
 *
 * @example
 * const report = await lint(ctx, { range: 'a1b2:heads' });
 * if (!report.ok) process.exitCode = 1;
 */
export async function lint(ctx: CommandContext, options: LintOptions = {}): Promise<LintReport> {
  const graph = await ctx.graph();
  const names = options.dialects ?? defaultLintDialects(ctx.config);
  const dialects = await loadLintDialects(names);
  const wanted = rangeIds(graph, options.range);
  const order = graph.planUpgrade([], 'heads').steps.map((s) => s.revision.id);
  const migrations: MigrationLint[] = [];
  let state: LintState = new Map();
  let remaining = wanted?.size ?? order.length;
  for (const id of order) {
    if (remaining === 0) break;
    const reported = wanted === undefined || wanted.has(id);
    try {
      const file = await ctx.scripts.file(id);
      const subject = {
        revision: id,
        stem: file.stem,
        path: file.path,
        source: await readFile(file.path, 'utf8'),
        migration: await ctx.scripts.load(id),
      };
      const linted = await lintMigration(subject, dialects, ctx.args, state);
      state = linted.state;
      if (reported) migrations.push(linted.result);
    } catch (error) {
      if (reported) throw error; // an earlier migration that cannot load only loses its state
    }
    if (reported) remaining--;
  }
  const findings = migrations.flatMap((m) => m.findings);
  const errors = findings.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    dialects: names,
    range: options.range ?? null,
    migrations,
    errors,
    warnings: findings.length - errors,
  };
}
