import type { ColumnBuilder } from '../../src/schema/column-builder.js';
import { buildTableModel } from '../../src/schema/build-table.js';
import type { EnumModel, SchemaModel, TableModel } from '../../src/schema/model.js';
import type { TableExtra } from '../../src/schema/table-extras.js';

/** A TableModel from the DSL, for tests. */
export function tbl(
  name: string,
  columns: Readonly<Record<string, ColumnBuilder>>,
  extras: readonly TableExtra[] = [],
  options: { schema?: string; comment?: string } = {},
): TableModel {
  return buildTableModel(name, columns, extras, options);
}

/** A SchemaModel from tables (and enums / extensions). */
export function model(
  tables: readonly TableModel[],
  more: { enums?: EnumModel[]; extensions?: string[] } = {},
): SchemaModel {
  return { tables, enums: more.enums ?? [], extensions: more.extensions ?? [] };
}

/** Replaces one table of a model (by name) through a function. */
export function withTable(
  schema: SchemaModel,
  name: string,
  change: (t: TableModel) => TableModel,
): SchemaModel {
  return { ...schema, tables: schema.tables.map((t) => (t.name === name ? change(t) : t)) };
}
