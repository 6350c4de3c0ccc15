import type { Operation } from '../../operations/operation.js';
import type { DefaultValue, SchemaModel } from '../../schema/model.js';
import type { NamingConvention } from '../../schema/naming.js';
import type { ColumnType } from '../../schema/types.js';

/**
 * The order operations come out of compare, chosen so each one runs against a schema where it
 * is valid:
 * - extensions and enum types first (columns use them);
 * - renames next, so everything after speaks of the new names;
 * - then drops of foreign keys and of removed tables (reverse FK order; a dropped table's FK
 *   may point at a key that is about to change), then of other constraints and indexes, so a
 *   re-created object can reuse its name and a new primary key finds none in place;
 * - column changes and new keys/indexes of the kept tables, then new tables in FK order (their
 *   foreign keys may point at those new keys), then foreign keys between existing tables and the
 *   FKs that close cycles between new tables;
 * - dropped columns, then enum types and extensions nothing uses any more.
 */
export const phaseOrder = [
  'createExtension',
  'createEnum',
  'renameTable',
  'renameColumn',
  'dropForeignKey',
  'dropTable',
  'dropConstraint',
  'dropIndex',
  'addColumn',
  'alterColumn',
  'tableComment',
  'addConstraint',
  'createIndex',
  'createTable',
  'addForeignKey',
  'dropColumn',
  'dropEnum',
  'dropExtension',
] as const;

export type Phase = (typeof phaseOrder)[number];

/** A rename the user confirmed, or that compare suspects. */
export type RenameHint =
  | { readonly kind: 'table'; readonly schema?: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'column';
      readonly schema?: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
    };

/** What compare asks a RenameResolver about. */
export type RenameCandidate = RenameHint;

/**
 * Things compare noticed but does not turn into operations. `render` writes them as comments.
 * - renameCandidate / tableRenameCandidate: a drop and an add of the same shape, maybe a rename;
 * - enumValueRemoved / enumValuesReordered: PostgreSQL cannot drop or move enum values;
 * - autoincrementChanged: no portable ALTER for it; write that migration by hand.
 */
export type CompareNote =
  | {
      readonly kind: 'renameCandidate';
      readonly schema?: string;
      readonly table: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: 'tableRenameCandidate';
      readonly schema?: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: 'enumValueRemoved';
      readonly schema?: string;
      readonly enum: string;
      readonly value: string;
    }
  | {
      readonly kind: 'enumValuesReordered';
      readonly schema?: string;
      readonly enum: string;
      readonly from: readonly string[];
      readonly to: readonly string[];
    }
  | {
      readonly kind: 'autoincrementChanged';
      readonly schema?: string;
      readonly table: string;
      readonly column: string;
      readonly from: boolean;
      readonly to: boolean;
    };

/** State of one compare call. */
export interface CompareContext {
  readonly naming: NamingConvention;
  /** The current model after the confirmed renames. */
  readonly current: SchemaModel;
  readonly target: SchemaModel;
  /** Enum names both models declare: their column types compare by name (values diff separately). */
  readonly sharedEnums: ReadonlySet<string>;
  /**
   * `schema|name` of every index of the target, and of every unique and primary-key constraint
   * (each is an index too, in the same namespace): a kept index or unique constraint cannot keep
   * a name another one wants.
   */
  readonly targetIndexNames: ReadonlySet<string>;
  /**
   * `table|col1,col2` of keys (primary key, unique constraint, unique index) this compare drops or
   * re-creates on kept tables; a foreign key that points at one must be dropped first and re-added.
   */
  readonly lostKeys: Set<string>;
  emit(phase: Phase, op: Operation): void;
  note(note: CompareNote): void;
}

/** `{ schema }` when set, for spreading into operations. */
export function schemaField(schema: string | undefined): { schema?: string } {
  return schema === undefined ? {} : { schema };
}

/**
 * JSON with sorted keys and without undefined fields: equal text means equal meaning.
 *
 * @example
 * canonicalJson({ b: 1, a: undefined, c: [2] }); // '{"b":1,"c":[2]}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * Column types equal in meaning. Enum types both models declare compare by name only: their
 * values are compared once, as enums.
 *
 * @example
 * sameType({ kind: 'string', length: 20 }, { kind: 'string', length: 20 }, new Set()); // true
 */
export function sameType(a: ColumnType, b: ColumnType, sharedEnums: ReadonlySet<string>): boolean {
  let x = a;
  let y = b;
  while (x.kind === 'array' && y.kind === 'array') {
    x = x.of;
    y = y.of;
  }
  if (x.kind === 'enum' && y.kind === 'enum' && x.name === y.name && sharedEnums.has(x.name))
    return true;
  return canonicalJson(x) === canonicalJson(y);
}

/** Defaults equal in meaning; DEFAULT NULL is no default. */
export function sameDefault(a: DefaultValue | undefined, b: DefaultValue | undefined): boolean {
  const norm = (d: DefaultValue | undefined) =>
    d?.kind === 'literal' && d.value === null ? undefined : d;
  return canonicalJson(norm(a) ?? null) === canonicalJson(norm(b) ?? null);
}

/**
 * Pairs up current and target items with equal signatures; a pair with the same name too wins.
 * What is left over was removed (current) or added (target).
 *
 * @example
 * matchBySignature(current.uniques, target.uniques, (u) => u.columns.join(), (u) => u.name);
 */
export function matchBySignature<T>(
  current: readonly T[],
  target: readonly T[],
  signature: (item: T) => string,
  name: (item: T) => string | undefined,
): { matched: [current: T, target: T][]; removed: T[]; added: T[] } {
  const pools = new Map<string, T[]>();
  for (const item of current) {
    const sig = signature(item);
    pools.set(sig, [...(pools.get(sig) ?? []), item]);
  }
  const partners: (T | undefined)[] = target.map(() => undefined);
  const take = (i: number, pick: (pool: T[]) => number) => {
    const pool = pools.get(signature(target[i] as T)) ?? [];
    const at = pick(pool);
    if (at >= 0) partners[i] = pool.splice(at, 1)[0];
  };
  target.forEach((item, i) => {
    const itemName = name(item);
    if (itemName !== undefined) take(i, (pool) => pool.findIndex((c) => name(c) === itemName));
  });
  target.forEach(
    (_item, i) => partners[i] === undefined && take(i, (pool) => (pool.length > 0 ? 0 : -1)),
  );
  const matched: [T, T][] = [];
  const added: T[] = [];
  target.forEach((item, i) => {
    const partner = partners[i];
    if (partner === undefined) added.push(item);
    else matched.push([partner, item]);
  });
  return { matched, removed: [...pools.values()].flat(), added };
}

/**
 * Undoes matches that cannot stand: `split(current, target)` true moves the pair back to
 * removed + added (a drop, then a create). `added` stays in `targetOrder`.
 *
 * @example
 * splitPairs(matchBySignature(a, b, sig, name), (c, t) => c.name !== t.name && taken.has(c.name), b);
 */
export function splitPairs<T>(
  result: { matched: [T, T][]; removed: T[]; added: T[] },
  split: (current: T, target: T) => boolean,
  targetOrder: readonly T[],
): { matched: [T, T][]; removed: T[]; added: T[] } {
  const order = new Map<T, number>();
  targetOrder.forEach((item, i) => order.set(item, i));
  const matched: [T, T][] = [];
  const removed = [...result.removed];
  const added = [...result.added];
  for (const pair of result.matched) {
    if (split(pair[0], pair[1])) {
      removed.push(pair[0]);
      added.push(pair[1]);
    } else matched.push(pair);
  }
  return {
    matched,
    removed,
    added: added.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
  };
}

/** Key of a column set of a table, for `lostKeys`. */
export function keyId(tableKey: string, columns: readonly string[]): string {
  return `${tableKey}|${[...columns].sort().join(',')}`;
}
