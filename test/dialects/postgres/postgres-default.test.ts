import { describe, expect, it } from 'vitest';
import {
  numberOrText,
  parsePostgresDefault,
} from '../../../src/dialects/postgres/postgres-default.js';
import type { DefaultValue } from '../../../src/schema/model.js';

describe('parsePostgresDefault', () => {
  const cases: readonly (readonly [string, DefaultValue | undefined])[] = [
    ["'abc'::character varying", { kind: 'literal', value: 'abc' }],
    ["'it''s'::text", { kind: 'literal', value: "it's" }],
    ["'-1'::integer", { kind: 'literal', value: -1 }],
    ["'9999999999'::bigint", { kind: 'literal', value: 9999999999 }],
    ["'10000000000'::numeric", { kind: 'literal', value: 10000000000 }],
    ["'12345678901234567890'::bigint", { kind: 'literal', value: '12345678901234567890' }],
    ['1.50', { kind: 'literal', value: 1.5 }],
    ['42', { kind: 'literal', value: 42 }],
    ['(-1)', { kind: 'literal', value: -1 }],
    ['true', { kind: 'literal', value: true }],
    ['FALSE', { kind: 'literal', value: false }],
    ["'t'::boolean", { kind: 'literal', value: true }],
    ["'{}'::jsonb", { kind: 'literal', value: '{}' }],
    ["'{1,2}'::integer[]", { kind: 'literal', value: '{1,2}' }],
    ["'2020-01-01'::date", { kind: 'literal', value: '2020-01-01' }],
    ["'happy'::mood", { kind: 'literal', value: 'happy' }],
    ['\'a\'::"Mood"', { kind: 'literal', value: 'a' }],
    ["'1 day'::interval", { kind: 'literal', value: '1 day' }],
    ["E'a\\nb'", { kind: 'literal', value: 'a\nb' }],
    ['NULL', undefined],
    ['NULL::character varying', undefined],
    ['now()', { kind: 'sql', sql: 'now()' }],
    ['CURRENT_TIMESTAMP', { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }],
    ['gen_random_uuid()', { kind: 'sql', sql: 'gen_random_uuid()' }],
    ["('a'::text || 'b'::text)", { kind: 'sql', sql: "('a'::text || 'b'::text)" }],
    [
      "nextval('users_id_seq'::regclass)",
      { kind: 'sql', sql: "nextval('users_id_seq'::regclass)" },
    ],
  ];
  it.each(cases)('reads %s', (text, expected) => {
    expect(parsePostgresDefault(text)).toEqual(expected);
  });

  it('keeps numbers as text when a double would change them', () => {
    expect(numberOrText('1.50')).toBe(1.5);
    expect(numberOrText('-0')).toBe(-0);
    expect(numberOrText('1e3')).toBe(1000);
    expect(numberOrText('9007199254740993')).toBe('9007199254740993');
    expect(numberOrText('0.1000000000000000055511151231257827')).toBe(
      '0.1000000000000000055511151231257827',
    );
  });
});
