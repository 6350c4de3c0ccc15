import type { Connection } from '../../drivers/driver.js';

/**
 * The bulk catalog queries behind `reflectPostgres`: one query per kind of object for the whole
 * schema (never one per table), so 500 tables cost the same handful of round trips as 5.
 *
 * They read pg_catalog directly (information_schema is far slower and hides index details) and
 * work on PostgreSQL 11+ (indnkeyatts) including 18, whose pg_constraint also lists NOT NULL
 * constraints (contype 'n'): every query names the constraint types it wants.
 * https://www.postgresql.org/docs/current/catalogs.html
 *
 * Each query takes `$1` = schema name and, in the filtered variant, `$2` = the table oids to read.
 * Rows of the detail queries come unordered (sorting tens of thousands of wide rows in SQL
 * spills to disk with the default work_mem); the reflector orders them.
 *
 * @example
 * const tables = await conn.query<TableRow>(tablesSql, ['public']);
 * const columns = await conn.query<ColumnRow>(columnsSql(true), ['public', tables.map((t) => t.oid)]);
 */

/** The tables of the schema, each query's first CTE; `filtered` limits it to `$2::oid[]`. */
function tablesCte(filtered: boolean): string {
  return `WITH tbl AS (
  SELECT c.oid, c.relname
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ${filtered ? 'AND c.oid = ANY ($2::oid[])' : ''}
)`;
}

/**
 * A comment, looked up by index for each row. A join would do too, but with catalog statistics
 * that lag behind a freshly migrated schema the planner picks a nested loop over all comments.
 */
function descriptionOf(objoid: string, objsubid: string): string {
  return `(SELECT ds.description FROM pg_catalog.pg_description ds
            WHERE ds.objoid = ${objoid} AND ds.classoid = 'pg_catalog.pg_class'::regclass AND ds.objsubid = ${objsubid})`;
}

export interface TableRow {
  readonly oid: number;
  readonly name: string;
  readonly comment: string | null;
}

/** Ordinary and partitioned tables (not partitions, views or foreign tables), by name. */
export const tablesSql = `${tablesCte(false)}
SELECT tbl.oid, tbl.relname AS name, ${descriptionOf('tbl.oid', '0')} AS comment
  FROM tbl
 ORDER BY tbl.relname`;

export interface ColumnRow {
  readonly table: string;
  readonly attnum: number;
  readonly name: string;
  /** format_type(): `character varying(20)`, `integer[]`, `vector(1536)`. */
  readonly type: string;
  readonly not_null: boolean;
  /** 'a' (ALWAYS) or 'd' (BY DEFAULT) for identity columns, '' otherwise. */
  readonly identity: string;
  /** 's' for a stored generated column, '' otherwise. */
  readonly generated: string;
  readonly default: string | null;
  /** The column's default is nextval() of a sequence the column owns: a serial. */
  readonly owns_sequence: boolean;
  readonly comment: string | null;
  /** pg_type oid of the enum when the column (or its array element) is an enum. */
  readonly enum_oid: number | null;
  readonly is_array: boolean;
}

/**
 * Columns in attnum order. Defaults are printed with pretty = true, the form closest to what
 * people write. A serial's sequence is linked to its column by an 'a' (auto) dependency.
 * https://www.postgresql.org/docs/current/catalog-pg-depend.html
 */
export function columnsSql(filtered: boolean): string {
  return `${tablesCte(filtered)}
SELECT tbl.relname AS "table", a.attnum::int AS attnum, a.attname AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null, a.attidentity::text AS identity, a.attgenerated::text AS generated,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) AS "default",
       (d.adbin IS NOT NULL AND EXISTS (
          SELECT 1 FROM pg_catalog.pg_depend dep
           WHERE dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = a.attrelid
             AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_catalog.pg_class'::regclass
             AND dep.deptype = 'a')) AS owns_sequence,
       ${descriptionOf('a.attrelid', 'a.attnum')} AS comment,
       CASE WHEN t.typtype = 'e' THEN t.oid WHEN et.typtype = 'e' THEN et.oid END AS enum_oid,
       (t.typcategory = 'A') AS is_array
  FROM tbl
  JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum`;
}

export interface ConstraintRow {
  readonly table: string;
  readonly name: string;
  readonly type: 'p' | 'u' | 'f' | 'c';
  /** attnums of the key columns, in key order (named from the columns query). */
  readonly keys: readonly number[];
  readonly ref_table: string | null;
  readonly ref_schema: string | null;
  readonly ref_columns: readonly string[] | null;
  /** pg_constraint action codes: a no action, r restrict, c cascade, n set null, d set default. */
  readonly on_update: string | null;
  readonly on_delete: string | null;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly expression: string | null;
}

/**
 * Primary key, unique, foreign key and check constraints (not NOT NULL, exclusion or trigger
 * constraints). Referenced columns come back as names in key order (the referenced table may be
 * outside the tables read); the constraint's own columns as attnums.
 * https://www.postgresql.org/docs/current/catalog-pg-constraint.html
 */
export function constraintsSql(filtered: boolean): string {
  return `${tablesCte(filtered)}
SELECT tbl.relname AS "table", con.conname AS name, con.contype::text AS type,
       con.conkey::int[] AS keys,
       rc.relname AS ref_table, rn.nspname AS ref_schema,
       CASE WHEN con.contype = 'f' THEN
         ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                ORDER BY k.ord) END AS ref_columns,
       NULLIF(con.confupdtype::text, ' ') AS on_update, NULLIF(con.confdeltype::text, ' ') AS on_delete,
       con.condeferrable AS deferrable, con.condeferred AS deferred,
       CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid, true) END AS expression
  FROM tbl
  JOIN pg_catalog.pg_constraint con ON con.conrelid = tbl.oid AND con.contype IN ('p', 'u', 'f', 'c')
  LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid AND con.contype = 'f'
  LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace`;
}

export interface IndexPartRow {
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly predicate: string | null;
  /** pg_class.reloptions: `{m=16,ef_construction=64}`. */
  readonly options: readonly string[] | null;
  /** Position of the part in the key, from 1. */
  readonly ord: number;
  /** The key column's name, or null for an expression part. */
  readonly column: string | null;
  /** pg_get_indexdef(index, n, true) of an expression part; null for a column part. */
  readonly definition: string | null;
  /** pg_index.indoption bits: 1 = DESC, 2 = NULLS FIRST. */
  readonly option: number;
  readonly opclass: string | null;
  readonly opclass_default: boolean | null;
}

/**
 * One row per key part of every index, except the indexes that back a primary key, unique or
 * exclusion constraint (those are reflected as constraints). INCLUDE columns are not key parts.
 * https://www.postgresql.org/docs/current/catalog-pg-index.html
 */
export function indexesSql(filtered: boolean): string {
  // The index list is cut down first (MATERIALIZED), so the costly pg_get_* calls only run for
  // the indexes that are kept, and only for the expression parts.
  return `${tablesCte(filtered)},
idx AS MATERIALIZED (
  SELECT tbl.relname, i.indexrelid, i.indrelid, i.indisunique, i.indpred, i.indnkeyatts,
         i.indkey::int2[] AS indkey, i.indoption::int2[] AS indoption, i.indclass::oid[] AS indclass
    FROM tbl
    JOIN pg_catalog.pg_index i ON i.indrelid = tbl.oid
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con
                      WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                        AND con.contype IN ('p', 'u', 'x'))
)
SELECT idx.relname AS "table", ic.relname AS name, idx.indisunique AS "unique", am.amname AS method,
       pg_catalog.pg_get_expr(idx.indpred, idx.indrelid, true) AS predicate, ic.reloptions AS options,
       k.ord::int AS ord,
       (SELECT a.attname FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = idx.indrelid AND a.attnum = k.attnum) AS "column",
       CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(idx.indexrelid, k.ord::int, true) END AS definition,
       idx.indoption[k.ord - 1]::int AS option, opc.opcname AS opclass, opc.opcdefault AS opclass_default
  FROM idx
  JOIN pg_catalog.pg_class ic ON ic.oid = idx.indexrelid
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
  CROSS JOIN LATERAL unnest(idx.indkey) WITH ORDINALITY AS k(attnum, ord)
  LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = idx.indclass[k.ord - 1]
 WHERE k.ord <= idx.indnkeyatts`;
}

export interface EnumRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

/** Every enum type of the database (few), labels in their declared order. */
export const enumsSql = `SELECT t.oid, n.nspname AS schema, t.typname AS name,
       array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS "values"
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
 GROUP BY t.oid, n.nspname, t.typname
 ORDER BY n.nspname, t.typname`;

/** Installed extensions, except plpgsql, which every database has. */
export const extensionsSql = `SELECT extname AS name FROM pg_catalog.pg_extension
 WHERE extname <> 'plpgsql' ORDER BY extname`;

/**
 * Runs the catalog queries with JIT compilation off, then puts the session's setting back. On a
 * large schema the planner's estimates for these joins pass jit_above_cost, and compiling them
 * costs seconds more than running them (measured: 2.3 s of JIT for a 1.5 s query, 5,000 tables).
 * https://www.postgresql.org/docs/current/jit-decision.html
 *
 * @example
 * const rows = await withoutJit(conn, () => conn.query(columnsSql(false), ['public']));
 */
export async function withoutJit<T>(conn: Connection, read: () => Promise<T>): Promise<T> {
  const [row] = await conn.query<{ jit: string }>(
    "SELECT current_setting('jit') AS jit, set_config('jit', 'off', false)",
  );
  try {
    return await read();
  } finally {
    if (row && row.jit !== 'off')
      await conn.query("SELECT set_config('jit', $1, false)", [row.jit]);
  }
}
