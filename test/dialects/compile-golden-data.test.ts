/**
 * Golden compile tests for raw SQL, bulk inserts (online: bound parameters; offline: literals),
 * literals, identifiers and the type tables of every dialect.
 */
import { describe, expect, it } from 'vitest';
import { mysqlNativeType } from '../../src/dialects/mysql/mysql-types.js';
import { postgresNativeType } from '../../src/dialects/postgres/postgres-types.js';
import { sqliteNativeType } from '../../src/dialects/sqlite/sqlite-types.js';
import type { ColumnType } from '../../src/schema/types.js';
import { compilers, expectSql, fails } from './compile-helpers.js';

const offline = { offline: true } as const;

describe('executeSql', () => {
  it('passes SQL and parameters through online', () => {
    expectSql(
      { kind: 'executeSql', sql: 'UPDATE t SET a = ?', params: [true] },
      {
        sqlite: [{ sql: 'UPDATE t SET a = ?', params: [1] }],
        postgresql: [{ sql: 'UPDATE t SET a = ?', params: [true] }],
        mysql: [{ sql: 'UPDATE t SET a = ?', params: [1] }],
      },
    );
  });

  it('inlines placeholders offline, but not inside strings, identifiers or comments', () => {
    const text = `UPDATE "t?" SET a = ?, b = '?' -- ?\nWHERE c = ?`;
    expectSql(
      { kind: 'executeSql', sql: text, params: ["it's", 'a\\b'] },
      {
        sqlite: [`UPDATE "t?" SET a = 'it''s', b = '?' -- ?\nWHERE c = 'a\\b'`],
        postgresql: [text],
        mysql: [`UPDATE "t?" SET a = 'it''s', b = '?' -- ?\nWHERE c = 'a\\\\b'`],
      },
      offline,
    );
    expectSql(
      { kind: 'executeSql', sql: "SELECT $1, $2, $1, $$ $1 $$, 'x$1'", params: [1, null] },
      {
        sqlite: ["SELECT $1, $2, $1, $$ $1 $$, 'x$1'"],
        postgresql: ["SELECT 1, NULL, 1, $$ $1 $$, 'x$1'"],
        mysql: ["SELECT $1, $2, $1, $$ $1 $$, 'x$1'"],
      },
      offline,
    );
  });

  it('refuses a placeholder without a parameter offline', () => {
    expectSql(
      { kind: 'executeSql', sql: 'SELECT ?, ?', params: [1] },
      {
        sqlite: fails('E_INVALID_OP', /placeholder 2 has no parameter/),
        postgresql: ['SELECT ?, ?'],
        mysql: fails('E_INVALID_OP'),
      },
      offline,
    );
  });
});

describe('bulkInsert', () => {
  const rows = [
    { id: 1, name: "O'Brien \\ \u00e9 \u{1F600}", ok: true },
    { id: 2, name: null, ok: false },
    { id: 3 },
  ];

  it('binds values with the dialect placeholders; rows with other columns get their own statement', () => {
    expectSql(
      { kind: 'bulkInsert', table: 'people', rows },
      {
        sqlite: [
          {
            sql: 'INSERT INTO "people" ("id", "name", "ok") VALUES (?, ?, ?), (?, ?, ?)',
            params: [1, rows[0]?.name, 1, 2, null, 0],
          },
          { sql: 'INSERT INTO "people" ("id") VALUES (?)', params: [3] },
        ],
        postgresql: [
          {
            sql: 'INSERT INTO "people" ("id", "name", "ok") VALUES ($1, $2, $3), ($4, $5, $6)',
            params: [1, rows[0]?.name, true, 2, null, false],
          },
          { sql: 'INSERT INTO "people" ("id") VALUES ($1)', params: [3] },
        ],
        mysql: [
          {
            sql: 'INSERT INTO `people` (`id`, `name`, `ok`) VALUES (?, ?, ?), (?, ?, ?)',
            params: [1, rows[0]?.name, 1, 2, null, 0],
          },
          { sql: 'INSERT INTO `people` (`id`) VALUES (?)', params: [3] },
        ],
      },
    );
  });

  it('inlines literals offline', () => {
    expectSql(
      { kind: 'bulkInsert', table: 'people', rows, schema: 'app' },
      {
        sqlite: [
          `INSERT INTO "app"."people" ("id", "name", "ok") VALUES (1, 'O''Brien \\ é 😀', 1), (2, NULL, 0)`,
          'INSERT INTO "app"."people" ("id") VALUES (3)',
        ],
        postgresql: [
          `INSERT INTO "app"."people" ("id", "name", "ok") VALUES (1, 'O''Brien \\ é 😀', TRUE), (2, NULL, FALSE)`,
          'INSERT INTO "app"."people" ("id") VALUES (3)',
        ],
        mysql: [
          "INSERT INTO `app`.`people` (`id`, `name`, `ok`) VALUES (1, 'O''Brien \\\\ é 😀', TRUE), (2, NULL, FALSE)",
          'INSERT INTO `app`.`people` (`id`) VALUES (3)',
        ],
      },
      offline,
    );
  });

  it('writes Dates, bytes, JSON and arrays as each dialect reads them', () => {
    const row = {
      at: new Date('2024-05-01T12:34:56.789Z'),
      data: Buffer.from([0, 255]),
      doc: { a: "it's" },
      tags: ['x', 'y "z"'],
    };
    expectSql(
      { kind: 'bulkInsert', table: 't', rows: [row] },
      {
        sqlite: [
          `INSERT INTO "t" ("at", "data", "doc", "tags") VALUES ('2024-05-01T12:34:56.789Z', X'00ff', '{"a":"it''s"}', '["x","y \\"z\\""]')`,
        ],
        postgresql: [
          `INSERT INTO "t" ("at", "data", "doc", "tags") VALUES ('2024-05-01T12:34:56.789Z', '\\x00ff'::bytea, '{"a":"it''s"}', '{"x","y \\"z\\""}')`,
        ],
        mysql: [
          `INSERT INTO \`t\` (\`at\`, \`data\`, \`doc\`, \`tags\`) VALUES ('2024-05-01 12:34:56.789000', X'00ff', '{"a":"it''s"}', '["x","y \\\\"z\\\\""]')`,
        ],
      },
      offline,
    );
  });

  it('writes a row without columns with the default values', () => {
    expectSql(
      { kind: 'bulkInsert', table: 't', rows: [{}] },
      {
        sqlite: ['INSERT INTO "t" DEFAULT VALUES'],
        postgresql: ['INSERT INTO "t" DEFAULT VALUES'],
        mysql: ['INSERT INTO `t` () VALUES ()'],
      },
    );
    expectSql(
      { kind: 'bulkInsert', table: 't', rows: [] },
      { sqlite: [], postgresql: [], mysql: [] },
    );
  });

  it('chunks so that no statement exceeds the driver parameter limit', () => {
    const many = Array.from({ length: 40_000 }, (_, i) => ({ a: i, b: `v${i}` }));
    const counts = Object.fromEntries(
      Object.entries(compilers).map(([dialect, c]) => [
        dialect,
        c
          .compile({ kind: 'bulkInsert', table: 't', rows: many }, { offline: false })
          .map((s) => s.params.length),
      ]),
    );
    expect(counts).toEqual({
      sqlite: [32766, 32766, 14468],
      postgresql: [65534, 14466],
      mysql: [65534, 14466],
    });
  });
});

describe('literals', () => {
  it('writes values of every JS kind', () => {
    const values = [
      null,
      true,
      1.5,
      -2,
      12345678901234567890n,
      "a'b\\c",
      new Date(0),
      new Uint8Array([1, 2]),
      { k: [1] },
    ];
    expect(values.map((v) => compilers.sqlite.literal(v))).toEqual([
      'NULL',
      '1',
      '1.5',
      '-2',
      '12345678901234567890',
      "'a''b\\c'",
      "'1970-01-01T00:00:00.000Z'",
      "X'0102'",
      `'{"k":[1]}'`,
    ]);
    expect(values.map((v) => compilers.postgresql.literal(v))).toEqual([
      'NULL',
      'TRUE',
      '1.5',
      '-2',
      '12345678901234567890',
      "'a''b\\c'",
      "'1970-01-01T00:00:00.000Z'",
      "'\\x0102'::bytea",
      `'{"k":[1]}'`,
    ]);
    expect(values.map((v) => compilers.mysql.literal(v))).toEqual([
      'NULL',
      'TRUE',
      '1.5',
      '-2',
      '12345678901234567890',
      "'a''b\\\\c'",
      "'1970-01-01 00:00:00.000000'",
      "X'0102'",
      `'{"k":[1]}'`,
    ]);
  });

  it('writes NaN and Infinity only on PostgreSQL', () => {
    expect([NaN, Infinity, -Infinity].map((v) => compilers.postgresql.literal(v))).toEqual([
      "'NaN'",
      "'Infinity'",
      "'-Infinity'",
    ]);
    expect(() => compilers.sqlite.literal(NaN)).toThrow(/cannot store the number NaN/);
    expect(() => compilers.mysql.literal(Infinity)).toThrow(/cannot store/);
  });
});

describe('identifiers', () => {
  it('quotes quotes, spaces, reserved words and unicode', () => {
    expectSql(
      { kind: 'dropTable', table: 'select "x" `y` é' },
      {
        sqlite: ['DROP TABLE "select ""x"" `y` é"'],
        postgresql: ['DROP TABLE "select ""x"" `y` é"'],
        mysql: ['DROP TABLE `select "x" ``y`` é`'],
      },
    );
  });

  it('refuses identifiers longer than the dialect keeps, naming them', () => {
    const long64 = 'a'.repeat(64);
    expectSql(
      { kind: 'dropTable', table: long64 },
      {
        sqlite: [`DROP TABLE "${long64}"`],
        postgresql: fails(
          'E_INVALID_OP',
          new RegExp(`identifier "${long64}" is 64 bytes long; postgresql allows at most 63`),
        ),
        mysql: [`DROP TABLE \`${long64}\``],
      },
    );
    // 32 two-byte characters: 64 bytes (too long for PostgreSQL), 32 characters (fine for MySQL).
    const wide = 'é'.repeat(32);
    expectSql(
      { kind: 'dropTable', table: wide },
      {
        sqlite: [`DROP TABLE "${wide}"`],
        postgresql: fails('E_INVALID_OP'),
        mysql: [`DROP TABLE \`${wide}\``],
      },
    );
    expectSql(
      { kind: 'dropTable', table: 'b'.repeat(65) },
      {
        sqlite: [`DROP TABLE "${'b'.repeat(65)}"`],
        postgresql: fails('E_INVALID_OP'),
        mysql: fails('E_INVALID_OP', /mysql allows at most 64/),
      },
    );
    expectSql(
      { kind: 'dropTable', table: '' },
      {
        sqlite: fails('E_INVALID_OP'),
        postgresql: fails('E_INVALID_OP'),
        mysql: fails('E_INVALID_OP'),
      },
    );
  });

  it('uses placeholders $n on PostgreSQL and ? elsewhere', () => {
    expect([
      compilers.sqlite.placeholder(3),
      compilers.postgresql.placeholder(3),
      compilers.mysql.placeholder(3),
    ]).toEqual(['?', '$3', '?']);
  });
});

describe('type tables', () => {
  const types: [ColumnType, string, string, string][] = [
    [{ kind: 'integer' }, 'INTEGER', 'integer', 'INT'],
    [{ kind: 'bigint' }, 'BIGINT', 'bigint', 'BIGINT'],
    [{ kind: 'smallint' }, 'SMALLINT', 'smallint', 'SMALLINT'],
    [{ kind: 'string', length: 20 }, 'VARCHAR(20)', 'varchar(20)', 'VARCHAR(20)'],
    [{ kind: 'string' }, 'VARCHAR', 'varchar', 'VARCHAR(255)'],
    [{ kind: 'text' }, 'TEXT', 'text', 'TEXT'],
    [{ kind: 'boolean' }, 'BOOLEAN', 'boolean', 'BOOLEAN'],
    [{ kind: 'timestamp', withTimezone: false }, 'TIMESTAMP', 'timestamp', 'DATETIME(6)'],
    [{ kind: 'timestamp', withTimezone: true }, 'TIMESTAMPTZ', 'timestamptz', 'DATETIME(6)'],
    [{ kind: 'date' }, 'DATE', 'date', 'DATE'],
    [{ kind: 'time' }, 'TIME', 'time', 'TIME(6)'],
    [
      { kind: 'numeric', precision: 10, scale: 2 },
      'NUMERIC(10,2)',
      'numeric(10,2)',
      'DECIMAL(10,2)',
    ],
    [{ kind: 'numeric', precision: 8 }, 'NUMERIC(8)', 'numeric(8)', 'DECIMAL(8)'],
    [{ kind: 'numeric' }, 'NUMERIC', 'numeric', 'DECIMAL'],
    [{ kind: 'real' }, 'REAL', 'real', 'FLOAT'],
    [{ kind: 'double' }, 'DOUBLE', 'double precision', 'DOUBLE'],
    [{ kind: 'json' }, 'JSON', 'jsonb', 'JSON'],
    [{ kind: 'uuid' }, 'UUID', 'uuid', 'CHAR(36)'],
    [{ kind: 'binary' }, 'BLOB', 'bytea', 'LONGBLOB'],
    [{ kind: 'enum', name: 'mood', values: ['a', 'b'] }, 'TEXT', '"mood"', "ENUM('a', 'b')"],
    [
      { kind: 'custom', sqlite: 'TEXT', postgresql: 'citext', mysql: 'VARCHAR(100)' },
      'TEXT',
      'citext',
      'VARCHAR(100)',
    ],
  ];

  it.each(types)('maps %j', (type, sqlite, postgresql, mysql) => {
    expect([sqliteNativeType(type), postgresNativeType(type), mysqlNativeType(type)]).toEqual([
      sqlite,
      postgresql,
      mysql,
    ]);
  });

  it('maps vectors and arrays on PostgreSQL only', () => {
    const pgOnly: [ColumnType, string][] = [
      [{ kind: 'vector', dimensions: 3 }, 'vector(3)'],
      [{ kind: 'halfvec', dimensions: 4 }, 'halfvec(4)'],
      [{ kind: 'sparsevec', dimensions: 5 }, 'sparsevec(5)'],
      [{ kind: 'array', of: { kind: 'array', of: { kind: 'integer' } } }, 'integer[][]'],
    ];
    for (const [type, native] of pgOnly) {
      expect(postgresNativeType(type)).toBe(native);
      expect(() => sqliteNativeType(type)).toThrow(/^sqlite cannot run/);
      expect(() => mysqlNativeType(type)).toThrow(/^mysql cannot run/);
    }
  });

  it('refuses a custom type without an entry for the dialect, and bad sizes', () => {
    expect(() => mysqlNativeType({ kind: 'custom', postgresql: 'citext' })).toThrow(
      /mysql cannot run custom columns: t.custom\(\) has no 'mysql' entry/,
    );
    expect(() => sqliteNativeType({ kind: 'string', length: 0 })).toThrow(/positive integer/);
    expect(() => postgresNativeType({ kind: 'numeric', scale: 2 })).toThrow(
      /scale needs a precision/,
    );
    expect(() => postgresNativeType({ kind: 'vector', dimensions: 1.5 })).toThrow(
      /positive integer/,
    );
  });
});

describe('online and offline DDL', () => {
  it('is the same text with no parameters (no database binds parameters in DDL)', () => {
    const ops = [
      {
        kind: 'addColumn',
        table: 't',
        column: {
          name: 'c',
          type: { kind: 'text' },
          nullable: false,
          default: { kind: 'literal', value: "it's" },
          comment: 'x',
        },
      },
      { kind: 'setTableComment', table: 't', comment: 'a \\ b' },
      { kind: 'createEnum', name: 'e', values: ["a'"] },
      {
        kind: 'createTable',
        table: {
          name: 't',
          columns: [
            {
              name: 'b',
              type: { kind: 'boolean' },
              nullable: false,
              default: { kind: 'literal', value: true },
            },
          ],
          indexes: [],
          uniques: [],
          foreignKeys: [],
          checks: [],
        },
      },
    ] as const;
    for (const op of ops) {
      for (const compiler of Object.values(compilers)) {
        const online = compiler.compile(op, { offline: false });
        expect(compiler.compile(op, { offline: true })).toEqual(online);
        expect(online.every((s) => s.params.length === 0)).toBe(true);
      }
    }
  });
});
