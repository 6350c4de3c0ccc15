import { describe, expect, it } from 'vitest';
import { normalizeSqlite } from '../../../src/dialects/sqlite/sqlite-normalize.js';
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
function only(model: SchemaModel): TableModel {
  const [t] = normalizeSqlite(model).tables;
  if (!t) throw new Error('no table');
  return t;
}
const schema = (...tables: TableModel[]): SchemaModel => ({ tables, enums: [], extensions: [] });
const col = (
  name: string,
  type: ColumnModel['type'],
  extra: Partial<ColumnModel> = {},
): ColumnModel => ({ name, type, nullable: true, ...extra });

describe('normalizeSqlite', () => {
  it('drops schemas, comments, enum types and extensions, and sorts tables', () => {
    const model: SchemaModel = {
      tables: [
        table({
          name: 'b',
          schema: 'app',
          comment: 'x',
          columns: [col('a', { kind: 'text' }, { comment: 'c' })],
        }),
        table({ name: 'a' }),
      ],
      enums: [{ name: 'mood', values: ['a'] }],
      extensions: ['vector'],
    };
    expect(normalizeSqlite(model)).toEqual({
      tables: [table({ name: 'a' }), table({ name: 'b', columns: [col('a', { kind: 'text' })] })],
      enums: [],
      extensions: [],
    });
  });

  it('projects types through the declared spelling', () => {
    const t = only(
      schema(
        table({
          columns: [
            col('a', { kind: 'custom', sqlite: 'text', postgresql: 'citext' }),
            col('b', { kind: 'custom', sqlite: 'mediumint' }),
            col('c', { kind: 'custom', postgresql: 'citext' }),
            col('d', { kind: 'vector', dimensions: 3 }),
            col('e', { kind: 'timestamp', withTimezone: true }),
            col('id', { kind: 'bigint' }, { autoincrement: true, nullable: false }),
            col('f', { kind: 'integer' }, { autoincrement: false }),
          ],
          primaryKey: { columns: ['id'] },
        }),
      ),
    );
    expect(t.columns).toEqual([
      col('a', { kind: 'text' }),
      col('b', { kind: 'custom', sqlite: 'MEDIUMINT' }),
      col('c', { kind: 'custom', postgresql: 'citext' }),
      col('d', { kind: 'vector', dimensions: 3 }),
      col('e', { kind: 'timestamp', withTimezone: true }),
      col('id', { kind: 'integer' }, { autoincrement: true, nullable: false }),
      col('f', { kind: 'integer' }),
    ]);
  });

  it('names enums <table>_<column> and reads a text column with CHECK (col IN ...) as that enum', () => {
    const t = only(
      schema(
        table({
          columns: [
            col('mood', { kind: 'enum', name: 'mood_type', values: ['a', 'b'] }),
            col('size', { kind: 'string', length: 2 }),
            col('n', { kind: 'integer' }),
          ],
          checks: [
            { name: 'ck_size', expression: `"size" IN ('s', 'm')` },
            { expression: 'n IN (1, 2)' },
          ],
        }),
      ),
    );
    expect(t.columns.map((c) => c.type)).toEqual([
      { kind: 'enum', name: 't_mood', values: ['a', 'b'] },
      { kind: 'enum', name: 't_size', values: ['s', 'm'] },
      { kind: 'integer' },
    ]);
    expect(t.checks).toEqual([{ expression: 'n in (1, 2)' }]);
  });

  it('makes primary key columns NOT NULL', () => {
    const t = only(
      schema(
        table({
          columns: [col('k', { kind: 'text' })],
          primaryKey: { name: 'pk_t', columns: ['k'] },
        }),
      ),
    );
    expect(t.columns[0]?.nullable).toBe(false);
    expect(t.primaryKey).toEqual({ name: 'pk_t', columns: ['k'] });
  });

  it('canonicalizes defaults', () => {
    const t = only(
      schema(
        table({
          columns: [
            col('a', { kind: 'text' }, { default: { kind: 'literal', value: null } }),
            col('b', { kind: 'text' }, { default: { kind: 'sql', sql: "'x'" } }),
            col('c', { kind: 'boolean' }, { default: { kind: 'literal', value: 1 } }),
            col('d', { kind: 'boolean' }, { default: { kind: 'sql', sql: 'FALSE' } }),
            col('e', { kind: 'numeric' }, { default: { kind: 'literal', value: '1.50' } }),
            col(
              'f',
              { kind: 'timestamp', withTimezone: false },
              { default: { kind: 'sql', sql: '(CURRENT_TIMESTAMP)' } },
            ),
            col('g', { kind: 'text' }, { default: { kind: 'sql', sql: 'NULL' } }),
          ],
        }),
      ),
    );
    expect(t.columns.map((c) => c.default)).toEqual([
      undefined,
      { kind: 'literal', value: 'x' },
      { kind: 'literal', value: true },
      { kind: 'literal', value: false },
      { kind: 'literal', value: 1.5 },
      { kind: 'sql', sql: 'current_timestamp' },
      undefined,
    ]);
  });

  it('canonicalizes foreign keys, indexes and checks, and sorts them', () => {
    const t = only(
      schema(
        table({
          columns: [col('a', { kind: 'integer' }), col('b', { kind: 'integer' })],
          foreignKeys: [
            {
              name: 'fk_b',
              columns: ['b'],
              refTable: 'p',
              refSchema: 'main',
              refColumns: ['id'],
              onDelete: 'no action',
              onUpdate: 'restrict',
              initiallyDeferred: true,
            },
            { columns: ['a'], refTable: 'p', refColumns: ['id'], deferrable: false },
          ],
          indexes: [
            {
              name: 'ix_z',
              table: 't',
              parts: [{ column: 'a', order: 'asc', opclass: 'x' }],
              unique: false,
              using: 'btree',
              with: { fillfactor: 70 },
            },
            {
              name: 'ix_a',
              table: 't',
              parts: [{ expression: '(LOWER("b"))', order: 'desc' }],
              unique: true,
              where: '(a > 0)',
            },
          ],
          uniques: [{ name: 'uq_b', columns: ['b'] }, { columns: ['a'] }],
          checks: [{ name: 'ck_z', expression: '(a>0)' }, { expression: 'B < 10' }],
        }),
      ),
    );
    expect(t.foreignKeys).toEqual([
      { columns: ['a'], refTable: 'p', refColumns: ['id'] },
      {
        name: 'fk_b',
        columns: ['b'],
        refTable: 'p',
        refColumns: ['id'],
        onUpdate: 'restrict',
        deferrable: true,
        initiallyDeferred: true,
      },
    ]);
    expect(t.indexes).toEqual([
      {
        name: 'ix_a',
        table: 't',
        parts: [{ expression: 'lower(b)', order: 'desc' }],
        unique: true,
        where: 'a > 0',
      },
      { name: 'ix_z', table: 't', parts: [{ column: 'a' }], unique: false },
    ]);
    expect(t.uniques).toEqual([{ columns: ['a'] }, { name: 'uq_b', columns: ['b'] }]);
    expect(t.checks).toEqual([{ name: 'ck_z', expression: 'a > 0' }, { expression: 'b < 10' }]);
  });

  it('is idempotent and does not change its input', () => {
    const model = schema(
      table({
        columns: [col('x', { kind: 'string' }, { default: { kind: 'sql', sql: "'a'" } })],
        checks: [{ expression: "x IN ('a')" }],
      }),
    );
    const copy = structuredClone(model);
    const once = normalizeSqlite(model);
    expect(normalizeSqlite(once)).toEqual(once);
    expect(model).toEqual(copy);
  });
});
