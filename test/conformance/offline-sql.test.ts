/**
 * Offline mode (`--sql`): the script `upgrade --sql` writes, fed to the database's own tool
 * (psql for the PostgreSQL server, better-sqlite3's exec for SQLite, the mysql client for
 * MariaDB, PGlite's exec), must build the same schema and version rows as the online run; the
 * `downgrade head:base --sql` script must take it back to nothing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { downgrade } from '../../src/commands/downgrade.js';
import { upgrade } from '../../src/commands/upgrade.js';
import { parseUrl } from '../../src/config/url.js';
import { connect } from '../../src/drivers/registry.js';
import { AthanorError } from '../../src/errors.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { targets, type Target, type TestDatabase } from '../helpers/databases.js';
import { createRunProject, type MigrationSpec, type RunProject } from '../runtime/run-fixture.js';

const all = await targets();

const specs: MigrationSpec[] = [
  {
    file: '001_create_users.ts',
    id: '1f3a9c0d2b7e',
    message: 'create users',
    upgrade: [
      "await op.createTable('users', {",
      '  id: t.integer().primaryKey(),',
      '  email: t.string(255).notNull().unique(),',
      "  status: t.string(20).notNull().default('active'),",
      '});',
      "await op.createIndex('ix_users_status', 'users', ['status']);",
    ].join('\n'),
    downgrade:
      "await op.dropIndex('ix_users_status', { table: 'users' });\n    await op.dropTable('users');",
  },
  {
    file: '002_add_posts.ts',
    id: '9c0d2b7e1f3a',
    down: '1f3a9c0d2b7e',
    message: "add posts, and o'brien",
    upgrade: [
      "await op.addColumn('users', 'phone', t.string(20));",
      "await op.createTable('posts', { id: t.integer().primaryKey(), user_id: t.integer().notNull().references('users.id'), title: t.text() });",
      "await op.bulkInsert('users', [{ id: 1, email: \"o'brien@example.com\" }, { id: 2, email: 'b@example.com' }]);",
      "await op.execute(sql`UPDATE users SET phone = ${'n/a'} WHERE phone IS NULL AND id > ${0}`);",
      "await op.createEnum('mood', ['happy', 'sad'], { dialects: ['postgresql'] });",
    ].join('\n'),
    downgrade: [
      "await op.dropEnum('mood', { dialects: ['postgresql'] });",
      "await op.dropTable('posts');",
      'await op.execute(sql`DELETE FROM users WHERE id IN (${1}, ${2})`);',
      "await op.dropColumn('users', 'phone');",
    ].join('\n'),
  },
];

/** Feeds a script to the engine the way its users would. */
function runScript(target: Target, db: TestDatabase, script: string): Promise<void> | void {
  const file = join(db.dir, `script-${Date.now()}.sql`);
  writeFileSync(file, script);
  const url = parseUrl(db.url);
  switch (target.name) {
    case 'postgresql':
      execFileSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', '-X', '-f', file, db.url], {
        stdio: 'pipe',
      });
      return;
    case 'mysql': {
      if (!('host' in url)) throw new Error('mysql url');
      const args = [
        '-h',
        url.host,
        '-P',
        String(url.port),
        '-u',
        url.user ?? 'root',
        ...(url.password ? [`-p${url.password}`] : []),
        url.database ?? '',
      ];
      execFileSync('mysql', args, { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
      return;
    }
    case 'sqlite':
    case 'pglite':
      // better-sqlite3's exec / PGlite's exec run a whole script (the drivers route a
      // parameterless multi-statement string there).
      return connect(url).then(async (conn) => {
        try {
          await conn.execute(script);
        } finally {
          await conn.close();
        }
      });
  }
}

async function schemaOf(p: RunProject): Promise<SchemaModel> {
  return p.withConnection(async (conn) =>
    p.dialect.normalize(
      await p.dialect.reflect(conn, { excludeTables: ['athanor_version', 'athanor_version_log'] }),
    ),
  );
}

describe.each(all)('offline SQL on $name', (target) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((c) => c()));
  });

  test.skipIf(!target.available)(
    'the upgrade script builds what the online run builds; the downgrade script removes it',
    async () => {
      const online = await createRunProject(target, specs);
      const offlineDb = await target.createDatabase();
      const offline = await createRunProject(target, specs, offlineDb);
      cleanups.push(
        () => online.cleanup(),
        () => offline.cleanup(),
      );

      await upgrade({ config: await online.config() });
      const config = await offline.config();
      const up = await upgrade({ config, target: 'head', sql: true });
      const script = up.sql ?? '';
      expect(script).toContain(
        '-- Running upgrade  -> 1f3a9c0d2b7e (001_create_users), create users',
      );
      expect(script).toContain(
        "-- Running upgrade 1f3a9c0d2b7e (001_create_users) -> 9c0d2b7e1f3a (002_add_posts), add posts, and o'brien",
      );
      expect(script).toMatch(
        /INSERT INTO .athanor_version. \(version_num\) VALUES \('1f3a9c0d2b7e'\);/,
      );
      expect(script).toMatch(
        /UPDATE .athanor_version. SET version_num = '9c0d2b7e1f3a' WHERE version_num = '1f3a9c0d2b7e';/,
      );
      expect(script).toContain("o''brien@example.com");
      const transactional = offline.dialect.capabilities.transactionalDdl;
      expect((script.match(/^COMMIT;$/gm) ?? []).length).toBe(transactional ? 2 : 0);
      expect(await offline.versionRows()).toBeUndefined(); // --sql never connects

      await runScript(target, offlineDb, script);
      expect(await schemaOf(offline)).toEqual(await schemaOf(online));
      expect(await offline.versionRows()).toEqual(['9c0d2b7e1f3a']);
      const emails = await offline.query<{ email: string; phone: string }>(
        'SELECT email, phone FROM users ORDER BY id',
      );
      expect(emails.map((r) => [r.email, r.phone])).toEqual([
        ["o'brien@example.com", 'n/a'],
        ['b@example.com', 'n/a'],
      ]);

      const down = await downgrade({ config, target: 'head:base', sql: true });
      expect(down.sql).toContain(
        '-- Running downgrade 9c0d2b7e1f3a (002_add_posts) -> 1f3a9c0d2b7e (001_create_users)',
      );
      expect(down.sql).not.toContain('CREATE TABLE IF NOT EXISTS');
      await runScript(target, offlineDb, down.sql ?? '');
      expect((await schemaOf(offline)).tables).toEqual([]);
      expect(await offline.versionRows()).toEqual([]);
    },
    300_000,
  );

  test.skipIf(!target.available)(
    'offline refuses what a script cannot do',
    async () => {
      const p = await createRunProject(target, [
        ...specs,
        {
          file: '003_reads.ts',
          id: 'aaaabbbbcccc',
          down: '9c0d2b7e1f3a',
          upgrade: "await op.query('SELECT 1');",
        },
      ]);
      cleanups.push(() => p.cleanup());
      const config = await p.config();
      const reads = await upgrade({ config, sql: true }).catch((e: unknown) => e);
      expect(reads).toBeInstanceOf(AthanorError);
      expect((reads as AthanorError).message).toContain('offline');
      const needsRange = await downgrade({ config, target: 'base', sql: true }).catch(
        (e: unknown) => e,
      );
      expect((needsRange as AthanorError).code).toBe('E_USAGE');
      const fromMiddle = await upgrade({ config, target: '1f3a9c0d2b7e:9c0d2b7e1f3a', sql: true });
      expect(fromMiddle.sql).not.toContain('CREATE TABLE IF NOT EXISTS "athanor_version"');
      expect(fromMiddle.steps.map((s) => s.revision)).toEqual(['9c0d2b7e1f3a']);
    },
    300_000,
  );
});
