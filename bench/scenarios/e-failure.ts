/**
 * e. A failing migration: e_1, then a revision that creates e_2 and then fails (an INSERT into
 * a missing table), then e_3. `upgrade head` on a fresh database, on PostgreSQL and SQLite:
 * the exit status and what is left behind (tables, version rows). Not timed.
 */
import { join } from 'node:path';
import { writeAlembicProject } from '../alembic/project.js';
import { writeAthanorProject } from '../athanor-project.js';
import { alembicOn, dir, rawTool, type BenchContext } from '../context.js';
import { inspect } from '../databases.js';
import { FLOOR_VERSION_TABLE, runFloor, upgradeScript, writeScript } from '../floor.js';
import { failingRevisions, revisionId } from '../workload.js';
import { freshDb } from './b-linear.js';

export async function failure(ctx: BenchContext): Promise<void> {
  console.error('e. a failing migration');
  const revisions = failingRevisions();
  const ath = dir(ctx, 'e', 'athanor');
  const ale = dir(ctx, 'e', 'alembic');
  writeAthanorProject(ath, revisions);
  if (ctx.alembic) writeAlembicProject(ale, revisions);
  const label = (v: string): string =>
    v === revisionId(1)
      ? `${v} (e_1)`
      : v === revisionId(2)
        ? `${v} (e_2)`
        : v === revisionId(3)
          ? `${v} (e_3)`
          : v;
  const describe = (
    status: number | null,
    state: { tables: string[]; versions: string[] | undefined },
  ): string =>
    `exit ${status}; tables: ${state.tables.join(', ') || 'none'}; version: ${state.versions === undefined ? 'no version table' : state.versions.map(label).join(', ') || 'empty'}`;

  for (const dialect of ['postgresql', 'sqlite'] as const) {
    if (dialect === 'postgresql' && !ctx.pg) continue;
    const result: { athanor?: string; alembic?: string; floor?: string } = {};
    for (const side of ['athanor', 'alembic'] as const) {
      if (side === 'alembic' && !alembicOn(ctx, dialect)) continue;
      const { db, drop } = await freshDb(ctx, dialect, `e-${side}`);
      try {
        const r = await rawTool(side, side === 'athanor' ? ath : ale, ['upgrade', 'head'], db);
        result[side] = describe(r.status, await inspect(dialect, db.target, `${side}_version`));
      } finally {
        await drop();
      }
    }
    const { db, drop } = await freshDb(ctx, dialect, 'e-floor');
    try {
      const file = writeScript(
        join(ctx.work, 'e', `floor-${dialect}.sql`),
        upgradeScript(dialect, revisions),
      );
      const r = await runFloor(dialect, db.target, file, false);
      result.floor = describe(r.status, await inspect(dialect, db.target, FLOOR_VERSION_TABLE));
    } finally {
      await drop();
    }
    ctx.behaviours.push({
      scenario: 'e',
      name: `failing migration (2 of 3) on ${dialect}: what is left`,
      ...result,
    });
  }
}
