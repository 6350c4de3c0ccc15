/**
 * `athanor lint`, without any database: each rule fires on its operation in
 * test/fixtures/lint/unsafe (with the line of the `op.*` call), and nothing fires on the safe
 * version of each in test/fixtures/lint/safe (safer calls, a disable comment, `lint.disable`).
 * Exit statuses via `node bin/athanor.js`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/config-load.js';
import { createContext } from '../../src/commands/context.js';
import { lint, type LintOptions } from '../../src/commands/lint.js';
import { lineSuppressions } from '../../src/lint/lint-suppress.js';
import { lintRules, notNullColumnOf } from '../../src/lint/lint-rules.js';
import { binPath, ensureBuilt } from '../cli/cli-build.js';
import { tempDir } from '../helpers/databases.js';

const fixtures = fileURLToPath(new URL('../fixtures/lint/', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of a fixture project (the header cache is written next to the migrations). */
function fixture(name: 'safe' | 'unsafe'): string {
  const dir = tempDir('athanor-lint-');
  dirs.push(dir);
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

/** A project with one migration whose upgrade body is `body`. */
function oneMigration(body: string, extra = ''): string {
  const dir = tempDir('athanor-lint-');
  dirs.push(dir);
  mkdirSync(join(dir, 'migrations', 'versions'), { recursive: true });
  writeFileSync(
    join(dir, 'athanor.config.json'),
    JSON.stringify({ url: 'postgres://app@db.invalid/app' }),
  );
  writeFileSync(
    join(dir, 'migrations', 'versions', '001_only.ts'),
    [
      "import { defineMigration, t, sql } from 'athanor';",
      'export default defineMigration({',
      "  revision: '0a0a0a0a0a0a', downRevision: null, message: 'only',",
      extra,
      '  async upgrade(op) {',
      '    void t; void sql;',
      body,
      '  },',
      '});',
      '',
    ].join('\n'),
  );
  return dir;
}

async function run(dir: string, options: LintOptions = {}) {
  return lint(createContext(await loadConfig({ cwd: dir, env: {} })), options);
}

describe('lint rules on the fixture migrations', () => {
  test('each rule fires on its operation, with its line, severity and dialects', async () => {
    const report = await run(fixture('unsafe'));
    expect(report.dialects).toEqual(['postgresql', 'mysql']);
    expect(report.migrations.map((m) => [m.stem, m.findings.length])).toEqual([
      ['001_create_tables', 0],
      ['002_dangerous_changes', 9],
      ['003_widen_name', 1],
    ]);
    const found = report.migrations[1]!.findings.map((f) => [
      f.line,
      f.rule,
      f.severity,
      f.dialects.join('+'),
      f.subject,
    ]);
    expect(found).toEqual([
      [9, 'add-column-not-null-without-default', 'error', 'postgresql+mysql', 'column users.age'],
      [
        10,
        'create-index-not-concurrently',
        'warning',
        'postgresql',
        'index ix_users_name on users',
      ],
      [
        11,
        'change-column-type',
        'error',
        'postgresql+mysql',
        'column users.status (unknown type -> integer)',
      ],
      [12, 'drop-column', 'error', 'postgresql+mysql', 'column users.legacy'],
      [13, 'drop-table', 'error', 'postgresql+mysql', 'table old_things'],
      [14, 'rename-column', 'error', 'postgresql+mysql', 'column users.name -> full_name'],
      [
        15,
        'add-foreign-key-not-valid',
        'warning',
        'postgresql',
        'foreign key fk_orders_user_id_users2 on orders',
      ],
      [16, 'rename-table', 'error', 'postgresql+mysql', 'table orders -> purchases'],
      [17, 'set-not-null', 'warning', 'postgresql', 'column users.email'],
    ]);
    expect(new Set(found.map((f) => f[1]))).toEqual(new Set(lintRules.map((r) => r.id)));
    expect(report.migrations[2]!.findings.map((f) => [f.rule, f.dialects])).toEqual([
      ['change-column-type', ['mysql']],
    ]);
    const first = report.migrations[1]!.findings[0]!;
    expect(first.why).toMatch(/column contains null values/);
    expect(first.safer).toMatch(/give it a default/);
    expect(first.operation).toBe('+ column users.age (integer)');
    expect(report).toMatchObject({ ok: false, errors: 7, warnings: 3 });
  });

  test('silent on the safe version of each (two acknowledged by comment and lint.disable)', async () => {
    const report = await run(fixture('safe'));
    expect(report.migrations.map((m) => [m.stem, m.findings, m.incomplete])).toEqual([
      ['001_create_tables', [], undefined],
      ['002_safe_changes', [], undefined],
      ['003_validate_and_set_not_null', [], undefined],
    ]);
    expect(report.migrations[1]!.suppressed).toBe(2);
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  test('a NOT VALID check that was never validated does not make SET NOT NULL safe', async () => {
    const dir = oneMigration(
      "    await op.createCheckConstraint('ck', 'users', 'email IS NOT NULL', { notValid: true });\n" +
        "    await op.alterColumn('users', 'email', { nullable: false });",
    );
    const report = await run(dir);
    expect(report.migrations[0]!.findings.map((f) => f.rule)).toEqual(['set-not-null']);
  });

  test('REV-RANGE and --dialect choose what is reported and for which database', async () => {
    const dir = fixture('unsafe');
    const only = await run(dir, { range: '3c3c' });
    expect(only.migrations.map((m) => m.stem)).toEqual(['003_widen_name']);
    const from = await run(dir, { range: '2b2b2b2b2b2b:' });
    expect(from.migrations.map((m) => m.stem)).toEqual(['002_dangerous_changes', '003_widen_name']);
    const pgOnly = await run(dir, { dialects: ['postgresql'] });
    expect(pgOnly.migrations[2]!.findings).toEqual([]);
    const mysqlOnly = await run(dir, { dialects: ['mysql'] });
    expect(mysqlOnly.migrations[1]!.findings.map((f) => f.rule)).not.toContain(
      'create-index-not-concurrently',
    );
  });

  test('the configured database decides the default dialects', async () => {
    const report = await run(oneMigration("    await op.createIndex('ix', 'users', ['email']);"));
    expect(report.dialects).toEqual(['postgresql']);
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 1 });
  });

  test('a migration that requires an extension is linted only where it can run', async () => {
    const body = "    await op.dropColumn('users', 'legacy');";
    const extra = "  requires: { extensions: ['vector'] },";
    const both = { dialects: ['postgresql', 'mysql'] } as const;
    const guarded = (await run(oneMigration(body, extra), both)).migrations[0]!;
    expect(guarded.findings.map((f) => [f.rule, f.dialects])).toEqual([
      ['drop-column', ['postgresql']],
    ]);
    const plain = (await run(oneMigration(body), both)).migrations[0]!;
    expect(plain.findings.map((f) => [f.rule, f.dialects])).toEqual([
      ['drop-column', ['postgresql', 'mysql']],
    ]);
  });

  test('op.query stops the reading clearly; what came before is still checked', async () => {
    const dir = oneMigration(
      "    await op.dropColumn('users', 'a');\n" +
        '    const rows = await op.query(sql`SELECT id FROM users`);\n' +
        '    for (const r of rows) await op.execute(sql`UPDATE users SET b = ${r.id}`);\n' +
        "    await op.dropColumn('users', 'c');",
    );
    const m = (await run(dir)).migrations[0]!;
    expect(m.findings.map((f) => [f.rule, f.line])).toEqual([['drop-column', 7]]);
    expect(m.incomplete).toEqual({
      reason: expect.stringMatching(/^op\.query\(\) needs a database, so lint stopped there/),
      line: 8,
    });
  });

  test('suppressions: ids, several ids, none (all rules), on the next line only', () => {
    const map = lineSuppressions(
      [
        '// athanor-lint-disable-next-line drop-column',
        'x',
        '  // athanor-lint-disable-next-line drop-table, rename-table -- moved to archive',
        'y',
        '// athanor-lint-disable-next-line',
      ].join('\r\n'),
    );
    expect([...map]).toEqual([
      [2, ['drop-column']],
      [4, ['drop-table', 'rename-table']],
      [6, []],
    ]);
    expect(notNullColumnOf('("email" IS NOT NULL)')).toBe('email');
    expect(notNullColumnOf('email IS NOT NULL AND x > 0')).toBeUndefined();
  });
});

describe('node bin/athanor.js lint', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  const athanor = (cwd: string, ...args: string[]) => {
    const result = spawnSync(process.execPath, [binPath, ...args], {
      cwd,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  test('exit 1 on errors, 0 on the safe project and on warnings alone, --json', () => {
    const unsafe = athanor(fixture('unsafe'), 'lint');
    expect(unsafe.status).toBe(1);
    expect(unsafe.stdout).toContain(
      '002_dangerous_changes [2b2b2b2b2b2b]  migrations/versions/002_dangerous_changes.ts\n',
    );
    expect(unsafe.stdout).toContain(
      '  9:    error    add-column-not-null-without-default  column users.age  (postgresql, mysql)\n',
    );
    expect(unsafe.stdout).toContain(
      '  10:   warning  create-index-not-concurrently  index ix_users_name on users  (postgresql)\n',
    );
    expect(unsafe.stdout).toMatch(
      /7 errors, 3 warnings in 3 migrations for postgresql and mysql\.\n$/,
    );
    const safe = athanor(fixture('safe'), 'lint');
    expect(safe).toMatchObject({ status: 0 });
    expect(safe.stdout).toBe(
      'No dangerous operations in 3 migrations for postgresql and mysql, 2 turned off by comments or lint.disable.\n',
    );
    const warnings = athanor(fixture('unsafe'), 'lint', '--dialect', 'postgresql', '2b2b:2b2b');
    expect(warnings.status).toBe(1);
    const onlyWarnings = athanor(
      oneMigration("    await op.createIndex('ix', 'users', ['email']);"),
      'lint',
    );
    expect(onlyWarnings.status).toBe(0);
    expect(onlyWarnings.stdout).toContain('0 errors, 1 warning in 1 migration for postgresql.');
    const json = JSON.parse(athanor(fixture('unsafe'), 'lint', '--json').stdout);
    expect(json).toMatchObject({
      ok: false,
      command: 'lint',
      errors: 7,
      warnings: 3,
      error: { code: 'E_CHECK_FAILED' },
    });
    expect(json.migrations[1].findings[0]).toMatchObject({
      rule: 'add-column-not-null-without-default',
      line: 9,
    });
    expect(athanor(fixture('unsafe'), 'lint', '--dialect', 'sqlite').status).toBe(2);
  }, 60_000);
});
