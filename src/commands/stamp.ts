import { AthanorError } from '../errors.js';
import { executeRun, splitOfflineRange, type RunCommandOptions } from '../runtime/run-command.js';
import type { RunResult } from '../runtime/runner.js';
import { offlineStart } from './upgrade.js';

export interface StampOptions extends RunCommandOptions {
  /** Revisions the version table should hold afterwards ('head', 'heads', ids, 'base'). */
  readonly revisions: readonly string[];
  /** Empty the version table first, even of revisions no file declares. */
  readonly purge?: boolean;
}

export type StampResult = RunResult;

/**
 * `athanor stamp REV... [--purge]`: rewrites the version table without running migrations
 * (for a database built some other way). Offline, a range `from:to` gives the starting rows.
 *
 * @example
 * await stamp({ config, revisions: ['head'] });
 * await stamp({ config, revisions: ['a1b2c3'], purge: true });
 */
export async function stamp(options: StampOptions): Promise<StampResult> {
  if (options.revisions.length === 0)
    throw new AthanorError(
      'E_USAGE',
      'stamp needs at least one revision (head, heads, base or an id)',
    );
  return executeRun(options, (graph) => {
    let targets = options.revisions;
    let startHeads: readonly string[] = [];
    if (options.sql && targets.length === 1 && targets[0]?.includes(':')) {
      const range = splitOfflineRange(targets[0]);
      startHeads = offlineStart(graph, range.from);
      targets = [range.to];
    }
    return {
      startHeads,
      planner: (current) => {
        // --purge also clears rows that no file declares (a repaired or foreign version table).
        const known = options.purge ? current.filter((id) => graph.has(id)) : current;
        const unknown = current.filter((id) => !known.includes(id));
        const planned = graph.planStamp(known, targets, { purge: options.purge === true });
        const delta = {
          delete: [...planned.versionDelta.delete, ...unknown],
          insert: planned.versionDelta.insert,
        };
        return { from: current, to: planned.to, steps: [], stamp: delta };
      },
    };
  });
}
