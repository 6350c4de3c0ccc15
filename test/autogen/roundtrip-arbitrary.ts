/**
 * Random pairs of schemas a real database accepts, for the round-trip property (reflect +
 * normalize + compare + apply on real engines). Small by design: 1-4 tables of 1-6 columns.
 *
 * A pair shares one "plan" that fixes, per column slot, a type family: columns change type only
 * within a family whose members every engine converts both ways without a USING clause
 * (PostgreSQL refuses `ALTER ... TYPE integer` on a text column without one, which autogenerate
 * does not write, as Alembic does not). Families: numbers; strings; dates and timestamps; and
 * one fixed type (boolean, uuid, json, binary, time, enum, array, vector) kept on both sides.
 */
import fc from 'fast-check';
import type { Capabilities } from '../../src/dialects/dialect.js';
import type {
  CheckConstraintModel,
  ColumnModel,
  DefaultValue,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  IndexPart,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from '../../src/schema/model.js';
import type { ColumnType } from '../../src/schema/types.js';

/** What the engine under test accepts, beyond its capabilities. */
export interface RoundTripProfile {
  readonly capabilities: Capabilities;
  /** pgvector is installed. */
  readonly vector: boolean;
  /** Types an index or a key cannot use without a prefix length or an operator class. */
  readonly unindexable: ReadonlySet<ColumnType['kind']>;
}

type Family = 'number' | 'string' | 'temporal' | 'fixed';

interface Slot {
  readonly family: Family;
  /** The type of a `fixed` slot. */
  readonly fixed: ColumnType;
}

/** Per table: the slots of c0..c4. */
type Plan = Readonly<Record<string, readonly Slot[]>>;

const tableNames = ['t0', 't1', 't2', 't3'] as const;
/** Tables whose key is always `id` with autoincrement (SQLite and MySQL tie the two together). */
const serialTables = new Set(['t0', 't1']);
const columnNames = ['c0', 'c1', 'c2', 'c3', 'c4'] as const;

const numberTypes: ColumnType[] = [
  { kind: 'integer' },
  { kind: 'bigint' },
  { kind: 'smallint' },
  { kind: 'numeric', precision: 10, scale: 2 },
  { kind: 'real' },
  { kind: 'double' },
];
const stringTypes: ColumnType[] = [{ kind: 'string', length: 10 }, { kind: 'string', length: 40 }, { kind: 'text' }];
const temporalTypes: ColumnType[] = [
  { kind: 'timestamp', withTimezone: false },
  { kind: 'timestamp', withTimezone: true },
  { kind: 'date' },
];

function fixedTypes(profile: RoundTripProfile): ColumnType[] {
  const caps = profile.capabilities;
  return [
    { kind: 'boolean' },
    { kind: 'uuid' },
    { kind: 'json' },
    { kind: 'binary' },
    { kind: 'time' },
    { kind: 'enum', name: 'mood', values: [] },
    ...(caps.arrays ? [{ kind: 'array', of: { kind: 'integer' } } as const, { kind: 'array', of: { kind: 'text' } } as const] : []),
    ...(caps.vectors && profile.vector ? [{ kind: 'vector', dimensions: 3 } as const] : []),
  ];
}

function planArb(profile: RoundTripProfile): fc.Arbitrary<Plan> {
  const slot = fc.record({
    family: fc.constantFrom<Family>('number', 'number', 'string', 'string', 'temporal', 'fixed', 'fixed'),
    fixed: fc.constantFrom(...fixedTypes(profile)),
  });
  const table = fc.array(slot, { minLength: columnNames.length, maxLength: columnNames.length });
  return fc.tuple(...tableNames.map(() => table)).map((slots) => Object.fromEntries(tableNames.map((n, i) => [n, slots[i] ?? []])));
}

function typeArb(slot: Slot, mood: readonly string[]): fc.Arbitrary<ColumnType> {
  switch (slot.family) {
    case 'number':
      return fc.constantFrom(...numberTypes);
    case 'string':
      return fc.constantFrom(...stringTypes);
    case 'temporal':
      return fc.constantFrom(...temporalTypes);
    case 'fixed':
      return fc.constant(slot.fixed.kind === 'enum' ? { ...slot.fixed, values: mood } : slot.fixed);
  }
}

/** A default the column's type accepts on every engine, or none. */
function defaultArb(type: ColumnType): fc.Arbitrary<DefaultValue | undefined> {
  const literal = (...values: (string | number | boolean)[]) =>
    fc.option(fc.constantFrom(...values).map((value): DefaultValue => ({ kind: 'literal', value })), { nil: undefined });
  switch (type.kind) {
    case 'integer':
    case 'bigint':
    case 'smallint':
      return literal(0, 7, -1);
    case 'numeric':
    case 'real':
    case 'double':
      return literal(0, 1.5);
    case 'string':
    case 'text':
      return literal('x', "it's", '');
    case 'boolean':
      return literal(true, false);
    case 'timestamp':
      return fc.option(fc.constant<DefaultValue>({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' }), { nil: undefined });
    case 'date':
      return literal('2020-01-02');
    case 'time':
      return literal('12:30:00');
    case 'enum':
      return type.values.length > 0 ? literal(...type.values) : fc.constant(undefined);
    default:
      return fc.constant(undefined);
  }
}

function columnArb(name: string, slot: Slot, mood: readonly string[], comments: boolean): fc.Arbitrary<ColumnModel> {
  return typeArb(slot, mood).chain((type) =>
    fc
      .record({
        nullable: fc.boolean(),
        default: defaultArb(type),
        comment: comments ? fc.option(fc.constantFrom('note', "it's"), { nil: undefined }) : fc.constant(undefined),
      })
      .map((r) => ({
        name,
        type,
        nullable: r.nullable,
        ...(r.default === undefined ? {} : { default: r.default }),
        ...(r.comment === undefined ? {} : { comment: r.comment }),
      })),
  );
}

const named = <T extends object>(item: T, name: string | undefined): T => (name === undefined ? item : { ...item, name });

/** Columns of a table an index, a key or a foreign key may use. */
function indexable(columns: readonly ColumnModel[], profile: RoundTripProfile): string[] {
  return columns.filter((c) => !profile.unindexable.has(c.type.kind) && c.type.kind !== 'array' && c.type.kind !== 'vector').map((c) => c.name);
}

function keysArb(table: string, columns: readonly ColumnModel[], profile: RoundTripProfile) {
  // MariaDB refuses a CHECK on an AUTO_INCREMENT column.
  const idCheck = serialTables.has(table) ? [] : ['id > 0'];
  const keyable = indexable(columns, profile);
  const caps = profile.capabilities;
  const stringColumn = columns.find((c) => c.type.kind === 'string' || c.type.kind === 'text');
  // Not on integer columns: those may hold a foreign key, and MariaDB refuses a CHECK on a
  // column whose foreign key has an ON DELETE action.
  const numberColumn = columns.find((c) => c.type.kind !== 'integer' && numberTypes.some((t) => t.kind === c.type.kind));
  const checkExpressions = [
    ...idCheck,
    ...(stringColumn ? [`length(${stringColumn.name}) > 0`] : []),
    ...(numberColumn ? [`${numberColumn.name} >= 0`] : []),
  ];
  const partArb = fc.subarray(keyable, { minLength: 1, maxLength: Math.min(2, keyable.length) });
  const indexArb = fc.record({
    parts: partArb,
    desc: fc.boolean(),
    unique: fc.boolean(),
    where: caps.partialIndexes ? fc.option(fc.constant('id > 10'), { nil: undefined }) : fc.constant(undefined),
    expression: caps.expressionIndexes ? fc.boolean() : fc.constant(false),
  });
  return fc.record({
    uniques: fc.uniqueArray(fc.record({ columns: partArb, name: fc.option(fc.constantFrom(`uq_${table}_a`, `uq_${table}_b`), { nil: undefined }) }), {
      maxLength: 2,
      selector: (u) => u.columns.join(),
    }),
    indexes: fc.uniqueArray(fc.record({ spec: indexArb, name: fc.constantFrom(`ix_${table}_a`, `ix_${table}_b`) }), {
      maxLength: 2,
      selector: (i) => i.name,
    }),
    checks: caps.checkConstraints && checkExpressions.length > 0
      ? fc.uniqueArray(fc.record({ expression: fc.constantFrom(...checkExpressions), name: fc.option(fc.constantFrom(`ck_${table}_a`, `ck_${table}_b`), { nil: undefined }) }), {
          maxLength: 2,
          selector: (c) => c.expression,
        })
      : fc.constant<{ expression: string; name?: string | undefined }[]>([]),
  });
}

function tableArb(name: string, slots: readonly Slot[], mood: readonly string[], profile: RoundTripProfile): fc.Arbitrary<TableModel> {
  const serial = serialTables.has(name);
  const id: ColumnModel = { name: 'id', type: { kind: 'integer' }, nullable: false, ...(serial ? { autoincrement: true } : {}) };
  const comments = profile.capabilities.comments;
  return fc
    .subarray([...columnNames])
    .chain((names) => fc.tuple(...names.map((n) => columnArb(n, slots[columnNames.indexOf(n as (typeof columnNames)[number])] as Slot, mood, comments))))
    .chain((extra) => {
      const columns = [id, ...extra];
      return fc.record({
        pk: serial ? fc.constant<'id' | 'composite' | 'none'>('id') : fc.constantFrom<'id' | 'composite' | 'none'>('id', 'composite', 'none'),
        keys: keysArb(name, columns, profile),
        comment: comments ? fc.option(fc.constantFrom('table note', 'other'), { nil: undefined }) : fc.constant(undefined),
      }).map((r) => buildTable(name, columns, r, profile));
    });
}

function buildTable(
  name: string,
  all: ColumnModel[],
  r: { pk: 'id' | 'composite' | 'none'; keys: { uniques: { columns: string[]; name?: string | undefined }[]; indexes: { spec: { parts: string[]; desc: boolean; unique: boolean; where: string | undefined; expression: boolean }; name: string }[]; checks: { expression: string; name?: string | undefined }[] }; comment: string | undefined },
  profile: RoundTripProfile,
): TableModel {
  const second = indexable(all, profile).find((c) => c !== 'id');
  const pkColumns = r.pk === 'id' ? ['id'] : r.pk === 'composite' && second ? ['id', second] : undefined;
  // Key columns are NOT NULL on every engine.
  const columns = all.map((c) => (pkColumns?.includes(c.name) ? { ...c, nullable: false } : c));
  const uniques: UniqueConstraintModel[] = r.keys.uniques.map((u) => named({ columns: u.columns }, u.name));
  const checks: CheckConstraintModel[] = r.keys.checks.map((c) => named({ expression: c.expression }, c.name));
  const indexes: IndexModel[] = r.keys.indexes.map(({ spec, name: indexName }) => {
    const parts: IndexPart[] = spec.parts.map((column, i) => (spec.desc && i === 0 ? { column, order: 'desc' } : { column }));
    return {
      name: indexName,
      table: name,
      parts: spec.expression ? [...parts, { expression: 'abs(id)' }] : parts,
      unique: spec.unique,
      ...(spec.where === undefined ? {} : { where: spec.where }),
    };
  });
  return {
    name,
    columns,
    ...(pkColumns ? { primaryKey: { columns: pkColumns } } : {}),
    indexes,
    uniques: dedupeNames(uniques),
    foreignKeys: [],
    checks: dedupeNames(checks),
    ...(r.comment === undefined ? {} : { comment: r.comment }),
  };
}

function dedupeNames<T extends { name?: string }>(items: T[]): T[] {
  return items.filter((item, i) => item.name === undefined || items.findIndex((x) => x.name === item.name) === i);
}

/** Foreign keys from integer columns to the `id` of a serial table of the schema. */
function withForeignKeys(tables: TableModel[]): fc.Arbitrary<TableModel[]> {
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
          onDelete: fc.option(fc.constantFrom<'cascade' | 'set null' | 'restrict'>('cascade', 'set null', 'restrict'), { nil: undefined }),
          name: fc.option(fc.constantFrom(`fk_${table.name}_a`, `fk_${table.name}_b`), { nil: undefined }),
        }),
        { maxLength: 2, selector: (f) => f.column.name },
      )
      .map((list) =>
        dedupeNames(
          list.map((f) =>
            named<ForeignKeyModel>(
              {
                columns: [f.column.name],
                refTable: f.refTable,
                refColumns: ['id'],
                // SET NULL needs a nullable column (MySQL refuses the key otherwise).
                ...(f.onDelete === undefined || (f.onDelete === 'set null' && !f.column.nullable) ? {} : { onDelete: f.onDelete }),
              },
              f.name,
            ),
          ),
        ),
      );
  };
  return fc.tuple(...tables.map(fkArb)).map((lists) => tables.map((t, i) => ({ ...t, foreignKeys: lists[i] ?? [] })));
}

function schemaFromPlan(plan: Plan, profile: RoundTripProfile): fc.Arbitrary<SchemaModel> {
  return fc
    .record({
      names: fc.subarray([...tableNames], { minLength: 1 }),
      mood: fc.subarray(['a', 'b', 'c'], { minLength: 1 }),
    })
    .chain(({ names, mood }) =>
      fc
        .tuple(...names.map((n) => tableArb(n, plan[n] ?? [], mood, profile)))
        .chain(withForeignKeys)
        .map((tables): SchemaModel => {
          const types = tables.flatMap((t) => t.columns.map((c) => c.type));
          const enums: EnumModel[] = types.some((t) => t.kind === 'enum') ? [{ name: 'mood', values: mood }] : [];
          const extensions = types.some((t) => t.kind === 'vector') ? ['vector'] : [];
          return { tables, enums, extensions };
        }),
    );
}

/**
 * Two schemas (A, B) over one plan, for the engine a profile describes.
 *
 * @example
 * fc.assert(fc.asyncProperty(schemaPairArb(profile), async ([a, b]) => { ... }));
 */
export function schemaPairArb(profile: RoundTripProfile): fc.Arbitrary<[SchemaModel, SchemaModel]> {
  return planArb(profile).chain((plan) => fc.tuple(schemaFromPlan(plan, profile), schemaFromPlan(plan, profile)));
}
