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
  const entries = Object.entries(table) as [ColumnTypeKind, NativeTypeSpec][];
  // Whole-spelling matches first (`CHAR(36)` for uuid, `TINYINT(1)` for boolean), then by name.
  for (const [kind, spec] of entries) {
    const found = exactMatch(kind, spec, parts);
    if (found) return found;
  }
  for (const [kind, spec] of entries) {
    const found = nameMatch(kind, spec, parts);
    if (found) return found;
  }
  return undefined;
}

function spellings(name: string, aliases: readonly string[] | undefined): string[] {
  return [name, ...(aliases ?? [])].map((s) => splitNativeType(s).text);
}

function exactMatch(
  kind: ColumnTypeKind,
  spec: NativeTypeSpec,
  parts: NativeTypeParts,
): ColumnType | undefined {
  if (spec.form === 'fixed' && spellings(spec.name, spec.aliases).includes(parts.text))
    return bareType(kind);
  if (spec.form === 'timezone') {
    const withTz = splitNativeType(spec.with).text;
    const without = splitNativeType(spec.without).text;
    if (
      parts.text === without ||
      (spec.aliases ?? []).some((a) => splitNativeType(a).text === parts.text)
    ) {
      return { kind: 'timestamp', withTimezone: false };
    }
    if (parts.text === withTz) return { kind: 'timestamp', withTimezone: true };
  }
  return undefined;
}

function nameMatch(
  kind: ColumnTypeKind,
  spec: NativeTypeSpec,
  parts: NativeTypeParts,
): ColumnType | undefined {
  if (parts.suffix !== '') return undefined;
  const names =
    'name' in spec && spec.name !== undefined
      ? spellings(spec.name, 'aliases' in spec ? spec.aliases : undefined)
      : [];
  if (!names.includes(parts.name)) return undefined;
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
