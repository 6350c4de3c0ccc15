/**
 * Columns for the round-trip schemas: types by family, the defaults each type takes on every
 * engine, and which columns an index or a key may use. See roundtrip-arbitrary.ts.
 */
import fc from 'fast-check';
import type { Capabilities } from '../../src/dialects/dialect.js';
import type { ColumnModel, DefaultValue } from '../../src/schema/model.js';
import type { ColumnType } from '../../src/schema/types.js';

/** What the engine under test accepts, beyond its capabilities. */
export interface RoundTripProfile {
  readonly capabilities: Capabilities;
  /** pgvector is installed. */
  readonly vector: boolean;
  /** Types an index or a key cannot use without a prefix length or an operator class. */
  readonly unindexable: ReadonlySet<ColumnType['kind']>;
  /**
   * The engine refuses a CHECK on a column it writes itself: an AUTO_INCREMENT column, or one
   * whose foreign key has ON DELETE SET NULL or ON UPDATE CASCADE / SET NULL (MariaDB, error
   * 1901 "Function or expression 'AUTO_INCREMENT' cannot be used in the CHECK clause of `id`").
   */
  readonly checksExcludeWrittenColumns: boolean;
}

/**
 * Columns change type only within a family whose members every engine converts both ways
 * without a USING clause; a `fixed` slot keeps one type on both sides of a pair.
 */
export type Family = 'number' | 'string' | 'temporal' | 'fixed';

export interface Slot {
  readonly family: Family;
  /** The type of a `fixed` slot. */
  readonly fixed: ColumnType;
}

export const numberTypes: readonly ColumnType[] = [
  { kind: 'integer' },
  { kind: 'bigint' },
  { kind: 'smallint' },
  { kind: 'numeric', precision: 10, scale: 2 },
  { kind: 'real' },
  { kind: 'double' },
];
const stringTypes: readonly ColumnType[] = [
  { kind: 'string', length: 10 },
  { kind: 'string', length: 40 },
  { kind: 'text' },
];
const temporalTypes: readonly ColumnType[] = [
  { kind: 'timestamp', withTimezone: false },
  { kind: 'timestamp', withTimezone: true },
  { kind: 'date' },
];

/** Every type a slot of the `fixed` family may hold on the engine. */
export function fixedTypes(profile: RoundTripProfile): ColumnType[] {
  const caps = profile.capabilities;
  return [
    { kind: 'boolean' },
    { kind: 'uuid' },
    { kind: 'json' },
    { kind: 'binary' },
    { kind: 'time' },
    { kind: 'enum', name: 'mood', values: [] },
    ...(caps.arrays
      ? [
          { kind: 'array', of: { kind: 'integer' } } as const,
          { kind: 'array', of: { kind: 'text' } } as const,
          { kind: 'array', of: { kind: 'enum', name: 'mood', values: [] } } as const,
        ]
      : []),
    ...(caps.vectors && profile.vector ? [{ kind: 'vector', dimensions: 3 } as const] : []),
  ];
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
      return fc.constant(withMood(slot.fixed, mood));
  }
}

/** The type with the schema's `mood` values (also inside an array). */
function withMood(type: ColumnType, mood: readonly string[]): ColumnType {
  if (type.kind === 'enum') return { ...type, values: mood };
  if (type.kind === 'array') return { kind: 'array', of: withMood(type.of, mood) };
  return type;
}

/** A default the column's type accepts on every engine, or none. */
function defaultArb(type: ColumnType): fc.Arbitrary<DefaultValue | undefined> {
  const literal = (...values: (string | number | boolean)[]) =>
    fc.option(
      fc.constantFrom(...values).map((value): DefaultValue => ({ kind: 'literal', value })),
      { nil: undefined },
    );
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
      return literal('x', "it's", '', 'a\\b');
    case 'boolean':
      return literal(true, false);
    case 'timestamp':
      return fc.option(fc.constant<DefaultValue>({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' }), {
        nil: undefined,
      });
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

/**
 * A column of a slot: its type, nullability, default and (where the engine keeps them) comment.
 *
 * @example
 * columnArb('c0', { family: 'number', fixed: { kind: 'boolean' } }, ['a'], true);
 */
export function columnArb(
  name: string,
  slot: Slot,
  mood: readonly string[],
  comments: boolean,
): fc.Arbitrary<ColumnModel> {
  return typeArb(slot, mood).chain((type) =>
    fc
      .record({
        nullable: fc.boolean(),
        default: defaultArb(type),
        comment: comments
          ? fc.option(fc.constantFrom('note', "it's", 'two\nlines'), { nil: undefined })
          : fc.constant(undefined),
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

/**
 * Columns of a table an index, a key or a foreign key may use.
 *
 * @example
 * indexable(table.columns, profile); // ['id', 'c0']
 */
export function indexable(columns: readonly ColumnModel[], profile: RoundTripProfile): string[] {
  return columns
    .filter(
      (c) =>
        !profile.unindexable.has(c.type.kind) &&
        c.type.kind !== 'array' &&
        c.type.kind !== 'vector',
    )
    .map((c) => c.name);
}
