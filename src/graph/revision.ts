/**
 * One migration file as the graph sees it: ids and edges only, no code. Built from a file's
 * static header, so listing the graph imports nothing.
 *
 * @example
 * const r: Revision = { id: 'ae1027a6acf', down: [], branchLabels: [], dependsOn: [], message: 'create users', path: 'versions/001_create_users.ts' };
 */
export interface Revision {
  readonly id: string;
  /** Parents (`downRevision`): none for a root, two or more for a merge. */
  readonly down: readonly string[];
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  readonly message: string;
  /** File path relative to the versions folder ('' for in-memory revisions). */
  readonly path: string;
}
