import type { RevisionInfo } from '../commands/revision-info.js';

/** What a one-line revision shows, after Alembic's `Script._head_only`. */
export interface LineOptions {
  /** `b2b2 -> c3c3`: the parents before the id (history). */
  readonly parents?: boolean;
  /** `, message` after the indicators (history). */
  readonly doc?: boolean;
  /** `(branchpoint)` / `(mergepoint)` (history, branches; not heads). */
  readonly tree?: boolean;
}

/**
 * One revision on one line, in Alembic's shape plus the file's stem in brackets:
 * `b2b2b2b2b2b2 -> c3c3c3c3c3c3 (head), add phone number to users [003_add_phone_number_to_users]`.
 *
 * @example
 * formatRevisionLine(info); // 'c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]'
 */
export function formatRevisionLine(info: RevisionInfo, options: LineOptions = {}): string {
  let text = info.revision;
  if (options.parents) {
    const deps = info.dependsOn.length > 0 ? ` (${info.dependsOn.join(', ')})` : '';
    text = `${formatParents(info)}${deps} -> ${text}`;
  }
  if (info.branchLabels.length > 0) text += ` (${info.branchLabels.join(', ')})`;
  if (info.isHead) text += ' (head)';
  if (info.isCurrent === true) text += ' (current)';
  if (options.tree) {
    if (info.isBranchPoint) text += ' (branchpoint)';
    if (info.isMergePoint) text += ' (mergepoint)';
  }
  if (options.doc) text += `, ${info.message}`;
  return `${text} [${info.stem}]`;
}

/** `<base>` for a root, else the parent ids joined with ', '. */
export function formatParents(info: Pick<RevisionInfo, 'downRevisions'>): string {
  return info.downRevisions.length === 0 ? '<base>' : info.downRevisions.join(', ');
}

/**
 * The verbose block of one revision (Alembic's `log_entry`), used by `show` and by `-v`.
 *
 * @example
 * formatRevisionBlock(info).join('\n');
 * // Rev: c3c3c3c3c3c3 (head)\nParent: b2b2b2b2b2b2\nPath: /app/migrations/versions/003_add_phone_number_to_users.ts\n\n    add phone ...
 */
export function formatRevisionBlock(info: RevisionInfo): string[] {
  const flags = [
    info.isHead ? ' (head)' : '',
    info.isBranchPoint ? ' (branchpoint)' : '',
    info.isMergePoint ? ' (mergepoint)' : '',
    info.isCurrent === true ? ' (current)' : '',
  ].join('');
  const lines = [`Rev: ${info.revision}${flags}`];
  lines.push(`${info.isMergePoint ? 'Merges' : 'Parent'}: ${formatParents(info)}`);
  if (info.dependsOn.length > 0) lines.push(`Also depends on: ${info.dependsOn.join(', ')}`);
  if (info.isBranchPoint) lines.push(`Branches into: ${info.nextRevisions.join(', ')}`);
  if (info.branchLabels.length > 0) lines.push(`Branch names: ${info.branchLabels.join(', ')}`);
  lines.push(`Path: ${info.path}`, '');
  for (const paragraph of info.message.split('\n')) lines.push(`    ${paragraph}`.trimEnd());
  lines.push('', `    Revision ID: ${info.revision}`, `    Revises: ${formatParents(info)}`);
  if (info.createDate !== null) lines.push(`    Create Date: ${info.createDate}`);
  lines.push('');
  return lines;
}

/** Lines for a list of revisions: one line each, or the verbose blocks. */
export function formatRevisionList(infos: readonly RevisionInfo[], verbose: boolean, options: LineOptions): string[] {
  return verbose ? infos.flatMap(formatRevisionBlock) : infos.map((info) => formatRevisionLine(info, options));
}
