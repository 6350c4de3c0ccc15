import type {
  ColumnModel,
  DefaultValue,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import {
  checkKey,
  enumName,
  foreignKeyKey,
  indexKey,
  normalizeCheck,
  normalizeDefault,
  normalizeForeignKey,
  normalizeIndexPart,
  sortedBy,
  uniqueKey,
} from '../shared/normalize-common.js';
import { renderNativeType } from '../shared/type-spec.js';
import { mysqlExpressionStyle } from './mysql-expression.js';
import { parseMysqlType } from './mysql-type-parser.js';
import { mysqlTypes } from './mysql-types.js';

/**
 * Projects a model onto what MySQL/MariaDB can hold and reflect, so a model and the database
 * built from it compare equal: `normalizeMysql(m)` deep-equals `normalizeMysql(reflectMysql(apply(m)))`.
 *
 * - no schemas (tables live in the URL's database), named enum types or extensions;
 * - each column type is rendered with the compiler's type table and read back: timestamps lose
 *   `withTimezone` (DATETIME(6) either way), a string without length is VARCHAR(255), uuid is
 *   CHAR(36), numeric without precision DECIMAL(10,0); `t.custom({ mysql })` is read like a column type;
 * - enums are named `<table>_<column>` (MySQL enums are inline and nameless);
 * - primary-key columns are NOT NULL (MySQL makes them so) and the key has no name (always PRIMARY);
 * - defaults: `DEFAULT NULL` is no default, a constant SQL default is a literal, 1/0 on a boolean
 *   column are true/false, numbers on numeric columns and text on text columns as MySQL stores
 *   them, trailing zero fractions of DATETIME(6)/TIME(6) literals dropped, expressions canonical
 *   (MariaDB's `current_timestamp(6)` is `CURRENT_TIMESTAMP`, `octet_length` is `length`);
 * - a unique index on plain columns is a unique constraint (MySQL makes no difference);
 * - the index InnoDB creates by itself for a foreign key (named after the key or its first
 *   column, on exactly its columns) is left out, as is `USING BTREE`/`HASH` (InnoDB builds
 *   B-trees either way) and operator classes, storage parameters and `asc`;
 * - foreign keys: RESTRICT and NO ACTION are InnoDB's one default and are left out; no DEFERRABLE;
 *   https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-referential-actions
 * - empty comments left out; everything sorted; `autoincrement: false` left out.
 *
 * @example
 * normalizeMysql({ tables: [users], enums: [{ name: 'mood', values: ['a'] }], extensions: [] }).enums; // []
 */
export function normalizeMysql(model: SchemaModel): SchemaModel {
  return {
    tables: sortedBy(model.tables.map(normalizeTable), (t) => t.name),
    enums: [],
    extensions: [],
  };
}

function normalizeTable(table: TableModel): TableModel {
  const pkColumns = new Set(table.primaryKey?.columns ?? []);
  const foreignKeys = table.foreignKeys.map((fk) =>
    normalizeForeignKey(fk, { restrictIsDefault: true, deferrable: false, keepRefSchema: false }),
  );
  const uniqueIndexes = table.indexes.filter(isUniqueConstraint);
  const indexes = table.indexes.filter(
    (i) => !isUniqueConstraint(i) && !isForeignKeyIndex(i, foreignKeys),
  );
  const uniques: UniqueConstraintModel[] = [
    ...table.uniques.map((u) => ({
      ...(u.name !== undefined ? { name: u.name } : {}),
      columns: [...u.columns],
    })),
    ...uniqueIndexes.map((i) => ({
      name: i.name,
      columns: i.parts.map((p) => ('column' in p ? p.column : '')),
    })),
  ];
  return {
    name: table.name,
    columns: table.columns.map((c) => normalizeColumn(table.name, c, pkColumns.has(c.name))),
    ...(pkColumns.size > 0
      ? { primaryKey: { columns: [...(table.primaryKey?.columns ?? [])] } }
      : {}),
    indexes: sortedBy(
      indexes.map((i) => normalizeIndex(table.name, i)),
      indexKey,
    ),
    uniques: sortedBy(uniques, uniqueKey),
    foreignKeys: sortedBy(foreignKeys, foreignKeyKey),
    checks: sortedBy(
      table.checks.map((c) => normalizeCheck(c, mysqlExpressionStyle)),
      checkKey,
    ),
    ...(table.comment ? { comment: table.comment } : {}),
  };
}

/** MySQL keeps a unique index on plain ascending columns exactly as it keeps a UNIQUE constraint. */
function isUniqueConstraint(index: IndexModel): boolean {
  const method = index.using?.toLowerCase();
  return (
    index.unique &&
    index.where === undefined &&
    (method === undefined || method === 'btree' || method === 'hash') &&
    index.parts.every((p) => 'column' in p && p.order !== 'desc')
  );
}

/**
 * InnoDB indexes a foreign key's columns itself when no index starts with them, naming that
 * index after the constraint (or its first column when unnamed), and drops it again when a
 * better one is created. https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
 */
function isForeignKeyIndex(index: IndexModel, foreignKeys: readonly ForeignKeyModel[]): boolean {
  if (index.unique || index.where !== undefined) return false;
  const columns = index.parts.map((p) =>
    'column' in p && p.order !== 'desc' ? p.column : undefined,
  );
  return foreignKeys.some(
    (fk) =>
      (index.name === fk.name || index.name === fk.columns[0]) &&
      fk.columns.length === columns.length &&
      fk.columns.every((c, i) => c.toLowerCase() === columns[i]?.toLowerCase()),
  );
}

function normalizeColumn(table: string, column: ColumnModel, inPrimaryKey: boolean): ColumnModel {
  const type = projectType(table, column);
  const value = mysqlDefault(normalizeDefault(column.default, type, mysqlExpressionStyle), type);
  return {
    name: column.name,
    type,
    nullable: inPrimaryKey ? false : column.nullable,
    ...(value !== undefined ? { default: value } : {}),
    ...(column.autoincrement ? { autoincrement: true } : {}),
    ...(column.comment ? { comment: column.comment } : {}),
  };
}

/** The type as MySQL will declare it, read back: what reflection will report. */
function projectType(table: string, column: ColumnModel): ColumnType {
  const type = declaredType(table, column);
  // DECIMAL is DECIMAL(10,0) and DECIMAL(p) is DECIMAL(p,0): https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html
  if (type.kind === 'numeric')
    return { kind: 'numeric', precision: type.precision ?? 10, scale: type.scale ?? 0 };
  return type;
}

function declaredType(table: string, column: ColumnModel): ColumnType {
  const type = column.type;
  if (type.kind === 'enum')
    return { kind: 'enum', name: enumName(table, column.name), values: [...type.values] };
  if (type.kind === 'custom')
    return type.mysql === undefined
      ? type
      : parseMysqlType(type.mysql, enumName(table, column.name));
  try {
    const native = renderNativeType(mysqlTypes, type, {
      dialect: 'mysql',
      quoteIdentifier: (n) => `\`${n}\``,
      literal: String,
    });
    return parseMysqlType(native, enumName(table, column.name));
  } catch {
    // Kinds MySQL cannot declare (vector, array) stay as they are: compiling them is the error.
    return type;
  }
}

const textKinds: ReadonlySet<ColumnType['kind']> = new Set([
  'string',
  'text',
  'enum',
  'uuid',
  'json',
]);

/** MySQL casts a DEFAULT to the column's type and reports the stored text. */
function mysqlDefault(value: DefaultValue | undefined, type: ColumnType): DefaultValue | undefined {
  if (value?.kind !== 'literal' || value.value === null) return value;
  const v = value.value;
  if (textKinds.has(type.kind) && typeof v !== 'string') {
    return { kind: 'literal', value: typeof v === 'boolean' ? (v ? '1' : '0') : String(v) };
  }
  if ((type.kind === 'timestamp' || type.kind === 'time') && typeof v === 'string') {
    return { kind: 'literal', value: v.replace(/\.0*$/, '') };
  }
  return value;
}

function normalizeIndex(table: string, index: IndexModel): IndexModel {
  const method = index.using?.toLowerCase();
  return {
    name: index.name,
    table: index.table || table,
    parts: index.parts.map((p) => normalizeIndexPart(p, mysqlExpressionStyle)),
    unique: index.unique,
    ...(index.where !== undefined ? { where: index.where } : {}),
    ...(method !== undefined && method !== 'btree' && method !== 'hash' ? { using: method } : {}),
  };
}
