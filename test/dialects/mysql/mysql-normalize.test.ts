import { describe, expect, it } from 'vitest';
import { normalizeMysql } from '../../../src/dialects/mysql/mysql-normalize.js';
import type { ColumnModel, SchemaModel, TableModel } from '../../../src/schema/model.js';

function table(extra: Partial<TableModel>): TableModel {
  return {
    name: 't',
    columns: [],
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
    ...extra,
  };
}
function only(...tables: TableModel[]): TableModel {
  const [t] = normalizeMysql({ tables, enums: [], extensions: [] }).tables;
  if (!t) throw new Error('no table');
  return t;
}
const col = (
  name: string,
  type: ColumnModel['type'],
  extra: Partial<ColumnModel> = {},
): ColumnModel => ({ name, type, nullable: true, ...extra });

describe('normalizeMysql', () => {
  it('drops schemas, enum types and extensions; keeps comments; sorts tables', () => {
    const model: SchemaModel = {
      tables: [
        table({
          name: 'b',
          schema: 'app',
          comment: 'x',
          columns: [col('a', { kind: 'text' }, { comment: 'c' })],
        }),
        table({ name: 'a', comment: '' }),
      ],
      enums: [{ name: 'mood', values: ['a'] }],
      extensions: ['vector'],
    };
    expect(normalizeMysql(model)).toEqual({
      tables: [
        table({ name: 'a' }),
        table({ name: 'b', comment: 'x', columns: [col('a', { kind: 'text' }, { comment: 'c' })] }),
      ],
      enums: [],
      extensions: [],
    });
  });

  it('projects types as MySQL declares them', () => {
    const t = only(
      table({
        columns: [
          col('a', { kind: 'timestamp', withTimezone: true }),
          col('b', { kind: 'string' }),
          col('c', { kind: 'numeric' }),
          col('d', { kind: 'numeric', precision: 8 }),
          col('e', { kind: 'uuid' }),
          col('f', { kind: 'enum', name: 'mood', values: ['x'] }),
          col('g', { kind: 'custom', mysql: 'INT(10) UNSIGNED' }),
          col('h', { kind: 'custom', mysql: 'VARCHAR(12)' }),
          col('i', { kind: 'custom', mysql: 'LONGTEXT' }),
          col('j', { kind: 'array', of: { kind: 'integer' } }),
        ],
      }),
    );
    expect(t.columns.map((c) => c.type)).toEqual([
      { kind: 'timestamp', withTimezone: false },
      { kind: 'string', length: 255 },
      { kind: 'numeric', precision: 10, scale: 0 },
      { kind: 'numeric', precision: 8, scale: 0 },
      { kind: 'uuid' },
      { kind: 'enum', name: 't_f', values: ['x'] },
      { kind: 'custom', mysql: 'int unsigned' },
      { kind: 'string', length: 12 },
      { kind: 'text' },
      { kind: 'array', of: { kind: 'integer' } },
    ]);
  });

  it('drops the primary key name and makes its columns NOT NULL', () => {
    const t = only(
      table({
        columns: [col('id', { kind: 'integer' })],
        primaryKey: { name: 'pk_t', columns: ['id'] },
      }),
    );
    expect(t.primaryKey).toEqual({ columns: ['id'] });
    expect(t.columns[0]?.nullable).toBe(false);
  });

  it('canonicalizes defaults as MySQL stores them', () => {
    const t = only(
      table({
        columns: [
          col('a', { kind: 'boolean' }, { default: { kind: 'literal', value: 1 } }),
          col('b', { kind: 'string', length: 5 }, { default: { kind: 'literal', value: 0 } }),
          col('c', { kind: 'string', length: 5 }, { default: { kind: 'literal', value: true } }),
          col(
            'd',
            { kind: 'timestamp', withTimezone: false },
            { default: { kind: 'literal', value: '2020-01-01 00:00:00.000000' } },
          ),
          col(
            'e',
            { kind: 'timestamp', withTimezone: false },
            { default: { kind: 'sql', sql: 'current_timestamp(6)' } },
          ),
          col(
            'f',
            { kind: 'timestamp', withTimezone: false },
            { default: { kind: 'sql', sql: 'NOW()' } },
          ),
          col('g', { kind: 'date' }, { default: { kind: 'sql', sql: 'curdate()' } }),
          col(
            'h',
            { kind: 'numeric', precision: 6, scale: 2 },
            { default: { kind: 'literal', value: '3.10' } },
          ),
          col('i', { kind: 'text' }, { default: { kind: 'literal', value: null } }),
        ],
      }),
    );
    expect(t.columns.map((c) => c.default)).toEqual([
      { kind: 'literal', value: true },
      { kind: 'literal', value: '0' },
      { kind: 'literal', value: '1' },
      { kind: 'literal', value: '2020-01-01 00:00:00' },
      { kind: 'sql', sql: 'current_timestamp' },
      { kind: 'sql', sql: 'current_timestamp' },
      { kind: 'sql', sql: 'current_date' },
      { kind: 'literal', value: 3.1 },
      undefined,
    ]);
  });

  it('turns plain unique indexes into unique constraints and hides InnoDB foreign-key indexes', () => {
    const t = only(
      table({
        columns: [
          col('a', { kind: 'integer' }),
          col('b', { kind: 'integer' }),
          col('c', { kind: 'text' }),
        ],
        indexes: [
          { name: 'ux_a', table: 't', parts: [{ column: 'a' }], unique: true, using: 'BTREE' },
          { name: 'ux_desc', table: 't', parts: [{ column: 'b', order: 'desc' }], unique: true },
          { name: 'fk_t_b', table: 't', parts: [{ column: 'b' }], unique: false },
          { name: 'a', table: 't', parts: [{ column: 'a' }], unique: false },
          {
            name: 'ix_b',
            table: 't',
            parts: [{ column: 'b', order: 'asc' }],
            unique: false,
            using: 'hash',
          },
          { name: 'ft_c', table: 't', parts: [{ column: 'c' }], unique: false, using: 'FULLTEXT' },
        ],
        uniques: [{ name: 'uq_b', columns: ['b'] }],
        foreignKeys: [
          {
            name: 'fk_t_b',
            columns: ['b'],
            refTable: 'p',
            refColumns: ['id'],
            onDelete: 'restrict',
            onUpdate: 'no action',
            deferrable: true,
          },
          {
            columns: ['a'],
            refTable: 'p',
            refColumns: ['id'],
            refSchema: 'other',
            onDelete: 'cascade',
          },
        ],
      }),
    );
    expect(t.uniques).toEqual([
      { name: 'ux_a', columns: ['a'] },
      { name: 'uq_b', columns: ['b'] },
    ]);
    expect(t.indexes).toEqual([
      { name: 'ft_c', table: 't', parts: [{ column: 'c' }], unique: false, using: 'fulltext' },
      { name: 'ix_b', table: 't', parts: [{ column: 'b' }], unique: false },
      { name: 'ux_desc', table: 't', parts: [{ column: 'b', order: 'desc' }], unique: true },
    ]);
    expect(t.foreignKeys).toEqual([
      { columns: ['a'], refTable: 'p', refColumns: ['id'], onDelete: 'cascade' },
      { name: 'fk_t_b', columns: ['b'], refTable: 'p', refColumns: ['id'] },
    ]);
  });

  it("canonicalizes checks in MariaDB's spelling", () => {
    const written = only(
      table({ checks: [{ name: 'ck', expression: "LENGTH(b) > 2 AND b != 'x'" }] }),
    );
    const reported = only(
      table({ checks: [{ name: 'ck', expression: "octet_length(`b`) > 2 and `b` <> 'x'" }] }),
    );
    expect(written.checks).toEqual(reported.checks);
  });

  it('is idempotent', () => {
    const model: SchemaModel = {
      tables: [
        table({
          columns: [col('x', { kind: 'numeric' }, { default: { kind: 'sql', sql: "'1'" } })],
          indexes: [{ name: 'u', table: 't', parts: [{ column: 'x' }], unique: true }],
        }),
      ],
      enums: [],
      extensions: [],
    };
    const once = normalizeMysql(model);
    expect(normalizeMysql(once)).toEqual(once);
  });
});
