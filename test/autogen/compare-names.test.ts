import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import { compare } from '../../src/autogen/compare.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { designSchema } from '../schema/design-example.js';
import { model, tbl } from './model-helpers.js';
import { t } from '../../src/schema/column-types.js';
import { index, unique } from '../../src/schema/table-extras.js';

/** The DESIGN models as PostgreSQL names things when a database is built by hand. */
function reflectedWithPostgresNames(schema: SchemaModel): SchemaModel {
  const rename = (table: TableModel): TableModel => ({
    ...table,
    ...(table.primaryKey
      ? { primaryKey: { ...table.primaryKey, name: `${table.name}_pkey` } }
      : {}),
    uniques: table.uniques.map((u) => ({ ...u, name: `${table.name}_${u.columns.join('_')}_key` })),
    foreignKeys: table.foreignKeys.map((f) => ({
      ...f,
      name: `${table.name}_${f.columns.join('_')}_fkey`,
    })),
    checks: table.checks.map((c, i) => ({ ...c, name: `${table.name}_check${i === 0 ? '' : i}` })),
    indexes: table.indexes.map((i) => ({
      ...i,
      name: `${table.name}_${i.parts.map((p) => ('column' in p ? p.column : 'expr')).join('_')}_idx`,
    })),
  });
  return { ...schema, tables: schema.tables.map(rename) };
}

/** The same models as SQLite reflects them: constraints without names. */
function reflectedWithoutNames(schema: SchemaModel): SchemaModel {
  const strip = <T extends { name?: string }>({ name: _n, ...rest }: T) => rest;
  return {
    ...schema,
    tables: schema.tables.map((table) => ({
      ...table,
      ...(table.primaryKey ? { primaryKey: strip(table.primaryKey) } : {}),
      uniques: table.uniques.map(strip),
      foreignKeys: table.foreignKeys.map(strip),
      checks: table.checks.map(strip),
    })),
  };
}

describe('compare matches constraints and indexes by content, not by name', () => {
  test("PostgreSQL's own names (users_email_key, users_pkey, ...) against convention names: no difference", () => {
    const reflected = reflectedWithPostgresNames(designSchema.model);
    expect(reflected.tables[0]?.uniques[0]?.name).toBe('users_email_key');
    expect(compare(reflected, designSchema.model)).toEqual({ operations: [], comments: [] });
    expect(compare(designSchema.model, reflected)).toEqual({ operations: [], comments: [] });
  });

  test('unnamed (SQLite-reflected) constraints against named ones: no difference', () => {
    expect(
      compare(reflectedWithoutNames(designSchema.model), designSchema.model).operations,
    ).toEqual([]);
  });

  test('two names for the same content are equal; the database keeps its name', () => {
    const a = model([
      tbl('u', { e: t.text() }, [unique('first_name').on('e'), index('ix_one').on('e')]),
    ]);
    const b = model([
      tbl('u', { e: t.text() }, [unique('second_name').on('e'), index('ix_two').on('e')]),
    ]);
    expect(compare(a, b).operations).toEqual([]);
  });

  test('a name wanted by another constraint is freed: drop, then add', () => {
    // The database's unique on (e) is called 'uq_x'; the models call it 'uq_e' and give 'uq_x' to (f).
    const a = model([tbl('u', { e: t.text(), f: t.text() }, [unique('uq_x').on('e')])]);
    const b = model([
      tbl('u', { e: t.text(), f: t.text() }, [unique('uq_e').on('e'), unique('uq_x').on('f')]),
    ]);
    const { operations } = compare(a, b);
    expect(operations).toEqual([
      { kind: 'dropConstraint', table: 'u', name: 'uq_x', type: 'unique' },
      {
        kind: 'addConstraint',
        table: 'u',
        constraint: { type: 'unique', name: 'uq_e', columns: ['e'] },
      },
      {
        kind: 'addConstraint',
        table: 'u',
        constraint: { type: 'unique', name: 'uq_x', columns: ['f'] },
      },
    ]);
    expect(compare(applyOperations(a, operations), b).operations).toEqual([]);
  });

  test('index names are per schema: a kept index gives up a name another table wants', () => {
    const a = model([
      tbl('u', { e: t.text() }, [index('ix_shared').on('e')]),
      tbl('v', { e: t.text() }),
    ]);
    const b = model([
      tbl('u', { e: t.text() }, [index('ix_u_e').on('e')]),
      tbl('v', { e: t.text() }, [index('ix_shared').on('e')]),
    ]);
    const { operations } = compare(a, b);
    expect(operations.map((o) => o.kind)).toEqual(['dropIndex', 'createIndex', 'createIndex']);
    expect(compare(applyOperations(a, operations), b).operations).toEqual([]);
  });
});
