import type { Operation, OperationKind } from '../../operations/operation.js';
import type { CompileContext, Statement } from '../dialect.js';

/**
 * One compile function per operation kind. A dialect's compiler is a `CompilerTable` written with
 * `satisfies`, so a kind without a compiler is a type error rather than a silently missing
 * statement.
 *
 * @example
 * const compilers = { createTable(op, ctx) { return [...]; }, ... } satisfies CompilerTable;
 */
export type CompileFn<K extends OperationKind> = (
  op: Extract<Operation, { readonly kind: K }>,
  ctx: CompileContext,
) => Statement[];

/**
 * A compile function for every operation kind.
 *
 * @example
 * const compilers = { dropTable: (op) => [ddl(`DROP TABLE ...`)], ... } satisfies CompilerTable;
 */
export type CompilerTable = { readonly [K in OperationKind]: CompileFn<K> };

/**
 * Runs the compile function of `op.kind`.
 *
 * @example
 * dispatchCompile(compilers, { kind: 'dropTable', table: 'users' }, { offline: true });
 */
export function dispatchCompile(
  table: CompilerTable,
  op: Operation,
  ctx: CompileContext,
): Statement[] {
  // TypeScript cannot correlate `table[op.kind]` with `op`; the mapped type guarantees it.
  const fn = table[op.kind] as (op: Operation, ctx: CompileContext) => Statement[];
  return fn(op, ctx);
}

/**
 * A statement without parameters (all DDL: no database binds parameters in DDL).
 *
 * @example
 * ddl('DROP TABLE "users"'); // { sql: 'DROP TABLE "users"', params: [] }
 */
export function ddl(sql: string): Statement {
  return Object.freeze({ sql, params: Object.freeze([]) as readonly unknown[] });
}
