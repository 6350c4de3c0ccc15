import { canonicalJson } from '../../src/autogen/compare/compare-context.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { createOp } from '../../src/operations/op.js';
import type { Operation } from '../../src/operations/operation.js';
import { sql } from '../../src/operations/sql-tag.js';
import type { Executor } from '../../src/runtime/executor.js';
import { t } from '../../src/schema/column-types.js';
import type { TableModel } from '../../src/schema/model.js';
import { check, foreignKey, index, primaryKey, unique } from '../../src/schema/table-extras.js';

/** What render cannot carry over: table constraint order (inline vs extras), existing.autoincrement. */
export function comparable(ops: readonly Operation[]): unknown {
  const byJson = <T>(items: readonly T[]) =>
    [...items].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
  const sortTable = (table: TableModel) => ({
    ...table,
    uniques: byJson(table.uniques),
    foreignKeys: byJson(table.foreignKeys),
  });
  return JSON.parse(
    canonicalJson(
      ops.map((op) => {
        if (op.kind === 'createTable') return { ...op, table: sortTable(op.table) };
        if (op.kind === 'alterColumn' && op.existing) {
          const { autoincrement: _a, ...existing } = op.existing;
          return { ...op, existing };
        }
        return op;
      }),
    ),
  );
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

/**
 * Runs a rendered migration body with the real `op` facade (src/operations/op.ts) over an
 * executor that only records the operations it is given.
 */
export async function runRendered(body: string): Promise<Operation[]> {
  const ops: Operation[] = [];
  // Online, so execute() keeps its parameters bound; the renderer methods are not needed then.
  const dialect = {
    placeholder: () => '?',
    quoteIdentifier: (name: string) => `"${name}"`,
    literal: (value: unknown) => String(value),
  } as unknown as Dialect;
  const executor = {
    dialect,
    offline: false,
    apply: async (op: Operation) => {
      ops.push(op);
    },
    autocommit: (fn: () => Promise<void>) => fn(),
  } as unknown as Executor;
  const op = createOp(executor, { dialect, args: {}, offline: false });
  const fn = new AsyncFunction(
    'op',
    't',
    'sql',
    'index',
    'unique',
    'check',
    'foreignKey',
    'primaryKey',
    body,
  );
  await fn(op, t, sql, index, unique, check, foreignKey, primaryKey);
  return ops;
}
