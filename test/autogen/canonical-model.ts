import { canonicalJson } from '../../src/autogen/compare/compare-context.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import type { ColumnType } from '../../src/schema/types.js';

function stripEnumValues(type: ColumnType): ColumnType {
  if (type.kind === 'enum') return { kind: 'enum', name: type.name, values: [] };
  if (type.kind === 'array') return { kind: 'array', of: stripEnumValues(type.of) };
  return type;
}

const sortByJson = <T>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));

function dropName<T extends { name?: string }>(item: T): Omit<T, 'name'> {
  const { name: _name, ...rest } = item;
  return rest;
}

function canonicalTable(table: TableModel): unknown {
  return {
    name: table.name,
    schema: table.schema,
    comment: table.comment,
    columns: [...table.columns]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({ ...c, type: stripEnumValues(c.type) })),
    primaryKey: table.primaryKey?.columns,
    indexes: sortByJson(
      table.indexes
        .map(dropName)
        .map((i) => (i.using === 'btree' ? { ...i, using: undefined } : i)),
    ),
    uniques: sortByJson(table.uniques.map(dropName)),
    foreignKeys: sortByJson(table.foreignKeys.map(dropName)),
    checks: sortByJson(table.checks.map(dropName)),
  };
}

/**
 * A model in a form where what compare ignores does not show: order of tables, columns and
 * constraints, constraint and index names, enum values copied into column types.
 */
export function canonicalModel(
  model: SchemaModel,
  options: { enumValues?: boolean } = {},
): unknown {
  return JSON.parse(
    canonicalJson({
      tables: [...model.tables].sort((a, b) => a.name.localeCompare(b.name)).map(canonicalTable),
      enums: [...model.enums]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((e) => (options.enumValues === false ? { name: e.name } : e)),
      extensions: [...model.extensions].sort(),
    }),
  );
}
