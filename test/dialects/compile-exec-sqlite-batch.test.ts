/**
 * SQLite copy-and-move on a real database, driven as the runner will drive it: foreign keys off
 * outside the transaction, the rebuild inside it, foreign_key_check before COMMIT, triggers read
 * before and re-created after. Everything is checked through PRAGMAs and rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteCompiler } from '../../src/dialects/sqlite/sqlite-compiler.js';
import { planSqliteBatch, sqliteBatchPragmas } from '../../src/dialects/sqlite/sqlite-batch.js';
import type { Operation } from '../../src/operations/operation.js';
import type { TableModel } from '../../src/schema/model.js';
import { openSqlite } from './compile-helpers.js';

type Sqlite = Awaited<ReturnType<typeof openSqlite>>;

const parents: TableModel = {
  name: 'parents',
  columns: [{ name: 'id', type: { kind: 'integer' }, nullable: false }],
  primaryKey: { name: 'pk_parents', columns: ['id'] },
  indexes: [],
  uniques: [],
  foreignKeys: [],
  checks: [],
};

const items: TableModel = {
  name: 'items',
  columns: [
    { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
    { name: 'parent_id', type: { kind: 'integer' }, nullable: true },
    { name: 'qty', type: { kind: 'string', length: 10 }, nullable: true },
  ],
  primaryKey: { name: 'pk_items', columns: ['id'] },
  indexes: [{ name: 'ix_items_qty', table: 'items', parts: [{ column: 'qty' }], unique: false }],
  uniques: [],
  foreignKeys: [
    {
      name: 'fk_items_parent_id_parents',
      columns: ['parent_id'],
      refTable: 'parents',
      refColumns: ['id'],
      onDelete: 'set null',
    },
  ],
  checks: [],
};

const notes: TableModel = {
  name: 'item_notes',
  columns: [
    { name: 'id', type: { kind: 'integer' }, nullable: false },
    { name: 'item_id', type: { kind: 'integer' }, nullable: false },
  ],
  primaryKey: { name: 'pk_item_notes', columns: ['id'] },
  indexes: [],
  uniques: [],
  foreignKeys: [
    {
      name: 'fk_item_notes_item_id_items',
      columns: ['item_id'],
      refTable: 'items',
      refColumns: ['id'],
      onDelete: 'cascade',
    },
  ],
  checks: [],
};

/** What the runner does around a batch (sqliteBatchPragmas), with the statements in between. */
async function runBatch(
  db: Sqlite,
  table: string,
  statements: readonly { sql: string; params: readonly unknown[] }[],
): Promise<unknown[]> {
  const triggers = await db.query<{ sql: string }>(sqliteBatchPragmas.triggers, [table]);
  for (const p of sqliteBatchPragmas.before) await db.query(p);
  try {
    await db.query('BEGIN IMMEDIATE');
    await db.run(statements);
    for (const t of triggers) await db.query(t.sql);
    const violations = await db.query(sqliteBatchPragmas.check);
    await db.query(violations.length === 0 ? 'COMMIT' : 'ROLLBACK');
    return violations;
  } finally {
    for (const p of sqliteBatchPragmas.after) await db.query(p);
  }
}

describe('SQLite batch (copy-and-move) on a real database', () => {
  let db: Sqlite;
  beforeEach(async () => {
    db = await openSqlite();
    await db.query('PRAGMA foreign_keys = ON');
    for (const table of [parents, items, notes])
      await db.run(sqliteCompiler.compile({ kind: 'createTable', table }, { offline: false }));
    await db.query('CREATE VIEW item_view AS SELECT id, qty FROM items');
    await db.query(
      'CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO item_notes (id, item_id) VALUES (1000 + NEW.id, NEW.id); END',
    );
    const insert = (op: Operation) => db.run(sqliteCompiler.compile(op, { offline: false }));
    await insert({ kind: 'bulkInsert', table: 'parents', rows: [{ id: 1 }, { id: 2 }] });
    await insert({
      kind: 'bulkInsert',
      table: 'items',
      rows: [
        { parent_id: 1, qty: '10' },
        { parent_id: 2, qty: '20' },
        { parent_id: 2, qty: '30' },
      ],
    });
    await insert({
      kind: 'bulkInsert',
      table: 'item_notes',
      rows: [
        { id: 1, item_id: 1 },
        { id: 2, item_id: 2 },
        { id: 3, item_id: 3 },
      ],
    });
  });
  afterEach(async () => {
    await db.close();
  });

  it('sets NOT NULL and changes a type, keeping rows, the index, both foreign keys, the view and the trigger', async () => {
    const recreate = planSqliteBatch(items, [
      {
        kind: 'alterColumn',
        table: 'items',
        column: 'qty',
        type: { kind: 'integer' },
        nullable: false,
      },
      { kind: 'alterColumn', table: 'items', column: 'parent_id', nullable: false },
    ]);
    // Three notes inserted by hand, three by the audit trigger.
    expect(await db.query('SELECT count(*) AS n FROM item_notes')).toEqual([{ n: 6 }]);
    const violations = await runBatch(
      db,
      'items',
      sqliteCompiler.compile(recreate, { offline: false }),
    );
    expect(violations).toEqual([]);

    expect(
      await db.query('SELECT id, parent_id, qty, typeof(qty) AS t FROM items ORDER BY id'),
    ).toEqual([
      { id: 1, parent_id: 1, qty: 10, t: 'integer' },
      { id: 2, parent_id: 2, qty: 20, t: 'integer' },
      { id: 3, parent_id: 2, qty: 30, t: 'integer' },
    ]);
    const info = await db.query<{ name: string; type: string; notnull: number }>(
      'SELECT name, type, "notnull" FROM pragma_table_info(\'items\')',
    );
    expect(info).toEqual([
      { name: 'id', type: 'INTEGER', notnull: 1 },
      { name: 'parent_id', type: 'INTEGER', notnull: 1 },
      { name: 'qty', type: 'INTEGER', notnull: 1 },
    ]);
    expect(
      await db.query("SELECT name FROM pragma_index_list('items') WHERE origin = 'c'"),
    ).toEqual([{ name: 'ix_items_qty' }]);
    expect(
      await db.query(
        'SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(\'items\')',
      ),
    ).toEqual([{ table: 'parents', from: 'parent_id', to: 'id', on_delete: 'SET NULL' }]);
    expect(
      await db.query(
        'SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(\'item_notes\')',
      ),
    ).toEqual([{ table: 'items', from: 'item_id', to: 'id', on_delete: 'CASCADE' }]);
    expect(await db.query('SELECT count(*) AS n FROM item_notes')).toEqual([{ n: 6 }]);

    // The constraints work: NOT NULL refuses, the child still cascades, AUTOINCREMENT continues,
    // the view reads the new table and the re-created trigger fires.
    await expect(db.query('INSERT INTO items (parent_id, qty) VALUES (1, NULL)')).rejects.toThrow(
      /NOT NULL/,
    );
    await db.query('DELETE FROM items WHERE id = 3');
    expect(await db.query('SELECT id, item_id FROM item_notes ORDER BY id')).toEqual([
      { id: 1, item_id: 1 },
      { id: 2, item_id: 2 },
      { id: 1001, item_id: 1 },
      { id: 1002, item_id: 2 },
    ]);
    await db.query('INSERT INTO items (parent_id, qty) VALUES (1, 40)');
    expect(await db.query('SELECT max(id) AS id FROM items')).toEqual([{ id: 4 }]);
    expect(await db.query('SELECT qty FROM item_view WHERE id = 4')).toEqual([{ qty: 40 }]);
    expect(await db.query('SELECT item_id FROM item_notes WHERE id = 1004')).toEqual([
      { item_id: 4 },
    ]);
    expect(await db.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('rolls back when the new definition breaks the data', async () => {
    await db.query('UPDATE items SET qty = NULL WHERE id = 2');
    const recreate = planSqliteBatch(items, [
      { kind: 'alterColumn', table: 'items', column: 'qty', nullable: false },
    ]);
    await db.query(sqliteBatchPragmas.before[0]!);
    await db.query('BEGIN');
    await expect(db.run(sqliteCompiler.compile(recreate, { offline: false }))).rejects.toThrow(
      /NOT NULL constraint failed: _athanor_tmp_items.qty/,
    );
    await db.query('ROLLBACK');
    expect(await db.query('SELECT count(*) AS n FROM items')).toEqual([{ n: 3 }]);
    expect(
      await db.query("SELECT name FROM pragma_index_list('items') WHERE origin = 'c'"),
    ).toEqual([{ name: 'ix_items_qty' }]);
  });

  it('turns single unsupported ALTERs into the same rebuild when the live table is described', async () => {
    const ctx = {
      offline: false,
      describeTable: (name: string) => ({ parents, items, item_notes: notes })[name],
    };
    const statements = [
      ...sqliteCompiler.compile(
        {
          kind: 'addConstraint',
          table: 'items',
          constraint: { type: 'check', name: 'ck_items_qty', expression: "qty <> ''" },
        },
        ctx,
      ),
    ];
    expect(await runBatch(db, 'items', statements)).toEqual([]);
    await expect(db.query("INSERT INTO items (parent_id, qty) VALUES (1, '')")).rejects.toThrow(
      /CHECK constraint failed: ck_items_qty/,
    );
    expect(await db.query('SELECT count(*) AS n FROM items')).toEqual([{ n: 3 }]);
  });
});
