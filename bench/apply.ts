/**
 * Benchmark: applying 1,000 small migrations (one table each), athanor next to the raw-SQL floor,
 * both as whole processes.
 *
 *   npm run bench:apply [-- --migrations 1000] [--runs 3] [--jiti]
 *
 * For each engine (SQLite file; PostgreSQL server when ATHANOR_TEST_PG_URL or the default
 * server answers), in the same run, each on a fresh database:
 * - floor: the same CREATE TABLE and version-row INSERT/UPDATE statements, with the same
 *   BEGIN/COMMIT per migration, as one SQL script run by `sqlite3` / `psql -q -X -f`;
 * - athanor, first run: `node bin/athanor.js upgrade head` with an empty module cache
 *   (ATHANOR_CACHE_DIR points to a new folder): reads the versions folder, builds the graph,
 *   takes the lock, creates the version and log tables, compiles and loads each migration file
 *   and runs it in its own transaction with its version row and log row;
 * - athanor, cached run: the same with the cache the first run left (nothing is compiled);
 * - with --jiti: the loader before this cache, every file through jiti (ATHANOR_LOADER=jiti),
 *   without its own file cache (jiti-cold, JITI_FS_CACHE=false) and with it (jiti-cached).
 * Prints each as a ratio of the floor (target <= 1.3x). Needs `npm run build` (the script does it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect } from '../src/dialects/dialect.js';
import { loadDialect } from '../src/dialects/registry.js';
import { logRowSql, logTableSql } from './floor.js';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  serverAvailable,
  type TestDatabase,
} from '../test/helpers/databases.js';

const bin = fileURLToPath(new URL('../bin/athanor.js', import.meta.url));
const argValue = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const count = argValue('--migrations', 1000);
const runs = argValue('--runs', 3);
const withJiti = process.argv.includes('--jiti');

const idOf = (n: number): string => `be${n.toString(16).padStart(10, '0')}`;
const tableOf = (n: number): string => `bench_${String(n).padStart(4, '0')}`;

function writeProject(dir: string): void {
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ migrations: './migrations' }));
  for (let n = 1; n <= count; n++) {
    const source = [
      "import { defineMigration, t } from 'athanor';",
      "import type { Op } from 'athanor';",
      '',
      'export default defineMigration({',
      `  revision: '${idOf(n)}',`,
      `  downRevision: ${n === 1 ? 'null' : `'${idOf(n - 1)}'`},`,
      `  message: 'create ${tableOf(n)}',`,
      '  async upgrade(op: Op) {',
      `    await op.createTable('${tableOf(n)}', { id: t.integer().primaryKey(), name: t.string(50) });`,
      '  },',
      '  async downgrade(op: Op) {',
      `    await op.dropTable('${tableOf(n)}');`,
      '  },',
      '});',
      '',
    ].join('\n');
    writeFileSync(join(versions, `${String(n).padStart(4, '0')}_create_${tableOf(n)}.ts`), source);
  }
}

/**
 * The floor: the same DDL and version rows, BEGIN/COMMIT per migration, as one script. With
 * `log`, also athanor's log table and one log row per migration, as athanor writes them: the
 * same statements athanor runs (shown for information; the target is against the plain floor).
 */
function floorScript(engine: Engine, log: boolean): string {
  const begin = engine.begin;
  const lines = [
    'CREATE TABLE athanor_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT athanor_version_pkc PRIMARY KEY (version_num));',
  ];
  if (log) lines.push(...logTableSql(engine.dialect, 'athanor_version'));
  for (let n = 1; n <= count; n++) {
    lines.push(`${begin};`);
    lines.push(
      `CREATE TABLE "${tableOf(n)}" ("id" integer NOT NULL, "name" varchar(50), CONSTRAINT "pk_${tableOf(n)}" PRIMARY KEY ("id"));`,
    );
    lines.push(
      n === 1
        ? `INSERT INTO athanor_version (version_num) VALUES ('${idOf(n)}');`
        : `UPDATE athanor_version SET version_num = '${idOf(n)}' WHERE version_num = '${idOf(n - 1)}';`,
    );
    if (log) {
      const file = `${String(n).padStart(4, '0')}_create_${tableOf(n)}`;
      lines.push(
        logRowSql(engine.dialect, 'athanor_version', {
          step: n,
          revision: idOf(n),
          file,
          operations: 1,
        }),
      );
    }
    lines.push('COMMIT;');
  }
  return `${lines.join('\n')}\n`;
}

interface Engine {
  readonly name: string;
  readonly dialect: Dialect;
  create(): Promise<TestDatabase>;
  runFloor(db: TestDatabase, script: string): void;
  readonly begin: string;
}

const engines: Engine[] = [
  {
    name: 'sqlite',
    dialect: await loadDialect('sqlite'),
    create: createSqliteDatabase,
    begin: 'BEGIN IMMEDIATE',
    runFloor(db, script) {
      execFileSync('sqlite3', [db.url.slice('sqlite:'.length)], {
        input: script,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    },
  },
  {
    name: 'postgresql',
    dialect: await loadDialect('postgresql'),
    create: createPostgresDatabase,
    begin: 'BEGIN',
    runFloor(db, script) {
      const file = join(db.dir, 'floor.sql');
      writeFileSync(file, script);
      execFileSync('psql', ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-f', file, db.url], {
        stdio: 'pipe',
      });
    },
  },
];

type Mode = 'first' | 'cached' | 'jiti-cold' | 'jiti-cached';

/** `athanor upgrade head` as a whole process on a fresh database; wall milliseconds. */
async function timeAthanor(
  engine: Engine,
  project: string,
  cacheDir: string,
  mode: Mode,
): Promise<number> {
  const db = await engine.create();
  try {
    if (mode === 'first') rmSync(cacheDir, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ATHANOR_CACHE_DIR: cacheDir,
      ...(mode.startsWith('jiti') ? { ATHANOR_LOADER: 'jiti' } : {}),
      ...(mode === 'jiti-cold' ? { JITI_FS_CACHE: 'false' } : {}),
    };
    delete env.DATABASE_URL;
    const start = performance.now();
    const result = spawnSync(process.execPath, [bin, 'upgrade', 'head', '--url', db.url], {
      cwd: project,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    });
    const ms = performance.now() - start;
    const applied = (result.stdout.toString().match(/^Running upgrade/gm) ?? []).length;
    if (result.status !== 0 || applied !== count) {
      throw new Error(
        `athanor applied ${applied} of ${count} (exit ${result.status}):\n${result.stderr.toString().slice(0, 2000)}`,
      );
    }
    return ms;
  } finally {
    await db.cleanup();
  }
}

async function timeFloor(engine: Engine, log = false): Promise<number> {
  const db = await engine.create();
  try {
    const script = floorScript(engine, log);
    const start = performance.now();
    engine.runFloor(db, script);
    return performance.now() - start;
  } finally {
    await db.cleanup();
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const verdict = (ratio: number): string =>
  `${ratio.toFixed(2)}x${ratio <= 1.3 ? '' : ' (over 1.3x)'}`;

if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
  throw new Error('dist/ is missing: run `npm run build` first');
}
console.log(
  `athanor apply benchmark: ${count} migrations, whole processes, median of ${runs} run(s); ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  'first = `athanor upgrade head` with an empty module cache (each TypeScript file compiled);\n' +
    'cached = the same with the cache the first run left (nothing compiled)' +
    (withJiti
      ? ';\njiti-cold / jiti-cached = every file through jiti (the loader before), without / with its file cache.'
      : '.'),
);
const modes: Mode[] = withJiti
  ? ['first', 'cached', 'jiti-cold', 'jiti-cached']
  : ['first', 'cached'];
console.log('[in brackets: the floor with the log rows athanor writes too, and the ratio to it]');
console.log(
  `${'engine'.padEnd(11)} ${'floor [+log]'.padEnd(18)} ${modes.map((m) => `athanor ${m}`.padEnd(32)).join(' ')}`,
);
const work = mkdtempSync(join(tmpdir(), 'athanor-bench-apply-'));
try {
  const project = join(work, 'project');
  writeProject(project);
  const cacheDir = join(work, 'cache');
  for (const engine of engines) {
    if (engine.name === 'postgresql' && !(await serverAvailable('postgresql'))) {
      console.log('postgresql  skipped: no server');
      continue;
    }
    const floors: number[] = [];
    const logFloors: number[] = [];
    const times = new Map<Mode, number[]>(modes.map((m) => [m, []]));
    for (let i = 0; i < runs; i++) {
      // Alternate the order so neither side always runs on a warmer (or busier) machine.
      if (i % 2 === 0) floors.push(await timeFloor(engine));
      if (i % 2 === 0) logFloors.push(await timeFloor(engine, true));
      for (const mode of modes)
        times.get(mode)?.push(await timeAthanor(engine, project, cacheDir, mode));
      if (i % 2 === 1) logFloors.push(await timeFloor(engine, true));
      if (i % 2 === 1) floors.push(await timeFloor(engine));
    }
    const floor = median(floors);
    const logFloor = median(logFloors);
    const cells = modes.map((m) => {
      const t = median(times.get(m) ?? []);
      return `${seconds(t)} ${verdict(t / floor)} [${(t / logFloor).toFixed(2)}x]`.padEnd(32);
    });
    const floorCell = `${seconds(floor)} [${seconds(logFloor)}]`.padEnd(18);
    console.log(`${engine.name.padEnd(11)} ${floorCell} ${cells.join(' ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
