import type {
  CheckConstraintModel,
  ColumnModel,
  DefaultValue,
  ForeignKeyModel,
  IndexModel,
  IndexPart,
  PrimaryKeyModel,
  TableModel,
  UniqueConstraintModel,
} from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import {
  canonicalExpression,
  enumCheckValues,
  readDefaultExpression,
  type CanonicalOptions,
} from './sql-expression.js';

/**
 * Building blocks the SQLite and MySQL normalizers share: canonical defaults, expressions,
 * foreign-key actions and a deterministic order for every list.
 *
 * @example
 * normalizeDefault({ kind: 'sql', sql: "'a'" }, { kind: 'text' }, { quote: '"' }); // { kind: 'literal', value: 'a' }
 */
export function normalizeDefault(
  value: DefaultValue | undefined,
  type: ColumnType,
  options: CanonicalOptions,
): DefaultValue | undefined {
  if (value === undefined) return undefined;
  // An SQL default that is a lone constant is the same as that literal.
  const read = value.kind === 'sql' ? readDefaultExpression(value.sql, options) : value;
  if (read.kind === 'sql') return { kind: 'sql', sql: canonicalExpression(read.sql, options) };
  const literal = literalFor(read.value, type);
  // DEFAULT NULL is what a column without a default has.
  return literal === null ? undefined : { kind: 'literal', value: literal };
}

const numericKinds: ReadonlySet<ColumnType['kind']> = new Set([
  'integer',
  'bigint',
  'smallint',
  'real',
  'double',
  'numeric',
]);

function literalFor(
  value: string | number | boolean | null,
  type: ColumnType,
): string | number | boolean | null {
  if (value === null) return null;
  if (type.kind === 'boolean') {
    if (value === 1 || value === '1' || value === true || value === 'true' || value === 'TRUE')
      return true;
    if (value === 0 || value === '0' || value === false || value === 'false' || value === 'FALSE')
      return false;
    return value;
  }
  if (numericKinds.has(type.kind)) {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
  }
  return value;
}

/**
 * Actions and flags in one spelling: `no action` (the default everywhere) is left out, `restrict`
 * too where the database treats it as `no action` (InnoDB), and DEFERRABLE only where it exists.
 */
export function normalizeForeignKey(
  fk: ForeignKeyModel,
  rules: {
    readonly restrictIsDefault: boolean;
    readonly deferrable: boolean;
    readonly keepRefSchema: boolean;
  },
): ForeignKeyModel {
  const keep = (a: ForeignKeyModel['onDelete']) =>
    a !== undefined && a !== 'no action' && !(rules.restrictIsDefault && a === 'restrict');
  const deferred = rules.deferrable && fk.initiallyDeferred === true;
  const deferrable = rules.deferrable && (fk.deferrable === true || deferred);
  return {
    ...(fk.name !== undefined ? { name: fk.name } : {}),
    columns: [...fk.columns],
    refTable: fk.refTable,
    ...(rules.keepRefSchema && fk.refSchema !== undefined ? { refSchema: fk.refSchema } : {}),
    refColumns: [...fk.refColumns],
    ...(keep(fk.onDelete) ? { onDelete: fk.onDelete } : {}),
    ...(keep(fk.onUpdate) ? { onUpdate: fk.onUpdate } : {}),
    ...(deferrable ? { deferrable: true } : {}),
    ...(deferred ? { initiallyDeferred: true } : {}),
  };
}

/** Index parts with canonical expressions, no `asc` (the default) and no operator classes. */
export function normalizeIndexPart(part: IndexPart, options: CanonicalOptions): IndexPart {
  const order = part.order === 'desc' ? { order: 'desc' as const } : {};
  if ('column' in part) return { column: part.column, ...order };
  return { expression: canonicalExpression(part.expression, options), ...order };
}

export function normalizeCheck(
  check: CheckConstraintModel,
  options: CanonicalOptions,
): CheckConstraintModel {
  return {
    ...(check.name !== undefined ? { name: check.name } : {}),
    expression: canonicalExpression(check.expression, options),
  };
}

/**
 * Where enums are a text column plus `CHECK (col IN (...))`, a model that spells one that way
 * by hand and a model that says `t.enum()` are the same table: both become the enum, named
 * `<table>_<column>` (the database keeps no enum name), and the CHECK is consumed.
 */
export function enumsFromChecks(
  table: TableModel,
  options: CanonicalOptions,
): Pick<TableModel, 'columns' | 'checks'> {
  const values = new Map<string, readonly string[]>();
  const checks = table.checks.filter((check) => {
    const found = enumCheckValues(check.expression, options);
    const column =
      found && table.columns.find((c) => c.name.toLowerCase() === found.column.toLowerCase());
    if (
      !found ||
      !column ||
      values.has(column.name) ||
      (column.type.kind !== 'text' && column.type.kind !== 'string')
    )
      return true;
    values.set(column.name, found.values);
    return false;
  });
  const columns = table.columns.map((c): ColumnModel => {
    const found = values.get(c.name);
    return found
      ? { ...c, type: { kind: 'enum', name: enumName(table.name, c.name), values: found } }
      : c;
  });
  return { columns, checks };
}

/**
 * Unique constraints on exactly the primary key's columns, left out: the key already enforces
 * them, and PostgreSQL and SQLite drop such a UNIQUE from CREATE TABLE (PostgreSQL's
 * transformIndexConstraints; SQLite shares the key's index), while an ALTER TABLE adds it. Left
 * out on both sides, a model and a database that differ only by one compare equal.
 *
 * @example
 * withoutPrimaryKeyUniques([{ columns: ['id'] }, { columns: ['email'] }], { columns: ['id'] }); // [{ columns: ['email'] }]
 */
export function withoutPrimaryKeyUniques<T extends { readonly columns: readonly string[] }>(
  uniques: readonly T[],
  primaryKey: PrimaryKeyModel | undefined,
): T[] {
  if (!primaryKey || primaryKey.columns.length === 0) return [...uniques];
  const key = [...primaryKey.columns].sort().join('\u0000');
  return uniques.filter((u) => [...u.columns].sort().join('\u0000') !== key);
}

/** The name an enum gets where the database keeps none (SQLite, MySQL). */
export function enumName(table: string, column: string): string {
  return `${table}_${column}`;
}

/** Sorts a copy by a text key (code-unit order, independent of the locale). */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export const indexKey = (i: IndexModel): string => `${i.name}\u0000${JSON.stringify(i.parts)}`;
export const uniqueKey = (u: UniqueConstraintModel): string =>
  `${u.columns.join('\u0000')}\u0001${u.name ?? ''}`;
export const foreignKeyKey = (f: ForeignKeyModel): string =>
  `${f.columns.join('\u0000')}\u0001${f.refTable}\u0001${f.name ?? ''}`;
export const checkKey = (c: CheckConstraintModel): string => `${c.expression}\u0001${c.name ?? ''}`;
