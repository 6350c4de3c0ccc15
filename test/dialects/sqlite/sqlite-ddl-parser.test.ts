import { describe, expect, it } from 'vitest';
import {
  parseCreateIndexSql,
  parseCreateTableSql,
} from '../../../src/dialects/sqlite/sqlite-ddl-parser.js';
import { parseSqliteType } from '../../../src/dialects/sqlite/sqlite-type-parser.js';
import { parseMysqlType } from '../../../src/dialects/mysql/mysql-type-parser.js';
import { inverseNativeType, splitNativeType } from '../../../src/dialects/shared/type-inverse.js';
import { sqliteTypes } from '../../../src/dialects/sqlite/sqlite-types.js';
import { mysqlTypes } from '../../../src/dialects/mysql/mysql-types.js';
import { mysqlNativeType } from '../../../src/dialects/mysql/mysql-types.js';
import { sqliteNativeType } from '../../../src/dialects/sqlite/sqlite-types.js';
import type { ColumnType } from '../../../src/schema/types.js';

describe('parseCreateTableSql', () => {
  it('reads column and table constraints with their names', () => {
    const parsed = parseCreateTableSql(`CREATE TABLE IF NOT EXISTS "t" (
      "id" INTEGER NOT NULL CONSTRAINT "pk_t" PRIMARY KEY ASC ON CONFLICT ABORT AUTOINCREMENT,
      "primary" TEXT DEFAULT ('a,b') COLLATE NOCASE CONSTRAINT uq_p UNIQUE CONSTRAINT ck_p CHECK ("primary" <> ''),
      g INT GENERATED ALWAYS AS (id * 2) STORED,
      r INT CONSTRAINT fk_r REFERENCES "other" ("x") ON DELETE SET NULL ON UPDATE NO ACTION MATCH FULL NOT DEFERRABLE,
      CONSTRAINT "uq two" UNIQUE ("primary", g),
      FOREIGN KEY (g, r) REFERENCES other DEFERRABLE INITIALLY IMMEDIATE,
      CHECK (g > 0)
    ) STRICT, WITHOUT ROWID`);
    expect(parsed).toEqual({
      autoincrementColumns: ['id'],
      primaryKey: { name: 'pk_t', columns: ['id'] },
      uniques: [
        { name: 'uq_p', columns: ['primary'] },
        { name: 'uq two', columns: ['primary', 'g'] },
      ],
      foreignKeys: [
        { name: 'fk_r', columns: ['r'], refTable: 'other', deferrable: false },
        { columns: ['g', 'r'], refTable: 'other', deferrable: true, initiallyDeferred: false },
      ],
      checks: [
        { name: 'ck_p', expression: `"primary" <> ''`, column: 'primary' },
        { expression: 'g > 0' },
      ],
      withoutRowid: true,
    });
  });

  it('reads a table-level primary key and keeps comments out', () => {
    const parsed = parseCreateTableSql(`CREATE TABLE t (a INT, -- a, (comment
      b INT, /* CONSTRAINT x CHECK (0) */ PRIMARY KEY (b DESC, a))`);
    expect(parsed.primaryKey).toEqual({ columns: ['b', 'a'] });
    expect(parsed.checks).toEqual([]);
  });
});

describe('parseCreateIndexSql', () => {
  it('reads parts, orders and the WHERE clause', () => {
    expect(
      parseCreateIndexSql(
        `CREATE UNIQUE INDEX IF NOT EXISTS "ix" ON "t" ("a" ASC, (lower("b")) DESC, c COLLATE NOCASE) WHERE a IS NOT NULL`,
      ),
    ).toEqual({
      parts: [
        { text: '"a"', order: 'asc' },
        { text: 'lower("b")', order: 'desc' },
        { text: 'c COLLATE NOCASE' },
      ],
      where: 'a IS NOT NULL',
    });
  });
});

describe('type tables read backwards', () => {
  const neutral: ColumnType[] = [
    { kind: 'integer' },
    { kind: 'bigint' },
    { kind: 'smallint' },
    { kind: 'string', length: 20 },
    { kind: 'text' },
    { kind: 'boolean' },
    { kind: 'timestamp', withTimezone: false },
    { kind: 'date' },
    { kind: 'time' },
    { kind: 'numeric', precision: 10, scale: 2 },
    { kind: 'real' },
    { kind: 'double' },
    { kind: 'json' },
    { kind: 'uuid' },
    { kind: 'binary' },
  ];

  it.each(neutral)('sqlite: %o reads back as itself', (type) => {
    expect(parseSqliteType(sqliteNativeType(type))).toEqual(type);
  });

  it('sqlite keeps the time zone apart', () => {
    expect(parseSqliteType(sqliteNativeType({ kind: 'timestamp', withTimezone: true }))).toEqual({
      kind: 'timestamp',
      withTimezone: true,
    });
  });

  it.each(neutral)('mysql: %o reads back as itself', (type) => {
    expect(parseMysqlType(mysqlNativeType(type).toLowerCase())).toEqual(type);
  });

  it('splits and inverts spellings', () => {
    expect(splitNativeType('decimal ( 10 , 2 ) unsigned')).toEqual({
      name: 'DECIMAL',
      args: [10, 2],
      suffix: 'UNSIGNED',
      text: 'DECIMAL(10,2) UNSIGNED',
    });
    expect(splitNativeType('character varying(30)')).toEqual({
      name: 'CHARACTER VARYING',
      args: [30],
      suffix: '',
      text: 'CHARACTER VARYING(30)',
    });
    expect(inverseNativeType(sqliteTypes, 'datetime')).toEqual({
      kind: 'timestamp',
      withTimezone: false,
    });
    expect(inverseNativeType(mysqlTypes, 'char(36)')).toEqual({ kind: 'uuid' });
    expect(inverseNativeType(mysqlTypes, 'geometry')).toBeUndefined();
  });
});
