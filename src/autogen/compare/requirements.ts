import type {
  ColumnModel,
  IndexModel,
  Requirements,
  SchemaModel,
  TableModel,
} from '../../schema/model.js';

/**
 * The target as a database can hold it: columns and indexes whose `requires` are not met are
 * left out, with the indexes, unique constraints, foreign keys and checks that use a column left
 * out; `requires` is removed from what stays (reflection never has it). `available` says which
 * extensions count as met.
 *
 * @example
 * const sqliteTarget = withRequirementsMet(model, () => false); // no vector columns on SQLite
 */
export function withRequirementsMet(
  target: SchemaModel,
  available: (extension: string) => boolean,
): SchemaModel {
  const met = (requires: Requirements | undefined) =>
    requires === undefined || requires.extensions.every(available);
  if (!target.tables.some((t) => needsProjection(t))) return target;
  return { ...target, tables: target.tables.map((t) => projectTable(t, met)) };
}

/**
 * Compare's view of optional elements (see `Requirements`): an extension that elements require
 * but `defineSchema({ extensions })` does not declare is met where `current` has it installed;
 * then it is neither created nor dropped. A declared extension is always met (compare creates it).
 *
 * @example
 * const target = projectRequirements(current, normalizedModels); // then compare(current, target)
 */
export function projectRequirements(current: SchemaModel, target: SchemaModel): SchemaModel {
  const declared = new Set(target.extensions);
  const installed = new Set(current.extensions);
  const optional = new Set(
    target.tables
      .flatMap((t) => [...t.columns, ...t.indexes])
      .flatMap((e) => e.requires?.extensions ?? [])
      .filter((e) => !declared.has(e)),
  );
  const projected = withRequirementsMet(target, (e) => declared.has(e) || installed.has(e));
  const kept = [...optional].filter((e) => installed.has(e));
  if (kept.length === 0) return projected;
  return { ...projected, extensions: [...target.extensions, ...kept].sort() };
}

function needsProjection(table: TableModel): boolean {
  return (
    table.columns.some((c) => c.requires !== undefined) ||
    table.indexes.some((i) => i.requires !== undefined)
  );
}

function projectTable(
  table: TableModel,
  met: (requires: Requirements | undefined) => boolean,
): TableModel {
  if (!needsProjection(table)) return table;
  const gone = new Set(table.columns.filter((c) => !met(c.requires)).map((c) => c.name));
  const uses = (columns: readonly string[]) => columns.some((c) => gone.has(c));
  const mentions = (sql: string) => [...gone].some((c) => mentionsIdentifier(sql, c));
  return {
    ...table,
    columns: table.columns.filter((c) => !gone.has(c.name)).map(withoutRequires),
    indexes: table.indexes
      .filter((i) => met(i.requires) && !indexUses(i, gone, mentions))
      .map(withoutRequires),
    uniques: table.uniques.filter((u) => !uses(u.columns)),
    foreignKeys: table.foreignKeys.filter((f) => !uses(f.columns)),
    checks: table.checks.filter((c) => !mentions(c.expression)),
  };
}

function indexUses(
  index: IndexModel,
  gone: ReadonlySet<string>,
  mentions: (sql: string) => boolean,
): boolean {
  const parts = index.parts.some((p) =>
    'column' in p ? gone.has(p.column) : mentions(p.expression),
  );
  return parts || (index.where !== undefined && mentions(index.where));
}

/** Whether SQL text names an identifier (bare or double-quoted), outside longer words. */
function mentionsIdentifier(sql: string, name: string): boolean {
  if (sql.includes(`"${name.replace(/"/g, '""')}"`)) return true;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$"])${escaped}($|[^A-Za-z0-9_$"])`, 'i').test(sql);
}

function withoutRequires<T extends ColumnModel | IndexModel>(element: T): T {
  if (element.requires === undefined) return element;
  const { requires: _requires, ...rest } = element;
  return rest as T;
}
