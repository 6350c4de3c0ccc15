/**
 * The run keeps SQLite's rollback journal between its commits (PERSIST) and removes it at the
 * end: migrations see `persist` while they run, no `-journal` file stays next to the database,
 * and a database the user put in WAL mode stays in WAL mode.
 */
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { sqliteTarget } from '../../helpers/databases.js';
import { captureIo, createRunProject, type RunProject } from '../../runtime/run-fixture.js';

/** A migration that records the journal mode its connection has while it runs. */
const recordMode = (file: string, id: string, down: string | null) => ({
  file,
  id,
  down,
  upgrade: [
    "await op.execute('CREATE TABLE IF NOT EXISTS seen (id TEXT, mode TEXT)');",
    "const [row] = await op.query('PRAGMA journal_mode');",
    `await op.bulkInsert('seen', [{ id: '${id}', mode: String(row.journal_mode) }]);`,
  ].join('\n'),
  downgrade: `await op.execute("DELETE FROM seen WHERE id = '${id}'");`,
});

describe('sqlite journal during a run', () => {
  let project: RunProject;
  afterEach(async () => project.cleanup());

  const upgrade = async (...extra: string[]) => {
    const io = captureIo(project.dir);
    const code = await main(['upgrade', 'head', ...extra], io);
    expect(code, io.err).toBe(0);
  };
  const file = () => project.url.slice('sqlite:'.length);

  test('persists the journal while migrating and deletes it afterwards', async () => {
    project = await createRunProject(sqliteTarget, [
      recordMode('001_a.ts', 'aaaa00000001', null),
      recordMode('002_b.ts', 'bbbb00000002', 'aaaa00000001'),
    ]);
    await project.config();
    await upgrade();

    const seen = await project.query<{ id: string; mode: string }>(
      'SELECT id, mode FROM seen ORDER BY id',
    );
    expect(seen).toEqual([
      { id: 'aaaa00000001', mode: 'persist' },
      { id: 'bbbb00000002', mode: 'persist' },
    ]);
    expect(existsSync(`${file()}-journal`), 'the run left its journal behind').toBe(false);
    const [mode] = await project.query<{ journal_mode: string }>('PRAGMA journal_mode');
    expect(mode?.journal_mode).toBe('delete');
    expect(await project.versionRows()).toEqual(['bbbb00000002']);
  });

  test('deletes the journal after a failed step too', async () => {
    project = await createRunProject(sqliteTarget, [
      recordMode('001_a.ts', 'aaaa00000001', null),
      {
        file: '002_bad.ts',
        id: 'bbbb00000002',
        down: 'aaaa00000001',
        upgrade: "await op.execute('SELECT * FROM missing_table');",
      },
    ]);
    await project.config();
    const io = captureIo(project.dir);
    expect(await main(['upgrade', 'head'], io)).toBe(1);
    expect(io.err).toContain('missing_table');
    expect(existsSync(`${file()}-journal`), 'the failed run left its journal behind').toBe(false);
    expect(await project.versionRows()).toEqual(['aaaa00000001']);
  });

  test('leaves a WAL database in WAL mode', async () => {
    project = await createRunProject(sqliteTarget, [recordMode('001_a.ts', 'aaaa00000001', null)]);
    await project.config();
    const [set] = await project.query<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    expect(set?.journal_mode).toBe('wal');
    await upgrade();

    const seen = await project.query<{ mode: string }>('SELECT mode FROM seen');
    expect(seen).toEqual([{ mode: 'wal' }]);
    const [mode] = await project.query<{ journal_mode: string }>('PRAGMA journal_mode');
    expect(mode?.journal_mode).toBe('wal');
  });
});
