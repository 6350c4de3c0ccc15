/**
 * The report: one table of timed figures (scenario, athanor / Alembic / floor medians, ratios,
 * target, min-max, runs), a table of behaviours (concurrency, failures), and the JSON written
 * to bench/results/<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratio, type Summary } from './stats.js';

export interface Cell {
  readonly summary?: Summary;
  /** Why this side has no (or an incomplete) figure: an error, "not installed", ... */
  readonly failure?: string;
  /** This side has no such command (shown as n/a, not as a failure). */
  readonly unavailable?: string;
}

export interface Target {
  readonly text: string;
  /** Whether the figure meets it; undefined when it cannot be judged (a side is missing). */
  readonly met: boolean | undefined;
}

export interface Row {
  readonly scenario: string;
  readonly name: string;
  readonly athanor?: Cell;
  readonly alembic?: Cell;
  readonly floor?: Cell;
  readonly target?: Target;
  readonly note?: string;
}

/** A qualitative result (concurrency correctness, what a failure leaves behind). */
export interface Behaviour {
  readonly scenario: string;
  readonly name: string;
  readonly athanor?: string;
  readonly alembic?: string;
  readonly floor?: string;
}

export const seconds = (ms: number | undefined): string =>
  ms === undefined || !Number.isFinite(ms)
    ? '-'
    : ms < 10_000
      ? `${(ms / 1000).toFixed(3)}`
      : `${(ms / 1000).toFixed(1)}`;

const ratioText = (r: number | undefined): string =>
  r === undefined ? '-' : `${r.toFixed(r < 0.1 ? 3 : 2)}x`;

function cellText(cell: Cell | undefined): string {
  if (!cell) return '-';
  if (cell.unavailable) return 'n/a';
  if (cell.summary && cell.summary.runs > 0)
    return seconds(cell.summary.median) + (cell.failure ? '!' : '');
  return cell.failure ? 'FAILED' : '-';
}

const range = (cell: Cell | undefined): string =>
  cell?.summary && cell.summary.runs > 0
    ? `${seconds(cell.summary.min)}-${seconds(cell.summary.max)}`
    : '-';

const runsOf = (cell: Cell | undefined): string =>
  cell?.summary ? String(cell.summary.runs) : '-';

/** Renders rows as an aligned text table. */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  rightFrom: number,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) =>
        i >= rightFrom ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderReport(rows: readonly Row[], behaviours: readonly Behaviour[]): string {
  const out: string[] = [];
  const header = [
    'scenario',
    'athanor s',
    'Alembic s',
    'floor s',
    'ath/Alembic',
    'ath/floor',
    'target',
    'athanor min-max',
    'Alembic min-max',
    'floor min-max',
    'runs ath/Ale/floor',
  ];
  const body = rows.map((r) => [
    `${r.scenario}. ${r.name}`,
    cellText(r.athanor),
    cellText(r.alembic),
    cellText(r.floor),
    ratioText(ratio(r.athanor?.summary, r.alembic?.summary)),
    ratioText(ratio(r.athanor?.summary, r.floor?.summary)),
    r.target
      ? `${r.target.text} ${r.target.met === undefined ? '?' : r.target.met ? 'met' : 'MISSED'}`
      : '',
    range(r.athanor),
    range(r.alembic),
    range(r.floor),
    `${runsOf(r.athanor)}/${runsOf(r.alembic)}/${runsOf(r.floor)}`,
  ]);
  out.push(table(header, body, 1));
  const notes = rows.flatMap((r) => {
    const lines: string[] = [];
    for (const side of ['athanor', 'alembic', 'floor'] as const) {
      const f = r[side]?.failure ?? r[side]?.unavailable;
      if (f) lines.push(`  ${r.scenario}. ${r.name}: ${side}: ${f}`);
    }
    if (r.note) lines.push(`  ${r.scenario}. ${r.name}: ${r.note}`);
    return lines;
  });
  if (notes.length)
    out.push(
      '',
      'notes (FAILED: no figure; n/a: no such command; "!": a later run failed, median of the runs that passed):',
      ...notes,
    );
  if (behaviours.length) {
    out.push('', 'behaviour:');
    for (const b of behaviours) {
      out.push(`  ${b.scenario}. ${b.name}`);
      if (b.athanor !== undefined) out.push(`      athanor: ${b.athanor}`);
      if (b.alembic !== undefined) out.push(`      Alembic: ${b.alembic}`);
      if (b.floor !== undefined) out.push(`      floor:   ${b.floor}`);
    }
  }
  return out.join('\n');
}

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Writes bench/results/<YYYY-MM-DD>[-profile].json and returns its path. */
export function writeResults(
  document: Record<string, unknown>,
  date: Date,
  profile: string,
): string {
  mkdirSync(resultsDir, { recursive: true });
  const day = date.toISOString().slice(0, 10);
  const file = join(resultsDir, `${day}${profile === 'default' ? '' : `-${profile}`}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
