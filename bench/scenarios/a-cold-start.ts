/**
 * a. Cold start: `--version`, `heads` on a 1-revision project, `current` on SQLite and on
 * PostgreSQL (a database stamped at that revision). The floor of `current` is reading the
 * version table with one `sqlite3` / `psql` process; that of `--version` and `heads` is Node's
 * own start-up (`node -e 0`), which no Node CLI can go below (NODE_EXTRA_CA_CERTS, when set,
 * makes it ~0.07 s instead of ~0.025 s: see bench/README.md). Target: athanor <= 0.25x Alembic.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAlembicProject } from '../alembic/project.js';
import { writeAthanorProject } from '../athanor-project.js';
import { alembic, alembicOn, athanor, dir, type BenchContext, type Db } from '../context.js';
import { createPg, type PgDatabase } from '../databases.js';
import { readVersionScript, runFloor, upgradeScript, writeScript } from '../floor.js';
import { series, timed, type Sample, type Side } from '../measure.js';
import { runChecked } from '../proc.js';
import type { Cell, Row } from '../report.js';
import { ratio } from '../stats.js';
import { linearRevisions } from '../workload.js';

const coldTarget = (cells: Partial<Record<Side, Cell>>): Row['target'] => {
  const r = ratio(cells.athanor?.summary, cells.alembic?.summary);
  return { text: '<= 0.25x Alembic', met: r === undefined ? undefined : r <= 0.25 };
};

export async function coldStart(ctx: BenchContext): Promise<void> {
  console.error('a. cold start');
  const revisions = linearRevisions(1);
  const ath = dir(ctx, 'a', 'athanor');
  const ale = dir(ctx, 'a', 'alembic');
  writeAthanorProject(ath, revisions);
  if (ctx.alembic) writeAlembicProject(ale, revisions);

  const only = (args: readonly string[]): Partial<Record<Side, Sample>> => ({
    athanor: async (record) => record('t', await timed(() => athanor(ath, args, undefined))),
    ...(ctx.alembic
      ? { alembic: async (record) => record('t', await timed(() => alembic(ale, args, undefined))) }
      : {}),
    floor: async (record) =>
      record('t', await timed(() => runChecked('node -e 0', process.execPath, ['-e', '0']))),
  });
  for (const [name, args] of [
    ['--version', ['--version']],
    ['heads, 1 revision', ['heads']],
  ] as const) {
    const cells =
      (await series({ label: name, runs: ctx.options.runs, sides: only(args) })).t ?? {};
    ctx.rows.push({ scenario: 'a', name, ...cells, target: coldTarget(cells) });
  }

  for (const dialect of ['sqlite', 'postgresql'] as const) {
    if (dialect === 'postgresql' && !ctx.pg) continue;
    const pgs: PgDatabase[] = [];
    const db = async (name: string): Promise<Db> => {
      if (dialect === 'sqlite') {
        const file = dir(ctx, 'a', `${name}.db`);
        rmSync(file, { force: true });
        return { dialect, target: file };
      }
      const pg = await createPg();
      pgs.push(pg);
      return { dialect, target: pg.url };
    };
    try {
      const athDb = await db('athanor');
      await athanor(ath, ['upgrade', 'head'], athDb);
      const floorDb = await db('floor');
      await runFloor(
        dialect,
        floorDb.target,
        writeScript(join(ctx.work, 'a', `up-${dialect}.sql`), upgradeScript(dialect, revisions)),
      );
      const readFile = writeScript(join(ctx.work, 'a', 'read.sql'), readVersionScript());
      const sides: Partial<Record<Side, Sample>> = {
        athanor: async (record) => record('t', await timed(() => athanor(ath, ['current'], athDb))),
        floor: async (record) =>
          record('t', await timed(() => runFloor(dialect, floorDb.target, readFile))),
      };
      if (alembicOn(ctx, dialect)) {
        const aleDb = await db('alembic');
        await alembic(ale, ['upgrade', 'head'], aleDb);
        sides.alembic = async (record) =>
          record('t', await timed(() => alembic(ale, ['current'], aleDb)));
      }
      const cells =
        (await series({ label: `current, ${dialect}`, runs: ctx.options.runs, sides })).t ?? {};
      ctx.rows.push({
        scenario: 'a',
        name: `current, ${dialect}`,
        ...cells,
        target: coldTarget(cells),
      });
    } finally {
      for (const pg of pgs) await pg.drop();
    }
  }
}
