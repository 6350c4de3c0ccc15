/**
 * `history [-r start:end]` as Alembic's `walk_revisions` lists it: every revision between the
 * range's ends, both included, newest first (the upgrade order reversed).
 */
import { AthanorError } from '../errors.js';
import { iterateRevisions } from './collect.js';
import type { RangeEnd } from './collect.js';
import type { GraphIndex } from './graph-index.js';

/**
 * Revision indexes for `history`, newest first. `range` is 'start:end' (either side may be
 * empty; 'current' stands for the version rows `current`).
 *
 * @example
 * history(ix, 'base:heads', undefined); // every revision
 */
export function history(
  ix: GraphIndex,
  range: string | undefined,
  current: readonly string[] | undefined,
): number[] {
  const options = { inclusive: true, assertRelativeLength: false };
  if (range === undefined) return iterateRevisions(ix, 'heads', 'base', options);
  const parts = range.trim().split(':');
  if (parts.length !== 2) {
    throw new AthanorError(
      'E_RANGE',
      `History range '${range}' must look like 'start:end', 'start:' or ':end'`,
      {
        details: { range },
      },
    );
  }
  const end = (part: string, fallback: string): RangeEnd => {
    if (part === '') return fallback;
    if (part !== 'current') return part;
    if (current !== undefined) return [...new Set(current)].sort();
    throw new AthanorError(
      'E_RANGE',
      `History range '${range}' uses 'current', which needs the version rows`,
      {
        details: { range },
      },
    );
  };
  return iterateRevisions(ix, end(parts[1]!, 'heads'), end(parts[0]!, 'base'), options);
}
