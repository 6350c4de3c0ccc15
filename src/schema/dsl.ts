/**
 * The model DSL (DESIGN §4) in one import: column types `t`, `table`, table extras (`index`,
 * `unique`, `check`, `foreignKey`, `primaryKey`), `defineSchema`, row-type inference, and the
 * helpers the `op` facade builds operations with.
 *
 * @example
 * import { defineSchema, table, t, index, unique, check } from './dsl.js';
 * export const users = table('users', { id: t.integer().primaryKey().autoincrement(), email: t.string(255).notNull().unique() });
 * export default defineSchema({ users });
 */
export {
  createColumnBuilder,
  isColumnBuilder,
  isColumnRef,
  toColumnType,
  toDefaultValue,
  type AnyColumnBuilder,
  type ColumnBuilder,
  type ColumnRef,
  type ColumnReference,
  type ColumnSpec,
  type DefaultInput,
  type ReferenceOptions,
  type ReferenceTarget,
} from './column-builder.js';
export { t, type CustomTypeSpec } from './column-types.js';
export {
  check,
  foreignKey,
  index,
  isTableExtra,
  primaryKey,
  unique,
  type CheckBuilder,
  type ColumnTarget,
  type ForeignKeyBuilder,
  type ForeignKeyTarget,
  type IndexBuilder,
  type IndexTarget,
  type PrimaryKeyBuilder,
  type TableExtra,
  type UniqueBuilder,
} from './table-extras.js';
export {
  isTable,
  table,
  tableDefinition,
  type AnyTable,
  type ColumnRefs,
  type Table,
  type TableOptions,
} from './table.js';
export { buildColumn, type NamedConstraint } from './build-column.js';
export { buildIndexModel } from './build-index.js';
export { buildTableModel, type BuildTableOptions } from './build-table.js';
export {
  defineSchema,
  isSchema,
  toSchemaModel,
  type DefineSchemaOptions,
  type Schema,
} from './schema.js';
export {
  constraintName,
  defaultNamingConvention,
  defineNamingConvention,
  type NameParts,
  type NameTemplate,
  type NamingConvention,
} from './naming.js';
export type {
  Generated,
  InferColumn,
  InferDB,
  InferInsert,
  InferRow,
  InferTable,
  KyselyColumnType,
} from './infer.js';
export { sqlText } from './sql-text.js';
