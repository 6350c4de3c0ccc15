/**
 * One round-trip case on a real engine: the database built at A, upgraded to B with the
 * operations autogenerate would write, then downgraded with the written downgrade. After each
 * step, the normalised reflection must equal the normalised model (up to what compare ignores:
 * column order, constraint and index names) and compare must find nothing left to do.
 */
import {
  compare,
  compareBothWays,
  type CompareNote,
  type RenameCandidate,
} from '../../src/autogen/compare.js';
import { describeType, summarizeOperations } from '../../src/autogen/render.js';
import type { Operation } from '../../src/operations/operation.js';
import { OperationFailure } from '../../src/runtime/executor.js';
import { emptySchema, type SchemaModel, type TableModel } from '../../src/schema/model.js';
import { canonicalModel } from './canonical-model.js';
import { isSerialTable, type RoundTripCase } from './roundtrip-arbitrary.js';
import type { RoundTripEngine } from './roundtrip-engine.js';

/** A case that failed: the step, why, and both schemas in a readable form. */
export class RoundTripError extends Error {
  readonly step: string;
  constructor(step: string, reason: string, { a, b, renames }: RoundTripCase) {
    super(
      `round trip failed at "${step}"${renames ? ' (renames confirmed)' : ''}: ${reason}\n--- schema A ---\n${describeSchema(a)}\n--- schema B ---\n${describeSchema(b)}`,
    );
    this.name = 'RoundTripError';
    this.step = step;
  }
}

/** What the database may keep of A after a step: compare notes these instead of migrating them. */
interface Kept {
  /** PostgreSQL cannot drop or reorder enum values. */
  readonly enumValues: boolean;
  /** No portable ALTER adds or removes autoincrement (a rename can move a serial `id`). */
  readonly autoincrement: boolean;
}

function kept(
  notes: readonly CompareNote[],
  before: Kept = { enumValues: false, autoincrement: false },
): Kept {
  return {
    enumValues:
      before.enumValues ||
      notes.some((n) => n.kind === 'enumValueRemoved' || n.kind === 'enumValuesReordered'),
    autoincrement: before.autoincrement || notes.some((n) => n.kind === 'autoincrementChanged'),
  };
}

/** The model without what a step may keep, in canonical form. */
function canonical(model: SchemaModel, keeps: Kept): string {
  const tables = keeps.autoincrement
    ? model.tables.map((t) => ({
        ...t,
        columns: t.columns.map(({ autoincrement: _a, ...c }) => c),
      }))
    : model.tables;
  return JSON.stringify(canonicalModel({ ...model, tables }, { enumValues: !keeps.enumValues }));
}

const confirmRename = (c: RenameCandidate): boolean =>
  c.kind === 'column' || isSerialTable(c.from) === isSerialTable(c.to);

/**
 * Runs one case; throws a RoundTripError naming the step that failed.
 *
 * @example
 * await runRoundTrip(engine, { a, b, renames: false });
 */
export async function runRoundTrip(
  engine: RoundTripEngine,
  { a, b, renames }: RoundTripCase,
): Promise<void> {
  const { dialect } = engine;
  const fail = (step: string, reason: string) =>
    new RoundTripError(step, reason, { a, b, renames });
  const normA = dialect.normalize(a);
  const normB = dialect.normalize(b);
  await engine.reset();
  await applyStep(engine, compare(emptySchema, normA).operations, 'build A', fail);
  const atA = await engine.reflect();
  expectSame(atA, normA, kept([]), 'build A', fail);
  const { upgrade, downgrade } = compareBothWays(
    atA,
    normB,
    renames ? { renames: confirmRename } : {},
  );
  await applyStep(engine, upgrade.operations, 'upgrade A -> B', fail);
  const atB = await engine.reflect();
  const upKept = kept(upgrade.comments);
  expectSame(atB, normB, upKept, 'upgrade A -> B', fail, upgrade.operations);
  await applyStep(engine, downgrade.operations, 'downgrade B -> A', fail);
  const back = await engine.reflect();
  expectSame(
    back,
    normA,
    kept(downgrade.comments, upKept),
    'downgrade B -> A',
    fail,
    downgrade.operations,
  );
}

async function applyStep(
  engine: RoundTripEngine,
  ops: readonly Operation[],
  step: string,
  fail: (step: string, reason: string) => RoundTripError,
): Promise<void> {
  try {
    await engine.apply(ops);
  } catch (error) {
    const failed =
      error instanceof OperationFailure
        ? `operation ${error.index} (${error.operation})${error.sql ? `\n  SQL: ${error.sql}` : ''}\n  `
        : '';
    const message = error instanceof Error ? error.message : String(error);
    throw fail(step, `${failed}${message}\n  operations:\n${listOps(ops)}`);
  }
}

function expectSame(
  reflected: SchemaModel,
  expected: SchemaModel,
  keeps: Kept,
  step: string,
  fail: (step: string, reason: string) => RoundTripError,
  applied: readonly Operation[] = [],
): void {
  const left = compare(reflected, expected).operations;
  if (left.length > 0) {
    throw fail(
      step,
      `compare(reflected, model) still finds:\n${listOps(left)}\n  after applying:\n${listOps(applied)}\n  reflected:\n${describeSchema(reflected)}`,
    );
  }
  const got = canonical(reflected, keeps);
  const want = canonical(expected, keeps);
  if (got !== want) {
    throw fail(
      step,
      `the reflected schema differs from the model (compare sees no difference)\n  reflected: ${got}\n  expected:  ${want}\n  after applying:\n${listOps(applied)}`,
    );
  }
}

function listOps(ops: readonly Operation[]): string {
  return ops.length === 0
    ? '    (none)'
    : summarizeOperations(ops)
        .map((line) => `    ${line}`)
        .join('\n');
}

/**
 * A schema in a few lines, for failure messages:
 * `t0: id integer NOT NULL AI, c0 string(10) DEFAULT 'x' | pk(id) | unique(c0) | ...`.
 *
 * @example
 * describeSchema({ tables: [users], enums: [], extensions: [] });
 */
export function describeSchema(model: SchemaModel): string {
  const head = [
    ...(model.enums.length > 0
      ? [`enums: ${model.enums.map((e) => `${e.name}(${e.values.join(',')})`).join(' ')}`]
      : []),
    ...(model.extensions.length > 0 ? [`extensions: ${model.extensions.join(', ')}`] : []),
  ];
  return [...head, ...model.tables.map(describeTable)].map((line) => `    ${line}`).join('\n');
}

function describeTable(table: TableModel): string {
  const columns = table.columns.map((c) =>
    [
      c.name,
      describeType(c.type) + (c.type.kind === 'enum' ? `(${c.type.values.join(',')})` : ''),
      c.nullable ? '' : 'NOT NULL',
      c.autoincrement ? 'AI' : '',
      c.default === undefined
        ? ''
        : `DEFAULT ${c.default.kind === 'sql' ? c.default.sql : JSON.stringify(c.default.value)}`,
      c.comment === undefined ? '' : `-- ${JSON.stringify(c.comment)}`,
    ]
      .filter((s) => s !== '')
      .join(' '),
  );
  const name = (n: string | undefined) => (n === undefined ? '' : `${n}:`);
  const extras = [
    ...(table.primaryKey
      ? [`pk ${name(table.primaryKey.name)}(${table.primaryKey.columns.join(',')})`]
      : []),
    ...table.uniques.map((u) => `unique ${name(u.name)}(${u.columns.join(',')})`),
    ...table.indexes.map(
      (i) =>
        `${i.unique ? 'unique ' : ''}index ${i.name}(${i.parts.map((p) => ('column' in p ? p.column : p.expression) + (p.order === 'desc' ? ' desc' : '')).join(',')})${i.where ? ` where ${i.where}` : ''}`,
    ),
    ...table.foreignKeys.map(
      (f) =>
        `fk ${name(f.name)}(${f.columns.join(',')})->${f.refTable}(${f.refColumns.join(',')})${f.onDelete ? ` on delete ${f.onDelete}` : ''}`,
    ),
    ...table.checks.map((c) => `check ${name(c.name)}(${c.expression})`),
    ...(table.comment === undefined ? [] : [`comment ${JSON.stringify(table.comment)}`]),
  ];
  return `${table.name}: ${columns.join(', ')}${extras.length > 0 ? ` | ${extras.join(' | ')}` : ''}`;
}
