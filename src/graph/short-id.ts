/**
 * Display helpers for revision ids in messages and log lines.
 */

/**
 * Shortens a revision id for display; ids up to `length` characters (Alembic's default
 * 12-hex ids) are shown whole.
 *
 * @example
 * shortId('1f3a9c0d2b7e');                 // '1f3a9c0d2b7e'
 * shortId('1f3a9c0d2b7e44aa', 8);          // '1f3a9c0d…'
 */
export function shortId(id: string, length = 12): string {
  return id.length <= length ? id : `${id.slice(0, length)}…`;
}

/**
 * Joins ids for a message, naming at most `max` of them.
 *
 * @example
 * listIds(['a1', 'b2', 'c3'], 2); // 'a1, b2 and 1 more'
 */
export function listIds(ids: readonly string[], max = 10): string {
  if (ids.length === 0) return '(none)';
  const shown = ids.slice(0, max).join(', ');
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}
