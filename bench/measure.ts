/**
 * Runs the sides of one figure (athanor, Alembic, the floor) in turns: one warm-up run each,
 * then `runs` timed runs, the order rotated every run so no side always goes first on a
 * warmer (or busier) machine. A side that fails stops being measured and reports why.
 */
import { mask } from './databases.js';
import { summarize } from './stats.js';
import type { Cell } from './report.js';

export type Side = 'athanor' | 'alembic' | 'floor';

/** Records one timed figure of a run, in milliseconds. */
export type Record_ = (metric: string, ms: number) => void;

/**
 * One run of one side: does its own untimed setup, times what it measures and records each
 * figure (a run may record several, e.g. upgrade, then the no-op upgrade, then downgrade).
 */
export type Sample = (record: Record_) => Promise<void>;

export interface SeriesSpec {
  readonly runs: number;
  /** Per side: run count when it differs from `runs` (giant sizes); warm-up is skipped when 1. */
  readonly runsFor?: Partial<Record<Side, number>>;
  readonly sides: Partial<Record<Side, Sample>>;
  /** Printed as progress on stderr. */
  readonly label: string;
  /** The figures a run records (default ['t']): each is reported, failed ones included. */
  readonly metrics?: readonly string[];
}

export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const recursion = /RecursionError[^\n|]*/.exec(text);
  if (recursion) return recursion[0].trim();
  return mask(text).slice(0, 300);
}

/** Cells per metric, per side. */
export type SeriesResult = Record<string, Partial<Record<Side, Cell>>>;

export async function series(spec: SeriesSpec): Promise<SeriesResult> {
  const sides = (Object.keys(spec.sides) as Side[]).filter((s) => spec.sides[s]);
  const wanted = (s: Side): number => spec.runsFor?.[s] ?? spec.runs;
  const samples = new Map<string, Record<Side, number[]>>();
  const metrics: string[] = [...(spec.metrics ?? ['t'])];
  for (const metric of metrics) samples.set(metric, { athanor: [], alembic: [], floor: [] });
  const failed: Partial<Record<Side, { message: string; metrics: Set<string> }>> = {};
  const total = Math.max(...sides.map(wanted));
  process.stderr.write(`  ${spec.label}: `);
  for (let run = -1; run < total; run++) {
    const order = sides.map((_, k) => sides[(k + Math.max(run, 0)) % sides.length] as Side);
    for (const side of order) {
      if (failed[side]) continue;
      const n = wanted(side);
      if (run === -1 && n <= 1) continue; // giant sizes: no warm-up
      if (run >= n) continue;
      const recorded = new Set<string>();
      const record: Record_ = (metric, ms) => {
        if (!samples.has(metric)) {
          samples.set(metric, { athanor: [], alembic: [], floor: [] });
          metrics.push(metric);
        }
        recorded.add(metric);
        if (run >= 0) (samples.get(metric) as Record<Side, number[]>)[side].push(ms);
      };
      try {
        await (spec.sides[side] as Sample)(record);
        process.stderr.write(run === -1 ? 'w' : { athanor: 'a', alembic: 'A', floor: 'f' }[side]);
      } catch (error) {
        failed[side] = { message: describeError(error), metrics: recorded };
        process.stderr.write('x');
      }
    }
  }
  process.stderr.write('\n');
  const result: SeriesResult = {};
  for (const metric of metrics) {
    const cells: Partial<Record<Side, Cell>> = {};
    for (const side of sides) {
      const values = (samples.get(metric) as Record<Side, number[]>)[side];
      const f = failed[side];
      // A failure belongs to the metrics its run had not reached yet.
      const failure = f && !f.metrics.has(metric) ? f.message : undefined;
      cells[side] = {
        ...(values.length ? { summary: summarize(values) } : {}),
        ...(failure !== undefined ? { failure } : {}),
      };
    }
    result[metric] = cells;
  }
  return result;
}

/** Times one async call. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}
