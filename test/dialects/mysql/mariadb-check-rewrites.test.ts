/**
 * The two rewrites that make a model's CHECK read as MariaDB 10.11 stores it (pinned from
 * information_schema.CHECK_CONSTRAINTS on that server): NOTs pushed down, and only the
 * parentheses precedence needs. The round-trip tests cover them on the server; these pin the
 * token-level rules one case at a time.
 */
import { describe, expect, test } from 'vitest';
import { mysqlTokenizeOptions } from '../../../src/dialects/mysql/mysql-expression.js';
import { pushDownNot } from '../../../src/dialects/mysql/mysql-not.js';
import { dropRedundantParens } from '../../../src/dialects/mysql/mysql-parens.js';
import { tokenizeSql, type SqlToken } from '../../../src/dialects/shared/sql-tokenizer.js';

const text = (tokens: readonly SqlToken[]): string =>
  tokens.map((t) => t.text.toLowerCase()).join(' ');
const notPushed = (sql: string): string =>
  text(pushDownNot(tokenizeSql(sql, mysqlTokenizeOptions)));
const unparenthesized = (sql: string): string =>
  text(dropRedundantParens(tokenizeSql(sql, mysqlTokenizeOptions)));

describe('pushDownNot (MariaDB prints NOT pushed into its operand)', () => {
  test.each([
    ['NOT (a = 1)', 'a <> 1'],
    ['NOT (a > 5 AND b IS NULL)', 'a <= 5 or b is not null'],
    ['NOT (a = 1 OR b IS NULL)', 'a <> 1 and b is not null'],
    ["NOT b LIKE 'x%'", "b not like 'x%'"],
    ['NOT (a IN (1, 2))', 'a not in ( 1 , 2 )'],
    ['NOT (NOT (a < 3))', 'a < 3'],
    ['c = 1 AND NOT (a = 1 AND b = 2)', 'c = 1 and ( a <> 1 or b <> 2 )'],
  ])('%s -> %s', (input, expected) => {
    expect(notPushed(input)).toBe(expected);
  });

  test.each([
    ['NOT a', 'not a'],
    ['NOT f(a)', 'not f ( a )'],
    ['a IS NOT NULL', 'a is not null'],
    ['a NOT IN (1)', 'a not in ( 1 )'],
  ])('keeps what it cannot push down or is no negation: %s', (input, expected) => {
    expect(notPushed(input)).toBe(expected);
  });
});

describe('dropRedundantParens (MariaDB keeps only the parentheses precedence needs)', () => {
  test.each([
    ['(a * 2) < 500', 'a * 2 < 500'],
    ['(a > 1 AND b > 2) OR c < 0', 'a > 1 and b > 2 or c < 0'],
    ['id > (a)', 'id > a'],
    ['((a = 1))', 'a = 1'],
  ])('%s -> %s', (input, expected) => {
    expect(unparenthesized(input)).toBe(expected);
  });

  test.each([
    ['(a OR b) AND c', '( a or b ) and c'],
    ['a - (b - c) > 0', 'a - ( b - c ) > 0'],
    ['a IN (1, 2)', 'a in ( 1 , 2 )'],
    ['(a = 1) = b', '( a = 1 ) = b'],
  ])('keeps the parentheses that change the meaning: %s', (input, expected) => {
    expect(unparenthesized(input)).toBe(expected);
  });
});
