/**
 * `postgres: { lockTimeout, statementTimeout }` from the config are set on the migration
 * connection: a migration reads them back with `SHOW` through op.query, and on the server a
 * migration that waits for a lock fails after lockTimeout instead of queueing. An offline script
 * (`upgrade --sql`) starts with the same SET statements.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config-load.js';
import { parseUrl } from '../../src/config/url.js';
import { upgrade } from '../../src/commands/upgrade.js';
import { loadDialect } from '../../src/dialects/registry.js';
import { connect } from '../../src/drivers/registry.js';
import { sessionSettingsSql } from '../../src/runtime/session-settings.js';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  serverAvailable,
  type TestDatabase,
} from '../helpers/databases.js';
import { removeProjects, verifyProject, type Spec } from './verify-fixture.js';

const databases: TestDatabase[] = [];
afterEach(async () => {
  removeProjects();
  await Promise.all(databases.splice(0).map((db) => db.cleanup()));
});

const showSettings: Spec = {
  file: '001_show_settings.ts',
  id: 'e5e5e5e5e5e5',
  down: null,
  upgrade:
    "const lock = await op.query<{ lock_timeout: string }>('SHOW lock_timeout');\n" +
    "    const statement = await op.query<{ statement_timeout: string }>('SHOW statement_timeout');\n" +
    "    await op.createTable('seen', { name: t.string(40).primaryKey(), value: t.string(40) });\n" +
    "    await op.bulkInsert('seen', [{ name: 'lock_timeout', value: lock[0]!.lock_timeout }, { name: 'statement_timeout', value: statement[0]!.statement_timeout }]);",
  downgrade: "await op.dropTable('seen');",
};

const alterSeen: Spec = {
  file: '002_alter_seen.ts',
  id: 'f6f6f6f6f6f6',
  down: 'e5e5e5e5e5e5',
  upgrade: "await op.addColumn('seen', 'extra', t.text());",
  downgrade: "await op.dropColumn('seen', 'extra');",
};

async function settingsProject(
  db: TestDatabase,
  specs: readonly Spec[],
  postgres: Record<string, string>,
) {
  const project = verifyProject(db.url, specs);
  writeFileSync(
    join(project.dir, 'athanor.config.json'),
    JSON.stringify({ url: db.url, postgres }),
  );
  return { project, config: await loadConfig({ cwd: project.dir, env: {} }) };
}

async function seen(url: string): Promise<Record<string, string>> {
  const conn = await connect(parseUrl(url));
  try {
    const rows = await conn.query<{ name: string; value: string }>('SELECT name, value FROM seen');
    return Object.fromEntries(rows.map((r) => [r.name, r.value]));
  } finally {
    await conn.close();
  }
}

describe('sessionSettingsSql', () => {
  test('SET statements for PostgreSQL, none elsewhere, a clear error for a bad value', async () => {
    const postgres = await loadDialect('postgresql');
    const config = { postgres: { lockTimeout: '5s', statementTimeout: '30000' } };
    expect(sessionSettingsSql(config, postgres)).toEqual([
      "SET lock_timeout = '5s'",
      "SET statement_timeout = '30000'",
    ]);
    expect(sessionSettingsSql({ postgres: { lockTimeout: '1min' } }, postgres)).toEqual([
      "SET lock_timeout = '1min'",
    ]);
    expect(sessionSettingsSql({}, postgres)).toEqual([]);
    expect(sessionSettingsSql(config, await loadDialect('sqlite'))).toEqual([]);
    expect(sessionSettingsSql(config, await loadDialect('mysql'))).toEqual([]);
    expect(() =>
      sessionSettingsSql({ postgres: { lockTimeout: "5s'; DROP TABLE x; --" } }, postgres),
    ).toThrow(/postgres\.lockTimeout must be a duration such as '5s'/);
  });
});

describe('session settings in an offline script (upgrade --sql)', () => {
  test('PostgreSQL: SET lock_timeout and statement_timeout at the top, before any migration', async () => {
    const project = verifyProject('postgres://app@db.invalid/app', [showSettings, alterSeen]);
    writeFileSync(
      join(project.dir, 'athanor.config.json'),
      JSON.stringify({
        url: 'postgres://app@db.invalid/app',
        postgres: { lockTimeout: '5s', statementTimeout: '30s' },
      }),
    );
    const config = await loadConfig({ cwd: project.dir, env: {} });
    // The first migration reads with op.query, which a script cannot: start the range after it.
    const { sql } = await upgrade({ config, target: 'e5e5e5e5e5e5:head', sql: true });
    const script = sql ?? '';
    expect(script.indexOf("SET lock_timeout = '5s';")).toBeGreaterThanOrEqual(0);
    expect(script).toMatch(
      /^-- Session settings from the config\n\nSET lock_timeout = '5s';\nSET statement_timeout = '30s';\n/,
    );
    expect(script.indexOf("SET statement_timeout = '30s';")).toBeLessThan(script.indexOf('BEGIN;'));
    expect(script).toMatch(/ALTER TABLE "seen" ADD COLUMN "extra" /);
  });

  test('nothing configured, or another dialect: no SET lines', async () => {
    const plain = verifyProject('postgres://app@db.invalid/app', [showSettings, alterSeen]);
    const config = await loadConfig({ cwd: plain.dir, env: {} });
    const { sql } = await upgrade({ config, target: 'e5e5e5e5e5e5:head', sql: true });
    expect(sql).toMatch(/ADD COLUMN "extra"/);
    expect(sql).not.toMatch(/^SET /m);
    const sqlite = verifyProject('sqlite:./app.db', [showSettings, alterSeen]);
    writeFileSync(
      join(sqlite.dir, 'athanor.config.json'),
      JSON.stringify({ url: 'sqlite:./app.db', postgres: { lockTimeout: '5s' } }),
    );
    const onSqlite = await upgrade({
      config: await loadConfig({ cwd: sqlite.dir, env: {} }),
      target: 'e5e5e5e5e5e5:head',
      sql: true,
    });
    expect(onSqlite.sql).not.toContain('lock_timeout');
  });
});

const engines = [
  { name: 'PGlite', available: true, create: createPgliteDatabase },
  {
    name: 'the PostgreSQL server',
    available: await serverAvailable('postgresql'),
    create: createPostgresDatabase,
  },
] as const;

describe.each(engines)('session settings on $name', ({ name, available, create }) => {
  test.skipIf(!available)(
    'a migration sees lock_timeout and statement_timeout from the config',
    async () => {
      const db = await create();
      databases.push(db);
      const { config } = await settingsProject(db, [showSettings], {
        lockTimeout: '5s',
        statementTimeout: '30s',
      });
      await upgrade({ config });
      expect(await seen(db.url)).toEqual({ lock_timeout: '5s', statement_timeout: '30s' });
    },
    120_000,
  );

  test.skipIf(!available || name === 'PGlite')(
    'a migration waiting for a lock fails after lockTimeout instead of queueing',
    async () => {
      const db = await create();
      databases.push(db);
      const { config } = await settingsProject(db, [showSettings, alterSeen], {
        lockTimeout: '300ms',
      });
      await upgrade({ config, target: 'e5e5e5e5e5e5' });
      const holder = await connect(parseUrl(db.url));
      try {
        await holder.execute('BEGIN');
        await holder.execute('LOCK TABLE seen IN ACCESS SHARE MODE');
        const started = Date.now();
        await expect(upgrade({ config })).rejects.toThrow(/lock timeout/);
        expect(Date.now() - started).toBeLessThan(10_000);
      } finally {
        await holder.execute('ROLLBACK');
        await holder.close();
      }
    },
    120_000,
  );
});
