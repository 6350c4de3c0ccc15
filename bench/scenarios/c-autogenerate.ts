/**
 * c. M tables (8 mixed columns, a primary key, an index, a unique constraint, an FK to the
 * previous table) as models: `check` and `revision --autogenerate` against an empty and against
 * a matching PostgreSQL database. Alembic 1.8 has no `check` command (added in 1.9): its side
 * is `revision --autogenerate` only. Each generated revision file is deleted after its run.
 * Targets: reflect + compare <= 0.2x Alembic at 500 tables, < 10 s at 5,000.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAlembicProject } from '../alembic/project.js';
import { writeAthanorProject } from '../athanor-project.js';
import { alembic, alembicOn, athanor, dir, type BenchContext, type Db } from '../context.js';
import { createPg, type PgDatabase } from '../databases.js';
import { runFloor, writeScript } from '../floor.js';
import { series, timed, type Sample, type Side } from '../measure.js';
import { GIANT } from '../options.js';
import type { Cell, Row } from '../report.js';
import { ratio } from '../stats.js';
import { wideTablesSql } from '../workload.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Deletes what a `revision --autogenerate` wrote, so every run starts from the same folder. */
function clearVersions(folder: string): void {
  for (const f of readdirSync(folder))
    if (/\.(ts|py)$/.test(f)) rmSync(join(folder, f), { force: true });
}

export async function autogenerate(ctx: BenchContext, m: number): Promise<void> {
  if (!ctx.pg) {
    ctx.rows.push({
      scenario: 'c',
      name: `${fmt(m)} tables`,
      note: 'skipped: PostgreSQL server unreachable',
    });
    return;
  }
  console.error(`c. ${fmt(m)} tables`);
  const ath = dir(ctx, `c${m}`, 'athanor');
  const ale = dir(ctx, `c${m}`, 'alembic');
  writeAthanorProject(ath, [], { modelTables: m });
  const withAlembic = alembicOn(ctx, 'postgresql');
  if (withAlembic) writeAlembicProject(ale, [], { modelTables: m });
  const giant = m >= GIANT;
  const runsFor: Partial<Record<Side, number>> = giant
    ? { athanor: ctx.options.bigRuns, alembic: ctx.options.alembicBigRuns }
    : {};
  const pgs: PgDatabase[] = [];
  try {
    const empty = await createPg();
    pgs.push(empty);
    const matching = await createPg();
    pgs.push(matching);
    await runFloor(
      'postgresql',
      matching.url,
      writeScript(dir(ctx, `c${m}`, 'tables.sql'), wideTablesSql(m)),
    );
    for (const [state, pg] of [
      ['empty', empty],
      ['matching', matching],
    ] as const) {
      const db: Db = { dialect: 'postgresql', target: pg.url };
      // check: exit 1 when the models differ (empty database), 0 when they match.
      const expectCheck = state === 'empty' ? [1] : [0];
      const check =
        (
          await series({
            label: `check, ${fmt(m)}, ${state}`,
            runs: ctx.options.runs,
            runsFor,
            sides: {
              athanor: async (record) =>
                record('t', await timed(() => athanor(ath, ['check'], db, expectCheck))),
            },
          })
        ).t ?? {};
      ctx.rows.push({
        scenario: 'c',
        name: `check, ${fmt(m)} tables, ${state} db`,
        ...check,
        ...(withAlembic
          ? {
              alembic: {
                unavailable: 'no check command in Alembic 1.8 (see revision --autogenerate)',
              },
            }
          : {}),
        ...(giant ? { target: under10(check) } : {}),
      });
      const sides: Partial<Record<Side, Sample>> = {
        athanor: async (record) => {
          clearVersions(join(ath, 'migrations', 'versions'));
          record(
            't',
            await timed(() =>
              athanor(
                ath,
                [
                  'revision',
                  '--autogenerate',
                  '-m',
                  'bench',
                  ...(state === 'matching' ? ['--allow-empty'] : []),
                ],
                db,
              ),
            ),
          );
        },
      };
      if (withAlembic)
        sides.alembic = async (record) => {
          clearVersions(join(ale, 'alembic', 'versions'));
          record(
            't',
            await timed(() => alembic(ale, ['revision', '--autogenerate', '-m', 'bench'], db)),
          );
        };
      const gen =
        (
          await series({
            label: `revision --autogenerate, ${fmt(m)}, ${state}`,
            runs: ctx.options.runs,
            runsFor,
            sides,
          })
        ).t ?? {};
      clearVersions(join(ath, 'migrations', 'versions'));
      if (withAlembic) clearVersions(join(ale, 'alembic', 'versions'));
      let target: Row['target'];
      if (giant) target = under10(gen);
      else if (m === 500) {
        const r = ratio(gen.athanor?.summary, gen.alembic?.summary);
        target = { text: '<= 0.2x Alembic', met: r === undefined ? undefined : r <= 0.2 };
      }
      ctx.rows.push({
        scenario: 'c',
        name: `revision --autogenerate, ${fmt(m)} tables, ${state} db`,
        ...gen,
        ...(target ? { target } : {}),
        ...(giant
          ? {
              note: `giant size: ${runsFor.athanor} athanor run(s), ${runsFor.alembic} Alembic run(s) without warm-up`,
            }
          : {}),
      });
    }
  } finally {
    for (const pg of pgs) await pg.drop();
  }
}

function under10(cells: Partial<Record<Side, Cell>>): Row['target'] {
  const ms = cells.athanor?.summary?.median;
  return {
    text: '< 10 s',
    met: ms === undefined || !Number.isFinite(ms) ? undefined : ms < 10_000,
  };
}
