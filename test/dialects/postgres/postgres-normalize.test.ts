import { describe, expect, it } from 'vitest';
import {
  jsonbText,
  normalizeDefault,
} from '../../../src/dialects/postgres/postgres-normalize-values.js';
import { normalizePostgres } from '../../../src/dialects/postgres/postgres-normalize.js';
import type {
  ColumnModel,
  DefaultValue,
  SchemaModel,
  TableModel,
} from '../../../src/schema/model.js';
import type { ColumnType } from '../../../src/schema/types.js';

function tableOf(partial: Partial<TableModel> & { columns: TableModel['columns'] }): TableModel {
  return { name: 't', indexes: [], uniques: [], foreignKeys: [], checks: [], ...partial };
}

function schemaOf(...tables: TableModel[]): SchemaModel {
  return { tables, enums: [], extensions: [] };
}

function normalizedTable(table: TableModel): TableModel {
  const [first] = normalizePostgres(schemaOf(table)).tables;
  if (!first) throw new Error('no table');
  return first;
}

function column(name: string, type: ColumnType, extra: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, nullable: true, ...extra };
}

describe('normalizePostgres: types', () => {
  const cases: readonly (readonly [ColumnType, ColumnType])[] = [
    [
      { kind: 'custom', postgresql: 'VARCHAR(20)', sqlite: 'TEXT' },
      { kind: 'string', length: 20 },
    ],
    [{ kind: 'custom', postgresql: 'int8' }, { kind: 'bigint' }],
    [{ kind: 'custom', postgresql: 'jsonb', mysql: 'JSON' }, { kind: 'json' }],
    [
      { kind: 'custom', postgresql: 'json' },
      { kind: 'custom', postgresql: 'json' },
    ],
    [
      { kind: 'custom', postgresql: 'citext', sqlite: 'TEXT' },
      { kind: 'custom', postgresql: 'citext' },
    ],
    [
      { kind: 'numeric', precision: 10 },
      { kind: 'numeric', precision: 10, scale: 0 },
    ],
    [
      { kind: 'array', of: { kind: 'array', of: { kind: 'integer' } } },
      { kind: 'array', of: { kind: 'integer' } },
    ],
    [
      { kind: 'array', of: { kind: 'custom', postgresql: 'int4' } },
      { kind: 'array', of: { kind: 'integer' } },
    ],
  ];
  it.each(cases)('reads %j as %j', (type, expected) => {
    expect(normalizedTable(tableOf({ columns: [column('c', type)] })).columns[0]?.type).toEqual(
      expected,
    );
  });

  it('turns a serial custom type into an autoincrement integer', () => {
    const [id] = normalizedTable(
      tableOf({ columns: [column('id', { kind: 'custom', postgresql: 'bigserial' })] }),
    ).columns;
    expect(id).toEqual({
      name: 'id',
      type: { kind: 'bigint' },
      nullable: false,
      autoincrement: true,
    });
  });
});

describe('normalizePostgres: columns', () => {
  it('makes primary-key and autoincrement columns NOT NULL and drops an autoincrement default', () => {
    const table = normalizedTable(
      tableOf({
        columns: [
          column('a', { kind: 'integer' }),
          column(
            'b',
            { kind: 'integer' },
            { autoincrement: true, default: { kind: 'literal', value: 1 } },
          ),
          column('c', { kind: 'text' }),
        ],
        primaryKey: { columns: ['a'] },
      }),
    );
    expect(table.columns.map((c) => [c.name, c.nullable, c.default])).toEqual([
      ['a', false, undefined],
      ['b', false, undefined],
      ['c', true, undefined],
    ]);
  });

  it('keeps column order and drops empty comments', () => {
    const table = normalizedTable(
      tableOf({
        columns: [
          column('z', { kind: 'text' }, { comment: '' }),
          column('a', { kind: 'text' }, { comment: 'x' }),
        ],
        comment: '',
      }),
    );
    expect(table.columns).toEqual([
      column('z', { kind: 'text' }),
      column('a', { kind: 'text' }, { comment: 'x' }),
    ]);
    expect(table.comment).toBeUndefined();
  });
});

describe('normalizeDefault', () => {
  const cases: readonly (readonly [DefaultValue, ColumnType, DefaultValue | undefined])[] = [
    [
      { kind: 'sql', sql: "'abc'::character varying" },
      { kind: 'string' },
      { kind: 'literal', value: 'abc' },
    ],
    [{ kind: 'literal', value: 5 }, { kind: 'text' }, { kind: 'literal', value: '5' }],
    [{ kind: 'sql', sql: "'5'::text" }, { kind: 'text' }, { kind: 'literal', value: '5' }],
    [{ kind: 'literal', value: '42' }, { kind: 'integer' }, { kind: 'literal', value: 42 }],
    [
      { kind: 'sql', sql: '1.50' },
      { kind: 'numeric', precision: 5, scale: 2 },
      { kind: 'literal', value: 1.5 },
    ],
    [{ kind: 'literal', value: 't' }, { kind: 'boolean' }, { kind: 'literal', value: true }],
    [{ kind: 'sql', sql: 'FALSE' }, { kind: 'boolean' }, { kind: 'literal', value: false }],
    [{ kind: 'literal', value: null }, { kind: 'text' }, undefined],
    [{ kind: 'sql', sql: 'NULL' }, { kind: 'text' }, undefined],
    [
      { kind: 'sql', sql: 'now()' },
      { kind: 'timestamp', withTimezone: true },
      { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
    ],
    [
      { kind: 'sql', sql: 'current_timestamp' },
      { kind: 'timestamp', withTimezone: true },
      { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
    ],
    [{ kind: 'sql', sql: 'CURRENT_DATE' }, { kind: 'date' }, { kind: 'sql', sql: 'CURRENT_DATE' }],
    [
      { kind: 'sql', sql: 'gen_random_uuid()' },
      { kind: 'uuid' },
      { kind: 'sql', sql: 'gen_random_uuid()' },
    ],
    [{ kind: 'sql', sql: "'{}'::jsonb" }, { kind: 'json' }, { kind: 'literal', value: '{}' }],
    [
      { kind: 'literal', value: '{"b":1,"a":[1,2]}' },
      { kind: 'json' },
      { kind: 'literal', value: '{"a": [1, 2], "b": 1}' },
    ],
    [
      { kind: 'literal', value: 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11' },
      { kind: 'uuid' },
      { kind: 'literal', value: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' },
    ],
  ];
  it.each(cases)('reads %j on %j', (value, type, expected) => {
    expect(normalizeDefault(value, type, [])).toEqual(expected);
  });

  it('prints JSON as jsonb does: shorter keys first', () => {
    expect(jsonbText('{"bb":1,"a":{"y":true,"x":null}}')).toBe(
      '{"a": {"x": null, "y": true}, "bb": 1}',
    );
    expect(jsonbText('not json')).toBe('not json');
  });
});

describe('normalizePostgres: constraints and indexes', () => {
  const base = tableOf({
    name: 'posts',
    columns: [column('id', { kind: 'integer' }), column('author_id', { kind: 'integer' })],
  });

  it('drops the names PostgreSQL makes up and keeps given ones', () => {
    const table = normalizedTable({
      ...base,
      primaryKey: { name: 'posts_pkey', columns: ['id'] },
      uniques: [
        { name: 'posts_author_id_key', columns: ['author_id'] },
        { name: 'uq_posts_pair', columns: ['id', 'author_id'] },
      ],
      foreignKeys: [
        {
          name: 'posts_author_id_fkey1',
          columns: ['author_id'],
          refTable: 'users',
          refColumns: ['id'],
        },
      ],
      checks: [
        { name: 'posts_id_check', expression: 'id > 0' },
        { name: 'ck_posts_author', expression: 'author_id > 0' },
      ],
    });
    expect(table.primaryKey).toEqual({ columns: ['id'] });
    expect(table.uniques).toEqual([
      { columns: ['author_id'] },
      { name: 'uq_posts_pair', columns: ['id', 'author_id'] },
    ]);
    expect(table.foreignKeys).toEqual([
      { columns: ['author_id'], refTable: 'users', refColumns: ['id'] },
    ]);
    expect(table.checks).toEqual([
      { name: 'ck_posts_author', expression: 'author_id > 0' },
      { expression: 'id > 0' },
    ]);
  });

  it('drops FK defaults and the own schema as refSchema', () => {
    const table = normalizedTable({
      ...base,
      schema: 'app',
      foreignKeys: [
        {
          name: 'fk_a',
          columns: ['author_id'],
          refTable: 'users',
          refSchema: 'app',
          refColumns: ['id'],
          onDelete: 'no action',
          onUpdate: 'cascade',
          deferrable: false,
          initiallyDeferred: false,
        },
        {
          name: 'fk_b',
          columns: ['id'],
          refTable: 'users',
          refSchema: 'public',
          refColumns: ['id'],
        },
      ],
    });
    expect(table.schema).toBe('app');
    expect(table.foreignKeys).toEqual([
      {
        name: 'fk_a',
        columns: ['author_id'],
        refTable: 'users',
        refColumns: ['id'],
        onUpdate: 'cascade',
      },
      { name: 'fk_b', columns: ['id'], refTable: 'users', refSchema: 'public', refColumns: ['id'] },
    ]);
    expect(normalizedTable({ ...base, schema: 'public' }).schema).toBeUndefined();
  });

  it('canonicalises index parts, predicates, methods, default opclasses and with-params; sorts by name', () => {
    const table = normalizedTable({
      ...base,
      indexes: [
        {
          name: 'ix_b',
          table: 'posts',
          parts: [
            { expression: 'lower(title::text)' },
            { expression: '"author_id"', order: 'asc', opclass: 'int4_ops' },
          ],
          unique: false,
          using: 'BTREE',
          where: "(status)::text = 'live'::text",
        },
        {
          name: 'ix_a',
          table: 'posts',
          parts: [{ column: 'embedding', opclass: 'Vector_Cosine_Ops' }],
          unique: true,
          using: 'hnsw',
          with: { M: '16', ef_construction: 64 },
        },
      ],
    });
    expect(table.indexes).toEqual([
      {
        name: 'ix_a',
        table: 'posts',
        parts: [{ column: 'embedding', opclass: 'vector_cosine_ops' }],
        unique: true,
        using: 'hnsw',
        with: { ef_construction: 64, m: 16 },
      },
      {
        name: 'ix_b',
        table: 'posts',
        parts: [{ expression: 'lower(title)' }, { column: 'author_id' }],
        unique: false,
        where: "status = 'live'",
      },
    ]);
  });
});

describe('normalizePostgres: schema level', () => {
  it('sorts tables and enums, drops public, cleans extensions', () => {
    const model: SchemaModel = {
      tables: [
        tableOf({ name: 'b', columns: [] }),
        tableOf({ name: 'a', schema: 'public', columns: [] }),
      ],
      enums: [
        { name: 'z', values: ['2', '1'] },
        { name: 'a', schema: 'public', values: ['x'] },
      ],
      extensions: ['Vector', 'plpgsql', 'vector', 'citext'],
    };
    const normal = normalizePostgres(model);
    expect(normal.tables.map((t) => [t.name, t.schema])).toEqual([
      ['a', undefined],
      ['b', undefined],
    ]);
    expect(normal.enums).toEqual([
      { name: 'a', values: ['x'] },
      { name: 'z', values: ['2', '1'] },
    ]);
    expect(normal.extensions).toEqual(['citext', 'vector']);
  });

  it('is idempotent', () => {
    const model: SchemaModel = {
      tables: [
        tableOf({
          columns: [
            column(
              'c',
              { kind: 'custom', postgresql: 'varchar(3)' },
              { default: { kind: 'sql', sql: "'x'::text" } },
            ),
          ],
          checks: [{ expression: '(length(c) > 0)' }],
        }),
      ],
      enums: [],
      extensions: ['vector'],
    };
    const once = normalizePostgres(model);
    expect(normalizePostgres(once)).toEqual(once);
  });
});
