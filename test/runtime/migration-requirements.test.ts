/**
 * A migration's `requires: { extensions }` on real engines: where the database cannot install
 * the extension (a server without it, SQLite, MariaDB), the runner does not call the migration's
 * upgrade or downgrade, logs why, and moves the version all the same; where it can (PGlite with
 * pgvector, any server with plpgsql), the migration runs. `pg_available_extensions` is read once
 * per run, and not at all when no migration has requirements. Offline, a SQLite script leaves the
 * migration out and a PostgreSQL script notes what it could not check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/drivers/driver.js';
import { connect } from '../../src/drivers/registry.js';
import { formatRunEvent, type RunEvent } from '../../src/runtime/events.js';
import { downgradeSkips } from '../../src/runtime/migration-requirements.js';
import { MigrationRunner, type RunResult } from '../../src/runtime/runner.js';
import { ScriptDirectory } from '../../src/script/script-directory.js';
import {
  createMysqlDatabase,
  createPgliteDatabase,
  createPostgresDatabase,
  createSqliteDatabase,
  serverAvailable,
  tempDir,
  type TestDatabase,
} from '../helpers/databases.js';

const A = 'a1a1a1a1a1a1';
const B = 'b2b2b2b2b2b2';
const C = 'c3c3c3c3c3c3';

const src = (rel: string): string =>
  JSON.stringify(fileURLToPath(new URL(`../../src/${rel}`, import.meta.url)));

/** A migration file creating table `t_<id>`, with `requires` when given. */
function migration(id: string, down: string | null, extensions?: readonly string[]): string {
  return [
    `import { t } from ${src('schema/dsl.ts')};`,
    'export default {',
    `  revision: '${id}',`,
    `  downRevision: ${JSON.stringify(down)},`,
    `  message: 'table ${id}',`,
    ...(extensions ? [`  requires: { extensions: ${JSON.stringify(extensions)} },`] : []),
    '  async upgrade(op: any) {',
    `    await op.createTable('t_${id}', { id: t.integer().primaryKey() });`,
    '  },',
    '  async downgrade(op: any) {',
    `    await op.dropTable('t_${id}');`,
    '  },',
    '};',
    '',
  ].join('\n');
}

/** A root without requirements, then one that requires `missing`, then one that requires `present`. */
function versionsFolder(missing: string, present?: string): string {
  const dir = join(tempDir('athanor-requires-'), 'versions');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '001_plain.ts'), migration(A, null));
  writeFileSync(join(dir, '002_needs_missing.ts'), migration(B, A, [missing]));
  if (present) writeFileSync(join(dir, '003_needs_present.ts'), migration(C, B, [present]));
  return dir;
}

/** The connection, counting the statements that read pg_available_extensions. */
function counting(conn: Connection): Connection & { catalogReads: number } {
  const counted = {
    ...conn,
    catalogReads: 0,
    query: <R>(sql: string, params?: readonly unknown[]) => {
      if (sql.includes('pg_available_extensions')) counted.catalogReads++;
      return conn.query<R>(sql, params);
    },
  };
  return counted;
}

interface Run {
  readonly result: RunResult;
  readonly lines: string[];
  readonly catalogReads: number;
}

async function run(
  db: TestDatabase,
  versionsDir: string,
  plan: 'up' | 'down',
  dialectName: 'sqlite' | 'postgresql' | 'mysql',
): Promise<Run> {
  const dialect = await loadDialect(dialectName);
  const scripts = new ScriptDirectory(versionsDir);
  const graph = await scripts.graph();
  const events: RunEvent[] = [];
  const runner = new MigrationRunner({
    dialect,
    scripts,
    versionTable: { name: 'athanor_version' },
    transaction: 'each',
    onEvent: (e) => events.push(e),
  });
  const url = parseUrl(db.url);
  const conn = counting(await connect(url));
  try {
    const result = await runner.run(
      (current) =>
        plan === 'up' ? graph.planUpgrade(current, 'head') : graph.planDowngrade(current, 'base'),
      { connection: conn, openConnection: () => connect(url), lockTimeoutMs: 30_000 },
    );
    const lines = events.flatMap((e) => formatRunEvent(e) ?? []);
    return { result, lines, catalogReads: conn.catalogReads };
  } finally {
    await conn.close();
  }
}

async function tablesAndVersion(db: TestDatabase, dialectName: 'sqlite' | 'postgresql' | 'mysql') {
  const dialect = await loadDialect(dialectName);
  const conn = await connect(parseUrl(db.url));
  try {
    const model = await dialect.reflect(conn, {});
    const rows = await conn.query<{ version_num: string }>(
      'SELECT version_num FROM athanor_version',
    );
    return {
      tables: model.tables
        .map((t) => t.name)
        .filter((n) => n.startsWith('t_'))
        .sort(),
      version: rows.map((r) => r.version_num),
    };
  } finally {
    await conn.close();
  }
}

const databases: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.cleanup()));
});

const [pg, my] = await Promise.all([serverAvailable('postgresql'), serverAvailable('mysql')]);

const engines = [
  { name: 'SQLite', dialect: 'sqlite', available: true, create: createSqliteDatabase },
  { name: 'MariaDB', dialect: 'mysql', available: my, create: createMysqlDatabase },
  {
    name: 'PostgreSQL server',
    dialect: 'postgresql',
    available: pg,
    create: createPostgresDatabase,
  },
] as const;

describe.each(engines)('requires on $name', ({ name, dialect, available, create }) => {
  test.skipIf(!available)(
    'a migration whose extension is not available is skipped both ways; its version moves',
    async () => {
      const db = await create();
      databases.push(db);
      // plpgsql is in every PostgreSQL; on SQLite and MariaDB nothing is an extension.
      const versions = versionsFolder('athanor_no_such_extension', 'plpgsql');
      const up = await run(db, versions, 'up', dialect);
      const where = dialect === 'postgresql' ? 'this server' : `${dialect} (it has no extensions)`;
      const skipped = (direction: string, id: string, stem: string, ext: string) =>
        `Skipped ${direction} of ${id} (${stem}): extension ${ext} is not available on ${where}`;
      expect(up.lines).toContain(
        skipped('upgrade', B, '002_needs_missing', 'athanor_no_such_extension'),
      );
      expect(up.result.steps.map((s) => [s.stem, s.skipped])).toEqual([
        ['001_plain', undefined],
        ['002_needs_missing', `extension athanor_no_such_extension is not available on ${where}`],
        [
          '003_needs_present',
          dialect === 'postgresql' ? undefined : `extension plpgsql is not available on ${where}`,
        ],
      ]);
      expect(up.lines.findIndex((l) => l.startsWith(`Skipped upgrade of ${B}`))).toBeLessThan(
        up.lines.findIndex((l) => l.startsWith(`Running upgrade ${A} (001_plain) -> ${B}`)),
      );
      expect(up.catalogReads, name).toBe(dialect === 'postgresql' ? 1 : 0);
      expect(await tablesAndVersion(db, dialect)).toEqual({
        tables: dialect === 'postgresql' ? [`t_${A}`, `t_${C}`] : [`t_${A}`],
        version: [C],
      });

      const down = await run(db, versions, 'down', dialect);
      // The log says its upgrade was skipped: that decides, and the reason says why it was.
      expect(down.lines).toContain(
        `Skipped downgrade of ${B} (002_needs_missing): its upgrade was skipped: extension athanor_no_such_extension is not available on ${where}`,
      );
      expect(down.catalogReads).toBe(dialect === 'postgresql' ? 1 : 0);
      expect(await tablesAndVersion(db, dialect)).toEqual({ tables: [], version: [] });
    },
    120_000,
  );
});

test.skipIf(!pg)('a run without requirements never reads the catalog', async () => {
  const db = await createPostgresDatabase();
  databases.push(db);
  const dir = join(tempDir('athanor-requires-'), 'versions');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '001_plain.ts'), migration(A, null));
  const up = await run(db, dir, 'up', 'postgresql');
  expect(up.catalogReads).toBe(0);
  expect(up.result.steps[0]?.skipped).toBeUndefined();
});

test.skipIf(!pg)(
  'a downgrade follows what the log says the upgrade did, not what the server offers now',
  async () => {
    const db = await createPostgresDatabase();
    databases.push(db);
    const versions = versionsFolder('athanor_no_such_extension');
    const requiring = (ext: string) =>
      writeFileSync(join(versions, '002_needs_missing.ts'), migration(B, A, [ext]));
    const logOf = async () => {
      const conn = await connect(parseUrl(db.url));
      try {
        return (
          await conn.query<{ revision: string; direction: string; status: string }>(
            'SELECT revision, direction, status FROM athanor_version_log ORDER BY id',
          )
        ).map((r) => `${r.direction} ${r.revision} ${r.status}`);
      } finally {
        await conn.close();
      }
    };

    const up = await run(db, versions, 'up', 'postgresql');
    expect(up.result.steps[1]?.skipped).toMatch(/athanor_no_such_extension/);
    expect(await logOf()).toEqual([`up ${A} done`, `up ${B} skipped`]);

    // The server "gains" the extension: the file now requires one it has. Its upgrade was
    // skipped, so its downgrade must be too (t_B was never created; DROP TABLE would fail).
    requiring('plpgsql');
    const down = await run(db, versions, 'down', 'postgresql');
    expect(down.lines).toContain(
      `Skipped downgrade of ${B} (002_needs_missing): its upgrade was skipped here`,
    );
    expect(await tablesAndVersion(db, 'postgresql')).toEqual({ tables: [], version: [] });

    // Now it runs; afterwards the server "loses" the extension: t_B exists, so the downgrade
    // must run all the same.
    const again = await run(db, versions, 'up', 'postgresql');
    expect(again.result.steps.map((s) => s.skipped)).toEqual([undefined, undefined]);
    requiring('athanor_no_such_extension');
    const back = await run(db, versions, 'down', 'postgresql');
    expect(back.result.steps.map((s) => [s.revision, s.skipped])).toEqual([
      [B, undefined],
      [A, undefined],
    ]);
    expect(await tablesAndVersion(db, 'postgresql')).toEqual({ tables: [], version: [] });
    expect((await logOf()).slice(-4)).toEqual([
      `up ${A} done`,
      `up ${B} done`,
      `down ${B} done`,
      `down ${A} done`,
    ]);
  },
  120_000,
);

test('downgradeSkips: the log decides where it knows, the server where it does not', () => {
  const unmet = new Map([
    ['x', 'extension v is not available on this server'],
    ['y', 'extension v is not available on this server'],
  ]);
  const upgrades = new Map<string, 'done' | 'skipped'>([
    ['x', 'done'],
    ['z', 'skipped'],
  ]);
  expect(downgradeSkips(unmet, upgrades, ['x', 'y', 'z', 'w'])).toEqual(
    new Map([
      ['y', 'extension v is not available on this server'],
      ['z', 'its upgrade was skipped here'],
    ]),
  );
});

test('PGlite has pgvector: a migration that requires vector runs there', async () => {
  const db = await createPgliteDatabase();
  databases.push(db);
  const up = await run(
    db,
    versionsFolder('athanor_no_such_extension', 'vector'),
    'up',
    'postgresql',
  );
  expect(up.result.steps.map((s) => s.skipped === undefined)).toEqual([true, false, true]);
  expect(up.catalogReads).toBe(1);
  expect(up.lines.filter((l) => l.startsWith('Skipped'))).toHaveLength(1);
}, 300_000);

describe('requires offline (--sql)', () => {
  async function script(dialectName: 'sqlite' | 'postgresql'): Promise<string> {
    const dialect = await loadDialect(dialectName);
    const scripts = new ScriptDirectory(versionsFolder('vector'));
    const graph = await scripts.graph();
    const runner = new MigrationRunner({
      dialect,
      scripts,
      versionTable: { name: 'athanor_version' },
      transaction: 'each',
    });
    const result = await runner.run((current) => graph.planUpgrade(current, 'head'), {
      startHeads: [],
    });
    return result.sql ?? '';
  }

  test('SQLite leaves the migration out, says why, and moves the version', async () => {
    const sql = await script('sqlite');
    expect(sql).toContain(
      '-- skipped: extension vector is not available on sqlite (it has no extensions)',
    );
    expect(sql).not.toContain(`t_${B}`);
    expect(sql).toContain(
      `UPDATE "athanor_version" SET version_num = '${B}' WHERE version_num = '${A}';`,
    );
  });

  test('PostgreSQL writes the migration, with a note that nothing was checked', async () => {
    const sql = await script('postgresql');
    expect(sql).toContain(
      '-- requires extension vector: not checked offline, the server that runs this script must have it',
    );
    expect(sql).toMatch(new RegExp(`CREATE TABLE "t_${B}"`));
  });
});
