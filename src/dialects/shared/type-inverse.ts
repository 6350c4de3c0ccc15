import type { ColumnType, ColumnTypeKind } from '../../schema/types.js';
import type { NativeTypeSpec, NativeTypeTable } from './type-spec.js';

/**
 * A native type spelling split into its name and numeric arguments, upper-cased with single
 * spaces: `varchar ( 20 )` -> { name: 'VARCHAR', args: [20], text: 'VARCHAR(20)' }.
 *
 * @example
 * splitNativeType('decimal(10, 2) unsigned'); // { name: 'DECIMAL', args: [10, 2], suffix: 'UNSIGNED', text: 'DECIMAL(10,2) UNSIGNED' }
 */
export interface NativeTypeParts {
  readonly name: string;
  readonly args: readonly number[];
  /** Words after the parenthesis (`UNSIGNED`, `WITH TIME ZONE`). */
  readonly suffix: string;
  /** The whole spelling, canonical. */
  readonly text: string;
}

export function splitNativeType(spelling: string): NativeTypeParts {
  const text = spelling
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')')
    .toUpperCase();
  const match = /^([^(]*)(?:\(([\d,]*)\))?(?: (.*))?$/.exec(text);
  const name = (match?.[1] ?? text).trim();
  const args = (match?.[2] ?? '')
    .split(',')
    .filter((a) => a !== '')
    .map(Number);
  return { name, args, suffix: (match?.[3] ?? '').trim(), text };
}

/**
 * Reads a native spelling backwards through a dialect's type table (the table the compiler
 * renders with), so reflection returns exactly the neutral type that produced the column.
 * Returns undefined when no entry matches; the caller then tries its own aliases.
 *
 * @example
 * inverseNativeType(sqliteTypes, 'VARCHAR(20)'); // { kind: 'string', length: 20 }
 */
export function inverseNativeType(
  table: NativeTypeTable,
  spelling: string,
): ColumnType | undefined {
  const parts = splitNativeType(spelling);
  const index = indexOf(table);
  // Whole-spelling matches first (`CHAR(36)` for uuid, `TINYINT(1)` for boolean), then by name.
  const exact = index.exact.get(parts.text);
  if (exact) return exact;
  if (parts.suffix !== '') return undefined;
  for (const entry of index.byName.get(parts.name) ?? []) {
    const found = nameMatch(entry.kind, entry.spec, parts);
    if (found) return found;
  }
  return undefined;
}

/** A type table's spellings, canonical, looked up by whole spelling and by name. */
interface TypeIndex {
  /** Whole spellings of fixed types and timestamps; the first entry of the table wins. */
  readonly exact: ReadonlyMap<string, ColumnType>;
  /** Parameterised forms (length, precision, dimensions) by name, in table order. */
  readonly byName: ReadonlyMap<string, readonly { kind: ColumnTypeKind; spec: NativeTypeSpec }[]>;
}

/**
 * Built once per table: reflection reads every column's type through it, and splitting every
 * entry's spellings again for each column was most of the time of reflecting 200 tables.
 */
const indexes = new WeakMap<NativeTypeTable, TypeIndex>();

function indexOf(table: NativeTypeTable): TypeIndex {
  const known = indexes.get(table);
  if (known) return known;
  const exact = new Map<string, ColumnType>();
  const byName = new Map<string, { kind: ColumnTypeKind; spec: NativeTypeSpec }[]>();
  const setExact = (text: string, type: ColumnType | undefined) => {
    if (type && !exact.has(text)) exact.set(text, type);
  };
  for (const [kind, spec] of Object.entries(table) as [ColumnTypeKind, NativeTypeSpec][]) {
    if (spec.form === 'fixed') {
      for (const text of spellings(spec.name, spec.aliases)) setExact(text, bareType(kind));
    } else if (spec.form === 'timezone') {
      for (const text of spellings(spec.without, spec.aliases))
        setExact(text, { kind: 'timestamp', withTimezone: false });
      setExact(splitNativeType(spec.with).text, { kind: 'timestamp', withTimezone: true });
    }
    if ('name' in spec && spec.name !== undefined) {
      const aliases = 'aliases' in spec ? spec.aliases : undefined;
      for (const name of new Set(spellings(spec.name, aliases))) {
        const list = byName.get(name) ?? [];
        list.push({ kind, spec });
        byName.set(name, list);
      }
    }
  }
  const index = { exact, byName };
  indexes.set(table, index);
  return index;
}

function spellings(name: string, aliases: readonly string[] | undefined): string[] {
  return [name, ...(aliases ?? [])].map((s) => splitNativeType(s).text);
}

/** A parameterised form whose name matched: its neutral type from the arguments, or undefined. */
function nameMatch(
  kind: ColumnTypeKind,
  spec: NativeTypeSpec,
  parts: NativeTypeParts,
): ColumnType | undefined {
  const [a, b] = parts.args;
  switch (spec.form) {
    case 'length':
      return parts.args.length <= 1
        ? { kind: 'string', ...(a !== undefined ? { length: a } : {}) }
        : undefined;
    case 'precision':
      return {
        kind: 'numeric',
        ...(a !== undefined ? { precision: a } : {}),
        ...(b !== undefined ? { scale: b } : {}),
      };
    case 'dimensions':
      return a !== undefined && (kind === 'vector' || kind === 'halfvec' || kind === 'sparsevec')
        ? { kind, dimensions: a }
        : undefined;
    default:
      return undefined;
  }
}

/** The neutral type of a kind that takes no parameters, or undefined. */
function bareType(kind: ColumnTypeKind): ColumnType | undefined {
  switch (kind) {
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'text':
    case 'boolean':
    case 'date':
    case 'time':
    case 'real':
    case 'double':
    case 'json':
    case 'uuid':
    case 'binary':
    case 'string':
    case 'numeric':
      return { kind };
    case 'timestamp':
      return { kind, withTimezone: false };
    default:
      return undefined;
  }
}
