import { constraintNameOf } from '../../schema/constraint-names.js';
import type { IndexModel, IndexPart, SchemaModel, TableModel } from '../../schema/model.js';
import type { NamingConvention } from '../../schema/naming.js';
import {
  canonicalJson,
  matchBySignature,
  schemaField,
  splitPairs,
  type CompareContext,
} from './compare-context.js';

/**
 * What makes two indexes the same, whatever their names: key parts (column or expression,
 * operator class, order), uniqueness, predicate, access method (btree when absent) and storage
 * parameters. Whitespace runs in expressions count as one space.
 *
 * @example
 * indexSignature({ name: 'users_email_idx', table: 'users', parts: [{ column: 'email' }], unique: true });
 */
export function indexSignature(index: IndexModel): string {
  return canonicalJson({
    parts: index.parts.map(partSignature),
    unique: index.unique,
    where: index.where === undefined ? null : squash(index.where),
    using: (index.using ?? 'btree').toLowerCase(),
    with: index.with ?? {},
  });
}

function partSignature(part: IndexPart): unknown {
  const key = 'column' in part ? { column: part.column } : { expression: squash(part.expression) };
  return { ...key, opclass: part.opclass ?? null, order: part.order ?? 'asc' };
}

/** Collapses whitespace runs, so reflected and declared SQL text compare equal. */
export function squash(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** `schema|name`: index names are unique per schema (PostgreSQL), not per table. */
export function indexNameKey(schema: string | undefined, name: string): string {
  return `${schema ?? ''}|${name}`;
}

/**
 * The index names a schema uses: its indexes' and those of the indexes behind its unique and
 * primary-key constraints (PostgreSQL names a constraint's index after it, in the schema's one
 * namespace of relations; MySQL keeps a unique constraint as an index of that name).
 *
 * @example
 * indexNamespace(target, defaultNamingConvention).has('|uq_users_email'); // true
 */
export function indexNamespace(model: SchemaModel, naming: NamingConvention): Set<string> {
  const names = new Set<string>();
  for (const table of model.tables) {
    const add = (name: string) => names.add(indexNameKey(table.schema, name));
    for (const index of table.indexes) add(index.name);
    for (const u of table.uniques) add(constraintNameOf(table, { type: 'unique', ...u }, naming));
    if (table.primaryKey)
      add(constraintNameOf(table, { type: 'primaryKey', ...table.primaryKey }, naming));
  }
  return names;
}

/**
 * Indexes of a table on both sides, matched by signature, not by name. A match is undone when
 * the current index's name is wanted by another target index (it must make room).
 *
 * @example
 * matchIndexes(ctx, currentJobs, targetJobs).added;
 */
export function matchIndexes(ctx: CompareContext, current: TableModel, target: TableModel) {
  const result = matchBySignature(current.indexes, target.indexes, indexSignature, (i) => i.name);
  return splitPairs(
    result,
    (c, t) => c.name !== t.name && ctx.targetIndexNames.has(indexNameKey(target.schema, c.name)),
    target.indexes,
  );
}

/**
 * Unmatched current indexes are dropped, unmatched target ones created.
 *
 * @example
 * compareIndexes(ctx, currentJobs, targetJobs);
 */
export function compareIndexes(ctx: CompareContext, current: TableModel, target: TableModel): void {
  const { removed, added } = matchIndexes(ctx, current, target);
  const schema = schemaField(target.schema);
  for (const index of removed)
    ctx.emit('dropIndex', { kind: 'dropIndex', name: index.name, table: target.name, ...schema });
  for (const index of added) ctx.emit('createIndex', { kind: 'createIndex', index, ...schema });
}

/**
 * True for a unique index that can back a foreign key (no predicate, columns only).
 *
 * @example
 * isKeyIndex({ name: 'ix', table: 'users', parts: [{ column: 'email' }], unique: true }); // true
 */
export function isKeyIndex(index: IndexModel): boolean {
  return index.unique && index.where === undefined && index.parts.every((p) => 'column' in p);
}
