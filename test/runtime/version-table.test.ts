import { describe, expect, test } from 'vitest';
import { loadDialect } from '../../src/dialects/registry.js';
import { renderSql } from '../../src/operations/sql-tag.js';
import {
  createLogTable,
  logTableModel,
  logTableOf,
  logTimestamp,
} from '../../src/runtime/log-table.js';
import {
  createVersionTable,
  versionDeltaStatements,
  versionTableModel,
} from '../../src/runtime/version-table.js';

const postgres = await loadDialect('postgresql');
const render = (delta: { delete: string[]; insert: string[] }, schema?: string) =>
  versionDeltaStatements({ name: 'athanor_version', ...(schema ? { schema } : {}) }, delta).map(
    (s) => renderSql(s, postgres, { inline: true }).sql,
  );

describe('version rows', () => {
  test('one row replaced by another is an UPDATE; extra rows are DELETEs and INSERTs', () => {
    expect(render({ delete: [], insert: ['a1'] })).toEqual([
      `INSERT INTO "athanor_version" (version_num) VALUES ('a1')`,
    ]);
    expect(render({ delete: ['a1'], insert: ['b2'] })).toEqual([
      `UPDATE "athanor_version" SET version_num = 'b2' WHERE version_num = 'a1'`,
    ]);
    expect(render({ delete: ['d4', 'e5'], insert: ['c3'] })).toEqual([
      `UPDATE "athanor_version" SET version_num = 'c3' WHERE version_num = 'd4'`,
      `DELETE FROM "athanor_version" WHERE version_num = 'e5'`,
    ]);
    expect(render({ delete: ['c3'], insert: ['d4', 'e5'] })).toEqual([
      `UPDATE "athanor_version" SET version_num = 'd4' WHERE version_num = 'c3'`,
      `INSERT INTO "athanor_version" (version_num) VALUES ('e5')`,
    ]);
    expect(render({ delete: ['a1'], insert: [] }, 'app')).toEqual([
      `DELETE FROM "app"."athanor_version" WHERE version_num = 'a1'`,
    ]);
  });

  test("a row both deleted and inserted doesn't move", () => {
    expect(render({ delete: ['a1', 'b2'], insert: ['a1', 'c3'] })).toEqual([
      `UPDATE "athanor_version" SET version_num = 'c3' WHERE version_num = 'b2'`,
    ]);
  });

  test("the version table has Alembic's shape, the log table its own", () => {
    expect(versionTableModel({ name: 'athanor_version' })).toMatchObject({
      columns: [{ name: 'version_num', type: { kind: 'string', length: 32 }, nullable: false }],
      primaryKey: { name: 'athanor_version_pkc', columns: ['version_num'] },
    });
    expect(createVersionTable({ name: 'v', schema: 's' })).toMatchObject({
      kind: 'createTable',
      ifNotExists: true,
      schema: 's',
    });
    expect(logTableOf({ name: 'v' }).name).toBe('v_log');
    expect(logTableModel({ name: 'v_log' }).columns.map((c) => c.name)).toEqual([
      'id',
      'run_id',
      'step',
      'revision',
      'file',
      'direction',
      'status',
      'started_at',
      'finished_at',
      'duration_ms',
      'checksum',
      'host',
      'os_user',
      'athanor_version',
      'operations_done',
      'failed_operation',
      'error',
      'backup',
    ]);
    expect(createLogTable({ name: 'v_log' }).table.primaryKey?.columns).toEqual(['id']);
    expect(logTimestamp(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02 03:04:05.678');
  });

  test('each dialect compiles both tables', async () => {
    for (const name of ['sqlite', 'postgresql', 'mysql'] as const) {
      const dialect = await loadDialect(name);
      expect(
        dialect.compile(createVersionTable({ name: 'athanor_version' }), { offline: true })[0]?.sql,
      ).toMatch(/version_num/);
      expect(
        dialect.compile(createLogTable({ name: 'athanor_version_log' }), { offline: true })[0]?.sql,
      ).toMatch(/operations_done/);
    }
  });
});
