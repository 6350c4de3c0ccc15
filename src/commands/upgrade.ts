import type { RevisionGraph } from '../graph/revision-graph.js';
import {
  executeRun,
  splitOfflineRange,
  type RunCommandOptions,
  type RunRequest,
} from '../runtime/run-command.js';
import type { RunResult } from '../runtime/runner.js';

export interface UpgradeOptions extends RunCommandOptions {
  /** Where to go: 'head' (default), 'heads', '+1', a (partial) id, 'label@head'; offline also 'from:to'. */
  readonly target?: string;
}

/** The result of a run: version rows before and after, and each step applied. */
export type UpgradeResult = RunResult;

/**
 * Offline start: the heads a `from:to` range starts from (none for base).
 *
 * @example
 * offlineStart(graph, 'a1b2'); // ['a1b2c3d4e5f6']
 */
export function offlineStart(graph: RevisionGraph, from: string | undefined): readonly string[] {
  return from === undefined ? [] : graph.resolve(from);
}

/**
 * `athanor upgrade [TARGET]`: applies migrations up to TARGET (default 'head'), each in its own
 * transaction where the dialect has transactional DDL. With `sql: true`, returns the SQL script
 * instead (`TARGET` may then be a range `from:to`; without `from` the script starts from base).
 *
 * @example
 * const result = await upgrade({ config, target: 'head', onEvent: (e) => console.log(formatRunEvent(e)) });
 * result.steps.map((s) => s.stem); // ['001_create_users', '002_add_phone']
 * const { sql } = await upgrade({ config, target: 'a1b2c3:head', sql: true });
 */
export async function upgrade(options: UpgradeOptions): Promise<UpgradeResult> {
  const target = options.target ?? 'head';
  return executeRun(options, (graph): RunRequest => {
    if (!options.sql) return { planner: (current) => graph.planUpgrade(current, target) };
    const range = splitOfflineRange(target);
    return {
      planner: (current) => graph.planUpgrade(current, range.to || 'head'),
      startHeads: offlineStart(graph, range.from),
    };
  });
}
