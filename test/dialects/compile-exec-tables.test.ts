/**
 * Compiled DDL run on real engines (SQLite file, PGlite, PostgreSQL server, MariaDB server),
 * checked through the catalog rather than by trusting the SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation } from '../../src/operations/operation.js';
import type { ColumnModel, TableModel } from '../../src/schema/model.js';
import type { ColumnType, DialectName } from '../../src/schema/types.js';
import {
  apply,
  catalogColumns,
  engineTargets,
  refuses,
  type Engine,
  openTimeoutMs,
} from './compile-helpers.js';

const targets = await engineTargets();

const col = (name: string, type: ColumnType, extra: Partial<ColumnModel> = {}): ColumnModel => ({
  name,
  type,
  nullable: true,
  ...extra,
});

const table = (
  name: string,
  columns: ColumnModel[],
  extra: Partial<TableModel> = {},
): TableModel => ({
  name,
  columns,
  primaryKey: { name: `pk_${name}`, columns: [columns[0]!.name] },
  indexes: [],
  uniques: [],
  foreignKeys: [],
  checks: [],
  ...extra,
});

/** Every neutral type, with the catalog's spelling per dialect (MariaDB's COLUMN_TYPE, PostgreSQL's format_type). */
const everyType: [ColumnModel, Record<DialectName, string>][] = [
  [
    col('id', { kind: 'integer' }, { nullable: false, autoincrement: true }),
    { sqlite: 'INTEGER', postgresql: 'integer', mysql: 'int(11)' },
  ],
  [
    col('c_bigint', { kind: 'bigint' }),
    { sqlite: 'BIGINT', postgresql: 'bigint', mysql: 'bigint(20)' },
  ],
  [
    col(
      'c_smallint',
      { kind: 'smallint' },
      { nullable: false, default: { kind: 'literal', value: 7 } },
    ),
    { sqlite: 'SMALLINT', postgresql: 'smallint', mysql: 'smallint(6)' },
  ],
  [
    col('c_string', { kind: 'string', length: 20 }),
    { sqlite: 'VARCHAR(20)', postgresql: 'character varying(20)', mysql: 'varchar(20)' },
  ],
  [
    col('c_string_any', { kind: 'string' }),
    { sqlite: 'VARCHAR', postgresql: 'character varying', mysql: 'varchar(255)' },
  ],
  [col('c_text', { kind: 'text' }), { sqlite: 'TEXT', postgresql: 'text', mysql: 'text' }],
  [
    col(
      'c_boolean',
      { kind: 'boolean' },
      { nullable: false, default: { kind: 'literal', value: true } },
    ),
    { sqlite: 'BOOLEAN', postgresql: 'boolean', mysql: 'tinyint(1)' },
  ],
  [
    col('c_ts', { kind: 'timestamp', withTimezone: false }),
    { sqlite: 'TIMESTAMP', postgresql: 'timestamp without time zone', mysql: 'datetime(6)' },
  ],
  [
    col(
      'c_tstz',
      { kind: 'timestamp', withTimezone: true },
      { nullable: false, default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' } },
    ),
    { sqlite: 'TIMESTAMPTZ', postgresql: 'timestamp with time zone', mysql: 'datetime(6)' },
  ],
  [col('c_date', { kind: 'date' }), { sqlite: 'DATE', postgresql: 'date', mysql: 'date' }],
  [
    col('c_time', { kind: 'time' }),
    { sqlite: 'TIME', postgresql: 'time without time zone', mysql: 'time(6)' },
  ],
  [
    col('c_numeric', { kind: 'numeric', precision: 10, scale: 2 }),
    { sqlite: 'NUMERIC(10,2)', postgresql: 'numeric(10,2)', mysql: 'decimal(10,2)' },
  ],
  [col('c_real', { kind: 'real' }), { sqlite: 'REAL', postgresql: 'real', mysql: 'float' }],
  [
    col('c_double', { kind: 'double' }),
    { sqlite: 'DOUBLE', postgresql: 'double precision', mysql: 'double' },
  ],
  [col('c_json', { kind: 'json' }), { sqlite: 'JSON', postgresql: 'jsonb', mysql: 'longtext' }],
  [col('c_uuid', { kind: 'uuid' }), { sqlite: 'UUID', postgresql: 'uuid', mysql: 'char(36)' }],
  [col('c_binary', { kind: 'binary' }), { sqlite: 'BLOB', postgresql: 'bytea', mysql: 'longblob' }],
  [
    col('c_enum', { kind: 'enum', name: 'mood', values: ['happy', "it's ok"] }),
    { sqlite: 'TEXT', postgresql: 'mood', mysql: "enum('happy','it''s ok')" },
  ],
  [
    col('c_custom', {
      kind: 'custom',
      sqlite: 'CITEXT',
      postgresql: 'inet',
      mysql: 'VARCHAR(100)',
    }),
    { sqlite: 'CITEXT', postgresql: 'inet', mysql: 'varchar(100)' },
  ],
];

describe.each(targets)('$name', ({ name, available, open }) => {
  let engine: Engine;
  beforeAll(async () => {
    if (available) engine = await open();
  }, openTimeoutMs);
  afterAll(async () => {
    if (available) await engine.close();
  });
  const test = it.skipIf(!available);

  test('creates a table with every neutral type the dialect has, and its defaults apply', async () => {
    const pgArray: [ColumnModel, Record<DialectName, string>][] =
      name === 'sqlite' || name === 'mysql'
        ? []
        : [
            [
              col('c_array', { kind: 'array', of: { kind: 'text' } }),
              { sqlite: '', postgresql: 'text[]', mysql: '' },
            ],
          ];
    const columns = [...everyType, ...pgArray];
    await apply(engine, {
      kind: 'createTable',
      table: table(
        'every_type',
        columns.map(([c]) => c),
      ),
    });
    const catalog = await catalogColumns(engine, 'every_type');
    expect(catalog).toEqual(
      columns.map(([c, types]) => ({
        name: c.name,
        type: types[engine.dialect],
        nullable: c.nullable,
      })),
    );

    await apply(engine, {
      kind: 'bulkInsert',
      table: 'every_type',
      rows: [{ c_text: 'a' }, { c_text: 'b' }],
    });
    const rows = await engine.query<Record<string, unknown>>(
      'SELECT id, c_smallint, c_boolean, c_tstz FROM every_type ORDER BY id',
    );
    expect(
      rows.map((r) => [
        Number(r.id),
        Number(r.c_smallint),
        Boolean(Number(r.c_boolean) || r.c_boolean === true),
        r.c_tstz !== null,
      ]),
    ).toEqual([
      [1, 7, true, true],
      [2, 7, true, true],
    ]);
  });

  test('creates an enum column that refuses other values (PostgreSQL: the type is created once, idempotently)', async () => {
    const mood = col(
      'mood',
      { kind: 'enum', name: 'feeling', values: ['happy', 'sad'] },
      { nullable: false, default: { kind: 'literal', value: 'happy' } },
    );
    await apply(engine, {
      kind: 'createTable',
      table: table('enum_a', [col('id', { kind: 'integer' }, { nullable: false }), mood]),
    });
    await apply(engine, {
      kind: 'createTable',
      table: table('enum_b', [col('id', { kind: 'integer' }, { nullable: false }), mood]),
    });
    await apply(engine, {
      kind: 'bulkInsert',
      table: 'enum_a',
      rows: [{ id: 1 }, { id: 2, mood: 'sad' }],
    });
    expect(await engine.query('SELECT mood FROM enum_a ORDER BY id')).toEqual([
      { mood: 'happy' },
      { mood: 'sad' },
    ]);
    expect(
      await refuses(() =>
        apply(engine, { kind: 'bulkInsert', table: 'enum_b', rows: [{ id: 1, mood: 'angry' }] }),
      ),
    ).toBe(true);
    if (engine.dialect === 'postgresql') {
      await apply(engine, {
        kind: 'addEnumValue',
        name: 'feeling',
        value: 'angry',
        after: 'happy',
      });
      await apply(engine, {
        kind: 'bulkInsert',
        table: 'enum_b',
        rows: [{ id: 1, mood: 'angry' }],
      });
      const labels = await engine.query<{ l: string }>(
        "SELECT enumlabel AS l FROM pg_enum WHERE enumtypid = 'feeling'::regtype ORDER BY enumsortorder",
      );
      expect(labels.map((r) => r.l)).toEqual(['happy', 'angry', 'sad']);
    }
  });

  test('adds, alters and renames columns', async () => {
    let current = table('people', [
      col('id', { kind: 'integer' }, { nullable: false }),
      col('name', { kind: 'string', length: 50 }),
    ]);
    const ctx = { offline: false, describeTable: () => current };
    const step = async (op: Operation, next: TableModel): Promise<void> => {
      await apply(engine, op, ctx);
      current = next;
    };
    await apply(engine, { kind: 'createTable', table: current });
    await apply(engine, {
      kind: 'bulkInsert',
      table: 'people',
      rows: [
        { id: 1, name: 'Ada' },
        { id: 2, name: '42' },
      ],
    });
    const age = col(
      'age',
      { kind: 'integer' },
      { nullable: false, default: { kind: 'literal', value: 0 } },
    );
    await step(
      { kind: 'addColumn', table: 'people', column: age },
      { ...current, columns: [...current.columns, age] },
    );
    const existing = { type: { kind: 'string', length: 50 }, nullable: true } as const;
    const textName = col(
      'full_name',
      { kind: 'text' },
      { nullable: false, default: { kind: 'literal', value: 'n/a' } },
    );
    await step(
      {
        kind: 'alterColumn',
        table: 'people',
        column: 'name',
        type: { kind: 'text' },
        nullable: false,
        default: { kind: 'literal', value: 'n/a' },
        newName: 'full_name',
        existing,
      },
      { ...current, columns: [current.columns[0]!, textName, age] },
    );
    const catalog = await catalogColumns(engine, 'people');
    const text = { sqlite: 'TEXT', postgresql: 'text', mysql: 'text' }[engine.dialect];
    expect(catalog.map((c) => [c.name, c.type, c.nullable])).toEqual([
      ['id', { sqlite: 'INTEGER', postgresql: 'integer', mysql: 'int(11)' }[engine.dialect], false],
      ['full_name', text, false],
      [
        'age',
        { sqlite: 'INTEGER', postgresql: 'integer', mysql: 'int(11)' }[engine.dialect],
        false,
      ],
    ]);
    await apply(engine, { kind: 'bulkInsert', table: 'people', rows: [{ id: 3 }] });
    const rows = await engine.query<{ id: unknown; full_name: string; age: unknown }>(
      'SELECT id, full_name, age FROM people ORDER BY id',
    );
    expect(rows.map((r) => [Number(r.id), r.full_name, Number(r.age)])).toEqual([
      [1, 'Ada', 0],
      [2, '42', 0],
      [3, 'n/a', 0],
    ]);
    await step(
      { kind: 'dropColumn', table: 'people', column: 'age' },
      { ...current, columns: current.columns.slice(0, 2) },
    );
    expect((await catalogColumns(engine, 'people')).map((c) => c.name)).toEqual([
      'id',
      'full_name',
    ]);
  });

  test('changes a type with USING on PostgreSQL, and sets and drops defaults', async () => {
    let current = table('counters', [
      col('id', { kind: 'integer' }, { nullable: false }),
      col('n', { kind: 'string', length: 10 }),
    ]);
    const ctx = { offline: false, describeTable: () => current };
    await apply(engine, { kind: 'createTable', table: current });
    await apply(engine, { kind: 'bulkInsert', table: 'counters', rows: [{ id: 1, n: '12' }] });
    const n = col('n', { kind: 'bigint' }, { default: { kind: 'literal', value: 5 } });
    await apply(
      engine,
      {
        kind: 'alterColumn',
        table: 'counters',
        column: 'n',
        type: n.type,
        using: 'n::bigint',
        default: n.default,
        existing: { nullable: true },
      },
      ctx,
    );
    current = { ...current, columns: [current.columns[0]!, n] };
    await apply(engine, { kind: 'bulkInsert', table: 'counters', rows: [{ id: 2 }] });
    await apply(
      engine,
      {
        kind: 'alterColumn',
        table: 'counters',
        column: 'n',
        default: null,
        existing: { type: n.type, nullable: true },
      },
      ctx,
    );
    await apply(engine, { kind: 'bulkInsert', table: 'counters', rows: [{ id: 3 }] });
    const rows = await engine.query<{ n: unknown }>('SELECT n FROM counters ORDER BY id');
    expect(rows.map((r) => (r.n === null ? null : Number(r.n)))).toEqual([12, 5, null]);
    expect((await catalogColumns(engine, 'counters'))[1]?.type).toBe(
      { sqlite: 'BIGINT', postgresql: 'bigint', mysql: 'bigint(20)' }[engine.dialect],
    );
  });

  test('writes comments where the dialect keeps them', async () => {
    const t = table(
      'commented',
      [col('id', { kind: 'integer' }, { nullable: false, comment: "the 'key'" })],
      { comment: 'rows \\ of things' },
    );
    await apply(engine, { kind: 'createTable', table: t });
    await apply(engine, {
      kind: 'alterColumn',
      table: 'commented',
      column: 'id',
      comment: 'changed',
      existing: { type: { kind: 'integer' }, nullable: false },
    });
    await apply(engine, { kind: 'setTableComment', table: 'commented', comment: 'table é' });
    if (engine.dialect === 'postgresql') {
      const [row] = await engine.query(
        "SELECT obj_description('commented'::regclass, 'pg_class') AS t, col_description('commented'::regclass, 1) AS c",
      );
      expect(row).toEqual({ t: 'table é', c: 'changed' });
    }
    if (engine.dialect === 'mysql') {
      const [row] = await engine.query(
        "SELECT t.TABLE_COMMENT AS t, c.COLUMN_COMMENT AS c FROM information_schema.TABLES t JOIN information_schema.COLUMNS c USING (TABLE_SCHEMA, TABLE_NAME) WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = 'commented'",
      );
      expect(row).toEqual({ t: 'table é', c: 'changed' });
    }
  });

  test('handles identifiers with quotes, spaces, backticks, reserved words and unicode', async () => {
    const weird = 'select "x" `y` é';
    const t = table(
      weird,
      [
        col('order', { kind: 'integer' }, { nullable: false }),
        col('naïve "col"', { kind: 'text' }),
      ],
      {
        indexes: [
          { name: 'ix "weird"', table: weird, parts: [{ column: 'naïve "col"' }], unique: false },
        ],
      },
    );
    await apply(engine, { kind: 'createTable', table: t });
    await apply(engine, {
      kind: 'bulkInsert',
      table: weird,
      rows: [{ order: 1, 'naïve "col"': 'ok' }],
    });
    await apply(engine, { kind: 'renameTable', table: weird, newName: 'renamed ✓' });
    expect((await catalogColumns(engine, 'renamed ✓')).map((c) => c.name)).toEqual([
      'order',
      'naïve "col"',
    ]);
    await apply(engine, { kind: 'dropTable', table: 'renamed ✓', ifExists: true });
    expect(await catalogColumns(engine, 'renamed ✓')).toEqual([]);
  });
});
