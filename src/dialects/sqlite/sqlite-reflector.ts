import type { Connection } from '../../drivers/driver.js';
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
import { enumCheckValues, readDefaultExpression } from '../shared/sql-expression.js';
import {
  parseCreateIndexSql,
  parseCreateTableSql,
  type ParsedTableSql,
} from './sqlite-ddl-parser.js';
import { parseSqliteType } from './sqlite-type-parser.js';

interface TableRow {
  readonly name: string;
  readonly sql: string;
}
interface ColumnRow {
  readonly tbl: string;
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  readonly hidden: number;
}
interface IndexRow {
  readonly tbl: string;
  readonly idx: string;
  readonly unique: number;
  readonly origin: string;
  readonly sql: string | null;
  readonly seqno: number;
  readonly cid: number;
  readonly col: string | null;
  readonly desc: number;
}
interface ForeignKeyRow {
  readonly tbl: string;
  readonly id: number;
  readonly ref: string;
  readonly col: string;
  readonly refcol: string | null;
  readonly on_update: string;
  readonly on_delete: string;
}

/** All of one table's catalog rows, gathered from the bulk queries. */
interface TableRows {
  readonly table: TableRow;
  readonly columns: ColumnRow[];
  readonly indexes: IndexRow[];
  readonly foreignKeys: ForeignKeyRow[];
}

/**
 * Reads the schema of a SQLite database into the neutral model with four queries, whatever the
 * number of tables: sqlite_schema joined with the PRAGMA table-valued functions
 * (https://www.sqlite.org/pragma.html#pragfunc) for columns, indexes and foreign keys, plus the
 * CREATE TABLE / CREATE INDEX texts for what the PRAGMAs do not report (constraint names, CHECKs,
 * AUTOINCREMENT, DEFERRABLE, index expressions and WHERE clauses).
 *
 * Skipped: SQLite's own `sqlite_*` tables, virtual and shadow tables, and `excludeTables`.
 * Enums come back from `TEXT` + `CONSTRAINT name CHECK (col IN ('a', ...))` as `enum(name, ...)`,
 * or `enum('<table>_<column>', ...)` when the CHECK has no name (normalize ignores enum names on
 * SQLite: a hand-written CHECK carries none). Only the `main` database is read (`options.schema`
 * does not apply: SQLite has no schemas, only ATTACHed files).
 * Not in the model, so not reflected: generated columns, column COLLATE clauses and triggers.
 *
 * @example
 * const schema = await reflectSqlite(conn, { excludeTables: ['athanor_version'] });
 */
export async function reflectSqlite(
  conn: Connection,
  options: ReflectOptions = {},
): Promise<SchemaModel> {
  const tables = (await listTables(conn)).filter((t) => wanted(t.name, options));
  const names = JSON.stringify(tables.map((t) => t.name));
  const [columns, indexes, foreignKeys] = await Promise.all([
    conn.query<ColumnRow>(columnsSql, [names]),
    conn.query<IndexRow>(indexesSql, [names]),
    conn.query<ForeignKeyRow>(foreignKeysSql, [names]),
  ]);
  const byTable = new Map<string, TableRows>(
    tables.map((t) => [t.name, { table: t, columns: [], indexes: [], foreignKeys: [] }]),
  );
  for (const row of columns) byTable.get(row.tbl)?.columns.push(row);
  for (const row of indexes) byTable.get(row.tbl)?.indexes.push(row);
  for (const row of foreignKeys) byTable.get(row.tbl)?.foreignKeys.push(row);
  const primaryKeys = await referencedPrimaryKeys(conn, foreignKeys, byTable);
  const models = [...byTable.values()].map((rows) => tableModel(rows, primaryKeys));
  return { tables: models.sort((a, b) => compareText(a.name, b.name)), enums: [], extensions: [] };
}

async function listTables(conn: Connection): Promise<TableRow[]> {
  // pragma_table_list (SQLite 3.37+) tells ordinary tables from virtual and shadow ones.
  return conn.query<TableRow>(
    `SELECT s.name AS name, s.sql AS sql FROM sqlite_schema AS s
     JOIN pragma_table_list AS l ON l.name = s.name AND l.schema = 'main'
     WHERE s.type = 'table' AND l.type = 'table' AND s.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`,
  );
}

function wanted(name: string, options: ReflectOptions): boolean {
  if (options.excludeTables?.includes(name)) return false;
  if (options.onlyTables && !options.onlyTables.includes(name)) return false;
  return options.includeTable ? options.includeTable(name) : true;
}

const columnsSql = `SELECT m.value AS tbl, c.name AS name, c.type AS type, c."notnull" AS "notnull",
  c.dflt_value AS dflt_value, c.pk AS pk, c.hidden AS hidden
  FROM json_each(?) AS m JOIN pragma_table_xinfo(m.value) AS c ORDER BY m.key, c.cid`;

const indexesSql = `SELECT m.value AS tbl, il.name AS idx, il."unique" AS "unique", il.origin AS origin,
  s.sql AS sql, ix.seqno AS seqno, ix.cid AS cid, ix.name AS col, ix."desc" AS "desc"
  FROM json_each(?) AS m JOIN pragma_index_list(m.value) AS il JOIN pragma_index_xinfo(il.name) AS ix
  LEFT JOIN sqlite_schema AS s ON s.type = 'index' AND s.name = il.name
  WHERE ix."key" = 1 ORDER BY m.key, il.name, ix.seqno`;

const foreignKeysSql = `SELECT m.value AS tbl, f.id AS id, f."table" AS ref, f."from" AS col, f."to" AS refcol,
  f.on_update AS on_update, f.on_delete AS on_delete
  FROM json_each(?) AS m JOIN pragma_foreign_key_list(m.value) AS f ORDER BY m.key, f.id, f.seq`;

/** `REFERENCES parent` without columns means the parent's primary key: look those up. */
async function referencedPrimaryKeys(
  conn: Connection,
  rows: readonly ForeignKeyRow[],
  known: ReadonlyMap<string, TableRows>,
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const ref of new Set(rows.filter((r) => r.refcol === null).map((r) => r.ref))) {
    const local = known.get(ref)?.columns;
    const pk = local
      ? local.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
      : await conn.query<{ name: string; pk: number }>(
          'SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk',
          [ref],
        );
    result.set(
      ref,
      pk.map((c) => c.name),
    );
  }
  return result;
}

function tableModel(rows: TableRows, primaryKeys: ReadonlyMap<string, string[]>): TableModel {
  const parsed = parseCreateTableSql(rows.table.sql);
  const pkRows = rows.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  const pkColumns = pkRows.map((c) => c.name);
  const rowidAlias =
    !parsed.withoutRowid && pkRows.length === 1 && pkRows[0]?.type.toUpperCase() === 'INTEGER';
  let columns = rows.columns
    .filter((c) => c.hidden === 0)
    .map((c) => columnModel(c, parsed, parsed.withoutRowid || (rowidAlias && c.pk === 1)));
  const enums = enumChecks(parsed, columns);
  columns = columns.map((c) => {
    const found = enums.values.get(c.name);
    const name = found?.name ?? `${rows.table.name}_${c.name}`;
    return found ? { ...c, type: { kind: 'enum' as const, name, values: found.values } } : c;
  });
  const pkName =
    parsed.primaryKey && sameColumns(parsed.primaryKey.columns, pkColumns)
      ? parsed.primaryKey.name
      : undefined;
  return {
    name: rows.table.name,
    columns,
    ...(pkColumns.length > 0
      ? { primaryKey: { ...(pkName !== undefined ? { name: pkName } : {}), columns: pkColumns } }
      : {}),
    indexes: indexModels(rows),
    uniques: uniqueModels(rows, parsed),
    foreignKeys: foreignKeyModels(rows, parsed, primaryKeys),
    checks: enums.remaining,
  };
}

function columnModel(row: ColumnRow, parsed: ParsedTableSql, notNullKey: boolean): ColumnModel {
  const autoincrement = parsed.autoincrementColumns.some(
    (c) => c.toLowerCase() === row.name.toLowerCase(),
  );
  const type = parseSqliteType(row.type);
  const value =
    row.dflt_value === null
      ? undefined
      : booleanDefault(readDefaultExpression(row.dflt_value), type);
  return {
    name: row.name,
    type,
    nullable: row.notnull === 0 && !(notNullKey && row.pk > 0),
    ...(value !== undefined ? { default: value } : {}),
    ...(autoincrement ? { autoincrement: true } : {}),
  };
}

/** SQLite stores booleans as 1/0 (athanor writes DEFAULT 1): read them back as booleans. */
function booleanDefault(value: DefaultValue, type: ColumnType): DefaultValue {
  if (
    type.kind !== 'boolean' ||
    value.kind !== 'literal' ||
    (value.value !== 0 && value.value !== 1)
  )
    return value;
  return { kind: 'literal', value: value.value === 1 };
}

/**
 * CHECK (col IN ('a', 'b')) on a text column is how SQLite holds an enum; those checks are
 * consumed. The compiler names that CHECK after the enum, so a named one gives the enum's name.
 */
function enumChecks(
  parsed: ParsedTableSql,
  columns: readonly ColumnModel[],
): {
  values: Map<string, { name?: string; values: readonly string[] }>;
  remaining: CheckConstraintModel[];
} {
  const values = new Map<string, { name?: string; values: readonly string[] }>();
  const remaining: CheckConstraintModel[] = [];
  for (const check of parsed.checks) {
    const found = enumCheckValues(check.expression);
    const column =
      found && columns.find((c) => c.name.toLowerCase() === found.column.toLowerCase());
    if (
      found &&
      column &&
      !values.has(column.name) &&
      (column.type.kind === 'text' || column.type.kind === 'string')
    ) {
      values.set(column.name, {
        ...(check.name !== undefined ? { name: check.name } : {}),
        values: found.values,
      });
    } else {
      remaining.push({
        ...(check.name !== undefined ? { name: check.name } : {}),
        expression: check.expression,
      });
    }
  }
  return { values, remaining };
}

function indexModels(rows: TableRows): IndexModel[] {
  const groups = groupBy(
    rows.indexes.filter((r) => r.origin === 'c'),
    (r) => r.idx,
  );
  return [...groups.values()].map((parts) => {
    const first = parts[0] as IndexRow;
    const parsed = first.sql ? parseCreateIndexSql(first.sql) : { parts: [] };
    return {
      name: first.idx,
      table: rows.table.name,
      parts: parts.map((p): IndexPart => {
        const order = p.desc === 1 ? { order: 'desc' as const } : {};
        if (p.cid >= 0 && p.col !== null) return { column: p.col, ...order };
        return { expression: parsed.parts[p.seqno]?.text ?? '', ...order };
      }),
      unique: first.unique === 1,
      ...(parsed.where !== undefined ? { where: parsed.where } : {}),
    };
  });
}

function uniqueModels(rows: TableRows, parsed: ParsedTableSql): UniqueConstraintModel[] {
  const groups = groupBy(
    rows.indexes.filter((r) => r.origin === 'u'),
    (r) => r.idx,
  );
  const declared = [...parsed.uniques];
  // Autoindexes are numbered in declaration order: sqlite_autoindex_<table>_<n>.
  const ordered = [...groups.values()].sort(
    (a, b) => autoindexNumber(a[0]?.idx) - autoindexNumber(b[0]?.idx),
  );
  return ordered.map((parts) => {
    const columns = parts.map((p) => p.col ?? '');
    const at = declared.findIndex((u) => sameColumns(u.columns, columns));
    const name = at >= 0 ? declared.splice(at, 1)[0]?.name : undefined;
    return { ...(name !== undefined ? { name } : {}), columns };
  });
}

function autoindexNumber(name: string | undefined): number {
  return Number(/_(\d+)$/.exec(name ?? '')?.[1] ?? 0);
}

function foreignKeyModels(
  rows: TableRows,
  parsed: ParsedTableSql,
  primaryKeys: ReadonlyMap<string, string[]>,
): ForeignKeyModel[] {
  const declared = [...parsed.foreignKeys];
  // PRAGMA foreign_key_list numbers foreign keys from the last declared one: reverse for declaration order.
  const groups = [...groupBy(rows.foreignKeys, (r) => String(r.id)).values()].reverse();
  return groups.map((parts) => {
    const first = parts[0] as ForeignKeyRow;
    const columns = parts.map((p) => p.col);
    const at = declared.findIndex(
      (fk) =>
        sameColumns(fk.columns, columns) && fk.refTable.toLowerCase() === first.ref.toLowerCase(),
    );
    const source = at >= 0 ? declared.splice(at, 1)[0] : undefined;
    const onDelete = action(first.on_delete);
    const onUpdate = action(first.on_update);
    return {
      ...(source?.name !== undefined ? { name: source.name } : {}),
      columns,
      refTable: first.ref,
      refColumns:
        first.refcol === null
          ? (primaryKeys.get(first.ref) ?? [])
          : parts.map((p) => p.refcol ?? ''),
      ...(onDelete ? { onDelete } : {}),
      ...(onUpdate ? { onUpdate } : {}),
      ...(source?.deferrable ? { deferrable: true } : {}),
      ...(source?.initiallyDeferred ? { initiallyDeferred: true } : {}),
    };
  });
}

const actions: Readonly<Record<string, ReferentialAction>> = {
  CASCADE: 'cascade',
  RESTRICT: 'restrict',
  'SET NULL': 'set null',
  'SET DEFAULT': 'set default',
};

/** NO ACTION is SQLite's default and is left out, as the model leaves it out. */
function action(text: string): ReferentialAction | undefined {
  return actions[text.toUpperCase()];
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i]?.toLowerCase());
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
