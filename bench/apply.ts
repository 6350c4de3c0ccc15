/**
 * Benchmark: applying 1,000 small migrations (one table each), athanor next to the raw-SQL floor.
 *
 *   npx jiti bench/apply.ts [--migrations 1000] [--runs 3]
 *
 * For each engine (SQLite file; PostgreSQL server when ATHANOR_TEST_PG_URL or the default
 * server answers), in the same run:
 * - athanor: `upgrade({ config })` in this process on a fresh database: reads the versions
 *   folder, builds the graph, takes the lock, creates the version and log tables, imports each
 *   migration file and runs it in its own transaction with its version row and log row.
 * - floor: the same CREATE TABLE and version-row INSERT/UPDATE statements, with the same
 *   BEGIN/COMMIT per migration, as one SQL script run by `psql -q -f` (PostgreSQL) or
 *   better-sqlite3's `exec` (SQLite) on another fresh database.
 * Prints the floor, athanor's apply phase (plan to last commit) and its whole call (also reading
 * the folder and importing every TypeScript file), each as a ratio of the floor (target <= 1.3x).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { upgrade } from '../src/commands/upgrade.js';
import { loadConfig } from '../src/config/config-load.js';
import type { RunEvent } from '../src/runtime/events.js';
import {
  createPostgresDatabase,
  createSqliteDatabase,
  serverAvailable,
  type TestDatabase,
} from '../test/helpers/databases.js';

const argValue = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const count = argValue('--migrations', 1000);
const runs = argValue('--runs', 3);
const dsl = fileURLToPath(new URL('../src/schema/dsl.ts', import.meta.url));

const idOf = (n: number): string => `be${n.toString(16).padStart(10, '0')}`;
const tableOf = (n: number): string => `bench_${String(n).padStart(4, '0')}`;

function writeProject(dir: string, url: string): void {
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ url }));
  for (let n = 1; n <= count; n++) {
    const source = [
      `import { t } from ${JSON.stringify(dsl)};`,
      'export default {',
      `  revision: '${idOf(n)}',`,
      `  downRevision: ${n === 1 ? 'null' : `'${idOf(n - 1)}'`},`,
      `  message: 'create ${tableOf(n)}',`,
      '  async upgrade(op: any) {',
      `    await op.createTable('${tableOf(n)}', { id: t.integer().primaryKey(), name: t.string(50) });`,
      '  },',
      '  async downgrade(op: any) {',
      `    await op.dropTable('${tableOf(n)}');`,
      '  },',
      '};',
      '',
    ].join('\n');
    writeFileSync(join(versions, `${String(n).padStart(4, '0')}_create_${tableOf(n)}.ts`), source);
  }
}

/** The floor: the same DDL and version rows, BEGIN/COMMIT per migration, as one script. */
function floorScript(begin: string): string {
  const lines = [
    'CREATE TABLE athanor_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT athanor_version_pkc PRIMARY KEY (version_num));',
  ];
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
    lines.push('COMMIT;');
  }
  return `${lines.join('\n')}\n`;
}

interface Engine {
  readonly name: string;
  create(): Promise<TestDatabase>;
  runFloor(db: TestDatabase, script: string): Promise<void>;
  readonly begin: string;
}

const engines: Engine[] = [
  {
    name: 'sqlite',
    create: createSqliteDatabase,
    begin: 'BEGIN IMMEDIATE',
    async runFloor(db, script) {
      const mod = await import('better-sqlite3');
      const Database = (mod as unknown as { default: typeof import('better-sqlite3') }).default;
      const conn = new Database(db.url.slice('sqlite:'.length));
      conn.exec(script);
      conn.close();
    },
  },
  {
    name: 'postgresql',
    create: createPostgresDatabase,
    begin: 'BEGIN',
    async runFloor(db, script) {
      const file = join(db.dir, 'floor.sql');
      writeFileSync(file, script);
      execFileSync('psql', ['-q', '-X', '-v', 'ON_ERROR_STOP=1', '-f', file, db.url], {
        stdio: 'pipe',
      });
    },
  },
];

async function timeAthanor(engine: Engine): Promise<{ total: number; apply: number }> {
  const db = await engine.create();
  try {
    const dir = join(db.dir, 'project');
    writeProject(dir, db.url);
    const config = await loadConfig({ cwd: dir, env: {} });
    let planned = 0;
    const onEvent = (e: RunEvent) => {
      if (e.kind === 'planned') planned = performance.now();
    };
    const start = performance.now();
    const result = await upgrade({ config, onEvent });
    const end = performance.now();
    if (result.steps.length !== count)
      throw new Error(`athanor applied ${result.steps.length} of ${count}`);
    return { total: end - start, apply: end - planned };
  } finally {
    await db.cleanup();
  }
}

async function timeFloor(engine: Engine): Promise<number> {
  const db = await engine.create();
  try {
    const script = floorScript(engine.begin);
    const start = performance.now();
    await engine.runFloor(db, script);
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

console.log(
  `athanor apply benchmark: ${count} migrations, median of ${runs} run(s); ${cpus().length} cores, load ${loadavg()[0]?.toFixed(1)}`,
);
console.log(
  'apply = from the plan to the last commit; total = the whole upgrade() call, including reading the\n' +
    `folder and importing ${count} TypeScript migration files (jiti transpiles each on first import).`,
);
console.log('engine      floor      athanor apply      athanor total');
for (const engine of engines) {
  if (engine.name === 'postgresql' && !(await serverAvailable('postgresql'))) continue;
  const totals: number[] = [];
  const applies: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order so neither side always runs on a warmer (or busier) machine.
    if (i % 2 === 0) floors.push(await timeFloor(engine));
    const a = await timeAthanor(engine);
    totals.push(a.total);
    applies.push(a.apply);
    if (i % 2 === 1) floors.push(await timeFloor(engine));
  }
  const floor = median(floors);
  console.log(
    `${engine.name.padEnd(11)} ${seconds(floor).padEnd(10)} ${`${seconds(median(applies))} ${verdict(median(applies) / floor)}`.padEnd(18)} ${seconds(median(totals))} ${verdict(median(totals) / floor)}`,
  );
}
