import { AthanorError } from '../errors.js';
import type { Operation } from '../operations/operation.js';
import type { SchemaModel, TableModel } from '../schema/model.js';
import { applyOperations } from './apply-model.js';
import { tableKey } from './apply-model-state.js';
import { existingState } from './compare/columns.js';
import {
  canonicalJson,
  sameType,
  schemaField,
  type CompareNote,
  type RenameCandidate,
  type RenameHint,
} from './compare/compare-context.js';

/**
 * Decides whether a suspected rename is one. Compare stays synchronous: to ask a person
 * (a CLI prompt), use `resolveRenames` first and pass the hints it returns.
 *
 * @example
 * const renames: RenameResolver = (c) => c.kind === 'column' && c.from === 'fullname';
 */
export type RenameResolver = (candidate: RenameCandidate) => boolean;

/** Renames as compare takes them: a resolver, or hints (objects or `parseRenameHint` strings). */
export type RenameOption = RenameResolver | readonly (RenameHint | string)[];

/**
 * Parses `table.old:new` (a column) or `old:new` (a table). The right side may repeat the
 * table (`users.fullname:users.full_name`). Schema-qualified tables need the object form.
 *
 * @example
 * parseRenameHint('users.fullname:full_name'); // { kind: 'column', table: 'users', from: 'fullname', to: 'full_name' }
 * parseRenameHint('people:users');             // { kind: 'table', from: 'people', to: 'users' }
 */
export function parseRenameHint(text: string): RenameHint {
  const sides = text.split(':');
  const [left, right] = sides;
  const bad = () =>
    new AthanorError(
      'E_USAGE',
      `rename hint '${text}': expected 'table.old_column:new_column' or 'old_table:new_table'`,
    );
  if (sides.length !== 2 || !left || !right) throw bad();
  const from = left.split('.');
  const to = right.split('.');
  if (from.length === 1 && to.length === 1) return { kind: 'table', from: left, to: right };
  const [table, column] = from;
  if (from.length !== 2 || !table || !column) throw bad();
  if (to.length === 2 && to[0] !== table) throw bad();
  const newName = to.length === 2 ? to[1] : to.length === 1 ? to[0] : undefined;
  if (!newName) throw bad();
  return { kind: 'column', table, from: column, to: newName };
}

/**
 * The same rename seen from the other side (for the downgrade).
 *
 * @example
 * invertRenameHint({ kind: 'table', from: 'people', to: 'users' }); // { kind: 'table', from: 'users', to: 'people' }
 */
export function invertRenameHint(hint: RenameHint): RenameHint {
  return { ...hint, from: hint.to, to: hint.from };
}

/** The confirmed renames as operations, the current model after them, and unconfirmed suspicions. */
export interface ResolvedRenames {
  readonly operations: Operation[];
  readonly renamed: SchemaModel;
  readonly notes: CompareNote[];
}

/**
 * Finds rename candidates (a table dropped and a similar one added; a column dropped and one
 * of the same type added in one table), keeps those the option confirms, and applies
 * them to `current`. Renames are never guessed: without confirmation a candidate is a note.
 *
 * @example
 * resolveRenameOps(current, target, ['users.fullname:full_name']).operations;
 * // [{ kind: 'alterColumn', table: 'users', column: 'fullname', newName: 'full_name', existing: {...} }]
 */
export function resolveRenameOps(
  current: SchemaModel,
  target: SchemaModel,
  option: RenameOption = [],
): ResolvedRenames {
  const hints =
    typeof option === 'function'
      ? undefined
      : option.map((h) => (typeof h === 'string' ? parseRenameHint(h) : h));
  const decide = (candidates: RenameCandidate[], given: RenameHint[]) =>
    decideRenames(candidates, given, option);
  const tables = decide(
    tableCandidates(current, target),
    (hints ?? []).filter((h) => h.kind === 'table'),
  );
  for (const h of tables.accepted) validateTableHint(current, target, h);
  const tableOps: Operation[] = tables.accepted.map((h) => ({
    kind: 'renameTable',
    table: h.from,
    newName: h.to,
    ...schemaField(h.schema),
  }));
  const afterTables = applyOperations(current, tableOps, { strict: false });
  const columnHints = (hints ?? [])
    .filter((h) => h.kind === 'column')
    .map((h) => ({ ...h, table: tables.accepted.find((t) => t.from === h.table)?.to ?? h.table }));
  const columns = decide(columnCandidates(afterTables, target), columnHints);
  const columnOps = columns.accepted.map((h) => columnRenameOp(afterTables, target, h));
  const renamed = applyOperations(afterTables, columnOps, { strict: false });
  return {
    operations: [...tableOps, ...columnOps],
    renamed,
    notes: [...tables.notes, ...columns.notes],
  };
}

function decideRenames(
  candidates: RenameCandidate[],
  given: RenameHint[],
  option: RenameOption,
): { accepted: RenameHint[]; notes: CompareNote[] } {
  const accepted: RenameHint[] = typeof option === 'function' ? [] : [...given];
  const notes: CompareNote[] = [];
  for (const c of candidates) {
    if (accepted.some((a) => conflicts(a, c))) continue;
    if (typeof option === 'function') {
      if (option(c)) accepted.push(c);
    } else {
      notes.push(
        c.kind === 'table'
          ? { ...c, kind: 'tableRenameCandidate' }
          : { ...c, kind: 'renameCandidate' },
      );
    }
  }
  return { accepted, notes };
}

function conflicts(a: RenameHint, b: RenameHint): boolean {
  if (a.kind !== b.kind || a.schema !== b.schema) return false;
  if (a.kind === 'column' && b.kind === 'column' && a.table !== b.table) return false;
  return a.from === b.from || a.to === b.to;
}

/**
 * A dropped and an added table look alike when their column types are the same multiset
 * (columns may have been renamed too), or when at least half their columns are the same by
 * name and type (columns may have been added or dropped too).
 */
function similar(a: TableModel, b: TableModel): boolean {
  const types = (t: TableModel) =>
    t.columns
      .map((c) => canonicalJson(c.type))
      .sort()
      .join('\n');
  if (types(a) === types(b)) return true;
  const columns = new Set(a.columns.map((c) => `${c.name}:${canonicalJson(c.type)}`));
  const shared = b.columns.filter((c) => columns.has(`${c.name}:${canonicalJson(c.type)}`)).length;
  return shared * 2 >= Math.max(a.columns.length, b.columns.length) && shared > 0;
}

function tableCandidates(current: SchemaModel, target: SchemaModel): RenameCandidate[] {
  const before = new Set(current.tables.map(tableKey));
  const after = new Set(target.tables.map(tableKey));
  const dropped = current.tables.filter((t) => !after.has(tableKey(t)));
  const added = target.tables.filter((t) => !before.has(tableKey(t)));
  return added.flatMap((a) =>
    dropped
      .filter((d) => d.schema === a.schema && similar(d, a))
      .map((d): RenameCandidate => ({
        kind: 'table',
        ...schemaField(a.schema),
        from: d.name,
        to: a.name,
      })),
  );
}

function columnCandidates(current: SchemaModel, target: SchemaModel): RenameCandidate[] {
  const before = new Map(current.tables.map((t) => [tableKey(t), t]));
  const shared = new Set(
    current.enums.filter((e) => target.enums.some((x) => x.name === e.name)).map((e) => e.name),
  );
  return target.tables.flatMap((table) => {
    const old = before.get(tableKey(table));
    if (!old) return [];
    const dropped = old.columns.filter((c) => !table.columns.some((x) => x.name === c.name));
    const added = table.columns.filter((c) => !old.columns.some((x) => x.name === c.name));
    return added.flatMap((a) =>
      dropped
        .filter((d) => sameType(d.type, a.type, shared))
        .map((d): RenameCandidate => ({
          kind: 'column',
          ...schemaField(table.schema),
          table: table.name,
          from: d.name,
          to: a.name,
        })),
    );
  });
}

function findTable(
  model: SchemaModel,
  schema: string | undefined,
  name: string,
): TableModel | undefined {
  return model.tables.find((t) => t.name === name && t.schema === schema);
}

function validateTableHint(current: SchemaModel, target: SchemaModel, h: RenameHint): void {
  const fromOk = findTable(current, h.schema, h.from) && !findTable(target, h.schema, h.from);
  const toOk = findTable(target, h.schema, h.to) && !findTable(current, h.schema, h.to);
  if (!fromOk || !toOk) {
    throw new AthanorError(
      'E_USAGE',
      `rename ${h.from}:${h.to}: expected table '${h.from}' only in the database and '${h.to}' only in the models`,
    );
  }
}

function columnRenameOp(current: SchemaModel, target: SchemaModel, h: RenameHint): Operation {
  const table = h.kind === 'column' ? h.table : '';
  const old = findTable(current, h.schema, table);
  const next = findTable(target, h.schema, table);
  const column = old?.columns.find((c) => c.name === h.from);
  const ok =
    column &&
    next?.columns.some((c) => c.name === h.to) &&
    !next.columns.some((c) => c.name === h.from);
  if (!old || !column || !ok || old.columns.some((c) => c.name === h.to)) {
    throw new AthanorError(
      'E_USAGE',
      `rename ${table}.${h.from}:${h.to}: expected column '${h.from}' only in the database and '${h.to}' only in the models`,
    );
  }
  return {
    kind: 'alterColumn',
    table,
    column: h.from,
    newName: h.to,
    ...schemaField(h.schema),
    existing: existingState(column),
  };
}
