/**
 * Random pairs of schemas a real database accepts, for the round-trip property (reflect +
 * normalize + compare + apply on real engines). Small by design: 1-4 tables of 1-6 columns.
 *
 * A pair shares one "plan" that fixes, per column slot, a type family: columns change type only
 * within a family whose members every engine converts both ways without a USING clause
 * (PostgreSQL refuses `ALTER ... TYPE integer` on a text column without one, which autogenerate
 * does not write, as Alembic does not). Families: numbers; strings; dates and timestamps; and
 * one fixed type (boolean, uuid, json, binary, time, enum, array, vector) kept on both sides.
 * Columns: roundtrip-columns.ts; keys, indexes and checks: roundtrip-keys.ts.
 */
import fc from 'fast-check';
import type {
  ColumnModel,
  EnumModel,
  ForeignKeyModel,
  SchemaModel,
  TableModel,
} from '../../src/schema/model.js';
import {
  columnArb,
  fixedTypes,
  type Family,
  type RoundTripProfile,
  type Slot,
} from './roundtrip-columns.js';
import { dedupeNames, keysArb } from './roundtrip-keys.js';

export type { RoundTripProfile } from './roundtrip-columns.js';

/**
 * The slots of c0..c4, the same in every table: a table rename (confirmed renames) then keeps
 * each column in its family.
 */
type Plan = readonly Slot[];

const tableNames = ['t0', 't1', 't2', 't3'] as const;
/** Tables whose key is always `id` with autoincrement (SQLite and MySQL tie the two together). */
const serialTables: ReadonlySet<string> = new Set(['t0', 't1']);
const columnNames = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;

/**
 * Whether a table's `id` is a serial key. A rename between a serial and a plain table changes
 * autoincrement, which compare only notes (no portable ALTER): such renames are not confirmed.
 */
export const isSerialTable = (name: string): boolean => serialTables.has(name);

function planArb(profile: RoundTripProfile): fc.Arbitrary<Plan> {
  const slot = fc.record({
    family: fc.constantFrom<Family>(
      'number',
      'number',
      'string',
      'string',
      'temporal',
      'fixed',
      'fixed',
    ),
    fixed: fc.constantFrom(...fixedTypes(profile)),
  });
  return fc.array(slot, { minLength: columnNames.length, maxLength: columnNames.length });
}

function tableArb(
  name: string,
  slots: readonly Slot[],
  mood: readonly string[],
  profile: RoundTripProfile,
): fc.Arbitrary<TableModel> {
  const serial = serialTables.has(name);
  const id: ColumnModel = {
    name: 'id',
    type: { kind: 'integer' },
    nullable: false,
    ...(serial ? { autoincrement: true } : {}),
  };
  const comments = profile.capabilities.comments;
  const columnsArb = fc
    .subarray(columnNames.map((n, i) => [n, i] as const))
    .chain((picked) =>
      fc.tuple(...picked.map(([n, i]) => columnArb(n, slots[i] as Slot, mood, comments))),
    )
    .map((extra) => [id, ...extra]);
  return columnsArb.chain((columns) =>
    fc
      .record({
        keys: keysArb(name, columns, serial, profile),
        comment: comments
          ? fc.option(fc.constantFrom('table note', 'other'), { nil: undefined })
          : fc.constant(undefined),
      })
      .map(({ keys, comment }): TableModel => {
        const pk = keys.primaryKey?.columns ?? [];
        return {
          name,
          // Key columns are NOT NULL on every engine.
          columns: columns.map((c) => (pk.includes(c.name) ? { ...c, nullable: false } : c)),
          ...keys,
          foreignKeys: [],
          ...(comment === undefined ? {} : { comment }),
        };
      }),
  );
}

/**
 * Whether a CHECK of the table names the column on an engine that then refuses a foreign-key
 * action writing it (ON DELETE SET NULL, ON UPDATE CASCADE): MariaDB cannot hold both.
 */
function writtenColumnChecked(table: TableModel, column: string, profile: RoundTripProfile) {
  const word = new RegExp(`\\b${column}\\b`);
  return profile.checksExcludeWrittenColumns && table.checks.some((c) => word.test(c.expression));
}

/** Foreign keys from integer columns to the `id` of a serial table of the schema. */
function withForeignKeys(
  tables: TableModel[],
  profile: RoundTripProfile,
): fc.Arbitrary<TableModel[]> {
  const targets = tables.filter((t) => serialTables.has(t.name)).map((t) => t.name);
  if (targets.length === 0) return fc.constant(tables);
  const fkArb = (table: TableModel) => {
    const sources = table.columns.filter((c) => c.type.kind === 'integer' && c.name !== 'id');
    if (sources.length === 0) return fc.constant([] as ForeignKeyModel[]);
    return fc
      .uniqueArray(
        fc.record({
          column: fc.constantFrom(...sources),
          refTable: fc.constantFrom(...targets),
          onDelete: fc.option(
            fc.constantFrom<'cascade' | 'set null' | 'restrict'>('cascade', 'set null', 'restrict'),
            { nil: undefined },
          ),
          onUpdate: fc.option(fc.constant<'cascade'>('cascade'), { nil: undefined }),
          deferred: profile.capabilities.deferrableConstraints
            ? fc.constantFrom(undefined, 'deferrable', 'initially deferred')
            : fc.constant(undefined),
          name: fc.option(fc.constantFrom(`fk_${table.name}_a`, `fk_${table.name}_b`), {
            nil: undefined,
          }),
        }),
        { maxLength: 2, selector: (f) => f.column.name },
      )
      .map((list) =>
        dedupeNames(
          list.map((f): ForeignKeyModel => ({
            ...(f.name === undefined ? {} : { name: f.name }),
            columns: [f.column.name],
            refTable: f.refTable,
            refColumns: ['id'],
            // SET NULL needs a nullable column (MySQL refuses the key otherwise).
            ...(f.onDelete === undefined ||
            (f.onDelete === 'set null' && !f.column.nullable) ||
            (f.onDelete === 'set null' && writtenColumnChecked(table, f.column.name, profile))
              ? {}
              : { onDelete: f.onDelete }),
            ...(f.onUpdate === undefined || writtenColumnChecked(table, f.column.name, profile)
              ? {}
              : { onUpdate: f.onUpdate }),
            ...(f.deferred === undefined ? {} : { deferrable: true }),
            ...(f.deferred === 'initially deferred' ? { initiallyDeferred: true } : {}),
          })),
        ),
      );
  };
  return fc
    .tuple(...tables.map(fkArb))
    .map((lists) => tables.map((t, i) => ({ ...t, foreignKeys: lists[i] ?? [] })));
}

function schemaFromPlan(plan: Plan, profile: RoundTripProfile): fc.Arbitrary<SchemaModel> {
  return fc
    .record({
      names: fc.subarray([...tableNames], { minLength: 1 }),
      mood: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
    })
    .chain(({ names, mood }) =>
      fc
        .tuple(...names.map((n) => tableArb(n, plan, mood, profile)))
        .chain((tables) => withForeignKeys(tables, profile))
        .map((tables): SchemaModel => {
          const types = tables.flatMap((t) => t.columns.map((c) => c.type));
          const enums: EnumModel[] = types.some(
            (t) => t.kind === 'enum' || (t.kind === 'array' && t.of.kind === 'enum'),
          )
            ? [{ name: 'mood', values: mood }]
            : [];
          const extensions = types.some((t) => t.kind === 'vector') ? ['vector'] : [];
          return { tables, enums, extensions };
        }),
    );
}

/** One round-trip case: two schemas, and whether compare accepts every rename it suspects. */
export interface RoundTripCase {
  readonly a: SchemaModel;
  readonly b: SchemaModel;
  /**
   * Rename candidates are confirmed (as `--interactive` answering yes would), except table
   * renames that would change autoincrement (see isSerialTable).
   */
  readonly renames: boolean;
}

/**
 * A case for the engine a profile describes: schemas A and B over one plan.
 *
 * @example
 * fc.assert(fc.asyncProperty(roundTripCaseArb(profile), (c) => runRoundTrip(engine, c)));
 */
export function roundTripCaseArb(profile: RoundTripProfile): fc.Arbitrary<RoundTripCase> {
  return planArb(profile).chain((plan) =>
    fc.record({
      a: schemaFromPlan(plan, profile),
      b: schemaFromPlan(plan, profile),
      renames: fc.boolean(),
    }),
  );
}
