/**
 * `npm run bench`: athanor side by side with Alembic and the raw-SQL floor, in one run on one
 * machine (issue 9). Builds first (the npm script), then runs scenarios a to e as whole
 * processes, prints one table and writes bench/results/<date>.json. See bench/README.md.
 *
 *   npm run bench                 # N = 1,000 revisions; M = 100, 500 tables; 5 runs + warm-up
 *   npm run bench -- --quick      # small sizes, 3 runs: a smoke test
 *   npm run bench -- --full       # adds N = 10,000 and M = 5,000 (Alembic: tens of minutes)
 *   npm run bench -- --only b --n 10000 --runs 5
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectAlembic, NOT_INSTALLED } from './alembic/detect.js';
import { athanorBin } from './athanor-project.js';
import type { BenchContext } from './context.js';
import { dropAllPg, mask, pgQuery, pgServerUrl, pgUnavailable } from './databases.js';
import { parseOptions } from './options.js';
import { runProcess } from './proc.js';
import { renderReport, writeResults } from './report.js';
import { coldStart } from './scenarios/a-cold-start.js';
import { linear } from './scenarios/b-linear.js';
import { autogenerate } from './scenarios/c-autogenerate.js';
import { concurrent } from './scenarios/d-concurrent.js';
import { failure } from './scenarios/e-failure.js';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (!existsSync(join(athanorBin, '..', '..', 'dist', 'cli', 'main.js')))
    throw new Error('dist/cli/main.js is missing: run `npm run build` (npm run bench does)');
  const started = new Date();
  const alembicInfo = options.alembic ? await detectAlembic() : undefined;
  const pgReason = await pgUnavailable();
  const athanorVersion = (
    await runProcess(process.execPath, [athanorBin, '--version'])
  ).stdout.trim();
  const pgVersion =
    pgReason === null ? (await pgQuery(pgServerUrl, 'SHOW server_version'))[0]?.[0] : undefined;
  const sqliteVersion = (await runProcess('sqlite3', ['--version'])).stdout.split(' ')[0];
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    load: loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    athanor: athanorVersion,
    alembic: alembicInfo
      ? `${alembicInfo.alembic} (SQLAlchemy ${alembicInfo.sqlalchemy}${alembicInfo.psycopg2 ? ', psycopg2' : ', no psycopg2'})`
      : null,
    postgresql: pgVersion ?? null,
    sqlite: sqliteVersion,
  };
  console.log(`athanor bench (${options.profile}), ${started.toISOString()}`);
  console.log(
    `  ${machine.cpus} x ${machine.cpu}, load ${machine.load.join(' ')}; node ${machine.node}; ${athanorVersion}`,
  );
  console.log(
    `  ${alembicInfo ? `alembic ${machine.alembic}` : options.alembic ? NOT_INSTALLED : 'alembic: skipped (--no-alembic)'}`,
  );
  console.log(
    `  postgresql: ${pgReason === null ? pgVersion : `unreachable (${pgReason}): PostgreSQL scenarios skipped`}; sqlite ${sqliteVersion}`,
  );
  console.log(
    `  scenarios ${[...options.only].join(',')}; N = ${options.revisionCounts.join(', ')}; M = ${options.tableCounts.join(', ')}; ` +
      `median of ${options.runs} run(s) after a warm-up (giant sizes: ${options.bigRuns} athanor/floor, ${options.alembicBigRuns} Alembic)`,
  );
  const work = mkdtempSync(join(tmpdir(), 'athanor-bench-'));
  const ctx: BenchContext = {
    options,
    alembic: alembicInfo,
    pg: pgReason === null,
    work,
    rows: [],
    behaviours: [],
  };
  const onSignal = (): void => {
    void dropAllPg().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (options.only.has('a')) await coldStart(ctx);
    if (options.only.has('b')) for (const n of options.revisionCounts) await linear(ctx, n);
    if (options.only.has('c')) for (const m of options.tableCounts) await autogenerate(ctx, m);
    if (options.only.has('d')) await concurrent(ctx);
    if (options.only.has('e')) await failure(ctx);
  } finally {
    await dropAllPg();
    if (options.keep) console.error(`projects kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const finished = new Date();
  console.log('');
  console.log(renderReport(ctx.rows, ctx.behaviours));
  console.log(
    `\nseconds, wall time of whole processes; ratios are of medians from this run. ${((finished.getTime() - started.getTime()) / 60000).toFixed(1)} min.`,
  );
  if (options.write) {
    const file = writeResults(
      {
        date: started.toISOString(),
        durationSeconds: Math.round((finished.getTime() - started.getTime()) / 1000),
        machine,
        options: { ...options, only: [...options.only] },
        rows: ctx.rows,
        behaviours: ctx.behaviours,
      },
      started,
      options.profile,
    );
    console.log(`written ${file}`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    await dropAllPg();
    console.error(
      `bench: ${mask(error instanceof Error ? (error.stack ?? error.message) : String(error))}`,
    );
    process.exitCode = 1;
  },
);
