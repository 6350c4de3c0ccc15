import type { ColumnModel, IndexModel, SchemaModel, TableModel } from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import {
  checkKey,
  enumName,
  enumsFromChecks,
  foreignKeyKey,
  indexKey,
  normalizeCheck,
  normalizeDefault,
  normalizeForeignKey,
  normalizeIndexPart,
  sortedBy,
  uniqueKey,
  withoutPrimaryKeyUniques,
} from '../shared/normalize-common.js';
import { canonicalExpression, type CanonicalOptions } from '../shared/sql-expression.js';
import { splitNativeType } from '../shared/type-inverse.js';
import { renderNativeType } from '../shared/type-spec.js';
import { parseSqliteType } from './sqlite-type-parser.js';
import { sqliteTypes } from './sqlite-types.js';

const expressionStyle: CanonicalOptions = { quote: '"' };
const integerKinds: ReadonlySet<ColumnType['kind']> = new Set(['integer', 'bigint', 'smallint']);

/**
 * Projects a model onto what SQLite can hold and reflect, so a model and the database built from
 * it compare equal: `normalizeSqlite(m)` deep-equals `normalizeSqlite(reflectSqlite(apply(m)))`.
 *
 * - no schemas, comments, named enum types or extensions (SQLite has none of them);
 * - each column type is rendered with the compiler's type table and read back, so two neutral
 *   types SQLite spells alike compare alike; `t.custom({ sqlite })` is read like a declared type;
 * - enums are named `<table>_<column>` (SQLite keeps no name) and a text column with a
 *   `CHECK (col IN ('a', ...))` is that enum;
 * - an autoincrement key is `integer` (SQLite declares it INTEGER whatever its neutral kind);
 * - the primary key of an autoincrement column has no name (see isAutoincrementKey);
 * - primary-key columns are NOT NULL (SQLite lets some be NULL only for backwards compatibility:
 *   https://www.sqlite.org/lang_createtable.html#the_primary_key);
 * - defaults: `DEFAULT NULL` is no default, a constant SQL default is a literal, 1/0 on a boolean
 *   column are true/false, numeric text on a numeric column is a number, expressions canonical;
 * - foreign keys: `NO ACTION` left out, DEFERRABLE kept only as SQLite writes it back;
 * - CHECK, index expressions and WHERE clauses in canonical form; index order `asc` left out,
 *   access methods, operator classes and storage parameters dropped;
 * - tables, indexes, uniques, foreign keys and checks sorted; `autoincrement: false` left out.
 *
 * @example
 * normalizeSqlite({ tables: [users], enums: [], extensions: ['vector'] }).extensions; // []
 */
export function normalizeSqlite(model: SchemaModel): SchemaModel {
  return {
    tables: sortedBy(model.tables.map(normalizeTable), (t) => t.name),
    enums: [],
    extensions: [],
  };
}

function normalizeTable(table: TableModel): TableModel {
  const { columns, checks } = enumsFromChecks(
    { ...table, columns: table.columns.map(projectType) },
    expressionStyle,
  );
  const pk = table.primaryKey && table.primaryKey.columns.length > 0 ? table.primaryKey : undefined;
  const pkColumns = new Set(pk?.columns ?? []);
  return {
    name: table.name,
    columns: columns.map((c) => normalizeColumn(table.name, c, pkColumns.has(c.name))),
    ...(pk
      ? {
          primaryKey: {
            ...(pk.name !== undefined && !isAutoincrementKey(table) ? { name: pk.name } : {}),
            columns: [...pk.columns],
          },
        }
      : {}),
    indexes: sortedBy(
      table.indexes.map((i) => normalizeIndex(table.name, i)),
      indexKey,
    ),
    uniques: sortedBy(
      withoutPrimaryKeyUniques(table.uniques, pk).map((u) => ({
        ...(u.name !== undefined ? { name: u.name } : {}),
        columns: [...u.columns],
      })),
      uniqueKey,
    ),
    foreignKeys: sortedBy(
      table.foreignKeys.map((fk) =>
        normalizeForeignKey(fk, {
          restrictIsDefault: false,
          deferrable: true,
          keepRefSchema: false,
        }),
      ),
      foreignKeyKey,
    ),
    checks: sortedBy(
      checks.map((c) => normalizeCheck(c, expressionStyle)),
      checkKey,
    ),
  };
}

/**
 * Whether the table's key is an INTEGER PRIMARY KEY AUTOINCREMENT. That key lives in the column
 * definition: no copy-and-move can drop it and add it back without losing AUTOINCREMENT, and
 * SQLite's constraint names share no namespace, so its name is left out. Otherwise a name
 * another constraint wants would make compare move the key aside (drop + add) for nothing.
 */
function isAutoincrementKey(table: TableModel): boolean {
  const columns = table.primaryKey?.columns ?? [];
  return (
    columns.length === 1 &&
    table.columns.some((c) => c.name === columns[0] && c.autoincrement === true)
  );
}

function normalizeColumn(table: string, column: ColumnModel, inPrimaryKey: boolean): ColumnModel {
  const type: ColumnType =
    column.type.kind === 'enum'
      ? { ...column.type, name: enumName(table, column.name) }
      : column.autoincrement && integerKinds.has(column.type.kind)
        ? { kind: 'integer' } // AUTOINCREMENT exists only on INTEGER PRIMARY KEY: https://www.sqlite.org/autoinc.html
        : column.type;
  const value = normalizeDefault(column.default, type, expressionStyle);
  return {
    name: column.name,
    type,
    nullable: inPrimaryKey ? false : column.nullable,
    ...(value !== undefined ? { default: value } : {}),
    ...(column.autoincrement ? { autoincrement: true } : {}),
  };
}

/** The type as SQLite will declare it, read back: what reflection will report. */
function projectType(column: ColumnModel): ColumnModel {
  const type = column.type;
  if (type.kind === 'enum') return column;
  if (type.kind === 'custom') {
    if (type.sqlite === undefined) return column;
    const parsed = parseSqliteType(type.sqlite);
    // Unknown spellings compare case- and space-insensitively, as SQLite reads them.
    return {
      ...column,
      type:
        parsed.kind === 'custom'
          ? { kind: 'custom', sqlite: splitNativeType(type.sqlite).text }
          : parsed,
    };
  }
  try {
    const declared = renderNativeType(sqliteTypes, type, {
      dialect: 'sqlite',
      quoteIdentifier: (n) => `"${n}"`,
      literal: String,
    });
    return { ...column, type: parseSqliteType(declared) };
  } catch {
    // Kinds SQLite cannot declare (vector, array) stay as they are: compiling them is the error.
    return column;
  }
}

function normalizeIndex(table: string, index: IndexModel): IndexModel {
  return {
    name: index.name,
    table: index.table || table,
    parts: index.parts.map((p) => normalizeIndexPart(p, expressionStyle)),
    unique: index.unique,
    ...(index.where !== undefined
      ? { where: canonicalExpression(index.where, expressionStyle) }
      : {}),
  };
}
