/**
 * The rules of `athanor lint`, as one table of plain data. Each rule says which databases it is
 * about, why the operation is dangerous there and what to write instead. Rules look at one
 * Operation at a time; "existing table" means a table not created earlier in the same migration
 * (a table created in the migration is new and empty, so nothing on it is dangerous).
 *
 * Severity (see LintSeverity): errors fail on a table with rows, lose data, rewrite the table or
 * break the code still running during a deploy; warnings take a lock for a scan whose length
 * grows with the table, harmless on small tables.
 */
import { describeType } from '../autogen/render-summary.js';
import type { AlterColumn, Operation } from '../operations/operation.js';
import type { ColumnType } from '../schema/types.js';
import type { LintDialect, LintRule, LintRuleContext } from './lint-types.js';

const both: readonly LintDialect[] = ['postgresql', 'mysql'];
const postgresOnly: readonly LintDialect[] = ['postgresql'];

/**
 * The key lint uses for a table: `schema.table`, or the bare name without a schema.
 *
 * @example
 * tableKey('users', 'app'); // 'app.users'
 */
export function tableKey(table: string, schema?: string): string {
  return schema === undefined ? table : `${schema}.${table}`;
}

function existing(ctx: LintRuleContext, table: string, schema?: string): boolean {
  return !ctx.createdTables.has(tableKey(table, schema));
}

/**
 * Type changes that only touch the catalog. PostgreSQL: a VARCHAR may grow or lose its limit, or
 * become TEXT (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES).
 * MySQL: a VARCHAR may grow in place while its length prefix stays one byte (up to 255 bytes,
 * 63 utf8mb4 characters) or was already two
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html#online-ddl-column-operations).
 */
const metadataOnlyChange: Readonly<
  Record<LintDialect, (from: ColumnType, to: ColumnType) => boolean>
> = {
  postgresql: (from, to) => {
    if (from.kind !== 'string') return false;
    if (to.kind === 'text') return true;
    if (to.kind !== 'string') return false;
    if (to.length === undefined) return true;
    return from.length !== undefined && to.length >= from.length;
  },
  mysql: (from, to) => {
    if (from.kind !== 'string' || to.kind !== 'string') return false;
    if (from.length === undefined || to.length === undefined || to.length < from.length)
      return false;
    const prefixBytes = (chars: number): number => (chars * 4 <= 255 ? 1 : 2);
    return prefixBytes(from.length) === prefixBytes(to.length);
  },
};

function rewritesTable(op: AlterColumn, ctx: LintRuleContext): boolean {
  const from = op.existing?.type;
  if (op.type === undefined) return false;
  if (from === undefined) return true; // unknown starting type: cannot be shown to be safe
  if (JSON.stringify(from) === JSON.stringify(op.type)) return false;
  return !metadataOnlyChange[ctx.dialect](from, op.type);
}

/**
 * The column a CHECK expression proves NOT NULL (`email IS NOT NULL`), if that is all it says.
 *
 * @example
 * notNullColumnOf('("email" IS NOT NULL)'); // 'email'
 */
export function notNullColumnOf(expression: string): string | undefined {
  const match = /^\(*\s*[`"]?([^\s`"()]+)[`"]?\s+IS\s+NOT\s+NULL\s*\)*$/i.exec(expression.trim());
  return match?.[1];
}

function hasValidNotNullCheck(ctx: LintRuleContext, table: string, column: string): boolean {
  return ctx.notNullChecks.some((c) => c.table === table && c.column === column && c.validated);
}

type Check = (op: Operation, ctx: LintRuleContext) => string | undefined;

const addNotNullColumn: Check = (op, ctx) => {
  if (op.kind !== 'addColumn' || !existing(ctx, op.table, op.schema)) return undefined;
  const c = op.column;
  if (c.nullable || c.default !== undefined || c.autoincrement === true) return undefined;
  return `column ${op.table}.${c.name}`;
};

const changeType: Check = (op, ctx) => {
  if (op.kind !== 'alterColumn' || !existing(ctx, op.table, op.schema)) return undefined;
  if (!rewritesTable(op, ctx) || op.type === undefined) return undefined;
  const from = op.existing?.type ? describeType(op.existing.type) : 'unknown type';
  return `column ${op.table}.${op.column} (${from} -> ${describeType(op.type)})`;
};

const setNotNull: Check = (op, ctx) => {
  if (op.kind !== 'alterColumn' || op.nullable !== false || op.existing?.nullable === false)
    return undefined;
  if (!existing(ctx, op.table, op.schema)) return undefined;
  if (hasValidNotNullCheck(ctx, tableKey(op.table, op.schema), op.column)) return undefined;
  return `column ${op.table}.${op.column}`;
};

/**
 * Every lint rule, in the order findings are listed.
 *
 * @example
 * lintRules.filter((r) => r.severity === 'error').map((r) => r.id);
 */
export const lintRules: readonly LintRule[] = Object.freeze([
  {
    id: 'add-column-not-null-without-default',
    severity: 'error',
    dialects: both,
    why: "a NOT NULL column without a default has no value for the rows the table already has: PostgreSQL fails (\"column contains null values\"), MySQL silently fills in the type's implicit default (0, '')",
    safer:
      'give it a default (PostgreSQL 11+ and MySQL 8 add it without rewriting the table), or add it nullable, backfill in batches, and set NOT NULL in a later migration',
    check: addNotNullColumn,
  },
  {
    id: 'create-index-not-concurrently',
    severity: 'warning',
    dialects: postgresOnly,
    why: 'CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the table waits until the index is built',
    safer:
      "pass `{ concurrently: true }` to op.createIndex: athanor runs CREATE INDEX CONCURRENTLY outside the migration's transaction and writes go on meanwhile",
    check: (op, ctx) =>
      op.kind === 'createIndex' &&
      op.concurrently !== true &&
      existing(ctx, op.index.table, op.schema)
        ? `index ${op.index.name} on ${op.index.table}`
        : undefined,
  },
  {
    id: 'change-column-type',
    severity: 'error',
    dialects: both,
    why: "changing a column's type rewrites the table and its indexes while reads and writes wait (PostgreSQL ACCESS EXCLUSIVE lock, MySQL table copy), and code still running may not handle the new type",
    safer:
      'add a column of the new type, write to both, backfill in batches, move reads over, then drop the old column; widening a VARCHAR is safe: pass `existingType` so lint can tell',
    check: changeType,
  },
  {
    id: 'drop-column',
    severity: 'error',
    dialects: both,
    why: "the column's data is gone for good, and code still running that reads or writes the column fails until it is redeployed",
    safer:
      'deploy code that no longer uses the column first, then drop it in a later migration and acknowledge it with `// athanor-lint-disable-next-line drop-column`',
    check: (op, ctx) =>
      op.kind === 'dropColumn' && existing(ctx, op.table, op.schema)
        ? `column ${op.table}.${op.column}`
        : undefined,
  },
  {
    id: 'drop-table',
    severity: 'error',
    dialects: both,
    why: "the table's data is gone for good, and code still running that uses the table fails until it is redeployed",
    safer:
      'deploy code that no longer uses the table first (or rename it aside and keep it for a while), then drop it in a later migration and acknowledge it with `// athanor-lint-disable-next-line drop-table`',
    check: (op, ctx) =>
      op.kind === 'dropTable' && existing(ctx, op.table, op.schema)
        ? `table ${op.table}`
        : undefined,
  },
  {
    id: 'rename-column',
    severity: 'error',
    dialects: both,
    why: 'code still running during the deploy reads and writes the old name and fails until every instance runs the new code',
    safer:
      'add the new column, write to both, backfill, move reads to the new column, then drop the old one in a later migration',
    check: (op, ctx) =>
      op.kind === 'alterColumn' && op.newName !== undefined && existing(ctx, op.table, op.schema)
        ? `column ${op.table}.${op.column} -> ${op.newName}`
        : undefined,
  },
  {
    id: 'rename-table',
    severity: 'error',
    dialects: both,
    why: 'code still running during the deploy uses the old name and fails until every instance runs the new code',
    safer:
      'create the new table (or a view under the new name), move code over, then drop the old name in a later migration',
    check: (op, ctx) =>
      op.kind === 'renameTable' && existing(ctx, op.table, op.schema)
        ? `table ${op.table} -> ${op.newName}`
        : undefined,
  },
  {
    id: 'add-foreign-key-not-valid',
    severity: 'warning',
    dialects: postgresOnly,
    why: 'adding a foreign key checks every existing row while a SHARE ROW EXCLUSIVE lock on both tables blocks their writes',
    safer:
      "pass `{ notValid: true }` to op.createForeignKey, then in a later migration run `op.execute('ALTER TABLE ... VALIDATE CONSTRAINT ...')`, which checks the rows without blocking writes",
    check: (op, ctx) =>
      op.kind === 'addConstraint' &&
      op.constraint.type === 'foreignKey' &&
      op.notValid !== true &&
      existing(ctx, op.table, op.schema)
        ? `foreign key ${op.constraint.name} on ${op.table}`
        : undefined,
  },
  {
    id: 'set-not-null',
    severity: 'warning',
    dialects: postgresOnly,
    why: 'SET NOT NULL scans the whole table for NULLs under an ACCESS EXCLUSIVE lock, blocking reads and writes until the scan ends',
    safer:
      "first add `CHECK (col IS NOT NULL)` with `{ notValid: true }` and VALIDATE it (op.execute('ALTER TABLE ... VALIDATE CONSTRAINT ...'), which does not block writes); PostgreSQL 12+ then sets NOT NULL without scanning; drop the check afterwards",
    check: setNotNull,
  },
] satisfies LintRule[]);

/**
 * The rule with this id, or undefined.
 *
 * @example
 * lintRuleById('drop-table')?.severity; // 'error'
 */
export function lintRuleById(id: string): LintRule | undefined {
  return lintRules.find((rule) => rule.id === id);
}
