import type { AlterColumn, Operation, OperationBase } from '../operations/operation.js';
import { defaultNamingConvention, type NamingConvention } from '../schema/naming.js';
import type { CompareNote } from './compare/compare-context.js';
import { renderNote } from './render-notes.js';
import { indexTargets, renderColumnBuilder, renderCreateTable } from './render-table.js';
import {
  commentText,
  renderColumnType,
  renderDefault,
  renderObject,
  renderSqlTemplate,
  renderString,
  renderStringList,
  renderValue,
  type RenderContext,
  type RenderImport,
} from './render-values.js';

export interface RenderOptions {
  /** Convention the migration's `op` calls name things with; names it would give are left out. */
  readonly naming?: NamingConvention;
  /** Compare's notes, written as `// athanor:` comments above the calls. */
  readonly notes?: readonly CompareNote[];
  /** Prefix of every line (the template's indentation). */
  readonly indent?: string;
}

type Entries = [string, string][];
type Renderer<K extends Operation['kind']> = (
  op: Extract<Operation, { kind: K }>,
  ctx: RenderContext,
) => string;

/** Options every call shares (`schema`, `dialects`), as object entries. */
function baseEntries(op: OperationBase): Entries {
  const entries: Entries = [];
  if (op.schema !== undefined) entries.push(['schema', renderString(op.schema)]);
  if (op.dialects !== undefined) entries.push(['dialects', renderStringList(op.dialects)]);
  return entries;
}

function flag(entries: Entries, key: string, value: boolean | undefined): void {
  if (value !== undefined) entries.push([key, String(value)]);
}

function text(entries: Entries, key: string, value: string | undefined): void {
  if (value !== undefined) entries.push([key, renderString(value)]);
}

/** Longest single-line call; longer ones put each option (or each row) on a line of its own. */
const maxLineLength = 100;

/** `await op.name(args..., { options })`, leaving out an empty options object. */
function call(method: string, args: readonly string[], options: Entries = []): string {
  const all = options.length > 0 ? [...args, renderObject(options)] : args;
  const line = `await op.${method}(${all.join(', ')});`;
  if (line.length <= maxLineLength || options.length < 2) return line;
  const body = options.map(([k, v]) => `  ${renderObject([[k, v]]).slice(2, -2)},`).join('\n');
  return `await op.${method}(${args.join(', ')}, {\n${body}\n});`;
}

const renderers = {
  createTable: (op, ctx) => renderCreateTable(op, ctx, baseEntries(op)),
  dropTable(op) {
    const options = baseEntries(op);
    flag(options, 'ifExists', op.ifExists);
    flag(options, 'cascade', op.cascade);
    return call('dropTable', [renderString(op.table)], options);
  },
  renameTable: (op) =>
    call('renameTable', [renderString(op.table), renderString(op.newName)], baseEntries(op)),
  addColumn: (op, ctx) =>
    call(
      'addColumn',
      [
        renderString(op.table),
        renderString(op.column.name),
        renderColumnBuilder(op.column, {}, ctx),
      ],
      baseEntries(op),
    ),
  dropColumn: (op) =>
    call('dropColumn', [renderString(op.table), renderString(op.column)], baseEntries(op)),
  alterColumn: (op, ctx) =>
    call('alterColumn', [renderString(op.table), renderString(op.column)], alterEntries(op, ctx)),
  setTableComment: (op) =>
    call(
      'setTableComment',
      [renderString(op.table), op.comment === null ? 'null' : renderString(op.comment)],
      baseEntries(op),
    ),
  createIndex(op, ctx) {
    const index = op.index;
    const { targets, opclass, lost } = indexTargets(index, ctx);
    const options: Entries = [];
    if (index.unique) options.push(['unique', 'true']);
    if (index.where !== undefined) options.push(['where', renderSqlTemplate(index.where, ctx)]);
    text(options, 'using', index.using);
    if (opclass !== undefined) options.push(['opclass', opclass]);
    if (index.with !== undefined) options.push(['with', renderValue(index.with)]);
    flag(options, 'concurrently', op.concurrently);
    flag(options, 'ifNotExists', op.ifNotExists);
    const line = call(
      'createIndex',
      [renderString(index.name), renderString(index.table), `[${targets.join(', ')}]`],
      [...options, ...baseEntries(op)],
    );
    return lost ? `${line} // athanor: ${lost}` : line;
  },
  dropIndex(op) {
    const options: Entries = [];
    text(options, 'table', op.table);
    flag(options, 'concurrently', op.concurrently);
    flag(options, 'ifExists', op.ifExists);
    return call('dropIndex', [renderString(op.name)], [...options, ...baseEntries(op)]);
  },
  addConstraint: renderAddConstraint,
  dropConstraint(op) {
    const options: Entries = [];
    text(options, 'type', op.type);
    return call(
      'dropConstraint',
      [renderString(op.name), renderString(op.table)],
      [...options, ...baseEntries(op)],
    );
  },
  createEnum: (op) =>
    call('createEnum', [renderString(op.name), renderStringList(op.values)], baseEntries(op)),
  dropEnum(op) {
    const options = baseEntries(op);
    flag(options, 'ifExists', op.ifExists);
    return call('dropEnum', [renderString(op.name)], options);
  },
  /**
   * Outside the migration's transaction: PostgreSQL refuses to use an enum value in the
   * transaction that added it ("unsafe use of new value"), and the same migration usually does
   * (a default, a column). https://www.postgresql.org/docs/current/sql-altertype.html#id-1.9.3.42.7
   */
  addEnumValue(op) {
    const options: Entries = [];
    text(options, 'before', op.before);
    text(options, 'after', op.after);
    const line = call(
      'addEnumValue',
      [renderString(op.name), renderString(op.value)],
      [...options, ...baseEntries(op)],
    );
    return `await op.autocommit(async () => {\n${line.replace(/^/gm, '  ')}\n});`;
  },
  createExtension(op) {
    const options: Entries = [];
    flag(options, 'ifNotExists', op.ifNotExists);
    text(options, 'version', op.version);
    text(options, 'extensionSchema', op.extensionSchema);
    return call('createExtension', [renderString(op.name)], [...options, ...baseEntries(op)]);
  },
  dropExtension(op) {
    const options: Entries = [];
    flag(options, 'ifExists', op.ifExists);
    flag(options, 'cascade', op.cascade);
    return call('dropExtension', [renderString(op.name)], [...options, ...baseEntries(op)]);
  },
  executeSql(op) {
    const base = baseEntries(op);
    const args = [renderString(op.sql)];
    if (op.params.length > 0 || base.length > 0) args.push(renderValue(op.params));
    return call('execute', args, base);
  },
  bulkInsert(op) {
    const line = call(
      'bulkInsert',
      [renderString(op.table), renderValue(op.rows)],
      baseEntries(op),
    );
    if (line.length <= maxLineLength || op.rows.length < 2) return line;
    const rows = op.rows.map((row) => `  ${renderValue(row)},`).join('\n');
    const options = baseEntries(op);
    return `await op.bulkInsert(${renderString(op.table)}, [\n${rows}\n]${options.length > 0 ? `, ${renderObject(options)}` : ''});`;
  },
  /** Produced by the SQLite dialect from other operations; there is no `op` method for it. */
  recreateTable: (op) =>
    `// athanor: recreateTable ${commentText(op.from)} -> ${commentText(op.table.name)} has no op method; use op.batch(${renderString(op.table.name)}, ...)`,
} satisfies { [K in Operation['kind']]: Renderer<K> };

function alterEntries(op: AlterColumn, ctx: RenderContext): Entries {
  const entries: Entries = [];
  if (op.type !== undefined) entries.push(['type', renderColumnType(op.type, ctx)]);
  flag(entries, 'nullable', op.nullable);
  if (op.default !== undefined)
    entries.push(['default', op.default === null ? 'null' : renderDefault(op.default, ctx, true)]);
  if (op.comment !== undefined)
    entries.push(['comment', op.comment === null ? 'null' : renderString(op.comment)]);
  text(entries, 'newName', op.newName);
  text(entries, 'using', op.using);
  const existing = op.existing ?? {};
  if (existing.type !== undefined)
    entries.push(['existingType', renderColumnType(existing.type, ctx)]);
  flag(entries, 'existingNullable', existing.nullable);
  if (existing.default !== undefined)
    entries.push(['existingDefault', renderDefault(existing.default, ctx, true)]);
  text(entries, 'existingComment', existing.comment);
  return [...entries, ...baseEntries(op)];
}

function renderAddConstraint(
  op: Extract<Operation, { kind: 'addConstraint' }>,
  ctx: RenderContext,
): string {
  const c = op.constraint;
  const head = [renderString(c.name), renderString(op.table)];
  const base = baseEntries(op);
  switch (c.type) {
    case 'unique':
      return call('createUniqueConstraint', [...head, renderStringList(c.columns)], base);
    case 'primaryKey':
      return call('createPrimaryKey', [...head, renderStringList(c.columns)], base);
    case 'check': {
      const options: Entries = [];
      flag(options, 'notValid', op.notValid);
      return call(
        'createCheckConstraint',
        [...head, renderSqlTemplate(c.expression, ctx)],
        [...options, ...base],
      );
    }
    case 'foreignKey': {
      const options: Entries = [];
      text(options, 'onDelete', c.onDelete);
      text(options, 'onUpdate', c.onUpdate);
      flag(options, 'deferrable', c.deferrable);
      flag(options, 'initiallyDeferred', c.initiallyDeferred);
      flag(options, 'notValid', op.notValid);
      text(options, 'refSchema', c.refSchema);
      const args = [
        ...head,
        renderString(c.refTable),
        renderStringList(c.columns),
        renderStringList(c.refColumns),
      ];
      return call('createForeignKey', args, [...options, ...base]);
    }
  }
}

/**
 * Operations as the body of an `upgrade(op)` / `downgrade(op)`: one `await op.xxx(...)` per
 * operation, written as a person would, plus the names to import from 'athanor'. Output is
 * stable: the same operations always give the same text.
 *
 * @example
 * const { body, imports } = renderOperations(compare(current, target).operations);
 * // body: "await op.addColumn('users', 'phone_number', t.string(20));", imports: ['t']
 */
export function renderOperations(
  ops: readonly Operation[],
  options: RenderOptions = {},
): { body: string; imports: string[] } {
  const used = new Set<RenderImport>();
  const ctx: RenderContext = {
    naming: options.naming ?? defaultNamingConvention,
    use: (name) => used.add(name),
  };
  const statements = [
    ...(options.notes ?? []).map(renderNote),
    ...ops.map((op) =>
      (renderers[op.kind] as (op: Operation, ctx: RenderContext) => string)(op, ctx),
    ),
  ];
  const indent = options.indent ?? '';
  const body = statements
    .join('\n')
    .split('\n')
    .map((line) => (line.length > 0 ? indent + line : line))
    .join('\n');
  return { body, imports: [...used].sort() };
}

export { renderNote } from './render-notes.js';
export { summarizeOperations, describeType } from './render-summary.js';
