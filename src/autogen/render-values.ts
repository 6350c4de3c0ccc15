import type { DefaultValue } from '../schema/model.js';
import type { NamingConvention } from '../schema/naming.js';
import type { ColumnType } from '../schema/types.js';

/** Per-call render state: the names the rendered code imports from 'athanor'. */
export interface RenderContext {
  readonly naming: NamingConvention;
  use(name: RenderImport): void;
}

export type RenderImport = 't' | 'sql' | 'index' | 'unique' | 'check' | 'foreignKey' | 'primaryKey';

/**
 * A single-quoted JavaScript string literal.
 *
 * @example
 * renderString("it's"); // "'it\\'s'"
 */
export function renderString(text: string): string {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}

/** An object key: bare when it is an identifier, quoted otherwise. */
export function renderKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : renderString(key);
}

/**
 * An sql`` template whose cooked text is exactly `text` (backslashes, backticks, `${` and line
 * breaks escaped, so the code stays on one line).
 *
 * @example
 * renderSqlTemplate('CURRENT_TIMESTAMP', ctx); // 'sql`CURRENT_TIMESTAMP`'
 */
export function renderSqlTemplate(text: string, ctx: RenderContext): string {
  ctx.use('sql');
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$\{/g, '\\${')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
  return `sql\`${escaped}\``;
}

/**
 * A JavaScript literal for a value (bulkInsert rows, execute parameters, index parameters).
 *
 * @example
 * renderValue({ email: 'a@b.c', age: 3, at: new Date(0) }); // "{ email: 'a@b.c', age: 3, at: new Date('1970-01-01T00:00:00.000Z') }"
 */
export function renderValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number' || typeof value === 'boolean')
    return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return `new Date(${renderString(value.toISOString())})`;
  if (value instanceof Uint8Array) return `new Uint8Array([${[...value].join(', ')}])`;
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (typeof value === 'object')
    return renderObject(Object.entries(value).map(([k, v]) => [k, renderValue(v)]));
  return renderString(String(value));
}

/** `{ a: 1, b: 'x' }` from rendered entries; `{}` when empty. */
export function renderObject(entries: readonly (readonly [string, string])[]): string {
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, v]) => `${renderKey(k)}: ${v}`).join(', ')} }`;
}

/** `['a', 'b']`. */
export function renderStringList(items: readonly string[]): string {
  return `[${items.map(renderString).join(', ')}]`;
}

/**
 * The `t.*()` call for a neutral column type.
 *
 * @example
 * renderColumnType({ kind: 'timestamp', withTimezone: true }, ctx); // 't.timestamp({ withTimezone: true })'
 */
export function renderColumnType(type: ColumnType, ctx: RenderContext): string {
  ctx.use('t');
  switch (type.kind) {
    case 'string':
      return type.length === undefined ? 't.string()' : `t.string(${type.length})`;
    case 'timestamp':
      return type.withTimezone ? 't.timestamp({ withTimezone: true })' : 't.timestamp()';
    case 'numeric':
      if (type.precision === undefined && type.scale === undefined) return 't.numeric()';
      return type.scale === undefined
        ? `t.numeric(${type.precision})`
        : `t.numeric(${type.precision ?? 'undefined'}, ${type.scale})`;
    case 'enum':
      return `t.enum(${renderString(type.name)}, ${renderStringList(type.values)})`;
    case 'vector':
    case 'halfvec':
    case 'sparsevec':
      return `t.${type.kind}(${type.dimensions})`;
    case 'array':
      return `t.array(${renderColumnType(type.of, ctx)})`;
    case 'custom': {
      const entries = (['postgresql', 'sqlite', 'mysql'] as const).flatMap((d) =>
        type[d] === undefined ? [] : [[d, renderString(type[d])] as const],
      );
      return `t.custom(${renderObject(entries)})`;
    }
    default:
      return `t.${type.kind}()`;
  }
}

/**
 * A default as `.default()` takes it (`null` is DEFAULT NULL there), or, with `asOption`, as
 * alterColumn's `default:` takes it (where `null` drops the default, so DEFAULT NULL is spelled
 * as a DefaultValue object).
 *
 * @example
 * renderDefault({ kind: 'sql', sql: 'CURRENT_TIMESTAMP' }, ctx); // 'sql`CURRENT_TIMESTAMP`'
 */
export function renderDefault(value: DefaultValue, ctx: RenderContext, asOption = false): string {
  if (value.kind === 'sql') return renderSqlTemplate(value.sql, ctx);
  if (value.value === null) return asOption ? "{ kind: 'literal', value: null }" : 'null';
  return renderValue(value.value);
}

/** Text safe inside a `//` comment. */
export function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
