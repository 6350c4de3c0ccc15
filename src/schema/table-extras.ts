import type { SqlFragment } from '../operations/sql-tag.js';
import type { ColumnRef, ReferenceOptions } from './column-builder.js';
import type { ReferentialAction, Requirements } from './model.js';
import { freezeRequirements } from './column-builder.js';

const extraBrand = Symbol.for('athanor.tableExtra');

/** A key part of an index: a column (`j.title`, `'title'`, `'title desc'`) or an sql`` expression. */
export type IndexTarget = ColumnRef | SqlFragment | string;
/** A column of the table being declared: a ColumnRef or its name. */
export type ColumnTarget = ColumnRef | string;
/** The referenced columns of a foreign key: a closure (any declaration order) or `'table.column'` strings. */
export type ForeignKeyTarget =
  (() => ColumnRef | readonly ColumnRef[]) | string | readonly string[];

export interface IndexSpec {
  readonly kind: 'index';
  readonly name?: string;
  readonly parts: readonly IndexTarget[];
  readonly unique: boolean;
  readonly where?: SqlFragment | string;
  readonly using?: string;
  readonly opclass?: string | Readonly<Record<string, string>>;
  readonly with?: Readonly<Record<string, string | number>>;
  readonly requires?: Requirements;
}
export interface UniqueSpec {
  readonly kind: 'unique';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
}
export interface CheckSpec {
  readonly kind: 'check';
  readonly name?: string;
  readonly expression: SqlFragment | string;
}
export interface ForeignKeySpec extends Omit<ReferenceOptions, 'name'> {
  readonly kind: 'foreignKey';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
  readonly target?: ForeignKeyTarget;
}
export interface PrimaryKeySpec {
  readonly kind: 'primaryKey';
  readonly name?: string;
  readonly columns: readonly ColumnTarget[];
}

interface Extra<S> {
  readonly [extraBrand]: true;
  readonly spec: S;
}

/** `index(name?).on(...)`: every call returns a new builder. */
export interface IndexBuilder extends Extra<IndexSpec> {
  on(...parts: readonly IndexTarget[]): IndexBuilder;
  unique(): IndexBuilder;
  /** Partial index predicate. */
  where(condition: SqlFragment | string): IndexBuilder;
  /** Access method: btree, hash, gin, gist, hnsw, ivfflat, ... */
  using(method: string): IndexBuilder;
  /** Operator class for every key part, or per column name. */
  opclass(opclass: string | Readonly<Record<string, string>>): IndexBuilder;
  with(params: Readonly<Record<string, string | number>>): IndexBuilder;
  /**
   * What the index needs from the database beyond its columns (e.g. `pg_trgm` for a trigram
   * opclass); see `Requirements`. An index on a column that `.requires()` something needs it too.
   */
  requires(requirements: Requirements): IndexBuilder;
}
export interface UniqueBuilder extends Extra<UniqueSpec> {
  on(...columns: readonly ColumnTarget[]): UniqueBuilder;
}
export type CheckBuilder = Extra<CheckSpec>;
export interface ForeignKeyBuilder extends Extra<ForeignKeySpec> {
  columns(...columns: readonly ColumnTarget[]): ForeignKeyBuilder;
  references(target: ForeignKeyTarget, options?: Omit<ReferenceOptions, 'name'>): ForeignKeyBuilder;
  onDelete(action: ReferentialAction): ForeignKeyBuilder;
  onUpdate(action: ReferentialAction): ForeignKeyBuilder;
}
export interface PrimaryKeyBuilder extends Extra<PrimaryKeySpec> {
  named(name: string): PrimaryKeyBuilder;
}

/** What a table's extras callback returns, and what `op.createTable(..., { extras })` takes. */
export type TableExtra =
  IndexBuilder | UniqueBuilder | CheckBuilder | ForeignKeyBuilder | PrimaryKeyBuilder;

function named<S>(name: string | undefined): Partial<S> {
  return (name === undefined ? {} : { name }) as Partial<S>;
}

function indexBuilder(spec: IndexSpec): IndexBuilder {
  const next = (change: Partial<IndexSpec>) => indexBuilder({ ...spec, ...change });
  return Object.freeze({
    [extraBrand]: true as const,
    spec: Object.freeze(spec),
    on: (...parts: readonly IndexTarget[]) => next({ parts: Object.freeze([...parts]) }),
    unique: () => next({ unique: true }),
    where: (condition: SqlFragment | string) => next({ where: condition }),
    using: (method: string) => next({ using: method }),
    opclass: (opclass: string | Readonly<Record<string, string>>) => next({ opclass }),
    with: (params: Readonly<Record<string, string | number>>) =>
      next({ with: Object.freeze({ ...params }) }),
    requires: (requirements: Requirements) => next({ requires: freezeRequirements(requirements) }),
  });
}

/**
 * An index. Unnamed, it is called `ix_<table>_<columns>` (see naming.ts).
 *
 * @example
 * (j) => [index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops').with({ m: 16 })]
 * index().on(sql`lower(email)`).unique().where(sql`deleted_at IS NULL`)
 */
export function index(name?: string): IndexBuilder {
  return indexBuilder({ kind: 'index', ...named<IndexSpec>(name), parts: [], unique: false });
}

function uniqueBuilder(spec: UniqueSpec): UniqueBuilder {
  return Object.freeze({
    [extraBrand]: true as const,
    spec: Object.freeze(spec),
    on: (...columns: readonly ColumnTarget[]) =>
      uniqueBuilder({ ...spec, columns: Object.freeze([...columns]) }),
  });
}

/**
 * A unique constraint over one or more columns.
 *
 * @example
 * (r) => [unique('uq_resumes_user_body').on(r.user_id, r.body)]
 */
export function unique(name?: string): UniqueBuilder {
  return uniqueBuilder({ kind: 'unique', ...named<UniqueSpec>(name), columns: [] });
}

/**
 * A check constraint. `check(sql\`...\`)` without a name is called `ck_<table>_<columns it mentions>`.
 *
 * @example
 * (r) => [check('ck_resumes_body', sql`length(body) > 0`)]
 */
export function check(name: string, condition: SqlFragment | string): CheckBuilder;
export function check(condition: SqlFragment): CheckBuilder;
export function check(first: string | SqlFragment, condition?: SqlFragment | string): CheckBuilder {
  const spec: CheckSpec =
    condition === undefined
      ? { kind: 'check', expression: first }
      : { kind: 'check', name: first as string, expression: condition };
  return Object.freeze({ [extraBrand]: true as const, spec: Object.freeze(spec) });
}

function foreignKeyBuilder(spec: ForeignKeySpec): ForeignKeyBuilder {
  const next = (change: Partial<ForeignKeySpec>) => foreignKeyBuilder({ ...spec, ...change });
  return Object.freeze({
    [extraBrand]: true as const,
    spec: Object.freeze(spec),
    columns: (...columns: readonly ColumnTarget[]) =>
      next({ columns: Object.freeze([...columns]) }),
    references: (target: ForeignKeyTarget, options: Omit<ReferenceOptions, 'name'> = {}) =>
      next({ ...options, target }),
    onDelete: (action: ReferentialAction) => next({ onDelete: action }),
    onUpdate: (action: ReferentialAction) => next({ onUpdate: action }),
  });
}

/**
 * A (composite) foreign key. The target is a closure, so tables may be declared in any order, or
 * `'table.column'` strings (the natural form in migration files).
 *
 * @example
 * (m) => [foreignKey().columns(m.job_id, m.resume_id).references(() => [pairs.job_id, pairs.resume_id], { onDelete: 'cascade' })]
 * foreignKey('fk_x').columns('org_id', 'user_id').references(['members.org_id', 'members.user_id'])
 */
export function foreignKey(name?: string): ForeignKeyBuilder {
  return foreignKeyBuilder({ kind: 'foreignKey', ...named<ForeignKeySpec>(name), columns: [] });
}

function primaryKeyBuilder(spec: PrimaryKeySpec): PrimaryKeyBuilder {
  return Object.freeze({
    [extraBrand]: true as const,
    spec: Object.freeze(spec),
    named: (name: string) => primaryKeyBuilder({ ...spec, name }),
  });
}

/**
 * A composite primary key (`pk_<table>` unless `.named()`).
 *
 * @example
 * (m) => [primaryKey(m.job_id, m.resume_id)]
 */
export function primaryKey(...columns: readonly ColumnTarget[]): PrimaryKeyBuilder {
  return primaryKeyBuilder({ kind: 'primaryKey', columns: Object.freeze([...columns]) });
}

/**
 * True for anything `index()`, `unique()`, `check()`, `foreignKey()` or `primaryKey()` returned.
 *
 * @example
 * isTableExtra(index().on('email')); // true
 */
export function isTableExtra(value: unknown): value is TableExtra {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[extraBrand] === true
  );
}
