/**
 * Dialect-neutral column types. Each dialect maps them to native types (`<db>-types.ts`) and
 * reflects native types back into them, so autogenerate compares meaning, not spelling.
 *
 * @example
 * const email: ColumnType = { kind: 'string', length: 255 };
 */
export type ColumnType =
  | { readonly kind: 'integer' }
  | { readonly kind: 'bigint' }
  | { readonly kind: 'smallint' }
  | { readonly kind: 'string'; readonly length?: number }
  | { readonly kind: 'text' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'timestamp'; readonly withTimezone: boolean }
  | { readonly kind: 'date' }
  | { readonly kind: 'time' }
  | { readonly kind: 'numeric'; readonly precision?: number; readonly scale?: number }
  | { readonly kind: 'real' }
  | { readonly kind: 'double' }
  | { readonly kind: 'json' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'enum'; readonly name: string; readonly values: readonly string[] }
  | { readonly kind: 'vector'; readonly dimensions: number }
  | { readonly kind: 'halfvec'; readonly dimensions: number }
  | { readonly kind: 'sparsevec'; readonly dimensions: number }
  | { readonly kind: 'array'; readonly of: ColumnType }
  | {
      readonly kind: 'custom';
      readonly postgresql?: string;
      readonly sqlite?: string;
      readonly mysql?: string;
    };

export type ColumnTypeKind = ColumnType['kind'];

export const dialectNames = ['sqlite', 'postgresql', 'mysql'] as const;
/** The three SQL dialects. PGlite speaks `postgresql`; MariaDB speaks `mysql`. */
export type DialectName = (typeof dialectNames)[number];
