import { describe, expect, it } from 'vitest';
import {
  canonicalExpression,
  enumCheckValues,
  readDefaultExpression,
  stripOuterParens,
} from '../../../src/dialects/shared/sql-expression.js';
import {
  closingParen,
  splitTopLevel,
  tokenizeSql,
} from '../../../src/dialects/shared/sql-tokenizer.js';
import {
  mysqlExpressionStyle,
  mysqlTokenizeOptions,
} from '../../../src/dialects/mysql/mysql-expression.js';

const sqlite = { quote: '"' } as const;

describe('tokenizeSql', () => {
  it('respects quotes, escapes, comments and brackets', () => {
    const tokens = tokenizeSql(
      `"a ""b""" [c d] \`e\` 'it''s' -- gone\n /* gone, too */ x'00' 1.5e3 <> ||`,
    );
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['identifier', 'a "b"'],
      ['identifier', 'c d'],
      ['identifier', 'e'],
      ['string', "it's"],
      ['blob', "x'00'"],
      ['number', '1.5e3'],
      ['punct', '<>'],
      ['punct', '||'],
    ]);
  });

  it('reads MySQL strings: backslash escapes, double quotes, # comments', () => {
    const tokens = tokenizeSql(`'a\\'b\\\\c\\n' "dq" # comment`, mysqlTokenizeOptions);
    expect(tokens.map((t) => [t.kind, t.value])).toEqual([
      ['string', "a'b\\c\n"],
      ['string', 'dq'],
    ]);
  });

  it('keeps source offsets, finds closing parentheses and splits at top-level commas', () => {
    const source = 'f(a, (b, c)), d';
    const tokens = tokenizeSql(source);
    expect(tokens.every((t) => source.slice(t.start, t.end) === t.text)).toBe(true);
    expect(closingParen(tokens, 1)).toBe(9);
    expect(splitTopLevel(tokens).map((p) => p.map((t) => t.text).join(''))).toEqual([
      'f(a,(b,c))',
      'd',
    ]);
    expect(
      stripOuterParens(tokenizeSql('((a) + (b))'))
        .map((t) => t.text)
        .join(''),
    ).toBe('(a)+(b)');
  });
});

describe('canonicalExpression', () => {
  it.each([
    ['(age >= 18)', 'age >= 18'],
    ['"Age">=18', 'age >= 18'],
    ['LENGTH( "body" ) > 0', 'length(body) > 0'],
    ["status IN ('a','b')", "status in ('a', 'b')"],
    ['a != -1', 'a <> -1'],
    ['a - 1 = +2', 'a - 1 = +2'],
    ['"order" > 0', '"order" > 0'],
    ['"Mixed Case" IS NOT NULL', '"Mixed Case" is not null'],
    ['NOT (a = 1)', 'not (a = 1)'],
    ["t.a || 'X'", "t.a || 'X'"],
  ])('sqlite: %s -> %s', (input, expected) => {
    expect(canonicalExpression(input, sqlite)).toBe(expected);
  });

  it.each([
    ["octet_length(`b`) > 2 and `b` <> 'x'", 'LENGTH(b) > 2 AND b != "x"'],
    ['lcase(`b`) = `b`', 'LOWER(b) = b'],
    ['`a` MOD 2 = 0', 'a % 2 = 0'],
    ['`a` is not null and `b` = 1', 'a IS NOT NULL AND b = TRUE'],
    ['current_timestamp(6)', 'CURRENT_TIMESTAMP'],
    ['now()', 'current_timestamp()'],
    ['curdate()', '(CURRENT_DATE)'],
    ["(`b` <> _utf8mb4'x')", "b <> 'x'"],
    ["`b` in ('x','y\\'z')", "b IN ('x', 'y''z')"],
  ])('mysql: %s = %s', (reported, written) => {
    expect(canonicalExpression(reported, mysqlExpressionStyle)).toBe(
      canonicalExpression(written, mysqlExpressionStyle),
    );
  });
});

describe('readDefaultExpression', () => {
  it.each([
    ["'it''s'", { kind: 'literal', value: "it's" }],
    ['-42', { kind: 'literal', value: -42 }],
    ['(1.5)', { kind: 'literal', value: 1.5 }],
    ['NULL', { kind: 'literal', value: null }],
    ['TRUE', { kind: 'literal', value: true }],
    ['false', { kind: 'literal', value: false }],
    ['CURRENT_TIMESTAMP', { kind: 'sql', sql: 'CURRENT_TIMESTAMP' }],
    ["(datetime('now'))", { kind: 'sql', sql: "datetime('now')" }],
    ['9007199254740993', { kind: 'sql', sql: '9007199254740993' }],
  ])('%s', (text, expected) => {
    expect(readDefaultExpression(text)).toEqual(expected);
  });

  it('reads MySQL escapes in literals', () => {
    expect(readDefaultExpression("'x\\'y \\\\'", mysqlTokenizeOptions)).toEqual({
      kind: 'literal',
      value: "x'y \\",
    });
  });
});

describe('enumCheckValues', () => {
  it('recognises exactly col IN (strings)', () => {
    expect(enumCheckValues(`"status" IN ('new', 'it''s')`)).toEqual({
      column: 'status',
      values: ['new', "it's"],
    });
    expect(enumCheckValues(`(mood in ('a'))`)).toEqual({ column: 'mood', values: ['a'] });
  });

  it.each([
    'status IN (1, 2)',
    "status IN ('a') OR status IS NULL",
    "lower(s) IN ('a')",
    's IN ()',
    "s NOT IN ('a')",
    "s IN ('a' 'b')",
  ])('rejects %s', (text) => {
    expect(enumCheckValues(text)).toBeUndefined();
  });
});
