/**
 * Round-trip cases the property found, kept as named examples on every engine (each one failed
 * on at least one engine before its fix; see the comments).
 */
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import type { ColumnModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import { targets } from '../helpers/databases.js';
import { runRoundTrip } from './roundtrip-case.js';
import { openEngine, type RoundTripEngine } from './roundtrip-engine.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const id: ColumnModel = {
  name: 'id',
  type: { kind: 'integer' },
  nullable: false,
  autoincrement: true,
};
const column = (name: string, type: ColumnModel['type'], nullable = true): ColumnModel => ({
  name,
  type,
  nullable,
});

function table(name: string, parts: Partial<TableModel> = {}): TableModel {
  return {
    name,
    columns: [id],
    primaryKey: { columns: ['id'] },
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
    ...parts,
  };
}

const schema = (...tables: TableModel[]): SchemaModel => ({ tables, enums: [], extensions: [] });

const cases: readonly {
  readonly name: string;
  readonly a: SchemaModel;
  readonly b: SchemaModel;
}[] = [
  {
    // PostgreSQL and SQLite leave a UNIQUE on the primary key's columns out of CREATE TABLE
    // (an ALTER TABLE adds it): normalize leaves it out on both sides.
    name: 'a unique constraint on the primary key columns',
    a: schema(
      table('t0', { uniques: [{ name: 'uq_t0_a', columns: ['id'] }] }),
      table('t2', {
        columns: [{ ...id, autoincrement: false }, column('c1', { kind: 'smallint' }, false)],
        primaryKey: { columns: ['id', 'c1'] },
        uniques: [{ columns: ['id', 'c1'] }],
      }),
    ),
    b: schema(
      table('t0'),
      table('t2', {
        columns: [{ ...id, autoincrement: false }, column('c1', { kind: 'smallint' }, false)],
        uniques: [{ columns: ['c1', 'id'] }],
      }),
    ),
  },
  {
    // PostgreSQL rewrites a check on a retyped column with a cast to the old type
    // (`c4::double precision >= 0`): compare drops the check before the ALTER and adds it after.
    name: 'a check on a column whose type changes',
    a: schema(
      table('t1', {
        columns: [id, column('c4', { kind: 'double' })],
        checks: [{ name: 'ck_t1_b', expression: 'c4 >= 0' }],
      }),
    ),
    b: schema(
      table('t1', {
        columns: [id, column('c4', { kind: 'numeric', precision: 10, scale: 2 }, false)],
        checks: [{ name: 'ck_t1_a', expression: 'c4 >= 0' }],
      }),
    ),
  },
  {
    // InnoDB keeps the index it made for a foreign key when the key is dropped: the MySQL
    // compiler drops it with the key.
    name: 'a dropped foreign key leaves no index behind',
    a: schema(
      table('t0', {
        columns: [id, column('c2', { kind: 'integer' }, false)],
        foreignKeys: [
          {
            name: 'fk_t0_b',
            columns: ['c2'],
            refTable: 't1',
            refColumns: ['id'],
            onDelete: 'cascade',
          },
        ],
      }),
      table('t1'),
    ),
    b: schema(table('t0', { columns: [id, column('c2', { kind: 'bigint' }, false)] }), table('t1')),
  },
  {
    // A unique constraint is an index too (PostgreSQL names its index after it; MySQL keeps it as
    // an index): a kept unique cannot keep a name a new index wants, nor a kept index a name a
    // new unique wants.
    name: 'a unique constraint and an index trade names',
    a: schema(
      table('t1', {
        columns: [
          id,
          column('c1', { kind: 'string', length: 40 }),
          column('c4', { kind: 'string', length: 10 }),
        ],
        uniques: [{ name: 'ix_t1_b', columns: ['c4'] }],
        indexes: [{ name: 'uq_t1_a', table: 't1', parts: [{ column: 'c1' }], unique: false }],
      }),
    ),
    b: schema(
      table('t1', {
        columns: [
          id,
          column('c1', { kind: 'string', length: 40 }),
          column('c4', { kind: 'string', length: 10 }),
        ],
        uniques: [{ name: 'uq_t1_a', columns: ['c4'] }],
        indexes: [
          { name: 'ix_t1_b', table: 't1', parts: [{ column: 'c1', order: 'desc' }], unique: false },
        ],
      }),
    ),
  },
  {
    // MySQL keeps a unique index as a unique constraint, so A's t2 has twin unique keys on (id):
    // twins pair up by their (convention) names, or the downgrade swaps their names.
    name: 'twin unique keys',
    a: schema(
      table('t2', {
        columns: [{ ...id, autoincrement: false }, column('c3', { kind: 'integer' })],
        primaryKey: undefined,
        uniques: [{ columns: ['id'] }],
        indexes: [{ name: 'ix_t2_a', table: 't2', parts: [{ column: 'id' }], unique: true }],
      }),
    ),
    b: schema(
      table('t2', {
        columns: [{ ...id, autoincrement: false }, column('c3', { kind: 'integer' })],
        primaryKey: undefined,
        uniques: [{ name: 'uq_t2_b', columns: ['id'] }],
        indexes: [{ name: 'ix_t2_a', table: 't2', parts: [{ column: 'c3' }], unique: true }],
      }),
    ),
  },
  {
    // SQLite writes an AUTOINCREMENT key in its column definition: a copy-and-move cannot drop
    // that key and add it back, so a key named as a new unique constraint wants must not be
    // moved aside there (SQLite's normalize leaves that key's name out; elsewhere it moves).
    name: 'an autoincrement key whose name a unique constraint wants',
    a: schema(
      table('t0', {
        columns: [id, column('c0', { kind: 'text' })],
        primaryKey: { name: 'uq_t0_b', columns: ['id'] },
      }),
    ),
    b: schema(
      table('t0', {
        columns: [id, column('c0', { kind: 'string', length: 40 })],
        uniques: [{ name: 'uq_t0_b', columns: ['c0'] }],
      }),
    ),
  },
  {
    // SQLite's ADD COLUMN cannot add a NOT NULL column without a default: the compiler makes a
    // copy-and-move, for which the LiveExecutor must describe the live table.
    name: 'a NOT NULL column without a default added to a kept table',
    a: schema(table('t1', { columns: [id, column('c0', { kind: 'integer' })] })),
    b: schema(
      table('t1', {
        columns: [
          id,
          column('c0', { kind: 'integer' }),
          column('c1', { kind: 'string', length: 10 }, false),
          {
            ...column('c2', { kind: 'timestamp', withTimezone: false }, false),
            default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
          },
        ],
      }),
    ),
  },
  {
    // PostgreSQL prints checks back without the parentheses precedence makes redundant and with
    // the casts it inferred (`(c1 * 2::numeric) < 500::numeric`, `NOT c1 = 5::numeric`,
    // `COALESCE(c0, 'z'::character varying)::text <> 'q'::text`, BETWEEN as two comparisons
    // with `-1::numeric`); MariaDB pushes NOTs down (`c1 <> 5`, `c0 not like 'a%'`) and drops
    // parentheses too. Each normalize must read both spellings alike.
    name: 'checks each engine prints in its own spelling',
    a: schema(
      table('t2', {
        columns: [
          { ...id, autoincrement: false },
          column('c0', { kind: 'string', length: 10 }),
          column('c1', { kind: 'numeric', precision: 10, scale: 2 }),
        ],
        checks: [
          { name: 'ck_t2_a', expression: '(c1 * 2) < 500' },
          { name: 'ck_t2_b', expression: "coalesce(c0, 'z') <> 'q'" },
          { name: 'ck_t2_c', expression: 'NOT (id = 0 AND id IS NOT NULL)' },
        ],
      }),
    ),
    b: schema(
      table('t2', {
        columns: [
          { ...id, autoincrement: false },
          column('c0', { kind: 'string', length: 10 }),
          column('c1', { kind: 'numeric', precision: 10, scale: 2 }),
        ],
        checks: [
          { name: 'ck_t2_a', expression: 'NOT (c1 = 5)' },
          { name: 'ck_t2_b', expression: "NOT (c0 LIKE 'a%')" },
          { name: 'ck_t2_c', expression: 'c1 BETWEEN -1 AND 2.5' },
          { name: 'ck_t2_d', expression: 'NOT (c1 < 0 OR c1 > 1000)' },
        ],
      }),
    ),
  },
  {
    // MariaDB refuses a CHECK on a column whose foreign key sets it (ON DELETE SET NULL): the
    // check must be dropped before the key is added, and the key dropped before it comes back.
    name: 'a check on a column that becomes a SET NULL foreign key',
    a: schema(
      table('t0'),
      table('t2', {
        columns: [{ ...id, autoincrement: false }, column('c2', { kind: 'integer' })],
        checks: [{ name: 'ck_t2_a', expression: 'c2 >= 0' }],
      }),
    ),
    b: schema(
      table('t0'),
      table('t2', {
        columns: [{ ...id, autoincrement: false }, column('c2', { kind: 'integer' })],
        foreignKeys: [
          { columns: ['c2'], refTable: 't0', refColumns: ['id'], onDelete: 'set null' },
        ],
      }),
    ),
  },
];

const all = await targets();

describe.each(all)('round-trip regressions on $name', (target) => {
  let engine: RoundTripEngine | undefined;
  beforeAll(async () => {
    if (target.available) engine = await openEngine(target);
  });
  afterAll(async () => engine?.close());

  for (const { name, a, b } of cases) {
    it.skipIf(!target.available)(`${name} (A -> B -> A, and B -> A -> B)`, async () => {
      if (!engine) throw new Error('no engine');
      await runRoundTrip(engine, { a, b, renames: false });
      await runRoundTrip(engine, { a: b, b: a, renames: false });
    });
  }
});
