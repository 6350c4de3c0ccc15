import type {
  CheckConstraintModel,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  IndexPart,
  PrimaryKeyModel,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import { withoutPrimaryKeyUniques } from '../shared/normalize-common.js';
import { canonicalPostgresExpression } from './postgres-expression.js';
import { normalizePostgresColumn, normalizeRequires } from './postgres-normalize-values.js';

const defaultSchema = 'public';

/**
 * The canonical form of a SchemaModel on PostgreSQL: apply it to a model and to a reflected
 * database and the two deep-equal when the database was built from the model,
 * `normalizePostgres(model)` equals `normalizePostgres(reflectPostgres(apply(model)))`.
 * It projects the model onto what the catalog can say back:
 *
 * - types: custom spellings with a neutral meaning become it (`int8` bigint, `varchar(9)`
 *   string(9), `jsonb` json, `serial` integer + autoincrement); other dialects' spellings go;
 *   `numeric(p)` is numeric(p,0); nested arrays are one array (postgres-type-parser.ts);
 * - columns keep their order; primary-key and autoincrement columns are NOT NULL;
 *   autoincrement has no default; `''` comments are none (COMMENT IS '' removes a comment);
 * - defaults: NULL is none; a constant is a literal of the column's type (`'5'::text`,
 *   `5` on text are '5'; `'t'` on boolean is true; `1.50` is 1.5; JSON text spelled as jsonb
 *   prints it); `now()`/`CURRENT_TIMESTAMP`/`transaction_timestamp()` are CURRENT_TIMESTAMP;
 *   other expressions canonical (postgres-expression.ts);
 * - CHECK expressions, index expressions and partial-index predicates canonical; an expression
 *   part that is a bare column is a column part; `asc`, `btree` and default operator classes go;
 *   `with` keys lower case, numeric values numbers;
 * - constraint names PostgreSQL makes up for unnamed constraints (`users_pkey`,
 *   `users_email_key`, `t_user_id_fkey`, `t_check`) go: a model that names nothing and a database
 *   where PostgreSQL chose the names are the same; names a model or a convention gave are kept;
 * - FK: `no action` and false `deferrable`/`initiallyDeferred` go; `refSchema` goes when it is
 *   the table's own schema; `schema: 'public'` goes everywhere;
 * - order: tables and enums by schema and name, indexes by name, uniques/FKs by columns,
 *   checks by expression (catalog order is not model order); enum labels keep their order;
 *   extensions lower case, sorted, without plpgsql;
 * - `requires` of model columns and indexes is kept (extension names lower case): compare
 *   needs it to decide with the database's extensions, and removes it.
 *
 * Names are compared exactly: athanor always quotes identifiers, so PostgreSQL keeps their case.
 *
 * @example
 * compare(normalizePostgres(await reflectPostgres(conn)), normalizePostgres(model));
 */
export function normalizePostgres(model: SchemaModel): SchemaModel {
  const enumNames = [
    ...new Set([...model.enums.map((e) => e.name), ...model.tables.flatMap(enumsUsed)]),
  ];
  const tables = model.tables.map((t) => normalizeTable(t, enumNames));
  const extensions = [...new Set(model.extensions.map((e) => e.trim().toLowerCase()))].filter(
    (e) => e !== 'plpgsql',
  );
  return {
    tables: tables.sort((a, b) =>
      byText(`${a.schema ?? ''}.${a.name}`, `${b.schema ?? ''}.${b.name}`),
    ),
    enums: model.enums
      .map(normalizeEnum)
      .sort((a, b) => byText(`${a.schema ?? ''}.${a.name}`, `${b.schema ?? ''}.${b.name}`)),
    extensions: extensions.sort(byText),
  };
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function enumsUsed(table: TableModel): string[] {
  const names = (type: ColumnType): string[] =>
    type.kind === 'enum' ? [type.name] : type.kind === 'array' ? names(type.of) : [];
  return table.columns.flatMap((c) => names(c.type));
}

function normalizeEnum(e: EnumModel): EnumModel {
  return {
    name: e.name,
    ...(e.schema !== undefined && e.schema !== defaultSchema ? { schema: e.schema } : {}),
    values: [...e.values],
  };
}

function normalizeTable(table: TableModel, enumNames: readonly string[]): TableModel {
  const schema =
    table.schema !== undefined && table.schema !== defaultSchema ? table.schema : undefined;
  const pkColumns = new Set(table.primaryKey?.columns ?? []);
  const expr = (sql: string): string => canonicalPostgresExpression(sql, { enumNames });
  const primaryKey = table.primaryKey
    ? normalizePrimaryKey(table.name, table.primaryKey)
    : undefined;
  return {
    name: table.name,
    ...(schema !== undefined ? { schema } : {}),
    columns: table.columns.map((c) => normalizePostgresColumn(c, pkColumns.has(c.name), enumNames)),
    ...(primaryKey ? { primaryKey } : {}),
    indexes: table.indexes
      .map((i) => normalizeIndex(i, expr))
      .sort((a, b) => byText(a.name, b.name)),
    uniques: withoutPrimaryKeyUniques(table.uniques, table.primaryKey)
      .map((u) => normalizeUnique(table.name, u))
      .sort((a, b) => byText(keyOf(a), keyOf(b))),
    foreignKeys: table.foreignKeys
      .map((f) => normalizeForeignKey(table, schema, f))
      .sort((a, b) => byText(keyOf(a), keyOf(b))),
    checks: table.checks
      .map((c) => normalizeCheck(table.name, c, expr))
      .sort((a, b) => byText(keyOf(a), keyOf(b))),
    ...(table.comment !== undefined && table.comment !== '' ? { comment: table.comment } : {}),
  };
}

function keyOf(item: {
  readonly name?: string;
  readonly columns?: readonly string[];
  readonly refTable?: string;
  readonly expression?: string;
}): string {
  return [
    item.columns?.join(',') ?? item.expression ?? '',
    item.refTable ?? '',
    item.name ?? '',
  ].join('\u0000');
}

/**
 * Whether PostgreSQL would have chosen this name for an unnamed constraint:
 * `<table>_pkey`, `<table>_<columns>_key`, `<table>_<columns>_fkey`, `<table>[_<column>]_check`,
 * each maybe with a number added to avoid a clash (ChooseConstraintName in
 * src/backend/catalog/pg_constraint.c).
 */
function isGeneratedName(
  name: string | undefined,
  table: string,
  suffix: string,
  columns?: readonly string[],
): boolean {
  if (name === undefined) return false;
  const base = columns === undefined ? `${table}` : `${table}_${columns.join('_')}`;
  if (suffix === 'check') return name.startsWith(`${table}_`) && /_check\d*$/.test(name);
  return new RegExp(`^${escapeRegExp(base)}_${suffix}\\d*$`).test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function withName<T extends object>(
  value: T,
  name: string | undefined,
  generated: boolean,
): T & { name?: string } {
  return name === undefined || generated ? value : { name, ...value };
}

function normalizePrimaryKey(table: string, pk: PrimaryKeyModel): PrimaryKeyModel {
  return withName({ columns: [...pk.columns] }, pk.name, isGeneratedName(pk.name, table, 'pkey'));
}

function normalizeUnique(table: string, u: UniqueConstraintModel): UniqueConstraintModel {
  return withName(
    { columns: [...u.columns] },
    u.name,
    isGeneratedName(u.name, table, 'key', u.columns),
  );
}

function normalizeCheck(
  table: string,
  c: CheckConstraintModel,
  expr: (sql: string) => string,
): CheckConstraintModel {
  return withName(
    { expression: expr(c.expression) },
    c.name,
    isGeneratedName(c.name, table, 'check'),
  );
}

function normalizeForeignKey(
  table: TableModel,
  schema: string | undefined,
  fk: ForeignKeyModel,
): ForeignKeyModel {
  const refSchema =
    fk.refSchema === undefined || fk.refSchema === (schema ?? defaultSchema)
      ? undefined
      : fk.refSchema;
  const body: ForeignKeyModel = {
    columns: [...fk.columns],
    refTable: fk.refTable,
    ...(refSchema !== undefined ? { refSchema } : {}),
    refColumns: [...fk.refColumns],
    ...(fk.onDelete !== undefined && fk.onDelete !== 'no action' ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate !== undefined && fk.onUpdate !== 'no action' ? { onUpdate: fk.onUpdate } : {}),
    ...(fk.deferrable === true ? { deferrable: true } : {}),
    ...(fk.deferrable === true && fk.initiallyDeferred === true ? { initiallyDeferred: true } : {}),
  };
  return withName(body, fk.name, isGeneratedName(fk.name, table.name, 'fkey', fk.columns));
}

/**
 * Operator classes PostgreSQL uses when none is named, per access method. pgvector's hnsw and
 * ivfflat have no default: an index must name one (vector_l2_ops, vector_cosine_ops, ...).
 * https://www.postgresql.org/docs/current/indexes-opclass.html
 */
const defaultOpclasses: Readonly<Record<string, ReadonlySet<string>>> = {
  btree: new Set(
    'int2_ops int4_ops int8_ops float4_ops float8_ops numeric_ops text_ops bpchar_ops bool_ops date_ops time_ops timetz_ops timestamp_ops timestamptz_ops interval_ops uuid_ops bytea_ops enum_ops jsonb_ops array_ops oid_ops name_ops char_ops'.split(
      ' ',
    ),
  ),
  hash: new Set(
    'int2_ops int4_ops int8_ops float4_ops float8_ops numeric_ops text_ops bpchar_ops bool_ops date_ops timestamp_ops timestamptz_ops uuid_ops bytea_ops enum_ops jsonb_ops array_ops'.split(
      ' ',
    ),
  ),
  gin: new Set(['jsonb_ops', 'array_ops', 'tsvector_ops']),
  gist: new Set([
    'tsvector_ops',
    'range_ops',
    'inet_ops',
    'box_ops',
    'point_ops',
    'poly_ops',
    'circle_ops',
  ]),
};

function normalizeIndex(index: IndexModel, expr: (sql: string) => string): IndexModel {
  const using = (index.using ?? 'btree').trim().toLowerCase();
  const defaults = defaultOpclasses[using];
  const parts = index.parts.map((part) => normalizePart(part, defaults, expr));
  const entries = Object.entries(index.with ?? {}).map(
    ([k, v]) => [k.trim().toLowerCase(), storageValue(v)] as const,
  );
  return {
    name: index.name,
    table: index.table,
    parts,
    unique: index.unique === true,
    ...(index.where !== undefined && index.where.trim() !== '' ? { where: expr(index.where) } : {}),
    ...(using !== 'btree' ? { using } : {}),
    ...(entries.length > 0
      ? { with: Object.fromEntries(entries.sort(([a], [b]) => byText(a, b))) }
      : {}),
    ...normalizeRequires(index.requires),
  };
}

function normalizePart(
  part: IndexPart,
  defaults: ReadonlySet<string> | undefined,
  expr: (sql: string) => string,
): IndexPart {
  const opclass = part.opclass?.trim().toLowerCase();
  const extra = {
    ...(opclass !== undefined && opclass !== '' && !defaults?.has(opclass) ? { opclass } : {}),
    ...(part.order === 'desc' ? { order: 'desc' as const } : {}),
  };
  if ('column' in part) return { column: part.column, ...extra };
  const expression = expr(part.expression);
  // `lower(email)` stays an expression; `email` or `"Email"` is the column itself.
  const bare = /^(?:([a-z_][a-z0-9_$]*)|"((?:[^"]|"")+)")$/.exec(expression);
  if (bare) return { column: bare[1] ?? (bare[2] ?? '').replace(/""/g, '"'), ...extra };
  return { expression, ...extra };
}

function storageValue(value: string | number): string | number {
  if (typeof value === 'number') return value;
  const text = value.trim();
  return /^-?\d+(?:\.\d+)?$/.test(text) ? Number(text) : text.toLowerCase();
}
