/**
 * b. N linear revisions, each creating `t_i (id integer primary key, name varchar(50))`:
 * `heads`, `history`, `upgrade head --sql` (PostgreSQL dialect, no connection), then per run on
 * a fresh database: `upgrade head`, a no-op `upgrade head` at head and (PostgreSQL)
 * `downgrade base`, on SQLite and PostgreSQL. The floor runs the same statements with the same
 * BEGIN/COMMIT per migration. Targets: heads/history at 10,000 <= 0.1x Alembic and < 1 s;
 * upgrade head <= 1.3x the floor.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadDialect } from '../../src/dialects/registry.js';
import { writeAlembicProject } from '../alembic/project.js';
import { writeAthanorProject } from '../athanor-project.js';
import { alembic, alembicOn, athanor, dir, type BenchContext, type Db } from '../context.js';
import { createPg, inspect } from '../databases.js';
import {
  downgradeScript,
  FLOOR_VERSION_TABLE,
  readVersionScript,
  runFloor,
  upgradeScript,
  writeScript,
} from '../floor.js';
import { series, timed, type Sample, type Side } from '../measure.js';
import { GIANT } from '../options.js';
import type { Cell, Row } from '../report.js';
import { ratio } from '../stats.js';
import { linearRevisions, type Dialect } from '../workload.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

export async function linear(ctx: BenchContext, n: number): Promise<void> {
  console.error(`b. ${fmt(n)} linear revisions`);
  const revisions = linearRevisions(n);
  const head = revisions[n - 1]?.id as string;
  const ath = dir(ctx, `b${n}`, 'athanor');
  const ale = dir(ctx, `b${n}`, 'alembic');
  writeAthanorProject(ath, revisions);
  if (ctx.alembic) writeAlembicProject(ale, revisions);
  const giant = n >= GIANT;
  const runsFor: Partial<Record<Side, number>> = giant
    ? {
        athanor: ctx.options.bigRuns,
        floor: ctx.options.bigRuns,
        alembic: ctx.options.alembicBigRuns,
      }
    : {};
  const runs = ctx.options.runs;

  // Read-only commands: no database (upgrade --sql only needs the dialect).
  const offlinePg: Db = {
    dialect: 'postgresql',
    target: 'postgres://bench@127.0.0.1:5432/offline',
  };
  const readOnly: [string, string[], Db | undefined][] = [
    ['heads', ['heads'], undefined],
    ['history', ['history'], undefined],
    ['upgrade head --sql', ['upgrade', 'head', '--sql'], offlinePg],
  ];
  for (const [name, args, db] of readOnly) {
    const sides: Partial<Record<Side, Sample>> = {
      athanor: async (record) => record('t', await timed(() => athanor(ath, args, db))),
    };
    if (ctx.alembic && (db === undefined || ctx.alembic.psycopg2))
      sides.alembic = async (record) => record('t', await timed(() => alembic(ale, args, db)));
    // Read-only commands are quick even at 10,000: all sides get the full run count.
    const cells = (await series({ label: `${name}, ${fmt(n)}`, runs, sides })).t ?? {};
    let target: Row['target'];
    if (name !== 'upgrade head --sql' && n >= 10_000) {
      const r = ratio(cells.athanor?.summary, cells.alembic?.summary);
      const under = (cells.athanor?.summary?.median ?? Infinity) < 1000;
      target = {
        text: '<= 0.1x Alembic, < 1 s',
        met: !under ? false : r === undefined ? undefined : r <= 0.1,
      };
    }
    ctx.rows.push({
      scenario: 'b',
      name: `${name}, ${fmt(n)} revs`,
      ...cells,
      ...(target ? { target } : {}),
    });
  }

  for (const dialect of ['sqlite', 'postgresql'] as const) {
    if (dialect === 'postgresql' && !ctx.pg) continue;
    const results = await series({
      label: `upgrade/no-op/downgrade, ${fmt(n)}, ${dialect}`,
      runs,
      runsFor,
      metrics: dialect === 'postgresql' ? ['upgrade', 'noop', 'downgrade'] : ['upgrade', 'noop'],
      sides: {
        athanor: chain(ctx, dialect, 'athanor', ath, n, head),
        ...(alembicOn(ctx, dialect)
          ? { alembic: chain(ctx, dialect, 'alembic', ale, n, head) }
          : {}),
        floor: floorChain(
          ctx,
          dialect,
          n,
          revisions,
          upgradeScript(dialect, revisions, undefined, await loadDialect(dialect)),
        ),
      },
    });
    const push = (
      metric: string,
      name: string,
      target?: (c: Partial<Record<Side, Cell>>) => Row['target'],
    ): void => {
      const cells = results[metric];
      if (!cells) return;
      ctx.rows.push({
        scenario: 'b',
        name: `${name}, ${fmt(n)} revs, ${dialect}`,
        ...cells,
        ...(target ? { target: target(cells) } : {}),
        ...(giant && runsFor.alembic !== runs
          ? {
              note: `giant size: ${runsFor.athanor} athanor/floor run(s), ${runsFor.alembic} Alembic run(s) without warm-up`,
            }
          : {}),
      });
    };
    push('upgrade', 'upgrade head', (c) => {
      const r = ratio(c.athanor?.summary, c.floor?.summary);
      return { text: '<= 1.3x floor', met: r === undefined ? undefined : r <= 1.3 };
    });
    // The same athanor runs against the floor with athanor's log rows (information, no target).
    const withLog = results.upgradeWithLog?.floor;
    if (withLog && results.upgrade?.athanor) {
      ctx.rows.push({
        scenario: 'b',
        name: `upgrade head, ${fmt(n)} revs, ${dialect}, floor with log rows`,
        athanor: results.upgrade.athanor,
        floor: withLog,
      });
    }
    push('noop', 'no-op upgrade head');
    push('downgrade', 'downgrade base');
  }
}

/** One run of a tool: fresh database, upgrade head, no-op upgrade head, downgrade base (PG). */
function chain(
  ctx: BenchContext,
  dialect: Dialect,
  side: 'athanor' | 'alembic',
  project: string,
  n: number,
  head: string,
): Sample {
  const tool = side === 'athanor' ? athanor : alembic;
  const versionTable = side === 'athanor' ? 'athanor_version' : 'alembic_version';
  return async (record) => {
    const { db, drop } = await freshDb(ctx, dialect, `b${n}-${side}`);
    try {
      record('upgrade', await timed(() => tool(project, ['upgrade', 'head'], db)));
      const state = await inspect(dialect, db.target, versionTable);
      const made = state.tables.filter((t) => /^t_\d+$/.test(t)).length;
      if (made !== n || state.versions?.join() !== head)
        throw new Error(
          `after upgrade head: ${made} of ${n} tables, version ${state.versions?.join() ?? 'none'}`,
        );
      record('noop', await timed(() => tool(project, ['upgrade', 'head'], db)));
      if (dialect === 'postgresql') {
        record('downgrade', await timed(() => tool(project, ['downgrade', 'base'], db)));
        const after = await inspect(dialect, db.target, versionTable);
        const left = after.tables.filter((t) => /^t_\d+$/.test(t)).length;
        if (left !== 0 || (after.versions?.length ?? 0) !== 0)
          throw new Error(
            `after downgrade base: ${left} tables left, version ${after.versions?.join() ?? 'none'}`,
          );
      }
    } finally {
      await drop();
    }
  };
}

function floorChain(
  ctx: BenchContext,
  dialect: Dialect,
  n: number,
  revisions: ReturnType<typeof linearRevisions>,
  withLog: string,
): Sample {
  const base = dir(ctx, `b${n}`);
  const up = writeScript(join(base, `floor-up-${dialect}.sql`), upgradeScript(dialect, revisions));
  const upLog = writeScript(join(base, `floor-up-log-${dialect}.sql`), withLog);
  const down = writeScript(
    join(base, `floor-down-${dialect}.sql`),
    downgradeScript(dialect, revisions),
  );
  const read = writeScript(join(base, 'floor-read.sql'), readVersionScript());
  return async (record) => {
    const { db, drop } = await freshDb(ctx, dialect, `b${n}-floor`);
    try {
      record('upgrade', await timed(() => runFloor(dialect, db.target, up)));
      record('noop', await timed(() => runFloor(dialect, db.target, read)));
      if (dialect === 'postgresql') {
        record('downgrade', await timed(() => runFloor(dialect, db.target, down)));
        const after = await inspect(dialect, db.target, FLOOR_VERSION_TABLE);
        if (after.tables.length !== 1)
          throw new Error(`floor downgrade left ${after.tables.length - 1} tables`);
      }
    } finally {
      await drop();
    }
    const logged = await freshDb(ctx, dialect, `b${n}-floor-log`);
    try {
      record('upgradeWithLog', await timed(() => runFloor(dialect, logged.db.target, upLog)));
    } finally {
      await logged.drop();
    }
  };
}

export async function freshDb(
  ctx: BenchContext,
  dialect: Dialect,
  name: string,
): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const file = dir(ctx, `${name}.db`);
    const clean = (): void => {
      for (const suffix of ['', '-journal', '-wal', '-shm'])
        rmSync(`${file}${suffix}`, { force: true });
    };
    clean();
    return { db: { dialect, target: file }, drop: async () => clean() };
  }
  const pg = await createPg();
  return { db: { dialect, target: pg.url }, drop: () => pg.drop() };
}
