import type { ConstraintModel } from '../../operations/operation.js';
import { constraintNameOf, tableConstraints } from '../../schema/constraint-names.js';
import type {
  CheckConstraintModel,
  ForeignKeyModel,
  TableModel,
  UniqueConstraintModel,
} from '../../schema/model.js';
import { refKey, tableKey } from '../apply-model-state.js';
import {
  canonicalJson,
  keyId,
  matchBySignature,
  sameType,
  schemaField,
  splitPairs,
  type CompareContext,
  type Phase,
} from './compare-context.js';
import { indexNameKey, isKeyIndex, matchIndexes, squash } from './indexes.js';

/**
 * What makes two foreign keys the same, whatever their names: columns, referenced table and
 * columns, actions (`no action` when absent) and deferrability.
 *
 * @example
 * foreignKeySignature({ columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'cascade' });
 */
export function foreignKeySignature(fk: ForeignKeyModel): string {
  return canonicalJson({
    columns: fk.columns,
    refSchema: fk.refSchema ?? null,
    refTable: fk.refTable,
    refColumns: fk.refColumns,
    onDelete: fk.onDelete ?? 'no action',
    onUpdate: fk.onUpdate ?? 'no action',
    deferrable: fk.deferrable ?? false,
    initiallyDeferred: fk.initiallyDeferred ?? false,
  });
}

const uniqueSignature = (u: UniqueConstraintModel) => canonicalJson(u.columns);
const checkSignature = (c: CheckConstraintModel) => squash(c.expression);

type ListType = 'unique' | 'check' | 'foreignKey';
type ListItem<K extends ListType> = K extends 'unique'
  ? UniqueConstraintModel
  : K extends 'check'
    ? CheckConstraintModel
    : ForeignKeyModel;
type Matched<T> = { matched: [T, T][]; removed: T[]; added: T[] };

/** Matching of one table's constraints; the same every time it is asked for. */
interface ConstraintMatch {
  readonly primaryKeyChanged: boolean;
  readonly uniques: Matched<UniqueConstraintModel>;
  readonly checks: Matched<CheckConstraintModel>;
  readonly foreignKeys: Matched<ForeignKeyModel>;
}

function matchConstraints(
  ctx: CompareContext,
  current: TableModel,
  target: TableModel,
): ConstraintMatch {
  const taken = new Set(
    tableConstraints(target).map((c) => constraintNameOf(target, c, ctx.naming)),
  );
  const movesAside =
    (type: ListType | 'primaryKey') => (c: { name?: string }, t: { name?: string }) => {
      const cName = constraintNameOf(current, { ...c, type } as ConstraintModel, ctx.naming);
      const tName = constraintNameOf(target, { ...t, type } as ConstraintModel, ctx.naming);
      // A unique constraint is an index too: it cannot keep a name a target index wants.
      const indexName =
        type === 'unique' && ctx.targetIndexNames.has(indexNameKey(target.schema, cName));
      return cName !== tName && (taken.has(cName) || indexName);
    };
  const list = <K extends ListType>(
    type: K,
    before: readonly ListItem<K>[],
    after: readonly ListItem<K>[],
    sig: (x: ListItem<K>) => string,
  ) =>
    splitPairs(
      // Twins (same signature) pair up by the name each has or would get from the convention,
      // so an unnamed target keeps the current one the convention named.
      matchBySignature(before, after, sig, (x) =>
        constraintNameOf(target, { ...x, type } as ConstraintModel, ctx.naming),
      ),
      movesAside(type),
      after,
    );
  const pkBefore = current.primaryKey;
  const pkAfter = target.primaryKey;
  const samePkColumns =
    canonicalJson(pkBefore?.columns ?? null) === canonicalJson(pkAfter?.columns ?? null);
  return {
    primaryKeyChanged:
      !samePkColumns ||
      (pkBefore !== undefined &&
        pkAfter !== undefined &&
        movesAside('primaryKey')(pkBefore, pkAfter)),
    uniques: list('unique', current.uniques, target.uniques, uniqueSignature),
    checks: list('check', current.checks, target.checks, checkSignature),
    foreignKeys: list('foreignKey', current.foreignKeys, target.foreignKeys, foreignKeySignature),
  };
}

/**
 * Records in `ctx.lostKeys` the keys of a kept table that this compare drops: a changed primary
 * key, removed unique constraints and unique indexes. Runs for every kept table before any
 * foreign key is compared.
 *
 * @example
 * recordLostKeys(ctx, currentUsers, targetUsers);
 */
export function recordLostKeys(ctx: CompareContext, current: TableModel, target: TableModel): void {
  const match = matchConstraints(ctx, current, target);
  const key = tableKey(target);
  if (match.primaryKeyChanged && current.primaryKey)
    ctx.lostKeys.add(keyId(key, current.primaryKey.columns));
  for (const u of match.uniques.removed) ctx.lostKeys.add(keyId(key, u.columns));
  for (const index of matchIndexes(ctx, current, target).removed) {
    if (isKeyIndex(index))
      ctx.lostKeys.add(
        keyId(
          key,
          index.parts.map((p) => ('column' in p ? p.column : '')),
        ),
      );
  }
}

/**
 * Primary key, unique, foreign-key and check constraints of a table on both sides, matched by
 * kind and content, never by name: `users_email_key` (PostgreSQL's own name) and
 * `uq_users_email` (the convention's) on the same column are the same constraint. A changed
 * constraint is a drop plus an add. A match is undone when the current constraint's name is
 * wanted by another target constraint, and for a foreign key whose referenced key is dropped
 * (PostgreSQL refuses to drop a key a foreign key depends on).
 *
 * @example
 * compareConstraints(ctx, currentResumes, targetResumes);
 */
export function compareConstraints(
  ctx: CompareContext,
  current: TableModel,
  target: TableModel,
): void {
  const match = matchConstraints(ctx, current, target);
  if (match.primaryKeyChanged) {
    if (current.primaryKey)
      drop(ctx, current, target, { type: 'primaryKey', ...current.primaryKey }, 'dropConstraint');
    if (target.primaryKey)
      add(ctx, target, { type: 'primaryKey', ...target.primaryKey }, 'addConstraint');
  }
  emitList(ctx, current, target, match.uniques, 'unique');
  const retyped = retypedColumns(ctx, current, target);
  const checks = splitPairs(
    match.checks,
    (c) => retyped.some((column) => mentions(c.expression, column)),
    target.checks,
  );
  emitList(ctx, current, target, checks, 'check');
  const fks = splitPairs(
    match.foreignKeys,
    (c) => ctx.lostKeys.has(keyId(refKey(c), c.refColumns)),
    target.foreignKeys,
  );
  emitList(ctx, current, target, fks, 'foreignKey');
}

/**
 * Columns of a kept table whose type changes. A check that names one is dropped before the
 * ALTER and added again after it: PostgreSQL rewrites a stored check with casts to the old type
 * (`c::double precision >= 0`), which no longer says what the model says.
 */
function retypedColumns(ctx: CompareContext, current: TableModel, target: TableModel): string[] {
  const before = new Map(current.columns.map((c) => [c.name, c]));
  return target.columns
    .filter((c) => {
      const old = before.get(c.name);
      return old !== undefined && !sameType(old.type, c.type, ctx.sharedEnums);
    })
    .map((c) => c.name);
}

/** Whether SQL text names an identifier (a whole word, any case; quotes do not matter). */
function mentions(sql: string, identifier: string): boolean {
  const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])${escaped}($|[^A-Za-z0-9_$])`, 'i').test(sql);
}

function emitList<K extends ListType>(
  ctx: CompareContext,
  current: TableModel,
  target: TableModel,
  match: Matched<ListItem<K>>,
  type: K,
): void {
  const isFk = type === 'foreignKey';
  for (const item of match.removed) {
    drop(
      ctx,
      current,
      target,
      { type, ...item } as ConstraintModel,
      isFk ? 'dropForeignKey' : 'dropConstraint',
    );
  }
  for (const item of match.added)
    add(
      ctx,
      target,
      { type, ...item } as ConstraintModel,
      isFk ? 'addForeignKey' : 'addConstraint',
    );
}

function drop(
  ctx: CompareContext,
  current: TableModel,
  target: TableModel,
  constraint: ConstraintModel,
  phase: Phase,
): void {
  ctx.emit(phase, {
    kind: 'dropConstraint',
    table: target.name,
    name: constraintNameOf(current, constraint, ctx.naming),
    type: constraint.type,
    ...schemaField(target.schema),
  });
}

/**
 * Emits an addConstraint, naming the constraint by the convention when the model did not.
 *
 * @example
 * addConstraintOp(ctx, resumes, { type: 'foreignKey', columns: ['user_id'], refTable: 'users', refColumns: ['id'] }, 'addForeignKey');
 */
export function addConstraintOp(
  ctx: CompareContext,
  target: TableModel,
  constraint: ConstraintModel,
  phase: Phase,
): void {
  add(ctx, target, constraint, phase);
}

function add(
  ctx: CompareContext,
  target: TableModel,
  constraint: ConstraintModel,
  phase: Phase,
): void {
  ctx.emit(phase, {
    kind: 'addConstraint',
    table: target.name,
    constraint: { ...constraint, name: constraintNameOf(target, constraint, ctx.naming) },
    ...schemaField(target.schema),
  });
}
