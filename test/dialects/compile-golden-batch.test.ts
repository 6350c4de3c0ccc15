/**
 * Golden tests of SQLite's copy-and-move: planSqliteBatch (several changes, one rebuild), the
 * recreateTable statements, and the ALTERs that turn into a rebuild when the live table is known.
 */
import { describe, expect, it } from 'vitest';
import {
  planSqliteBatch,
  sqliteBatchPragmas,
  sqliteTableToDescribe,
} from '../../src/dialects/sqlite/sqlite-batch.js';
import type { RecreateTable } from '../../src/operations/operation.js';
import type { TableModel } from '../../src/schema/model.js';
import { compilers, expectSql, fails } from './compile-helpers.js';

const items: TableModel = {
  name: 'items',
  columns: [
    { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
    { name: 'parent_id', type: { kind: 'integer' }, nullable: true },
    { name: 'qty', type: { kind: 'string' }, nullable: true },
    {
      name: 'note',
      type: { kind: 'text' },
      nullable: true,
      default: { kind: 'literal', value: '' },
    },
  ],
  primaryKey: { name: 'pk_items', columns: ['id'] },
  indexes: [
    { name: 'ix_items_qty', table: 'items', parts: [{ column: 'qty' }], unique: false },
    {
      name: 'ix_items_note',
      table: 'items',
      parts: [{ expression: 'lower(note)' }],
      unique: false,
      where: 'note IS NOT NULL',
    },
  ],
  uniques: [],
  foreignKeys: [
    {
      name: 'fk_items_parent_id_parents',
      columns: ['parent_id'],
      refTable: 'parents',
      refColumns: ['id'],
      onDelete: 'cascade',
    },
  ],
  checks: [{ name: 'ck_items_qty', expression: "qty <> ''" }],
};

const live = {
  offline: false,
  describeTable: (name: string) => (name === 'items' ? items : undefined),
};

describe('planSqliteBatch', () => {
  it('applies several changes to the table and maps the copied columns', () => {
    const plan = planSqliteBatch(items, [
      {
        kind: 'alterColumn',
        table: 'items',
        column: 'qty',
        type: { kind: 'integer' },
        nullable: false,
        newName: 'quantity',
      },
      { kind: 'dropColumn', table: 'items', column: 'note' },
      {
        kind: 'addColumn',
        table: 'items',
        column: { name: 'sku', type: { kind: 'string', length: 12 }, nullable: true },
      },
      {
        kind: 'addConstraint',
        table: 'items',
        constraint: { type: 'unique', name: 'uq_items_sku', columns: ['sku'] },
      },
    ]);
    expect(plan).toEqual<RecreateTable>({
      kind: 'recreateTable',
      from: 'items',
      columnMap: { id: '"id"', parent_id: '"parent_id"', quantity: '"qty"' },
      table: {
        ...items,
        columns: [
          items.columns[0]!,
          items.columns[1]!,
          { name: 'quantity', type: { kind: 'integer' }, nullable: false },
          { name: 'sku', type: { kind: 'string', length: 12 }, nullable: true },
        ],
        // The index on the dropped column is gone; the others follow the rename.
        indexes: [
          { name: 'ix_items_qty', table: 'items', parts: [{ column: 'quantity' }], unique: false },
        ],
        uniques: [{ name: 'uq_items_sku', columns: ['sku'] }],
        checks: [{ name: 'ck_items_qty', expression: `"quantity" <> ''` }],
      },
    });
  });

  it('refuses operations on another table or of another kind', () => {
    expect(() =>
      planSqliteBatch(items, [{ kind: 'dropColumn', table: 'other', column: 'x' }]),
    ).toThrow(/batch on table "items" cannot run dropColumn on "other"/);
    expect(() => planSqliteBatch(items, [{ kind: 'dropTable', table: 'items' }])).toThrow(
      /dropTable cannot be part of a SQLite batch/,
    );
    expect(() =>
      planSqliteBatch(items, [{ kind: 'dropColumn', table: 'items', column: 'nope' }]),
    ).toThrow(/no column "nope"/);
  });
});

describe('recreateTable', () => {
  const recreate = planSqliteBatch(items, [
    { kind: 'alterColumn', table: 'items', column: 'qty', nullable: false },
  ]);
  it('copies and moves on SQLite, and is SQLite-only', () => {
    expectSql(recreate, {
      sqlite: [
        `CREATE TABLE "_athanor_tmp_items" (
  "id" INTEGER NOT NULL CONSTRAINT "pk_items" PRIMARY KEY AUTOINCREMENT,
  "parent_id" INTEGER,
  "qty" VARCHAR NOT NULL,
  "note" TEXT DEFAULT '',
  CONSTRAINT "fk_items_parent_id_parents" FOREIGN KEY ("parent_id") REFERENCES "parents" ("id") ON DELETE CASCADE,
  CONSTRAINT "ck_items_qty" CHECK (qty <> '')
)`,
        'INSERT INTO "_athanor_tmp_items" ("id", "parent_id", "qty", "note") SELECT "id", "parent_id", "qty", "note" FROM "items"',
        'DROP TABLE "items"',
        'ALTER TABLE "_athanor_tmp_items" RENAME TO "items"',
        'CREATE INDEX "ix_items_qty" ON "items" ("qty")',
        'CREATE INDEX "ix_items_note" ON "items" ((lower(note))) WHERE note IS NOT NULL',
      ],
      postgresql: fails('E_UNSUPPORTED_OP', /postgresql cannot run recreateTable/),
      mysql: fails('E_UNSUPPORTED_OP', /mysql cannot run recreateTable/),
    });
  });

  it('exports the pragmas the runner wraps it in', () => {
    expect(sqliteBatchPragmas.before).toContain('PRAGMA foreign_keys = OFF');
    expect(sqliteBatchPragmas.check).toBe('PRAGMA foreign_key_check');
  });
});

describe('SQLite ALTERs that rebuild', () => {
  const sqlite = (op: Parameters<typeof compilers.sqlite.compile>[0]) =>
    compilers.sqlite.compile(op, live).map((s) => s.sql);

  it('renames natively first, then rebuilds for the type change', () => {
    const out = sqlite({
      kind: 'alterColumn',
      table: 'items',
      column: 'qty',
      newName: 'quantity',
      type: { kind: 'integer' },
    });
    expect(out[0]).toBe('ALTER TABLE "items" RENAME COLUMN "qty" TO "quantity"');
    expect(out[1]).toContain('"quantity" INTEGER,');
    expect(out[1]).toContain(`CHECK ("quantity" <> '')`);
    expect(out[2]).toBe(
      'INSERT INTO "_athanor_tmp_items" ("id", "parent_id", "quantity", "note") SELECT "id", "parent_id", "quantity", "note" FROM "items"',
    );
    expect(out.at(-2)).toBe('CREATE INDEX "ix_items_qty" ON "items" ("quantity")');
  });

  it('drops a column natively unless keys, indexes or checks use it', () => {
    const withoutKey = sqlite({ kind: 'dropColumn', table: 'items', column: 'id' });
    expect(withoutKey).toHaveLength(6);
    expect(withoutKey[0]).not.toMatch(/^  "id"|PRIMARY KEY/m);
    expect(sqlite({ kind: 'dropColumn', table: 'items', column: 'note' })[0]).toMatch(
      /^CREATE TABLE "_athanor_tmp_items"/,
    );
    const plain = { ...items, indexes: [], checks: [] };
    const out = compilers.sqlite.compile(
      { kind: 'dropColumn', table: 'items', column: 'qty' },
      { offline: false, describeTable: () => plain },
    );
    expect(out.map((s) => s.sql)).toEqual(['ALTER TABLE "items" DROP COLUMN "qty"']);
  });

  it('adds columns natively where ADD COLUMN allows, and rebuilds otherwise', () => {
    const add = (column: Parameters<typeof sqlite>[0] & { kind: 'addColumn' }) => sqlite(column);
    expect(
      add({
        kind: 'addColumn',
        table: 'items',
        column: {
          name: 'n',
          type: { kind: 'integer' },
          nullable: false,
          default: { kind: 'literal', value: 0 },
        },
      }),
    ).toEqual(['ALTER TABLE "items" ADD COLUMN "n" INTEGER NOT NULL DEFAULT 0']);
    expect(
      add({
        kind: 'addColumn',
        table: 'items',
        column: {
          name: 'n',
          type: { kind: 'integer' },
          nullable: true,
          default: { kind: 'sql', sql: "'x'" },
        },
      }),
    ).toEqual([`ALTER TABLE "items" ADD COLUMN "n" INTEGER DEFAULT 'x'`]);
    const at = add({
      kind: 'addColumn',
      table: 'items',
      column: {
        name: 'at',
        type: { kind: 'timestamp', withTimezone: false },
        nullable: false,
        default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
      },
    });
    expect(at[0]).toContain('"at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP');
    expect(at[1]).toBe(
      'INSERT INTO "_athanor_tmp_items" ("id", "parent_id", "qty", "note") SELECT "id", "parent_id", "qty", "note" FROM "items"',
    );
  });

  it('says which table is missing', () => {
    expect(() =>
      sqlite({ kind: 'alterColumn', table: 'ghost', column: 'x', nullable: false }),
    ).toThrow(/no table "ghost"/);
  });
});

describe('sqliteTableToDescribe', () => {
  it('names the table of operations that may rebuild it', () => {
    expect(
      sqliteTableToDescribe({
        kind: 'alterColumn',
        table: 'items',
        column: 'qty',
        nullable: false,
      }),
    ).toBe('items');
    expect(sqliteTableToDescribe({ kind: 'dropConstraint', table: 'items', name: 'c' })).toBe(
      'items',
    );
    expect(
      sqliteTableToDescribe({ kind: 'createIndex', index: items.indexes[0]! }),
    ).toBeUndefined();
    expect(sqliteTableToDescribe({ kind: 'dropTable', table: 'items' })).toBeUndefined();
  });
});
