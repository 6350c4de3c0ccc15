/**
 * d. 8 concurrent `upgrade head` on one PostgreSQL database, 20 revisions each sleeping 0.2 s
 * (`SELECT pg_sleep(0.2)`) and inserting its id into bench_applied. Wall time from the first
 * spawn to the last exit; correctness: processes that exit non-zero, and whether every revision
 * was applied exactly once with the version table at head. The floor: the same 20 transactions
 * by one psql. Target: zero failures.
 */
import { join } from 'node:path';
import { writeAlembicProject } from '../alembic/project.js';
import { writeAthanorProject } from '../athanor-project.js';
import { alembicOn, dir, rawTool, type BenchContext, type Db } from '../context.js';
import { createPg, pgQuery } from '../databases.js';
import { runFloor, upgradeScript, writeScript } from '../floor.js';
import { series, timed, type Sample, type Side } from '../measure.js';
import { APPLIED_TABLE, sleepingRevisions } from '../workload.js';

const PROCESSES = 8;
const REVISIONS = 20;
const SLEEP = 0.2;

interface Outcome {
  failures: number;
  /** Runs where some revision was not applied exactly once, or the version was not head. */
  wrong: number;
  runs: number;
  errors: Set<string>;
}

export async function concurrent(ctx: BenchContext): Promise<void> {
  if (!ctx.pg) {
    ctx.rows.push({
      scenario: 'd',
      name: 'concurrent upgrade',
      note: 'skipped: PostgreSQL server unreachable',
    });
    return;
  }
  console.error('d. concurrent upgrade head');
  const revisions = sleepingRevisions(REVISIONS, SLEEP);
  const head = revisions[REVISIONS - 1]?.id as string;
  const ath = dir(ctx, 'd', 'athanor');
  const ale = dir(ctx, 'd', 'alembic');
  writeAthanorProject(ath, revisions);
  const withAlembic = alembicOn(ctx, 'postgresql');
  if (withAlembic) writeAlembicProject(ale, revisions);
  const outcomes: Record<'athanor' | 'alembic', Outcome> = {
    athanor: { failures: 0, wrong: 0, runs: 0, errors: new Set() },
    alembic: { failures: 0, wrong: 0, runs: 0, errors: new Set() },
  };

  const tool =
    (side: 'athanor' | 'alembic', project: string, versionTable: string): Sample =>
    async (record) => {
      const pg = await createPg();
      try {
        const db: Db = { dialect: 'postgresql', target: pg.url };
        await pgQuery(pg.url, APPLIED_TABLE);
        let results: Awaited<ReturnType<typeof rawTool>>[] = [];
        const ms = await timed(async () => {
          results = await Promise.all(
            Array.from({ length: PROCESSES }, () =>
              rawTool(side, project, ['upgrade', 'head'], db),
            ),
          );
        });
        record('t', ms);
        const o = outcomes[side];
        o.runs++;
        for (const r of results)
          if (r.status !== 0) {
            o.failures++;
            const line = (
              r.stderr
                .trim()
                .split('\n')
                .reverse()
                .find((l) => /error/i.test(l)) ??
              r.stderr.trim().split('\n').pop() ??
              ''
            ).trim();
            o.errors.add(line.replace(/\s+/g, ' ').slice(0, 160));
          }
        const counts = await pgQuery(
          pg.url,
          'SELECT revision, count(*) FROM bench_applied GROUP BY revision',
        );
        const exists = await pgQuery(pg.url, `SELECT to_regclass('"${versionTable}"') IS NOT NULL`);
        const versions =
          exists[0]?.[0] === 't'
            ? (await pgQuery(pg.url, `SELECT version_num FROM "${versionTable}"`)).map((r) => r[0])
            : [];
        const once = counts.length === REVISIONS && counts.every((c) => c[1] === '1');
        if (!once || versions.join() !== head) o.wrong++;
      } finally {
        await pg.drop();
      }
    };
  const floorFile = writeScript(
    join(ctx.work, 'd', 'floor.sql'),
    `${APPLIED_TABLE};\n${upgradeScript('postgresql', revisions)}`,
  );
  const sides: Partial<Record<Side, Sample>> = {
    athanor: tool('athanor', ath, 'athanor_version'),
    ...(withAlembic ? { alembic: tool('alembic', ale, 'alembic_version') } : {}),
    floor: async (record) => {
      const pg = await createPg();
      try {
        record('t', await timed(() => runFloor('postgresql', pg.url, floorFile)));
      } finally {
        await pg.drop();
      }
    },
  };
  const cells =
    (
      await series({
        label: `${PROCESSES} x upgrade head, ${REVISIONS} revisions`,
        runs: ctx.options.runs,
        sides,
      })
    ).t ?? {};
  const a = outcomes.athanor;
  ctx.rows.push({
    scenario: 'd',
    name: `${PROCESSES} concurrent upgrade head, PG, ${REVISIONS} x ${SLEEP} s (wall)`,
    ...cells,
    target: {
      text: 'zero failures',
      met: a.runs === 0 ? undefined : a.failures === 0 && a.wrong === 0,
    },
    note: 'floor = the 20 migrations once, by one psql (what the 8 processes must at least wait for)',
  });
  const describe = (o: Outcome): string =>
    `${o.failures} of ${o.runs * PROCESSES} processes exited non-zero over ${o.runs} runs (warm-up included); ` +
    `${o.runs - o.wrong} of ${o.runs} runs applied every revision exactly once and ended at head` +
    (o.errors.size ? `; errors: ${[...o.errors].slice(0, 3).join(' || ')}` : '');
  ctx.behaviours.push({
    scenario: 'd',
    name: `${PROCESSES} concurrent upgrade head on PostgreSQL (${REVISIONS} revisions)`,
    athanor: describe(a),
    ...(withAlembic ? { alembic: describe(outcomes.alembic) } : {}),
  });
}
