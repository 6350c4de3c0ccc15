/**
 * The job-matching example end to end, as its README walks through it, on PGlite (with pgvector),
 * on the PostgreSQL server, SQLite and MariaDB (where the runner skips migration 002, whose
 * `requires: { extensions: ['vector'] }` they do not meet, and still moves the version): upgrade, rows written through the app,
 * a nearest-neighbour query on the HNSW index (PGlite), the data migration 004 checked row by row
 * both ways, downgrade base, upgrade head again, and `check` clean at the end.
 */
import ts from 'typescript';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../examples/job-matching/src/db/client.js';
import {
  addJob,
  addResume,
  createUser,
  hasVectors,
  nearestJobs,
  nearestJobsSql,
  recordMatch,
  toVector,
} from '../../examples/job-matching/src/db/queries.js';
import { assertMigrated } from '../../examples/job-matching/src/db/startup.js';
import { loadConfig } from '../../src/config/config-load.js';
import type { TestDatabase } from '../helpers/databases.js';
import {
  embedding,
  exampleDir,
  exampleEngines,
  exampleRevisions,
  exampleRun,
  userTables,
  type ExampleRun,
} from './job-matching-fixture.js';

// Every CLI command opens PGlite again (WebAssembly start-up): minutes on a busy machine.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 300_000 });

const engines = (await exampleEngines()).filter((e) => e.available);
const revisions = exampleRevisions();
const rev002 = revisions.get('002_add_vectors') ?? '';
const rev003 = revisions.get('003_add_phone_number_to_users') ?? '';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.cleanup();
  database = undefined;
});

const people = [
  { email: 'ada@example.com', first: 'Ada', last: 'Lovelace', full: 'Ada Lovelace' },
  { email: 'grace@example.com', first: 'Grace', last: 'Hopper', full: 'Grace Hopper' },
  { email: 'plato@example.com', first: 'Plato', last: '', full: 'Plato' },
];

/** At 003: users the old way (first and last name), resumes, jobs and matches through the app. */
async function seedAt003(db: Db, vectors: boolean): Promise<void> {
  for (const p of people) {
    await db.query('INSERT INTO users (email, first_name, last_name) VALUES (?, ?, ?)', [
      p.email,
      p.first,
      p.last,
    ]);
  }
  const ids = await db.query<{ id: number }>('SELECT id FROM users ORDER BY id');
  const resume = await addResume(db, {
    userId: Number(ids[0]?.id),
    body: 'Notes on the Analytical Engine',
    ...(vectors ? { embedding: embedding(1, 2, 0.2) } : {}),
  });
  const jobIds: number[] = [];
  for (const [i, title] of [
    'Engineer',
    'Programmer',
    'Analyst',
    'Mathematician',
    'Writer',
    'Teacher',
  ].entries()) {
    jobIds.push(
      await addJob(db, {
        title,
        description: `${title} wanted`,
        ...(vectors ? { embedding: embedding(i) } : {}),
      }),
    );
  }
  await recordMatch(db, { resumeId: resume, jobId: jobIds[1] ?? 0, score: 0.9731 });
}

async function fullNames(db: Db): Promise<string[]> {
  return (await db.query<{ full_name: string }>('SELECT full_name FROM users ORDER BY id')).map(
    (r) => r.full_name,
  );
}

/** The planner picks the HNSW index for the nearest-neighbour query (seq scans off: tiny table). */
async function explainNearest(db: Db): Promise<string> {
  // Six rows are cheaper to scan than to look up, so the planner needs to be told not to scan:
  // https://github.com/pgvector/pgvector#troubleshooting
  await db.query('SET enable_seqscan = off');
  const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${nearestJobsSql}`, [
    toVector(embedding(1)),
    5,
  ]);
  await db.query('RESET enable_seqscan');
  return plan.map((r) => r['QUERY PLAN']).join('\n');
}

async function checkVectors(app: ExampleRun, expected: boolean): Promise<void> {
  await app.withApp(async (db) => {
    expect(await hasVectors(db)).toBe(expected);
    if (!expected) return;
    expect(await explainNearest(db)).toMatch(/Index Scan using ix_jobs_embedding on jobs/);
    // The resume points along axis 1, tilted towards 2; the other jobs are all as far (ties).
    const nearest = await nearestJobs(db, embedding(1, 2, 0.2));
    expect(nearest).toHaveLength(5);
    expect(nearest.slice(0, 2).map((j) => j.title)).toEqual(['Programmer', 'Analyst']);
  });
}

type EngineName = (typeof engines)[number]['name'];

/**
 * Whether this database can have pgvector: PGlite loads it; a server has it when
 * `pg_available_extensions` lists it (Debian's PostgreSQL here does not); SQLite and MySQL never.
 */
async function vectorsAvailable(app: ExampleRun, engine: EngineName): Promise<boolean> {
  if (engine !== 'postgresql') return engine === 'pglite';
  return app.withApp(
    async (db) =>
      (await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).length > 0,
  );
}

/** The line the runner logs when 002's `requires: { extensions: ['vector'] }` is not met. */
function skipLine(engine: EngineName, direction: 'upgrade' | 'downgrade'): string {
  // SQLite and MySQL are named as their dialects are; the PostgreSQL server as "this server".
  const where = engine === 'postgresql' ? 'this server' : `${engine} (it has no extensions)`;
  // On the way down the log decides: its upgrade was skipped, so its downgrade is too.
  const why = direction === 'downgrade' ? 'its upgrade was skipped: ' : '';
  return `Skipped ${direction} of ${rev002} (002_add_vectors): ${why}extension vector is not available on ${where}`;
}

/** 001 to 003: 002 adds vectors where pgvector exists, and is skipped (version moved) elsewhere. */
async function upgradeTo003(app: ExampleRun, engine: EngineName, vectors: boolean): Promise<void> {
  const first = await app.athanor(['upgrade', rev003]);
  expect(first.stdout).toContain('(001_initial)');
  expect(first.stdout).toContain(
    `Running upgrade ${rev002} (002_add_vectors) -> ${rev003} (003_add_phone_number_to_users)`,
  );
  if (vectors) expect(first.stdout).not.toContain('Skipped');
  else expect(first.stdout).toContain(skipLine(engine, 'upgrade'));
  // No operation of 002 ran: nothing of it is reported one by one.
  expect(first.stdout).not.toMatch(/Skipped (createExtension|addColumn|createIndex)/);
}

async function count(db: Db, table: string): Promise<number> {
  return Number((await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]?.n);
}

/** 003 -> 004 with rows present: full_name exact, the rows that reference users kept. */
async function upgradeTo004(app: ExampleRun): Promise<void> {
  await app.athanor(['upgrade', 'head']);
  await app.withApp(async (db) => {
    expect(await fullNames(db)).toEqual(people.map((p) => p.full));
    const [row] = await db.query<Record<string, unknown>>('SELECT * FROM users ORDER BY id');
    expect(Object.keys(row ?? {}).sort()).toEqual([
      'created_at',
      'email',
      'full_name',
      'id',
      'phone_number',
    ]);
    // SQLite rebuilds users (copy-and-move) with foreign keys off: no cascade into resumes.
    expect([await count(db, 'resumes'), await count(db, 'job_matches')]).toEqual([1, 1]);
    const id = await createUser(db, {
      email: 'alan@example.com',
      fullName: 'Alan Turing',
      phoneNumber: '+44 20 7946 0000',
    });
    expect(id).toBe(4);
  });
}

/** The app's start-up guard on the app's connection, with the config as the CLI reads it. */
async function guard(app: ExampleRun, db: Db): Promise<void> {
  const config = await loadConfig({ cwd: exampleDir, env: { DATABASE_URL: app.url } });
  await assertMigrated(config, db);
}

/** 004 -> 003: first and last names split back, exact for these simple names. */
async function downgradeTo003(app: ExampleRun): Promise<void> {
  await app.athanor(['downgrade', '-1']);
  await app.withApp(async (db) => {
    const rows = await db.query<{ first_name: string; last_name: string }>(
      'SELECT first_name, last_name FROM users ORDER BY id',
    );
    expect(rows.map((r) => [r.first_name, r.last_name])).toEqual([
      ...people.map((p) => [p.first, p.last]),
      ['Alan', 'Turing'],
    ]);
    await expect(guard(app, db)).rejects.toThrow(
      /it is at [0-9a-f]+ \[003_add_phone_number_to_users\], the head is [0-9a-f]+ \[004_add_full_name_to_users\]/,
    );
  });
}

async function baseAndBack(app: ExampleRun, engine: EngineName, vectors: boolean): Promise<void> {
  const down = await app.athanor(['downgrade', 'base']);
  // 002's downgrade mirrors its upgrade: skipped where its requirement is not met.
  if (vectors) expect(down.stdout).not.toContain('Skipped');
  else expect(down.stdout).toContain(skipLine(engine, 'downgrade'));
  expect(down.stdout).toContain(`Running downgrade ${rev002} (002_add_vectors) -> `);
  await app.withApp(async (db) => {
    expect(await userTables(db)).toEqual([]);
    await expect(guard(app, db)).rejects.toThrow(/it is at base \(nothing applied\)/);
  });
  await app.athanor(['upgrade', 'head']);
  await app.withApp(async (db) => {
    await guard(app, db);
    expect(await userTables(db)).toEqual(['job_matches', 'jobs', 'resumes', 'users']);
    expect(await hasVectors(db)).toBe(vectors);
    await createUser(db, { email: 'ada@example.com', fullName: 'Ada Lovelace' });
  });
  const check = await app.athanor(['check']);
  expect(check.status).toBe(0);
  expect(check.stdout).toContain('the database is at head and matches the models');
}

describe.each(engines)('the job-matching example on $name', (engine) => {
  it('upgrades, serves the app, migrates the data both ways, goes to base and back, checks clean', async () => {
    database = await engine.createDatabase();
    const app = exampleRun(database);
    const vectors = await vectorsAvailable(app, engine.name);
    if (engine.name === 'pglite') expect(vectors).toBe(true);
    await upgradeTo003(app, engine.name, vectors);
    await app.withApp(async (db) => seedAt003(db, vectors));
    await upgradeTo004(app);
    await checkVectors(app, vectors);
    await app.athanor(['check']);
    await downgradeTo003(app);
    await baseAndBack(app, engine.name, vectors);
  });
});

describe('the job-matching example', () => {
  it('type-checks (models, migrations, app) against the public API', () => {
    const configPath = join(exampleDir, 'tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error(`cannot read ${configPath}`);
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
    expect(parsed.fileNames.map((f) => f.slice(exampleDir.length)).sort()).toEqual(
      expect.arrayContaining([
        'athanor.config.ts',
        'src/db/schema.ts',
        'src/main.ts',
        'migrations/versions/004_add_full_name_to_users.ts',
      ]),
    );
  });
});
