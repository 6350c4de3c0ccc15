import type { Connection } from '../../drivers/driver.js';
import { AthanorError } from '../../errors.js';
import type {
  CheckConstraintModel,
  ColumnModel,
  DefaultValue,
  ForeignKeyModel,
  IndexModel,
  IndexPart,
  ReferentialAction,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import type { ReflectOptions } from '../dialect.js';
import { enumName } from '../shared/normalize-common.js';
import { canonicalExpression, readDefaultExpression } from '../shared/sql-expression.js';
import { mysqlExpressionStyle, mysqlTokenizeOptions } from './mysql-expression.js';
import { parseMysqlType } from './mysql-type-parser.js';

interface ServerRow {
  readonly version: string;
  readonly db: string | null;
  readonly has_expression: number;
}
interface TableRow {
  readonly tbl: string;
  readonly comment: string;
}
interface ColumnRow {
  readonly tbl: string;
  readonly name: string;
  readonly column_default: string | null;
  readonly is_nullable: string;
  readonly column_type: string;
  readonly extra: string;
  readonly comment: string;
}
interface IndexRow {
  readonly tbl: string;
  readonly idx: string;
  readonly non_unique: number | string;
  readonly col: string | null;
  readonly collation: string | null;
  readonly index_type: string;
  readonly expr: string | null;
}
interface ForeignKeyRow {
  readonly tbl: string;
  readonly name: string;
  readonly col: string;
  readonly ref_schema: string;
  readonly ref_table: string;
  readonly ref_col: string;
  readonly on_update: string;
  readonly on_delete: string;
}
interface CheckRow {
  readonly tbl: string;
  readonly name: string;
  readonly clause: string;
}

/** The catalog rows of one database, as the bulk queries return them. */
interface Catalog {
  readonly schema: string;
  readonly mariadb: boolean;
  readonly columns: readonly ColumnRow[];
  readonly indexes: readonly IndexRow[];
  readonly foreignKeys: readonly ForeignKeyRow[];
  readonly checks: readonly CheckRow[];
}

/**
 * Reads a MySQL/MariaDB database (the connection's, or `options.schema`) into the neutral model
 * with six information_schema queries, whatever the number of tables
 * (https://mariadb.com/kb/en/information-schema-tables/).
 *
 * - MariaDB reports a literal default quoted (`'abc'`) and an expression bare
 *   (`current_timestamp()`), and `NULL` for DEFAULT NULL; MySQL 8 reports literals bare and marks
 *   expressions DEFAULT_GENERATED. Both are read into literal vs sql defaults.
 * - JSON on MariaDB is LONGTEXT with a `json_valid(col)` CHECK: read as json, CHECK hidden.
 * - Enums are inline: named `<table>_<column>` (normalize ignores enum names on MySQL).
 * - A unique index on plain columns is a unique constraint (MySQL makes no difference between
 *   the two); expression, FULLTEXT and SPATIAL indexes stay indexes. PRIMARY is the primary key,
 *   which has no other name. Prefix lengths (`col(10)`) are not part of the model.
 * - Generated columns are skipped (the model has no place for their expression).
 *
 * @example
 * const schema = await reflectMysql(conn, { excludeTables: ['athanor_version', 'athanor_version_log'] });
 */
export async function reflectMysql(
  conn: Connection,
  options: ReflectOptions = {},
): Promise<SchemaModel> {
  const [server] = await conn.query<ServerRow>(
    `SELECT VERSION() AS version, DATABASE() AS db,
      (SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'information_schema'
        AND TABLE_NAME = 'STATISTICS' AND COLUMN_NAME = 'EXPRESSION') AS has_expression`,
  );
  const schema = options.schema ?? server?.db ?? undefined;
  if (!schema) {
    throw new AthanorError(
      'E_REFLECT',
      `mysql: no database to reflect on ${conn.description}: put one in the URL (mysql://host/db)`,
    );
  }
  const mariadb = /mariadb/i.test(server?.version ?? '');
  const tables = (await conn.query<TableRow>(tablesSql, [schema])).filter((t) =>
    wanted(t.tbl, options),
  );
  const [columns, indexes, foreignKeys, checks] = await Promise.all([
    conn.query<ColumnRow>(columnsSql, [schema]),
    conn.query<IndexRow>(indexesSql(Number(server?.has_expression) > 0), [schema]),
    conn.query<ForeignKeyRow>(foreignKeysSql, [schema]),
    conn.query<CheckRow>(mariadb ? mariadbChecksSql : mysqlChecksSql, [schema]),
  ]);
  const catalog: Catalog = { schema, mariadb, columns, indexes, foreignKeys, checks };
  const models = tables.map((t) => tableModel(t, catalog, options.schema));
  return {
    tables: models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    enums: [],
    extensions: [],
  };
}

function wanted(name: string, options: ReflectOptions): boolean {
  if (options.excludeTables?.includes(name)) return false;
  if (options.onlyTables && !options.onlyTables.includes(name)) return false;
  return options.includeTable ? options.includeTable(name) : true;
}

const tablesSql = `SELECT TABLE_NAME AS tbl, TABLE_COMMENT AS comment FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'`;

const columnsSql = `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_DEFAULT AS column_default,
  IS_NULLABLE AS is_nullable, COLUMN_TYPE AS column_type, EXTRA AS extra, COLUMN_COMMENT AS comment
  FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION`;

/** STATISTICS.EXPRESSION exists on MySQL 8.0.13+ (functional key parts), not on MariaDB. */
function indexesSql(hasExpression: boolean): string {
  return `SELECT TABLE_NAME AS tbl, INDEX_NAME AS idx, NON_UNIQUE AS non_unique, COLUMN_NAME AS col,
    COLLATION AS collation, INDEX_TYPE AS index_type, ${hasExpression ? 'EXPRESSION' : 'NULL'} AS expr
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
}

const foreignKeysSql = `SELECT k.TABLE_NAME AS tbl, k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col,
  k.REFERENCED_TABLE_SCHEMA AS ref_schema, k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_col,
  r.UPDATE_RULE AS on_update, r.DELETE_RULE AS on_delete
  FROM information_schema.KEY_COLUMN_USAGE AS k
  JOIN information_schema.REFERENTIAL_CONSTRAINTS AS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
  WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
  ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

/** MariaDB names checks per table (two tables may both have CONSTRAINT_1) and lists the table. */
const mariadbChecksSql = `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS clause
  FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME`;

/** MySQL's CHECK_CONSTRAINTS has no table; check names are unique per schema there. */
const mysqlChecksSql = `SELECT tc.TABLE_NAME AS tbl, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS clause
  FROM information_schema.TABLE_CONSTRAINTS AS tc
  JOIN information_schema.CHECK_CONSTRAINTS AS cc
    ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
  WHERE tc.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`;

function tableModel(table: TableRow, catalog: Catalog, schema: string | undefined): TableModel {
  const name = table.tbl;
  const checks = catalog.checks.filter((c) => c.tbl === name);
  const jsonChecks = new Set<CheckRow>();
  const columns = catalog.columns
    .filter((c) => c.tbl === name && !/\bGENERATED\b/i.test(c.extra))
    .map((row) => {
      const column = columnModel(row, catalog.mariadb);
      const json =
        column.type.kind === 'text' && row.column_type.toLowerCase() === 'longtext'
          ? jsonCheck(checks, row.name)
          : undefined;
      if (!json) return column;
      jsonChecks.add(json);
      return { ...column, type: { kind: 'json' as const } };
    });
  const indexRows = catalog.indexes.filter((i) => i.tbl === name);
  const primary = indexRows.filter((i) => i.idx === 'PRIMARY').map((i) => i.col ?? '');
  const { indexes, uniques } = indexModels(
    name,
    indexRows.filter((i) => i.idx !== 'PRIMARY'),
  );
  return {
    name,
    ...(schema !== undefined ? { schema } : {}),
    columns,
    ...(primary.length > 0 ? { primaryKey: { columns: primary } } : {}),
    indexes,
    uniques,
    foreignKeys: foreignKeyModels(
      catalog.foreignKeys.filter((f) => f.tbl === name),
      catalog.schema,
    ),
    checks: checks
      .filter((c) => !jsonChecks.has(c))
      .map((c): CheckConstraintModel => ({ name: c.name, expression: c.clause })),
    ...(table.comment ? { comment: table.comment } : {}),
  };
}

/** MariaDB's JSON alias: LONGTEXT with CHECK (json_valid(`col`)). https://mariadb.com/kb/en/json-data-type/ */
function jsonCheck(checks: readonly CheckRow[], column: string): CheckRow | undefined {
  const expected = canonicalExpression(
    `json_valid(\`${column.replaceAll('`', '``')}\`)`,
    mysqlExpressionStyle,
  );
  return checks.find((c) => canonicalExpression(c.clause, mysqlExpressionStyle) === expected);
}

function columnModel(row: ColumnRow, mariadb: boolean): ColumnModel {
  const type = parseMysqlType(row.column_type, enumName(row.tbl, row.name));
  const value = booleanDefault(defaultValue(row, mariadb), type);
  return {
    name: row.name,
    type,
    nullable: row.is_nullable === 'YES',
    ...(value !== undefined ? { default: value } : {}),
    ...(/\bauto_increment\b/i.test(row.extra) ? { autoincrement: true } : {}),
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/**
 * MariaDB 10.2.7+: `'text'` is a literal, `NULL` is DEFAULT NULL, anything else an expression
 * or a number (https://mariadb.com/kb/en/information-schema-columns-table/). MySQL: an
 * expression has DEFAULT_GENERATED in EXTRA, anything else is the literal's bare text
 * (https://dev.mysql.com/doc/refman/8.0/en/information-schema-columns-table.html).
 */
function defaultValue(row: ColumnRow, mariadb: boolean): DefaultValue | undefined {
  const text = row.column_default;
  // No default, or DEFAULT NULL: MariaDB reports every nullable column without one as NULL.
  if (text === null || (mariadb && text === 'NULL')) return undefined;
  if (mariadb) return readDefaultExpression(text, mysqlTokenizeOptions);
  if (/DEFAULT_GENERATED/i.test(row.extra))
    return readDefaultExpression(text, mysqlTokenizeOptions);
  const numeric =
    /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text) &&
    !/char|text|enum|set|blob|binary|json/i.test(row.column_type);
  return {
    kind: 'literal',
    value: numeric && Number.isSafeInteger(Math.trunc(Number(text))) ? Number(text) : text,
  };
}

/** BOOLEAN is TINYINT(1): its default reads back as 1 or 0. */
function booleanDefault(
  value: DefaultValue | undefined,
  type: ColumnType,
): DefaultValue | undefined {
  if (
    type.kind !== 'boolean' ||
    value?.kind !== 'literal' ||
    (value.value !== 0 && value.value !== 1)
  )
    return value;
  return { kind: 'literal', value: value.value === 1 };
}

function indexModels(
  table: string,
  rows: readonly IndexRow[],
): { indexes: IndexModel[]; uniques: UniqueConstraintModel[] } {
  const indexes: IndexModel[] = [];
  const uniques: UniqueConstraintModel[] = [];
  for (const [name, parts] of groupBy(rows, (r) => r.idx)) {
    const first = parts[0] as IndexRow;
    const unique = Number(first.non_unique) === 0;
    const type = first.index_type.toUpperCase();
    const plain = parts.every((p) => p.col !== null && p.collation !== 'D');
    if (unique && plain && type === 'BTREE') {
      uniques.push({ name, columns: parts.map((p) => p.col ?? '') });
      continue;
    }
    indexes.push({
      name,
      table,
      parts: parts.map((p): IndexPart => {
        const order = p.collation === 'D' ? { order: 'desc' as const } : {};
        return p.col !== null
          ? { column: p.col, ...order }
          : { expression: p.expr ?? '', ...order };
      }),
      unique,
      ...(type !== 'BTREE' ? { using: type.toLowerCase() } : {}),
    });
  }
  return { indexes, uniques };
}

const actions: Readonly<Record<string, ReferentialAction>> = {
  CASCADE: 'cascade',
  RESTRICT: 'restrict',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
  'NO ACTION': 'no action',
};

function foreignKeyModels(rows: readonly ForeignKeyRow[], schema: string): ForeignKeyModel[] {
  return [...groupBy(rows, (r) => r.name)].map(([name, parts]) => {
    const first = parts[0] as ForeignKeyRow;
    const onDelete = actions[first.on_delete.toUpperCase()];
    const onUpdate = actions[first.on_update.toUpperCase()];
    return {
      name,
      columns: parts.map((p) => p.col),
      refTable: first.ref_table,
      ...(first.ref_schema !== schema ? { refSchema: first.ref_schema } : {}),
      refColumns: parts.map((p) => p.ref_col),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
    };
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
