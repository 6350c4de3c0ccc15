import type { BulkInsert, ExecuteSql } from '../../operations/operation.js';
import {
  isSqlFragment,
  renderSql,
  sql,
  type SqlFragment,
  type SqlRenderer,
} from '../../operations/sql-tag.js';
import type { CompileContext, Statement } from '../dialect.js';
import { inlinePlaceholders, type SqlScanRules } from './sql-scan.js';

/**
 * What bulk inserts and raw SQL need from a dialect: its renderer, how the driver wants values
 * bound, and the driver's parameter limit per statement.
 *
 * @example
 * bulkInsertStatements(sqliteDml, op, { offline: false });
 */
export interface DmlDialect extends SqlRenderer {
  readonly scanRules: SqlScanRules;
  readonly placeholderStyle: 'question' | 'dollar';
  /** Most bound parameters one statement may carry. */
  readonly maxParams: number;
  /** A JS value as the driver should receive it (SQLite: booleans as 1/0, Dates as ISO text). */
  bindValue(value: unknown): unknown;
  /** INSERT of a row that gives no columns. */
  emptyInsert(table: SqlFragment): SqlFragment;
}

/** Rows grouped into runs with the same columns, in their original order. */
function runsByColumns(
  rows: BulkInsert['rows'],
): { columns: string[]; rows: Readonly<Record<string, unknown>>[] }[] {
  const runs: { columns: string[]; rows: Readonly<Record<string, unknown>>[] }[] = [];
  for (const row of rows) {
    const columns = Object.keys(row).filter((k) => row[k] !== undefined);
    const last = runs.at(-1);
    if (
      last &&
      last.columns.length === columns.length &&
      last.columns.every((c, i) => c === columns[i])
    )
      last.rows.push(row);
    else runs.push({ columns, rows: [row] });
  }
  return runs;
}

/**
 * Multi-row INSERTs: rows with the same columns share a statement (a row never gets NULL for a
 * column it did not give, so defaults apply), chunked so a statement never binds more parameters
 * than the driver allows. Online values are bound; offline they are inlined as literals.
 *
 * @example
 * bulkInsertStatements(postgresDml, { kind: 'bulkInsert', table: 'users', rows: [{ email: 'a' }, { email: 'b' }] }, { offline: false });
 * // [{ sql: 'INSERT INTO "users" ("email") VALUES ($1), ($2)', params: ['a', 'b'] }]
 */
export function bulkInsertStatements(
  d: DmlDialect,
  op: BulkInsert,
  ctx: CompileContext,
): Statement[] {
  const target = op.schema === undefined ? sql.id(op.table) : sql.id(op.schema, op.table);
  const statements: Statement[] = [];
  for (const run of runsByColumns(op.rows)) {
    if (run.columns.length === 0) {
      for (let i = 0; i < run.rows.length; i += 1)
        statements.push(render(d, d.emptyInsert(sql`${target}`), ctx));
      continue;
    }
    const perStatement = Math.max(1, Math.floor(d.maxParams / run.columns.length));
    const columns = sql.join(run.columns.map((c) => sql.id(c)));
    for (let start = 0; start < run.rows.length; start += perStatement) {
      const chunk = run.rows.slice(start, start + perStatement);
      const tuples = chunk.map(
        (row) => sql`(${sql.join(run.columns.map((c) => valueOf(d, row[c], ctx)))})`,
      );
      statements.push(
        render(d, sql`INSERT INTO ${target} (${columns}) VALUES ${sql.join(tuples)}`, ctx),
      );
    }
  }
  return statements;
}

/**
 * A value as bound online, or as given offline (the literal writer spells it: TRUE rather than 1);
 * an sql`` fragment is used as is (e.g. sql`CURRENT_TIMESTAMP`).
 */
function valueOf(d: DmlDialect, value: unknown, ctx: CompileContext): unknown {
  return isSqlFragment(value) || ctx.offline ? value : d.bindValue(value);
}

function render(d: DmlDialect, fragment: SqlFragment, ctx: CompileContext): Statement {
  const { sql: text, params } = renderSql(fragment, d, { inline: ctx.offline });
  return Object.freeze({ sql: text, params: Object.freeze(params) });
}

/**
 * Raw SQL passes through; offline, its placeholders (`?` or `$n`, outside quotes and comments)
 * become literals.
 *
 * @example
 * executeSqlStatement(sqliteDml, { kind: 'executeSql', sql: 'UPDATE t SET a = ?', params: ["it's"] }, { offline: true });
 * // { sql: "UPDATE t SET a = 'it''s'", params: [] }
 */
export function executeSqlStatement(d: DmlDialect, op: ExecuteSql, ctx: CompileContext): Statement {
  if (!ctx.offline || op.params.length === 0)
    return Object.freeze({
      sql: op.sql,
      params: Object.freeze(op.params.map((p) => d.bindValue(p))),
    });
  const text = inlinePlaceholders(op.sql, op.params, d.scanRules, d.placeholderStyle, (v) =>
    d.literal(v),
  );
  return Object.freeze({ sql: text, params: Object.freeze([]) as readonly unknown[] });
}
