import type { DialectCore } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import type { CreateTable } from '../operations/operation.js';
import { renderSql, sql, type SqlFragment } from '../operations/sql-tag.js';
import type { TableModel } from '../schema/model.js';

/** A table athanor owns, with its optional namespace. */
export interface QualifiedTable {
  readonly name: string;
  readonly schema?: string;
}

/** Version-row changes of one step: rows deleted, rows inserted (applied in that order). */
export interface VersionDelta {
  readonly delete: readonly string[];
  readonly insert: readonly string[];
}

/**
 * The identifier of a table as an sql`` fragment piece.
 *
 * @example
 * sql`SELECT version_num FROM ${tableIdentifier({ schema: 'app', name: 'athanor_version' })}`; // "app"."athanor_version"
 */
export function tableIdentifier(table: QualifiedTable): ReturnType<typeof sql.id> {
  return table.schema ? sql.id(table.schema, table.name) : sql.id(table.name);
}

/**
 * The version table in Alembic's shape: one `version_num VARCHAR(32)` primary-key row per
 * current head, so a database migrated by Alembic-trained eyes reads the same.
 *
 * @example
 * versionTableModel({ name: 'athanor_version' }).columns[0]; // { name: 'version_num', type: { kind: 'string', length: 32 }, nullable: false }
 */
export function versionTableModel(table: QualifiedTable): TableModel {
  const model: TableModel = {
    name: table.name,
    ...(table.schema ? { schema: table.schema } : {}),
    columns: [{ name: 'version_num', type: { kind: 'string', length: 32 }, nullable: false }],
    primaryKey: { name: `${table.name}_pkc`, columns: ['version_num'] },
    indexes: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
  };
  return Object.freeze(model);
}

/**
 * The CREATE TABLE operation for the version table, compiled by each dialect.
 *
 * @example
 * dialect.compile(createVersionTable({ name: 'athanor_version' }), { offline: true });
 */
export function createVersionTable(table: QualifiedTable): CreateTable {
  return Object.freeze({
    kind: 'createTable',
    table: versionTableModel(table),
    ifNotExists: true,
    ...(table.schema ? { schema: table.schema } : {}),
  });
}

/**
 * Which of the named tables exist, so a read command can tell "no version table" from "empty"
 * without creating anything. One catalog query (the dialect's table probe, which follows the
 * reflector's notion of a table): a full reflection cost six to eight queries per call.
 *
 * @example
 * (await existingTables(conn, dialect, ['athanor_version'], undefined)).has('athanor_version');
 */
export async function existingTables(
  conn: Connection,
  dialect: DialectCore,
  names: readonly string[],
  schema: string | undefined,
): Promise<ReadonlySet<string>> {
  return dialect.tableNames(conn, names, schema || undefined);
}

/**
 * The version rows, sorted (Alembic starts relative moves from the smallest `version_num`).
 * Undefined when the version table does not exist; nothing is created.
 *
 * @example
 * await readVersions(conn, dialect, { name: 'athanor_version' }); // ['c3c3c3c3c3c3'] or undefined
 */
export async function readVersions(
  conn: Connection,
  dialect: DialectCore,
  table: QualifiedTable,
): Promise<string[] | undefined> {
  const present = await existingTables(conn, dialect, [table.name], table.schema);
  if (!present.has(table.name)) return undefined;
  return readVersionRows(conn, dialect, table);
}

/**
 * The version rows of a table known to exist.
 *
 * @example
 * await readVersionRows(conn, dialect, { name: 'athanor_version' }); // ['c3c3c3c3c3c3']
 */
export async function readVersionRows(
  conn: Connection,
  dialect: DialectCore,
  table: QualifiedTable,
): Promise<string[]> {
  const query = sql`SELECT version_num FROM ${tableIdentifier(table)}`;
  const text = renderSql(query, dialect);
  const rows = await conn.query<{ version_num: string }>(text.sql, text.params);
  return rows.map((r) => String(r.version_num)).sort();
}

/**
 * The statements that apply one step's version delta, in Alembic's shape: an UPDATE where one
 * row becomes another, a DELETE for a row that disappears (a merge), an INSERT for a new row
 * (a new branch or the first step from base).
 *
 * @example
 * versionDeltaStatements({ name: 'athanor_version' }, { delete: ['a1'], insert: ['b2'] });
 * // [sql`UPDATE "athanor_version" SET version_num = ${'b2'} WHERE version_num = ${'a1'}`]
 */
export function versionDeltaStatements(table: QualifiedTable, delta: VersionDelta): SqlFragment[] {
  const id = tableIdentifier(table);
  const deletes = delta.delete.filter((rev) => !delta.insert.includes(rev));
  const inserts = delta.insert.filter((rev) => !delta.delete.includes(rev));
  const statements: SqlFragment[] = [];
  const pairs = Math.min(deletes.length, inserts.length);
  for (let i = 0; i < pairs; i++) {
    statements.push(
      sql`UPDATE ${id} SET version_num = ${inserts[i]} WHERE version_num = ${deletes[i]}`,
    );
  }
  for (const rev of deletes.slice(pairs))
    statements.push(sql`DELETE FROM ${id} WHERE version_num = ${rev}`);
  for (const rev of inserts.slice(pairs))
    statements.push(sql`INSERT INTO ${id} (version_num) VALUES (${rev})`);
  return statements;
}
