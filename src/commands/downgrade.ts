import { AthanorError } from '../errors.js';
import {
  executeRun,
  splitOfflineRange,
  type RunCommandOptions,
  type RunRequest,
} from '../runtime/run-command.js';
import type { RunResult } from '../runtime/runner.js';
import { offlineStart } from './upgrade.js';

export interface DowngradeOptions extends RunCommandOptions {
  /** Where to go: '-1', a (partial) id, 'base', 'label@-1'; offline a range 'from:to'. */
  readonly target: string;
}

export type DowngradeResult = RunResult;

/**
 * `athanor downgrade TARGET`: reverts migrations down to TARGET. A migration without a
 * `downgrade` function stops the command before anything changes (E_IRREVERSIBLE). With
 * `sql: true` the target must be a range `from:to`, as Alembic requires.
 *
 * @example
 * await downgrade({ config, target: '-1' });
 * const { sql } = await downgrade({ config, target: 'c3c3:a1a1', sql: true });
 */
export async function downgrade(options: DowngradeOptions): Promise<DowngradeResult> {
  const target = options.target;
  if (!target)
    throw new AthanorError('E_USAGE', 'downgrade needs a target: -1, a revision, or base');
  return executeRun(options, (graph): RunRequest => {
    if (!options.sql) return { planner: (current) => graph.planDowngrade(current, target) };
    const range = splitOfflineRange(target);
    if (range.from === undefined || !target.includes(':')) {
      throw new AthanorError(
        'E_USAGE',
        `downgrade with --sql needs a range <from>:<to> (e.g. head:base), got '${target}'`,
      );
    }
    return {
      planner: (current) => graph.planDowngrade(current, range.to || 'base'),
      startHeads: offlineStart(graph, range.from),
    };
  });
}
