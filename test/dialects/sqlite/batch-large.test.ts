/**
 * Issue 4's must-show: a SQLite copy-and-move on a 100,000-row table, through the real runner
 * (migration files, `upgrade`), keeps every row of the table, of its parent and of a child table
 * that references it with ON DELETE CASCADE; the index and both foreign keys come back; foreign
 * keys were off during the move (the child rows are all there: DROP TABLE of the old table did
 * not cascade) and on again afterwards (deleting a row cascades, on the runner's own connection
 * and on a fresh one).
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, test } from 'vitest';
import { upgrade } from '../../../src/commands/upgrade.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { sqliteTarget, type Target } from '../../helpers/databases.js';
import {
  createRunProject,
  type MigrationSpec,
  type RunProject,
} from '../../runtime/run-fixture.js';

const sqlite: Target = sqliteTarget;

const ROWS = 100_000;
const PARENTS = 1_000;
const NOTES = 50_000;
const SETUP = 'a0a0a0a0a0a1';
const ALTER = 'a0a0a0a0a0a2';
const PROBE = 'a0a0a0a0a0a3';

/** parents <- items (indexed, FK) <- item_notes (FK ON DELETE CASCADE), filled in SQL. */
const setup: MigrationSpec = {
  file: '001_setup.ts',
  id: SETUP,
  down: null,
  upgrade: `
    await op.createTable('parents', { id: t.integer().primaryKey(), label: t.string(40).notNull() });
    await op.createTable('items', {
      id: t.integer().primaryKey(),
      parent_id: t.integer().notNull().references('parents.id', { name: 'fk_items_parent' }),
      name: t.string(50),
      price: t.numeric(10, 2),
    });
    await op.createIndex('ix_items_parent_name', 'items', ['parent_id', 'name']);
    await op.createTable('item_notes', {
      id: t.integer().primaryKey(),
      item_id: t.integer().notNull().references('items.id', { name: 'fk_notes_item', onDelete: 'cascade' }),
      body: t.text(),
    });
    await op.execute("INSERT INTO parents (id, label) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${PARENTS}) SELECT n, 'parent ' || n FROM s");
    await op.execute("INSERT INTO items (id, parent_id, name, price) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${ROWS}) SELECT n, 1 + n % ${PARENTS}, 'item ' || n, (n % 997) * 0.25 FROM s");
    await op.execute("INSERT INTO item_notes (id, item_id, body) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${NOTES}) SELECT n, 2 * n, 'note on ' || (2 * n) FROM s");
  `,
};

/** The batch alter: a type change and SET NOT NULL, which SQLite can only do by copy-and-move. */
const alter: MigrationSpec = {
  file: '002_widen_name.ts',
  id: ALTER,
  down: SETUP,
  upgrade: `await op.alterColumn('items', 'name', { type: t.string(200), nullable: false });`,
};

/**
 * Runs on the runner's own connection after the batch step: records whether foreign keys are
 * enforced there, then deletes one item (which must cascade to its note).
 */
const probe: MigrationSpec = {
  file: '003_probe.ts',
  id: PROBE,
  down: ALTER,
  upgrade: `
    await op.execute('CREATE TABLE probe AS SELECT foreign_keys AS fk FROM pragma_foreign_keys');
    await op.execute('DELETE FROM items WHERE id = 2');
  `,
};

interface Snapshot {
  readonly counts: Record<string, number>;
  readonly checksums: Record<string, string>;
}

/** Row counts and a SHA-256 over every row (ordered by id) of the three tables. */
async function snapshot(conn: Connection): Promise<Snapshot> {
  const queries: Record<string, string> = {
    parents: 'SELECT id, label FROM parents ORDER BY id',
    items: 'SELECT id, parent_id, name, price FROM items ORDER BY id',
    item_notes: 'SELECT id, item_id, body FROM item_notes ORDER BY id',
  };
  const counts: Record<string, number> = {};
  const checksums: Record<string, string> = {};
  for (const [table, text] of Object.entries(queries)) {
    const rows = await conn.query<Record<string, unknown>>(text);
    const hash = createHash('sha256');
    for (const row of rows) hash.update(JSON.stringify(Object.values(row)) + '\n');
    counts[table] = rows.length;
    checksums[table] = hash.digest('hex');
  }
  return { counts, checksums };
}

describe('SQLite batch alter on a 100,000-row table, through the runner', () => {
  let project: RunProject | undefined;
  afterEach(async () => {
    await project?.cleanup();
    project = undefined;
  });

  test('rows, index, both foreign keys and foreign-key enforcement survive', async () => {
    project = await createRunProject(sqlite, [setup, alter, probe]);
    const p = project;
    const config = await p.config();
    await upgrade({ config, target: SETUP });
    const before = await p.withConnection(snapshot);
    expect(before.counts).toEqual({ parents: PARENTS, items: ROWS, item_notes: NOTES });

    const t0 = performance.now();
    const result = await upgrade({ config, target: ALTER });
    const batchMs = performance.now() - t0;
    console.log(`batch alter of ${ROWS} rows through the runner: ${batchMs.toFixed(0)} ms`);
    expect(result.steps.map((s) => s.revision)).toEqual([ALTER]);

    await p.withConnection(async (conn) => {
      // The alter happened: the column is wider and NOT NULL.
      const columns = await conn.query<{ name: string; type: string; notnull: number }>(
        'SELECT name, type, "notnull" FROM pragma_table_info(\'items\') ORDER BY cid',
      );
      expect(columns.find((c) => c.name === 'name')).toMatchObject({
        type: 'VARCHAR(200)',
        notnull: 1,
      });
      // Every row of the three tables, unchanged; no temporary table left behind.
      expect(await snapshot(conn)).toEqual(before);
      const tables = await conn.query<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '\\_athanor%' ESCAPE '\\'",
      );
      expect(tables).toEqual([]);
      // The index, rebuilt on the new table.
      const indexes = await conn.query<{ name: string }>(
        "SELECT name FROM pragma_index_list('items') WHERE origin = 'c'",
      );
      expect(indexes.map((i) => i.name)).toEqual(['ix_items_parent_name']);
      const indexColumns = await conn.query<{ name: string }>(
        "SELECT name FROM pragma_index_info('ix_items_parent_name') ORDER BY seqno",
      );
      expect(indexColumns.map((c) => c.name)).toEqual(['parent_id', 'name']);
      // Both foreign keys, from the catalog and through the reflector.
      const fk = (table: string) =>
        conn.query<Record<string, unknown>>(
          `SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list('${table}')`,
        );
      expect(await fk('items')).toEqual([
        { table: 'parents', from: 'parent_id', to: 'id', on_delete: 'NO ACTION' },
      ]);
      expect(await fk('item_notes')).toEqual([
        { table: 'items', from: 'item_id', to: 'id', on_delete: 'CASCADE' },
      ]);
      const model = await p.dialect.reflect(conn, { onlyTables: ['items', 'item_notes'] });
      const byName = new Map(model.tables.map((t) => [t.name, t]));
      expect(byName.get('items')?.foreignKeys).toMatchObject([
        { columns: ['parent_id'], refTable: 'parents', refColumns: ['id'] },
      ]);
      expect(byName.get('item_notes')?.foreignKeys).toMatchObject([
        { columns: ['item_id'], refTable: 'items', refColumns: ['id'], onDelete: 'cascade' },
      ]);
      expect(byName.get('items')?.indexes.map((i) => i.name)).toEqual(['ix_items_parent_name']);
      expect(await conn.query('PRAGMA foreign_key_check')).toEqual([]);
    });

    // The runner's own connection enforces foreign keys again after the batch step: the next
    // migration sees foreign_keys = 1, and its DELETE cascades to the item's note.
    await upgrade({ config, target: PROBE });
    await p.withConnection(async (conn) => {
      expect(await conn.query('SELECT fk FROM probe')).toEqual([{ fk: 1 }]);
      expect(await conn.query('SELECT id FROM item_notes WHERE item_id = 2')).toEqual([]);
      expect(await conn.query('SELECT count(*) AS n FROM item_notes')).toEqual([{ n: NOTES - 1 }]);
      // And on a fresh connection: deleting a parent's items cascades into their notes;
      // deleting a parent that items still reference is refused.
      await conn.execute('DELETE FROM items WHERE id = 4');
      expect(await conn.query('SELECT count(*) AS n FROM item_notes')).toEqual([{ n: NOTES - 2 }]);
      await expect(conn.execute('DELETE FROM parents WHERE id = 5')).rejects.toThrow(
        /FOREIGN KEY/i,
      );
    });
    expect(batchMs).toBeLessThan(15_000);
  }, 120_000);
});
