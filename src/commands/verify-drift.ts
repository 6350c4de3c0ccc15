import { compare } from '../autogen/compare.js';
import { describeType, summarizeOperations } from '../autogen/render-summary.js';
import type { AlterColumn, Operation } from '../operations/operation.js';
import type { DefaultValue, SchemaModel } from '../schema/model.js';

/**
 * One way a schema differs from the one expected: something `extra` (there, not expected),
 * `missing` (expected, not there) or `changed` (there, but different: `detail` says how).
 *
 * @example
 * const drift: SchemaDrift = { kind: 'extra', what: 'column users.full_name' };
 */
export interface SchemaDrift {
  readonly kind: 'extra' | 'missing' | 'changed';
  readonly what: string;
  readonly detail?: string;
}

const q = (op: { readonly schema?: string | undefined }, name: string): string =>
  op.schema === undefined ? name : `${op.schema}.${name}`;

function describeDefault(value: DefaultValue | null | undefined): string {
  if (value === undefined || value === null) return 'no default';
  return `default ${value.kind === 'sql' ? value.sql : JSON.stringify(value.value)}`;
}

/** How a column differs: `existing` is what is there, the operation's fields what was expected. */
function alterDetail(op: AlterColumn): string {
  const there = op.existing ?? {};
  const parts: string[] = [];
  if (op.newName !== undefined) parts.push(`named ${op.column} instead of ${op.newName}`);
  if (op.type !== undefined) {
    parts.push(
      `type ${there.type ? describeType(there.type) : '?'} instead of ${describeType(op.type)}`,
    );
  }
  if (op.nullable !== undefined) {
    parts.push(op.nullable ? 'NOT NULL instead of nullable' : 'nullable instead of NOT NULL');
  }
  if (op.default !== undefined) {
    parts.push(`${describeDefault(there.default)} instead of ${describeDefault(op.default)}`);
  }
  if (op.comment !== undefined) parts.push('a different comment');
  return parts.join(', ');
}

type Describe<K extends Operation['kind']> = (op: Extract<Operation, { kind: K }>) => SchemaDrift;

/** Reads each operation of compare(actual, expected) as a difference of `actual`. */
const drifts = {
  createTable: (op) => ({
    kind: 'missing',
    what: `table ${q({ schema: op.table.schema ?? op.schema }, op.table.name)}`,
  }),
  dropTable: (op) => ({ kind: 'extra', what: `table ${q(op, op.table)}` }),
  renameTable: (op) => ({
    kind: 'changed',
    what: `table ${q(op, op.table)}`,
    detail: `instead of ${op.newName}`,
  }),
  addColumn: (op) => ({ kind: 'missing', what: `column ${q(op, op.table)}.${op.column.name}` }),
  dropColumn: (op) => ({ kind: 'extra', what: `column ${q(op, op.table)}.${op.column}` }),
  alterColumn: (op) => ({
    kind: 'changed',
    what: `column ${q(op, op.table)}.${op.column}`,
    detail: alterDetail(op),
  }),
  setTableComment: (op) => ({
    kind: 'changed',
    what: `table ${q(op, op.table)}`,
    detail: 'a different comment',
  }),
  createIndex: (op) => ({
    kind: 'missing',
    what: `index ${op.index.name} on ${q(op, op.index.table)}`,
  }),
  dropIndex: (op) => ({
    kind: 'extra',
    what: `index ${op.name}${op.table ? ` on ${q(op, op.table)}` : ''}`,
  }),
  addConstraint: (op) => ({
    kind: 'missing',
    what: `constraint ${op.constraint.name} on ${q(op, op.table)}`,
  }),
  dropConstraint: (op) => ({ kind: 'extra', what: `constraint ${op.name} on ${q(op, op.table)}` }),
  createEnum: (op) => ({ kind: 'missing', what: `enum ${q(op, op.name)}` }),
  dropEnum: (op) => ({ kind: 'extra', what: `enum ${q(op, op.name)}` }),
  addEnumValue: (op) => ({ kind: 'missing', what: `enum value ${q(op, op.name)}.${op.value}` }),
  createExtension: (op) => ({ kind: 'missing', what: `extension ${op.name}` }),
  dropExtension: (op) => ({ kind: 'extra', what: `extension ${op.name}` }),
  executeSql: (op) => ({
    kind: 'changed',
    what: 'schema',
    detail: summarizeOperations([op]).join(''),
  }),
  bulkInsert: (op) => ({
    kind: 'changed',
    what: 'schema',
    detail: summarizeOperations([op]).join(''),
  }),
  recreateTable: (op) => ({ kind: 'changed', what: `table ${op.from}` }),
} satisfies { [K in Operation['kind']]: Describe<K> };

/**
 * How `actual` differs from `expected` (both normalised by the same dialect): compare's
 * operations from `actual` to `expected`, read as differences of `actual`.
 *
 * @example
 * schemaDrift(afterDowngrade, beforeUpgrade); // [{ kind: 'extra', what: 'column users.full_name' }]
 */
export function schemaDrift(actual: SchemaModel, expected: SchemaModel): SchemaDrift[] {
  return compare(actual, expected).operations.map((op) =>
    (drifts[op.kind] as (op: Operation) => SchemaDrift)(op),
  );
}

/**
 * The messages for a downgrade that does not give back the schema from before the upgrade.
 *
 * @example
 * downgradeProblems('004_add_full_name', [{ kind: 'extra', what: 'column users.full_name' }]);
 * // ['downgrade of 004_add_full_name leaves column users.full_name']
 */
export function downgradeProblems(stem: string, drift: readonly SchemaDrift[]): string[] {
  const verb = { extra: 'leaves', missing: 'removes', changed: 'leaves' } as const;
  return drift.map((d) => {
    const detail = d.detail ? ` changed (${d.detail})` : '';
    return `downgrade of ${stem} ${verb[d.kind]} ${d.what}${detail}`;
  });
}

/**
 * The messages for a second upgrade that gives another schema than the first.
 *
 * @example
 * reupgradeProblems('004_add_full_name', [{ kind: 'missing', what: 'index ix_users_email on users' }]);
 * // ['upgrade of 004_add_full_name after its downgrade lacks index ix_users_email on users']
 */
export function reupgradeProblems(stem: string, drift: readonly SchemaDrift[]): string[] {
  const verb = { extra: 'adds an extra', missing: 'lacks', changed: 'gives a different' } as const;
  return drift.map((d) => {
    const detail = d.detail ? ` (${d.detail})` : '';
    return `upgrade of ${stem} after its downgrade ${verb[d.kind]} ${d.what}${detail}`;
  });
}
