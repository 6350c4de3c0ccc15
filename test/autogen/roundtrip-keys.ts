/**
 * Keys of the round-trip tables: primary key, unique constraints, indexes (unique, descending,
 * partial, with an expression where the engine has them) and checks, over small name pools so
 * that two schemas of a pair share them often. See roundtrip-arbitrary.ts.
 */
import fc from 'fast-check';
import type {
  CheckConstraintModel,
  ColumnModel,
  IndexModel,
  IndexPart,
  TableModel,
  UniqueConstraintModel,
} from '../../src/schema/model.js';
import { constraintNameOf } from '../../src/schema/constraint-names.js';
import { indexable, numberTypes, type RoundTripProfile } from './roundtrip-columns.js';

/** The keys of a table, before the primary key makes its columns NOT NULL. */
export type TableKeys = Pick<TableModel, 'primaryKey' | 'uniques' | 'indexes' | 'checks'>;

const named = <T extends object>(item: T, name: string | undefined): T & { name?: string } =>
  name === undefined ? item : { ...item, name };

/** Keeps the first of the items sharing a name. */
export function dedupeNames<T extends { name?: string }>(items: T[]): T[] {
  return items.filter(
    (item, i) => item.name === undefined || items.findIndex((x) => x.name === item.name) === i,
  );
}

function checksArb(
  table: string,
  columns: readonly ColumnModel[],
  serial: boolean,
  profile: RoundTripProfile,
): fc.Arbitrary<CheckConstraintModel[]> {
  const text = columns.find((c) => c.type.kind === 'string' || c.type.kind === 'text');
  const number = columns.find(
    (c) => c.name !== 'id' && numberTypes.some((t) => t.kind === c.type.kind),
  );
  // MariaDB refuses a CHECK on an AUTO_INCREMENT column (see RoundTripProfile); the foreign-key
  // actions it refuses next to a CHECK are left out in roundtrip-arbitrary.ts instead.
  const idChecks = !(serial && profile.checksExcludeWrittenColumns);
  const expressions = [
    ...(idChecks ? ['id > 0', 'id BETWEEN 1 AND 1000000', 'NOT (id = 0 AND id IS NOT NULL)'] : []),
    ...(text
      ? [
          `length(${text.name}) > 0`,
          `${text.name} <> 'it''s'`,
          `${text.name} IN ('x', 'y')`,
          `${text.name} IS NOT NULL OR ${text.name} = ''`,
          `coalesce(${text.name}, 'z') <> 'q'`,
          `NOT (${text.name} LIKE 'a%')`,
        ]
      : []),
    // Each engine prints these back its own way: PostgreSQL without the parentheses precedence
    // makes redundant and with casts, MariaDB with its NOTs pushed down. (Not `||`: MariaDB
    // reads it as OR.)
    ...(number
      ? [
          `${number.name} >= 0`,
          `(${number.name} >= 0 AND ${number.name} < 100)`,
          `(${number.name} * 2) < 500`,
          `NOT (${number.name} = 5)`,
          `${number.name} BETWEEN -1 AND 2.5`,
          `NOT (${number.name} < 0 OR ${number.name} > 1000)`,
        ]
      : []),
  ];
  if (!profile.capabilities.checkConstraints || expressions.length === 0) return fc.constant([]);
  const check = fc.record({
    expression: fc.constantFrom(...expressions),
    name: fc.option(fc.constantFrom(`ck_${table}_a`, `ck_${table}_b`), { nil: undefined }),
  });
  return fc.uniqueArray(check, { maxLength: 2, selector: (c) => c.expression }).map((list) => {
    // Unnamed checks get the convention's name (ck_<table>_<columns>): two on the same column
    // would share it, which defineSchema refuses, so a model never has them.
    const checks = list.map((c): CheckConstraintModel =>
      named({ expression: c.expression }, c.name),
    );
    const nameOf = (c: CheckConstraintModel) =>
      constraintNameOf({ name: table, columns }, { type: 'check', ...c });
    return checks.filter((c, i) => checks.findIndex((x) => nameOf(x) === nameOf(c)) === i);
  });
}

function indexesArb(
  table: string,
  keyable: readonly string[],
  profile: RoundTripProfile,
): fc.Arbitrary<IndexModel[]> {
  const caps = profile.capabilities;
  const spec = fc.record({
    name: fc.constantFrom(`ix_${table}_a`, `ix_${table}_b`),
    columns: fc.subarray([...keyable], { minLength: 1, maxLength: Math.min(2, keyable.length) }),
    desc: fc.boolean(),
    unique: fc.boolean(),
    where: caps.partialIndexes
      ? fc.option(fc.constantFrom('id > 10', 'id IS NOT NULL AND id <> 3'), { nil: undefined })
      : fc.constant(undefined),
    expression: caps.expressionIndexes ? fc.boolean() : fc.constant(false),
  });
  return fc.uniqueArray(spec, { maxLength: 2, selector: (i) => i.name }).map((list) =>
    list.map((s): IndexModel => {
      const parts: IndexPart[] = s.columns.map((column, i) =>
        s.desc && i === 0 ? { column, order: 'desc' } : { column },
      );
      return {
        name: s.name,
        table,
        parts: s.expression ? [...parts, { expression: 'abs(id)' }] : parts,
        unique: s.unique,
        ...(s.where === undefined ? {} : { where: s.where }),
      };
    }),
  );
}

/**
 * A table's keys: a primary key on `id` (always on a serial table), on `id` and another column,
 * or none; up to two unique constraints, indexes and checks.
 *
 * @example
 * keysArb('t2', columns, false, profile);
 */
export function keysArb(
  table: string,
  columns: readonly ColumnModel[],
  serial: boolean,
  profile: RoundTripProfile,
): fc.Arbitrary<TableKeys> {
  const keyable = indexable(columns, profile);
  const second = keyable.find((c) => c !== 'id');
  const pk = serial
    ? fc.constant(['id'])
    : fc.constantFrom<string[] | undefined>(['id'], second ? ['id', second] : undefined, undefined);
  const unique = fc.record({
    columns: fc.subarray(keyable, { minLength: 1, maxLength: Math.min(2, keyable.length) }),
    name: fc.option(fc.constantFrom(`uq_${table}_a`, `uq_${table}_b`), { nil: undefined }),
  });
  return fc
    .record({
      pk,
      // A key may carry a name a unique constraint of the other schema wants, so compare must
      // move it aside (drop + add), also on SQLite's AUTOINCREMENT key.
      pkName: fc.option(fc.constantFrom(`pk_${table}`, `${table}_pkey`, `uq_${table}_b`), {
        nil: undefined,
      }),
      uniques: fc.uniqueArray(unique, { maxLength: 2, selector: (u) => u.columns.join() }),
      indexes: indexesArb(table, keyable, profile),
      checks: checksArb(table, columns, serial, profile),
    })
    .map((r) => ({
      ...(r.pk ? { primaryKey: named({ columns: r.pk }, r.pkName) } : {}),
      uniques: dedupeNames(
        r.uniques.map((u): UniqueConstraintModel =>
          // One table cannot name two constraints alike.
          named({ columns: u.columns }, u.name === r.pkName ? undefined : u.name),
        ),
      ),
      indexes: r.indexes,
      checks: r.checks,
    }));
}
