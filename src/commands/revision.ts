import { unlinkSync } from 'node:fs';
import { AthanorError, MultipleHeadsError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import { readScriptHeader } from '../script/script-header.js';
import { isValidRevisionId, newRevisionId } from '../script/script-naming.js';
import { writeRevisionFile } from '../script/script-writer.js';
import type { CommandContext } from './context.js';
import { describeRevisions, type RevisionInfo } from './revision-info.js';

/** Options of `athanor revision` (and of autogenerate, which passes bodies and imports). */
export interface RevisionOptions {
  readonly message?: string;
  /** `--rev-id`; default 12 random hex characters. */
  readonly revId?: string;
  /** `--head`: the parent; `head` by default, `base` for a new root, `label@head`, an id. */
  readonly head?: string;
  /** `--splice`: allow a parent that is not a head (starts a new branch). */
  readonly splice?: boolean;
  readonly branchLabel?: string | readonly string[];
  /** `--depends-on`: ids, prefixes or branch labels this revision needs applied first. */
  readonly dependsOn?: readonly string[];
  readonly upgradeBody?: string;
  readonly downgradeBody?: string;
  /** Names imported from 'athanor' besides defineMigration (e.g. ['t', 'sql']). */
  readonly imports?: readonly string[];
  /** Clock for the file name's {date} and the Create Date (tests). */
  readonly now?: Date;
}

/** The file a revision or merge command wrote. */
export interface RevisionResult {
  readonly created: RevisionInfo;
}

/**
 * Creates a new migration file following Alembic's rules: the parent is the single head (with
 * several heads `head` must be given); a parent that is not a head needs `splice`; `head: 'base'`
 * starts a new root; branch labels must be unused. The graph is rebuilt with the new file; if
 * that fails, the file is deleted and the error reported.
 *
 * @example
 * const { created } = await revision(ctx, { message: 'add phone number to users' });
 * created.stem; // '003_add_phone_number_to_users'
 */
export async function revision(ctx: CommandContext, options: RevisionOptions = {}): Promise<RevisionResult> {
  const graph = await ctx.graph();
  const parents = resolveParents(graph, options.head ?? 'head');
  checkSplice(graph, parents, options.splice ?? false, await stems(ctx, parents));
  return createRevision(ctx, graph, parents, options);
}

/**
 * Writes a revision with the given parents; shared by `revision` and `merge`.
 *
 * @example
 * await createRevision(ctx, await ctx.graph(), ['a1a1a1a1a1a1', 'b2b2b2b2b2b2'], { message: 'merge' });
 */
export async function createRevision(ctx: CommandContext, graph: RevisionGraph, parents: readonly string[], options: RevisionOptions): Promise<RevisionResult> {
  const id = options.revId ?? newRevisionId();
  if (!isValidRevisionId(id)) throw new AthanorError('E_USAGE', `invalid revision id '${id}': use 1 to 32 letters, digits or underscores`);
  if (graph.has(id)) throw new AthanorError('E_DUPLICATE_REVISION', `revision '${id}' already exists (${(await ctx.scripts.file(id)).fileName})`);
  const branchLabels = labelList(options.branchLabel);
  checkLabels(graph, id, branchLabels);
  const dependsOn = resolveDependencies(graph, options.dependsOn ?? []);
  const written = writeRevisionFile({
    versionsDir: ctx.config.versionsDir,
    templatePath: ctx.config.templatePath,
    fileName: ctx.config.fileName,
    revision: id,
    downRevision: parents.length === 0 ? null : parents.length === 1 ? (parents[0] as string) : parents,
    message: options.message ?? '',
    branchLabels,
    dependsOn,
    ...(options.upgradeBody !== undefined ? { upgrade: options.upgradeBody } : {}),
    ...(options.downgradeBody !== undefined ? { downgrade: options.downgradeBody } : {}),
    ...(options.imports !== undefined ? { imports: options.imports } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  try {
    const header = readScriptHeader(written.source, written.fileName);
    if (header.ok && branchLabels.length > 0 && header.header.branchLabels.length === 0) {
      throw new AthanorError('E_SCRIPT', `${written.fileName} was asked for branch labels but the template has no {{branchLabels}} line (${ctx.config.templatePath})`);
    }
    ctx.scripts.refresh();
    const next = await ctx.scripts.graph();
    const [created] = await describeRevisions(ctx.scripts, next, [id]);
    return { created: created as RevisionInfo };
  } catch (error) {
    unlinkSync(written.path);
    ctx.scripts.refresh();
    throw error;
  }
}

/** `--head` to parent ids: `base` is none; anything else through the graph's resolver. */
function resolveParents(graph: RevisionGraph, head: string): string[] {
  if (head === 'base') return [];
  let ids: string[];
  try {
    ids = graph.resolve(head);
  } catch (error) {
    if (error instanceof MultipleHeadsError) {
      throw new MultipleHeadsError(
        error.heads,
        `multiple heads are present (${error.heads.join(', ')}); pass --head <rev> to choose the parent of the new revision, or run \`athanor merge heads\` first`,
      );
    }
    throw error;
  }
  if (new Set(ids).size !== ids.length) throw new AthanorError('E_USAGE', `duplicate head revisions in '${head}'`);
  return ids;
}

/**
 * Checks that every parent is a head unless splicing.
 *
 * @example
 * checkSplice(graph, ['a1a1a1a1a1a1'], false, new Map()); // throws when a1a1a1a1a1a1 has children
 */
export function checkSplice(
  graph: RevisionGraph,
  parents: readonly string[],
  splice: boolean,
  stemById: ReadonlyMap<string, string>,
  hint = 'pass --splice to start a new branch from it',
): void {
  if (splice) return;
  const heads = new Set(graph.heads());
  for (const parent of parents) {
    if (!heads.has(parent)) {
      const stem = stemById.get(parent);
      throw new AthanorError('E_USAGE', `revision ${parent}${stem ? ` [${stem}]` : ''} is not a head; ${hint}`);
    }
  }
}

async function stems(ctx: CommandContext, ids: readonly string[]): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const id of ids) map.set(id, await ctx.scripts.stemOf(id));
  return map;
}

function labelList(label: string | readonly string[] | undefined): string[] {
  if (label === undefined) return [];
  const list = (typeof label === 'string' ? [label] : [...label]).flatMap((l) => l.split(',')).map((l) => l.trim());
  return [...new Set(list.filter((l) => l !== ''))];
}

function checkLabels(graph: RevisionGraph, id: string, labels: readonly string[]): void {
  for (const label of labels) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(label)) {
      throw new AthanorError('E_USAGE', `invalid branch label '${label}': start with a letter or '_', then letters, digits, '_', '.' or '-'`);
    }
    if (label === id || graph.has(label)) throw new AthanorError('E_USAGE', `branch label '${label}' is also a revision id`);
    const owner = graph.revisions().find((r) => r.branchLabels.includes(label));
    if (owner) throw new AthanorError('E_USAGE', `branch label '${label}' is already used by revision ${owner.id} (${owner.path})`);
  }
}

/** Partial ids resolve to full ids; branch labels stay labels (as Alembic keeps them). */
function resolveDependencies(graph: RevisionGraph, deps: readonly string[]): string[] {
  const out: string[] = [];
  for (const dep of deps.flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '')) {
    if (graph.revisions().some((r) => r.branchLabels.includes(dep))) {
      out.push(dep);
      continue;
    }
    const ids = graph.resolve(dep);
    if (ids.length !== 1) throw new AthanorError('E_USAGE', `--depends-on '${dep}' must name one revision, it names ${ids.length}`);
    out.push(ids[0] as string);
  }
  return [...new Set(out)];
}
