import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { reflectSqlite } from '../../../src/dialects/sqlite/sqlite-reflector.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { betterSqlite3Driver } from '../../../src/drivers/better-sqlite3-driver.js';
import type { TableModel } from '../../../src/schema/model.js';
import { createSqliteDatabase, type TestDatabase } from '../../helpers/databases.js';

describe('reflectSqlite on hand-written DDL', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeEach(async () => {
    db = await createSqliteDatabase();
    conn = await betterSqlite3Driver.connect(parseUrl(db.url));
  });
  afterEach(async () => {
    await conn.close();
    await db.cleanup();
  });

  async function table(ddl: string, name = 't'): Promise<TableModel> {
    await conn.execute(ddl);
    const found = (await reflectSqlite(conn)).tables.find((t) => t.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  }

  it('reads every declared type spelling into the neutral type', async () => {
    const spellings: Record<string, unknown> = {
      INTEGER: { kind: 'integer' },
      int: { kind: 'integer' },
      BIGINT: { kind: 'bigint' },
      SMALLINT: { kind: 'smallint' },
      'VARCHAR(20)': { kind: 'string', length: 20 },
      varchar: { kind: 'string' },
      'CHARACTER VARYING ( 30 )': { kind: 'string', length: 30 },
      TEXT: { kind: 'text' },
      CLOB: { kind: 'text' },
      BOOLEAN: { kind: 'boolean' },
      TIMESTAMP: { kind: 'timestamp', withTimezone: false },
      DATETIME: { kind: 'timestamp', withTimezone: false },
      TIMESTAMPTZ: { kind: 'timestamp', withTimezone: true },
      DATE: { kind: 'date' },
      TIME: { kind: 'time' },
      'NUMERIC(10,2)': { kind: 'numeric', precision: 10, scale: 2 },
      'DECIMAL(5)': { kind: 'numeric', precision: 5 },
      NUMERIC: { kind: 'numeric' },
      REAL: { kind: 'real' },
      FLOAT: { kind: 'real' },
      DOUBLE: { kind: 'double' },
      'DOUBLE PRECISION': { kind: 'double' },
      JSON: { kind: 'json' },
      UUID: { kind: 'uuid' },
      BLOB: { kind: 'binary' },
      MEDIUMINT: { kind: 'custom', sqlite: 'MEDIUMINT' },
      'VARCHAR(10) COLLATE NOCASE': { kind: 'string', length: 10 },
    };
    const entries = Object.entries(spellings);
    const t = await table(
      `CREATE TABLE t (${entries.map(([type], i) => `c${i} ${type}`).join(', ')}, untyped)`,
    );
    expect(t.columns.map((c) => c.type)).toEqual([
      ...entries.map(([, type]) => type),
      { kind: 'custom', sqlite: '' },
    ]);
  });

  it('reads nullability and literal vs expression defaults', async () => {
    const t = await table(`CREATE TABLE t (
      a TEXT NOT NULL DEFAULT 'it''s', b INT DEFAULT -42, c REAL DEFAULT +1.5, d BOOLEAN DEFAULT TRUE, e TEXT DEFAULT NULL,
      f TIMESTAMP DEFAULT CURRENT_TIMESTAMP, g TEXT DEFAULT (lower('X') || 'y'), h BLOB DEFAULT x'00ff', i INT)`);
    expect(t.columns.map((c) => [c.name, c.nullable, c.default])).toEqual([
      ['a', false, { kind: 'literal', value: "it's" }],
      ['b', true, { kind: 'literal', value: -42 }],
      ['c', true, { kind: 'literal', value: 1.5 }],
      ['d', true, { kind: 'literal', value: true }],
      ['e', true, { kind: 'literal', value: null }],
      ['f', true, { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }],
      ['g', true, { kind: 'sql', sql: "lower('X') || 'y'" }],
      ['h', true, { kind: 'sql', sql: "x'00ff'" }],
      ['i', true, undefined],
    ]);
  });

  it('tells AUTOINCREMENT from a plain rowid key and reads primary key names', async () => {
    const a = await table(
      'CREATE TABLE a (id INTEGER CONSTRAINT "pk_a" PRIMARY KEY AUTOINCREMENT, v TEXT)',
      'a',
    );
    expect(a.columns[0]).toEqual({
      name: 'id',
      type: { kind: 'integer' },
      nullable: false,
      autoincrement: true,
    });
    expect(a.primaryKey).toEqual({ name: 'pk_a', columns: ['id'] });
    const b = await table('CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT)', 'b');
    expect(b.columns[0]).toEqual({ name: 'id', type: { kind: 'integer' }, nullable: false });
    expect(b.primaryKey).toEqual({ columns: ['id'] });
    const c = await table(
      'CREATE TABLE c (x TEXT, y INT NOT NULL, z INT, CONSTRAINT [pk c] PRIMARY KEY (y, x))',
      'c',
    );
    expect(c.primaryKey).toEqual({ name: 'pk c', columns: ['y', 'x'] });
    // SQLite lets a non-integer key column hold NULL unless it says NOT NULL (a legacy quirk).
    expect(c.columns.map((col) => col.nullable)).toEqual([true, false, true]);
    const d = await table('CREATE TABLE d (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID', 'd');
    expect(d.columns[0]?.nullable).toBe(false);
  });

  it('tells unique constraints (with their names) from unique indexes', async () => {
    const t = await table(`CREATE TABLE t (a INT UNIQUE, b INT CONSTRAINT uq_b UNIQUE, c INT, d INT,
      CONSTRAINT "uq_c_d" UNIQUE (c, d), UNIQUE (d, a))`);
    await conn.execute('CREATE UNIQUE INDEX ux_t_c ON t (c)');
    const reflected = (await reflectSqlite(conn)).tables[0];
    expect(t.uniques).toEqual([
      { columns: ['a'] },
      { name: 'uq_b', columns: ['b'] },
      { name: 'uq_c_d', columns: ['c', 'd'] },
      { columns: ['d', 'a'] },
    ]);
    expect(reflected?.indexes).toEqual([
      { name: 'ux_t_c', table: 't', parts: [{ column: 'c' }], unique: true },
    ]);
  });

  it('reads plain, descending, expression and partial indexes', async () => {
    await conn.execute(`CREATE TABLE t (a INT, b TEXT, "c d" TEXT);
      CREATE INDEX ix_a ON t (a);
      CREATE INDEX ix_a_b ON t (a DESC, b COLLATE NOCASE ASC);
      CREATE UNIQUE INDEX ix_expr ON t ((lower(b)), a + 1 DESC, "c d") WHERE b IS NOT NULL AND a > (1) -- trailing comment
    `);
    const [t] = (await reflectSqlite(conn)).tables;
    expect(t?.indexes).toEqual([
      { name: 'ix_a', table: 't', parts: [{ column: 'a' }], unique: false },
      {
        name: 'ix_a_b',
        table: 't',
        parts: [{ column: 'a', order: 'desc' }, { column: 'b' }],
        unique: false,
      },
      {
        name: 'ix_expr',
        table: 't',
        parts: [
          { expression: 'lower(b)' },
          { expression: 'a + 1', order: 'desc' },
          { column: 'c d' },
        ],
        unique: true,
        where: 'b IS NOT NULL AND a > (1)',
      },
    ]);
  });

  it('reads foreign keys in declaration order with names, actions, DEFERRABLE and implicit parent keys', async () => {
    await conn.execute(`CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT, n INT, UNIQUE (code, n));
      CREATE TABLE c (
        id INTEGER PRIMARY KEY,
        p_id INT REFERENCES p ON DELETE CASCADE,
        code TEXT, n INT,
        self INT CONSTRAINT fk_self REFERENCES c (id) ON UPDATE SET NULL ON DELETE SET DEFAULT,
        CONSTRAINT "fk_c_code" FOREIGN KEY (code, n) REFERENCES p (code, n) ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED,
        FOREIGN KEY (n) REFERENCES "p" ("id") ON UPDATE NO ACTION
      )`);
    const c = (await reflectSqlite(conn)).tables.find((t) => t.name === 'c');
    expect(c?.foreignKeys).toEqual([
      { columns: ['p_id'], refTable: 'p', refColumns: ['id'], onDelete: 'cascade' },
      {
        name: 'fk_self',
        columns: ['self'],
        refTable: 'c',
        refColumns: ['id'],
        onDelete: 'set default',
        onUpdate: 'set null',
      },
      {
        name: 'fk_c_code',
        columns: ['code', 'n'],
        refTable: 'p',
        refColumns: ['code', 'n'],
        onDelete: 'restrict',
        deferrable: true,
        initiallyDeferred: true,
      },
      { columns: ['n'], refTable: 'p', refColumns: ['id'] },
    ]);
  });

  it('reads CHECK constraints, named and not, on tables and columns, through tricky text', async () => {
    const t = await table(`CREATE TABLE t (
      a INT CHECK (a > 0) CONSTRAINT ck_a2 CHECK (a < 100), /* a comment, with ( and ' */
      b TEXT CHECK (b <> ')'''),
      CONSTRAINT "ck t" CHECK ((a + 1) * 2 > length(b)), CHECK (b LIKE '%,%'))`);
    expect(t.checks).toEqual([
      { expression: 'a > 0' },
      { name: 'ck_a2', expression: 'a < 100' },
      { expression: "b <> ')'''" },
      { name: 'ck t', expression: '(a + 1) * 2 > length(b)' },
      { expression: "b LIKE '%,%'" },
    ]);
  });

  it('reads TEXT + CHECK (col IN (...)) as an enum named by its CHECK, else <table>_<column>', async () => {
    const t = await table(`CREATE TABLE t (
      mood TEXT NOT NULL CONSTRAINT "mood" CHECK ("mood" IN ('happy', 'it''s')),
      size VARCHAR(5), level INT CHECK (level IN (1, 2)),
      CHECK (size IN ('s', 'm')), CHECK (mood IN ('happy'))
    )`);
    expect(t.columns.map((c) => c.type)).toEqual([
      { kind: 'enum', name: 'mood', values: ['happy', "it's"] },
      { kind: 'enum', name: 't_size', values: ['s', 'm'] },
      { kind: 'integer' },
    ]);
    // Only the first IN-check of a column makes the enum; a second one, or one on a number, stays a check.
    expect(t.checks).toEqual([
      { expression: 'level IN (1, 2)' },
      { expression: "mood IN ('happy')" },
    ]);
  });

  it('skips internal, virtual, shadow and excluded tables, views and generated columns', async () => {
    await conn.execute(`CREATE TABLE keep (id INTEGER PRIMARY KEY AUTOINCREMENT, a INT, g INT GENERATED ALWAYS AS (a * 2) VIRTUAL);
      INSERT INTO keep (a) VALUES (1);
      CREATE TABLE athanor_version (version_num VARCHAR(32) PRIMARY KEY);
      CREATE TABLE other (x INT);
      CREATE VIEW v AS SELECT a FROM keep;
      CREATE VIRTUAL TABLE docs USING fts5(body)`);
    const all = await reflectSqlite(conn, { excludeTables: ['athanor_version'] });
    expect(all.tables.map((t) => t.name)).toEqual(['keep', 'other']);
    expect(all.tables[0]?.columns.map((c) => c.name)).toEqual(['id', 'a']);
    expect(
      (await reflectSqlite(conn, { onlyTables: ['other'] })).tables.map((t) => t.name),
    ).toEqual(['other']);
    expect(
      (await reflectSqlite(conn, { includeTable: (n) => n.startsWith('k') })).tables.map(
        (t) => t.name,
      ),
    ).toEqual(['keep']);
    expect(all.enums).toEqual([]);
    expect(all.extensions).toEqual([]);
  });

  it('keeps identifiers that need quoting', async () => {
    await conn.execute(`CREATE TABLE "my ""odd"" table" ("select" INT PRIMARY KEY, [with space] TEXT UNIQUE, \`tick\` INT REFERENCES "my ""odd"" table");
      CREATE INDEX "ix ""q""" ON "my ""odd"" table" ("with space" DESC)`);
    const [t] = (await reflectSqlite(conn)).tables;
    expect(t?.name).toBe('my "odd" table');
    expect(t?.columns.map((c) => c.name)).toEqual(['select', 'with space', 'tick']);
    expect(t?.uniques).toEqual([{ columns: ['with space'] }]);
    expect(t?.indexes).toEqual([
      {
        name: 'ix "q"',
        table: 'my "odd" table',
        parts: [{ column: 'with space', order: 'desc' }],
        unique: false,
      },
    ]);
    expect(t?.foreignKeys).toEqual([
      { columns: ['tick'], refTable: 'my "odd" table', refColumns: ['select'] },
    ]);
  });

  it('reads an empty database', async () => {
    expect(await reflectSqlite(conn)).toEqual({ tables: [], enums: [], extensions: [] });
  });
});
