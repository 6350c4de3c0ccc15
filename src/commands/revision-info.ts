import { AthanorError } from '../errors.js';
import type { RevisionGraph } from '../graph/revision-graph.js';
import type { ScriptDirectory, ScriptFile } from '../script/script-directory.js';

/**
 * One revision as read commands return it (and `--json` prints it): the file's header, its
 * place in the graph, and its file. Plain, JSON-serialisable data.
 *
 * @example
 * { revision: 'c3c3c3c3c3c3', downRevisions: ['b2b2b2b2b2b2'], dependsOn: [], branchLabels: [],
 *   message: 'add phone number to users', stem: '003_add_phone_number_to_users',
 *   path: '/app/migrations/versions/003_add_phone_number_to_users.ts', createDate: null,
 *   nextRevisions: [], isHead: true, isBase: false, isBranchPoint: false, isMergePoint: false, isCurrent: null }
 */
export interface RevisionInfo {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly dependsOn: readonly string[];
  readonly branchLabels: readonly string[];
  readonly message: string;
  readonly stem: string;
  /** Absolute path of the migration file. */
  readonly path: string;
  readonly createDate: string | null;
  /** Revisions whose downRevision names this one. */
  readonly nextRevisions: readonly string[];
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** Whether the database's version table holds this revision; null when not asked. */
  readonly isCurrent: boolean | null;
}

/**
 * Describes revisions for output. `current` (the version rows) marks `isCurrent` when given.
 *
 * @example
 * const infos = await describeRevisions(scripts, graph, graph.heads());
 */
export async function describeRevisions(
  scripts: ScriptDirectory,
  graph: RevisionGraph,
  ids: readonly string[],
  current?: readonly string[],
): Promise<RevisionInfo[]> {
  const heads = new Set(graph.heads());
  const currentSet = current === undefined ? undefined : new Set(current);
  const files = await scripts.byId();
  return ids.map((id) => {
    const file = files.get(id);
    if (file === undefined) throw new AthanorError('E_UNKNOWN_REVISION', `no migration file declares revision '${id}' in ${scripts.versionsDir}`);
    return describeFile(file, graph, heads, currentSet);
  });
}

function describeFile(file: ScriptFile, graph: RevisionGraph, heads: ReadonlySet<string>, current: ReadonlySet<string> | undefined): RevisionInfo {
  const { revision } = file;
  const next = graph.children(revision.id);
  return Object.freeze({
    revision: revision.id,
    downRevisions: revision.down,
    dependsOn: revision.dependsOn,
    branchLabels: graph.branchLabels(revision.id),
    message: revision.message,
    stem: file.stem,
    path: file.path,
    createDate: file.header.createDate ?? null,
    nextRevisions: next,
    isHead: heads.has(revision.id),
    isBase: revision.down.length === 0,
    isBranchPoint: next.length > 1,
    isMergePoint: revision.down.length > 1,
    isCurrent: current === undefined ? null : current.has(revision.id),
  });
}
