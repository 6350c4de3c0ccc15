import type { CreateTable } from '../operations/operation.js';
import { conventionalConstraintName, conventionalIndexName } from '../schema/constraint-names.js';
import type { ColumnModel, ForeignKeyModel, IndexModel, TableModel } from '../schema/model.js';
import {
  renderColumnType,
  renderDefault,
  renderKey,
  renderObject,
  renderSqlTemplate,
  renderString,
  renderValue,
  type RenderContext,
} from './render-values.js';

/** Constraints written on the column itself (`.primaryKey()`, `.unique()`, `.references()`). */
export interface InlineConstraints {
  readonly primaryKey?: { readonly name?: string };
  readonly unique?: { readonly name?: string };
  readonly references?: { readonly fk: ForeignKeyModel; readonly name?: string };
}

/**
 * The builder chain of a column: `t.string(255).notNull().unique()`. Names equal to the naming
 * convention's are left out (the facade gives them back); other names are written.
 *
 * @example
 * renderColumnBuilder({ name: 'email', type: { kind: 'string', length: 255 }, nullable: false }, {}, ctx); // 't.string(255).notNull()'
 */
export function renderColumnBuilder(
  column: ColumnModel,
  inline: InlineConstraints,
  ctx: RenderContext,
): string {
  let out = renderColumnType(column.type, ctx);
  if (inline.primaryKey)
    out += `.primaryKey(${inline.primaryKey.name === undefined ? '' : renderString(inline.primaryKey.name)})`;
  if (column.autoincrement) out += '.autoincrement()';
  if (!column.nullable && !inline.primaryKey) out += '.notNull()';
  if (column.nullable && inline.primaryKey) out += '.nullable()';
  if (inline.unique)
    out += `.unique(${inline.unique.name === undefined ? '' : renderString(inline.unique.name)})`;
  if (column.default !== undefined) out += `.default(${renderDefault(column.default, ctx)})`;
  if (inline.references) out += renderReferences(inline.references.fk, inline.references.name);
  if (column.comment !== undefined) out += `.comment(${renderString(column.comment)})`;
  return out;
}

function refTarget(fk: ForeignKeyModel, column: string): string {
  return [fk.refSchema, fk.refTable, column].filter((p) => p !== undefined).join('.');
}

function foreignKeyOptions(fk: ForeignKeyModel, name?: string): [string, string][] {
  const entries: [string, string][] = [];
  if (fk.onDelete !== undefined) entries.push(['onDelete', renderString(fk.onDelete)]);
  if (fk.onUpdate !== undefined) entries.push(['onUpdate', renderString(fk.onUpdate)]);
  if (name !== undefined) entries.push(['name', renderString(name)]);
  if (fk.deferrable !== undefined) entries.push(['deferrable', String(fk.deferrable)]);
  if (fk.initiallyDeferred !== undefined)
    entries.push(['initiallyDeferred', String(fk.initiallyDeferred)]);
  return entries;
}

function renderReferences(fk: ForeignKeyModel, name: string | undefined): string {
  const options = foreignKeyOptions(fk, name);
  const target = renderString(refTarget(fk, fk.refColumns[0] ?? ''));
  return `.references(${target}${options.length > 0 ? `, ${renderObject(options)}` : ''})`;
}

/** The name to write, or undefined when the convention gives the same one. */
function explicitName(name: string | undefined, conventional: string): string | undefined {
  return name === undefined || name === conventional ? undefined : name;
}

/** Splits a table's constraints into inline ones (single-column) and table extras. */
function splitInline(
  table: TableModel,
  ctx: RenderContext,
): { inline: Map<string, InlineConstraints>; extras: string[] } {
  const inline = new Map<string, InlineConstraints>(table.columns.map((c) => [c.name, {}]));
  const extras: string[] = [];
  const set = (column: string, patch: InlineConstraints) =>
    inline.set(column, { ...inline.get(column), ...patch });
  const named = (c: Parameters<typeof conventionalConstraintName>[1]) =>
    explicitName(c.name, conventionalConstraintName(table, c, ctx.naming));
  const pk = table.primaryKey;
  const pkColumn = pk?.columns.length === 1 ? pk.columns[0] : undefined;
  if (pk && pkColumn !== undefined)
    set(pkColumn, { primaryKey: withName(named({ type: 'primaryKey', ...pk })) });
  else if (pk)
    extras.push(renderPrimaryKeyExtra(pk.columns, named({ type: 'primaryKey', ...pk }), ctx));
  for (const u of table.uniques) {
    const column = u.columns.length === 1 ? u.columns[0] : undefined;
    const name = named({ type: 'unique', ...u });
    if (column !== undefined && !inline.get(column)?.unique)
      set(column, { unique: withName(name) });
    else
      extras.push(
        `${use(ctx, 'unique')}(${name === undefined ? '' : renderString(name)}).on(${u.columns.map(renderString).join(', ')})`,
      );
  }
  for (const fk of table.foreignKeys) {
    const column = fk.columns.length === 1 ? fk.columns[0] : undefined;
    const name = named({ type: 'foreignKey', ...fk });
    if (column !== undefined && !inline.get(column)?.references && !fk.refTable.includes('.')) {
      set(column, { references: { fk, ...withName(name) } });
    } else extras.push(renderForeignKeyExtra(fk, name, ctx));
  }
  for (const c of table.checks) {
    const name = named({ type: 'check', ...c });
    const expr = renderSqlTemplate(c.expression, ctx);
    extras.push(
      `${use(ctx, 'check')}(${name === undefined ? expr : `${renderString(name)}, ${expr}`})`,
    );
  }
  for (const index of table.indexes) extras.push(renderIndexExtra(index, ctx));
  return { inline, extras };
}

function withName(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

function use(
  ctx: RenderContext,
  name: 'unique' | 'check' | 'index' | 'foreignKey' | 'primaryKey',
): string {
  ctx.use(name);
  return name;
}

function renderPrimaryKeyExtra(
  columns: readonly string[],
  name: string | undefined,
  ctx: RenderContext,
): string {
  const call = `${use(ctx, 'primaryKey')}(${columns.map(renderString).join(', ')})`;
  return name === undefined ? call : `${call}.named(${renderString(name)})`;
}

function renderForeignKeyExtra(
  fk: ForeignKeyModel,
  name: string | undefined,
  ctx: RenderContext,
): string {
  const targets = fk.refColumns.map((c) => renderString(refTarget(fk, c)));
  const options = foreignKeyOptions(fk);
  return (
    `${use(ctx, 'foreignKey')}(${name === undefined ? '' : renderString(name)})` +
    `.columns(${fk.columns.map(renderString).join(', ')})` +
    `.references([${targets.join(', ')}]${options.length > 0 ? `, ${renderObject(options)}` : ''})`
  );
}

/**
 * The `index(...)...` extra of an index. The opclass is written per column, or once when every
 * key part shares it; an order or opclass on an expression cannot be written in the DSL and is
 * flagged with a comment.
 */
function renderIndexExtra(index: IndexModel, ctx: RenderContext): string {
  const name = explicitName(index.name, conventionalIndexName(index, ctx.naming));
  const { targets, opclass, lost } = indexTargets(index, ctx);
  let out = `${use(ctx, 'index')}(${name === undefined ? '' : renderString(name)}).on(${targets.join(', ')})`;
  if (index.unique) out += '.unique()';
  if (index.where !== undefined) out += `.where(${renderSqlTemplate(index.where, ctx)})`;
  if (index.using !== undefined) out += `.using(${renderString(index.using)})`;
  if (opclass !== undefined) out += `.opclass(${opclass})`;
  if (index.with !== undefined) out += `.with(${renderValue(index.with)})`;
  return lost ? `${out} /* athanor: ${lost} */` : out;
}

/**
 * Key parts as `.on()` / createIndex take them, plus the opclass argument.
 *
 * @example
 * indexTargets({ name: 'ix', table: 't', parts: [{ column: 'a', order: 'desc' }], unique: false }, ctx); // { targets: ["'a desc'"] }
 */
export function indexTargets(
  index: IndexModel,
  ctx: RenderContext,
): { targets: string[]; opclass?: string; lost?: string } {
  const targets = index.parts.map((p) =>
    'column' in p
      ? renderString(p.order === undefined ? p.column : `${p.column} ${p.order}`)
      : renderSqlTemplate(p.expression, ctx),
  );
  const classes = new Set(index.parts.map((p) => p.opclass));
  const lostOrder = index.parts.some((p) => 'expression' in p && p.order !== undefined);
  if (classes.size === 1 && !classes.has(undefined)) {
    const shared = [...classes][0] as string;
    return {
      targets,
      opclass: renderString(shared),
      ...(lostOrder ? { lost: 'sort order of an expression not rendered' } : {}),
    };
  }
  const perColumn: [string, string][] = index.parts.flatMap((p) =>
    'column' in p && p.opclass !== undefined
      ? [[p.column, renderString(p.opclass)] as [string, string]]
      : [],
  );
  const lostClass = index.parts.some((p) => 'expression' in p && p.opclass !== undefined);
  const lost = [lostOrder && 'sort order', lostClass && 'operator class']
    .filter(Boolean)
    .join(' and ');
  return {
    targets,
    ...(perColumn.length > 0 ? { opclass: renderObject(perColumn) } : {}),
    ...(lost ? { lost: `${lost} of an expression not rendered` } : {}),
  };
}

/**
 * `await op.createTable('users', { ... }, { extras: [...] });`
 *
 * @example
 * renderCreateTable({ kind: 'createTable', table: usersModel }, ctx, []);
 */
export function renderCreateTable(
  op: CreateTable,
  ctx: RenderContext,
  baseOptions: readonly [string, string][],
): string {
  const table = op.table;
  const { inline, extras } = splitInline(table, ctx);
  const columns = table.columns.map(
    (c) => `  ${renderKey(c.name)}: ${renderColumnBuilder(c, inline.get(c.name) ?? {}, ctx)},`,
  );
  const options: string[] = [];
  if (extras.length > 0)
    options.push(`  extras: [\n${extras.map((e) => `    ${e},`).join('\n')}\n  ],`);
  if (table.comment !== undefined) options.push(`  comment: ${renderString(table.comment)},`);
  if (op.ifNotExists) options.push('  ifNotExists: true,');
  const schema = table.schema ?? op.schema;
  if (schema !== undefined) options.push(`  schema: ${renderString(schema)},`);
  for (const [k, v] of baseOptions) if (k !== 'schema') options.push(`  ${k}: ${v},`);
  const head = `await op.createTable(${renderString(table.name)}, {\n${columns.join('\n')}\n}`;
  return options.length === 0 ? `${head});` : `${head}, {\n${options.join('\n')}\n});`;
}
