import { describe, expect, it } from 'vitest';
import { parsePostgresType } from '../../../src/dialects/postgres/postgres-type-parser.js';
import type { ColumnType } from '../../../src/schema/types.js';

describe('parsePostgresType', () => {
  const cases: readonly (readonly [string, ColumnType])[] = [
    ['integer', { kind: 'integer' }],
    ['int4', { kind: 'integer' }],
    ['INT', { kind: 'integer' }],
    ['bigint', { kind: 'bigint' }],
    ['int8', { kind: 'bigint' }],
    ['smallint', { kind: 'smallint' }],
    ['int2', { kind: 'smallint' }],
    ['character varying(20)', { kind: 'string', length: 20 }],
    ['VARCHAR ( 20 )', { kind: 'string', length: 20 }],
    ['character varying', { kind: 'string' }],
    ['text', { kind: 'text' }],
    ['boolean', { kind: 'boolean' }],
    ['bool', { kind: 'boolean' }],
    ['timestamp without time zone', { kind: 'timestamp', withTimezone: false }],
    ['timestamp', { kind: 'timestamp', withTimezone: false }],
    ['timestamp with time zone', { kind: 'timestamp', withTimezone: true }],
    ['timestamptz', { kind: 'timestamp', withTimezone: true }],
    ['date', { kind: 'date' }],
    ['time without time zone', { kind: 'time' }],
    ['numeric(10,2)', { kind: 'numeric', precision: 10, scale: 2 }],
    ['decimal(10, 2)', { kind: 'numeric', precision: 10, scale: 2 }],
    ['numeric(10)', { kind: 'numeric', precision: 10, scale: 0 }],
    ['numeric', { kind: 'numeric' }],
    ['real', { kind: 'real' }],
    ['float4', { kind: 'real' }],
    ['float(10)', { kind: 'real' }],
    ['double precision', { kind: 'double' }],
    ['float8', { kind: 'double' }],
    ['float(53)', { kind: 'double' }],
    ['jsonb', { kind: 'json' }],
    ['uuid', { kind: 'uuid' }],
    ['bytea', { kind: 'binary' }],
    ['vector(1536)', { kind: 'vector', dimensions: 1536 }],
    ['halfvec(3)', { kind: 'halfvec', dimensions: 3 }],
    ['sparsevec(5)', { kind: 'sparsevec', dimensions: 5 }],
    ['integer[]', { kind: 'array', of: { kind: 'integer' } }],
    ['integer[][]', { kind: 'array', of: { kind: 'integer' } }],
    ['int[3]', { kind: 'array', of: { kind: 'integer' } }],
    ['character varying(20)[]', { kind: 'array', of: { kind: 'string', length: 20 } }],
    ['text array', { kind: 'array', of: { kind: 'text' } }],
  ];
  it.each(cases)('reads %s', (spelling, expected) => {
    expect(parsePostgresType(spelling)).toEqual(expected);
  });

  const customs: readonly (readonly [string, string])[] = [
    ['json', 'json'],
    ['citext', 'citext'],
    ['public.citext', 'citext'],
    ['timestamp(3) with time zone', 'timestamp(3) with time zone'],
    ['timestamptz(3)', 'timestamp(3) with time zone'],
    ['timestamp(0)', 'timestamp(0) without time zone'],
    ['time(3) without time zone', 'time(3) without time zone'],
    ['timetz', 'time with time zone'],
    ['char(3)', 'character(3)'],
    ['character(3)', 'character(3)'],
    ['char', 'character(1)'],
    ['interval', 'interval'],
    ['vector', 'vector'],
    ['"MyType"', '"MyType"'],
    ['Geometry(Point, 4326)', 'geometry(point,4326)'],
  ];
  it.each(customs)('keeps %s custom, spelled %s', (spelling, canonical) => {
    expect(parsePostgresType(spelling)).toEqual({ kind: 'custom', postgresql: canonical });
  });
});
