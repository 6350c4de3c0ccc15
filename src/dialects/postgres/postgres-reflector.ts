import type { Connection } from '../../drivers/driver.js';
import { AthanorError } from '../../errors.js';
import type {
  CheckConstraintModel,
  ColumnModel,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  IndexPart,
  PrimaryKeyModel,
  ReferentialAction,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import type { ReflectOptions } from '../dialect.js';
import {
  columnsSql,
  constraintsSql,
  enumsSql,
  extensionsSql,
  indexesSql,
  tablesSql,
  withoutJit,
  type ColumnRow,
  type ConstraintRow,
  type EnumRow,
  type IndexPartRow,
  type TableRow,
} from './postgres-catalog.js';
import { numberOrText, parsePostgresDefault } from './postgres-default.js';
import { parsePostgresType } from './postgres-type-parser.js';

const defaultSchema = 'public';

/**
 * Reads one schema of a PostgreSQL (or PGlite) database into the neutral SchemaModel with six
 * bulk catalog queries, whatever the number of tables.
 *
 * What comes back: tables (by name) with their columns in table order, primary key, indexes
 * (not those backing a constraint), unique constraints, foreign keys and checks; the schema's
 * enums with their labels in order; the database's extensions except plpgsql. Tables carry
 * `schema` only when it is not `public`. Serial and identity columns are `autoincrement` with no
 * default. Stored generated columns are read as plain columns (the model has no such notion).
 *
 * @example
 * const model = await reflectPostgres(conn, { schema: 'public', excludeTables: ['athanor_version'] });
 */
export async function reflectPostgres(
  conn: Connection,
  options: ReflectOptions = {},
): Promise<SchemaModel> {
  const schema = options.schema ?? defaultSchema;
  try {
    return await withoutJit(conn, () => readSchema(conn, schema, options));
  } catch (error) {
    if (error instanceof AthanorError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const message = `cannot read schema '${schema}' of ${conn.description}: ${reason}`;
    throw new AthanorError('E_REFLECT', message, { cause: error });
  }
}

/**
 * The table list is read first and filtered in JS (`includeTable` is a function); the detail
 * queries then read the whole schema, or only the kept tables' oids when something was left out.
 * Each query sees its own snapshot: DDL running concurrently may show half-done, as with any
 * catalog reader outside one REPEATABLE READ transaction (a migration run holds the lock).
 */
async function readSchema(
  conn: Connection,
  schema: string,
  options: ReflectOptions,
): Promise<SchemaModel> {
  const allTables = await conn.query<TableRow>(tablesSql, [schema]);
  const tables = allTables.filter((t) => wanted(t.name, options));
  const enumRows = await conn.query<EnumRow>(enumsSql);
  const extensions = (await conn.query<{ name: string }>(extensionsSql)).map((r) => r.name);
  const enums = enumRows.filter((e) => e.schema === schema).map((e) => enumModel(e, schema));
  if (tables.length === 0) return { tables: [], enums, extensions };
  const filtered = tables.length !== allTables.length;
  const params = filtered ? [schema, tables.map((t) => t.oid)] : [schema];
  const columns = await conn.query<ColumnRow>(columnsSql(filtered), params);
  const constraints = await conn.query<ConstraintRow>(constraintsSql(filtered), params);
  const indexes = await conn.query<IndexPartRow>(indexesSql(filtered), params);
  const byTable = {
    columns: groupBy(
      columns,
      (r) => r.table,
      (a, b) => Number(a.attnum) - Number(b.attnum),
    ),
    constraints: groupBy(
      constraints,
      (r) => r.table,
      (a, b) => byName(a.name, b.name),
    ),
    indexes: groupBy(
      indexes,
      (r) => r.table,
      (a, b) => byName(a.name, b.name) || a.ord - b.ord,
    ),
  };
  const enumsByOid = new Map(enumRows.map((e) => [Number(e.oid), e]));
  const models = tables.map((t) => {
    const columnRows = byTable.columns.get(t.name) ?? [];
    return tableModel(t, schema, {
      columns: columnRows.map((r) => columnModel(r, enumsByOid)),
      names: new Map(columnRows.map((r) => [Number(r.attnum), r.name])),
      constraints: byTable.constraints.get(t.name) ?? [],
      indexes: byTable.indexes.get(t.name) ?? [],
    });
  });
  return { tables: models, enums, extensions };
}

/** Code-unit order, as PostgreSQL orders `name` values (C collation). */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function wanted(name: string, options: ReflectOptions): boolean {
  if (options.excludeTables?.includes(name)) return false;
  if (options.onlyTables && !options.onlyTables.includes(name)) return false;
  return options.includeTable ? options.includeTable(name) : true;
}

function groupBy<T>(
  rows: readonly T[],
  key: (row: T) => string,
  order: (a: T, b: T) => number,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  for (const list of groups.values()) list.sort(order);
  return groups;
}

function enumModel(row: EnumRow, schema: string): EnumModel {
  return {
    name: row.name,
    ...(schema !== defaultSchema ? { schema } : {}),
    values: [...row.values],
  };
}

function columnType(row: ColumnRow, enums: ReadonlyMap<number, EnumRow>): ColumnType {
  const enumRow = row.enum_oid === null ? undefined : enums.get(Number(row.enum_oid));
  if (!enumRow) return parsePostgresType(row.type);
  const type: ColumnType = { kind: 'enum', name: enumRow.name, values: [...enumRow.values] };
  return row.is_array ? { kind: 'array', of: type } : type;
}

function columnModel(row: ColumnRow, enums: ReadonlyMap<number, EnumRow>): ColumnModel {
  const serial = row.owns_sequence && /^nextval\(/i.test(row.default ?? '');
  const autoincrement = row.identity !== '' || serial;
  const value =
    row.default === null || autoincrement || row.generated !== ''
      ? undefined
      : parsePostgresDefault(row.default);
  return {
    name: row.name,
    type: columnType(row, enums),
    nullable: !row.not_null,
    ...(value !== undefined ? { default: value } : {}),
    ...(autoincrement ? { autoincrement: true } : {}),
    ...(row.comment !== null ? { comment: row.comment } : {}),
  };
}

interface TableParts {
  readonly columns: readonly ColumnModel[];
  /** attnum -> column name, for constraint keys. */
  readonly names: ReadonlyMap<number, string>;
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexPartRow[];
}

function tableModel(row: TableRow, schema: string, parts: TableParts): TableModel {
  const columnsOf = (c: ConstraintRow): string[] =>
    c.keys.map((k) => parts.names.get(Number(k)) ?? String(k));
  const pk = parts.constraints.find((c) => c.type === 'p');
  const primaryKey: PrimaryKeyModel | undefined = pk
    ? { name: pk.name, columns: columnsOf(pk) }
    : undefined;
  const uniques: UniqueConstraintModel[] = parts.constraints
    .filter((c) => c.type === 'u')
    .map((c) => ({ name: c.name, columns: columnsOf(c) }));
  const foreignKeys = parts.constraints
    .filter((c) => c.type === 'f')
    .map((c) => foreignKeyModel(c, columnsOf(c), schema));
  const checks: CheckConstraintModel[] = parts.constraints
    .filter((c) => c.type === 'c')
    .map((c) => ({ name: c.name, expression: c.expression ?? '' }));
  return {
    name: row.name,
    ...(schema !== defaultSchema ? { schema } : {}),
    columns: parts.columns,
    ...(primaryKey ? { primaryKey } : {}),
    indexes: indexModels(row.name, parts.indexes),
    uniques,
    foreignKeys,
    checks,
    ...(row.comment !== null ? { comment: row.comment } : {}),
  };
}

/** pg_constraint.confdeltype / confupdtype codes. */
const actions: Readonly<Record<string, ReferentialAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

function foreignKeyModel(
  row: ConstraintRow,
  columns: readonly string[],
  schema: string,
): ForeignKeyModel {
  const onDelete = actions[row.on_delete ?? 'a'] ?? 'no action';
  const onUpdate = actions[row.on_update ?? 'a'] ?? 'no action';
  return {
    name: row.name,
    columns: [...columns],
    refTable: row.ref_table ?? '',
    ...(row.ref_schema !== null && row.ref_schema !== schema ? { refSchema: row.ref_schema } : {}),
    refColumns: [...(row.ref_columns ?? [])],
    ...(onDelete !== 'no action' ? { onDelete } : {}),
    ...(onUpdate !== 'no action' ? { onUpdate } : {}),
    ...(row.deferrable ? { deferrable: true } : {}),
    ...(row.deferred ? { initiallyDeferred: true } : {}),
  };
}

function indexModels(table: string, rows: readonly IndexPartRow[]): IndexModel[] {
  return [
    ...groupBy(
      rows,
      (r) => r.name,
      (a, b) => a.ord - b.ord,
    ).values(),
  ].map((partRows) => {
    const first = partRows[0] as IndexPartRow;
    const storage = storageParameters(first.options);
    return {
      name: first.name,
      table,
      parts: partRows.map(indexPart),
      unique: first.unique,
      ...(first.predicate !== null ? { where: first.predicate } : {}),
      ...(first.method !== 'btree' ? { using: first.method } : {}),
      ...(storage ? { with: storage } : {}),
    };
  });
}

function indexPart(row: IndexPartRow): IndexPart {
  // A non-default operator class only: the default is what PostgreSQL picks when none is named.
  const opclass =
    row.opclass !== null && row.opclass_default === false ? { opclass: row.opclass } : {};
  const order = (Number(row.option) & 1) === 1 ? { order: 'desc' as const } : {};
  if (row.column !== null) return { column: row.column, ...opclass, ...order };
  return { expression: row.definition ?? '', ...opclass, ...order };
}

/** `{m=16,ef_construction=64}` -> `{ m: 16, ef_construction: 64 }`. */
function storageParameters(
  options: readonly string[] | null,
): Readonly<Record<string, string | number>> | undefined {
  if (!options || options.length === 0) return undefined;
  const entries = options.map((option) => {
    const eq = option.indexOf('=');
    const value = option.slice(eq + 1);
    return [
      option.slice(0, eq),
      typeof numberOrText(value) === 'number' ? Number(value) : value,
    ] as const;
  });
  return Object.fromEntries(entries);
}
