import {
  closingParen,
  isKeyword,
  isPunct,
  sourceText,
  splitTopLevel,
  tokenizeSql,
  type SqlToken,
} from '../shared/sql-tokenizer.js';
import { stripOuterParens } from '../shared/sql-expression.js';

/**
 * What the PRAGMAs do not tell about a table, read from its CREATE TABLE text in sqlite_schema:
 * constraint names, CHECK constraints, AUTOINCREMENT and DEFERRABLE. SQLite stores the statement
 * as written (https://www.sqlite.org/schematab.html), so this reads the user's own text.
 *
 * @example
 * parseCreateTableSql('CREATE TABLE t (a INT CONSTRAINT ck_a CHECK (a > 0))').checks;
 * // [{ name: 'ck_a', expression: 'a > 0', column: 'a' }]
 */
export interface ParsedTableSql {
  readonly autoincrementColumns: readonly string[];
  readonly primaryKey?: { readonly name?: string; readonly columns: readonly string[] };
  readonly uniques: readonly { readonly name?: string; readonly columns: readonly string[] }[];
  readonly foreignKeys: readonly ParsedForeignKeySql[];
  readonly checks: readonly {
    readonly name?: string;
    readonly expression: string;
    readonly column?: string;
  }[];
  readonly withoutRowid: boolean;
}

export interface ParsedForeignKeySql {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

interface MutableTable {
  autoincrementColumns: string[];
  primaryKey?: { name?: string; columns: string[] };
  uniques: { name?: string; columns: string[] }[];
  foreignKeys: ParsedForeignKeySql[];
  checks: { name?: string; expression: string; column?: string }[];
}

const tableConstraintStarts = ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN'];

export function parseCreateTableSql(sql: string): ParsedTableSql {
  const tokens = tokenizeSql(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const close = open < 0 ? -1 : closingParen(tokens, open);
  const result: MutableTable = {
    autoincrementColumns: [],
    uniques: [],
    foreignKeys: [],
    checks: [],
  };
  if (close < 0) return { ...result, withoutRowid: false };
  for (const part of splitTopLevel(tokens.slice(open + 1, close))) {
    if (tableConstraintStarts.some((w) => isKeyword(part[0], w)))
      readTableConstraint(sql, part, result);
    else readColumnDefinition(sql, part, result);
  }
  const tail = tokens.slice(close + 1);
  const withoutRowid = tail.some(
    (t, i) => isKeyword(t, 'WITHOUT') && isKeyword(tail[i + 1], 'ROWID'),
  );
  return { ...result, withoutRowid };
}

/** An identifier as written: bare, "quoted", `quoted`, [quoted] or 'quoted'. */
function nameOf(token: SqlToken | undefined): string {
  return token?.value ?? '';
}

/** Names inside `( a, "b" COLLATE x DESC )` starting at the `(`; returns them and the index after `)`. */
function nameList(tokens: readonly SqlToken[], open: number): { names: string[]; next: number } {
  const close = closingParen(tokens, open);
  if (!isPunct(tokens[open], '(') || close < 0) return { names: [], next: open };
  const names = splitTopLevel(tokens.slice(open + 1, close)).map((p) => nameOf(p[0]));
  return { names, next: close + 1 };
}

/** The text between the parentheses that start at `open`, and the index after them. */
function parenthesized(
  sql: string,
  tokens: readonly SqlToken[],
  open: number,
): { text: string; next: number } {
  const close = closingParen(tokens, open);
  if (close < 0) return { text: '', next: tokens.length };
  return {
    text: sourceText(sql, stripOuterParens(tokens.slice(open + 1, close))),
    next: close + 1,
  };
}

function readTableConstraint(sql: string, part: readonly SqlToken[], out: MutableTable): void {
  let i = 0;
  let name: string | undefined;
  if (isKeyword(part[0], 'CONSTRAINT')) {
    name = nameOf(part[1]);
    i = 2;
  }
  const named = name === undefined ? {} : { name };
  const head = part[i];
  if (isKeyword(head, 'PRIMARY')) {
    out.primaryKey = { ...named, columns: nameList(part, i + 2).names };
  } else if (isKeyword(head, 'UNIQUE')) {
    out.uniques.push({ ...named, columns: nameList(part, i + 1).names });
  } else if (isKeyword(head, 'CHECK')) {
    out.checks.push({ ...named, expression: parenthesized(sql, part, i + 1).text });
  } else if (isKeyword(head, 'FOREIGN')) {
    const columns = nameList(part, i + 2);
    if (isKeyword(part[columns.next], 'REFERENCES')) {
      const { next: _next, ...fk } = readReferences(part, columns.next + 1);
      out.foreignKeys.push({ ...named, columns: columns.names, ...fk });
    }
  }
}

/** `tbl [(cols)] [ON DELETE ...] [MATCH x] [[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]]` */
function readReferences(
  tokens: readonly SqlToken[],
  start: number,
): Omit<ParsedForeignKeySql, 'columns' | 'name'> & { next: number } {
  const refTable = nameOf(tokens[start]);
  let i = start + 1;
  if (isPunct(tokens[i], '(')) i = nameList(tokens, i).next;
  let deferrable: boolean | undefined;
  let initiallyDeferred: boolean | undefined;
  while (i < tokens.length) {
    const t = tokens[i];
    if (isKeyword(t, 'ON'))
      i += isKeyword(tokens[i + 2], 'SET') || isKeyword(tokens[i + 2], 'NO') ? 4 : 3;
    else if (isKeyword(t, 'MATCH')) i += 2;
    else if (isKeyword(t, 'NOT') && isKeyword(tokens[i + 1], 'DEFERRABLE')) {
      deferrable = false;
      i += 2;
    } else if (isKeyword(t, 'DEFERRABLE')) {
      deferrable = true;
      i += 1;
    } else if (isKeyword(t, 'INITIALLY')) {
      initiallyDeferred = isKeyword(tokens[i + 1], 'DEFERRED');
      i += 2;
    } else break;
  }
  return {
    refTable,
    ...(deferrable !== undefined ? { deferrable } : {}),
    ...(initiallyDeferred !== undefined ? { initiallyDeferred } : {}),
    next: i,
  };
}

function readColumnDefinition(sql: string, part: readonly SqlToken[], out: MutableTable): void {
  const column = nameOf(part[0]);
  let name: string | undefined;
  let i = 1;
  while (i < part.length) {
    const t = part[i] as SqlToken;
    const named = name === undefined ? {} : { name };
    if (isKeyword(t, 'CONSTRAINT')) {
      name = nameOf(part[i + 1]);
      i += 2;
      continue;
    }
    if (isKeyword(t, 'PRIMARY')) {
      out.primaryKey = { ...named, columns: [column] };
      i += 2;
    } else if (isKeyword(t, 'AUTOINCREMENT')) {
      out.autoincrementColumns.push(column);
      i += 1;
    } else if (isKeyword(t, 'UNIQUE')) {
      out.uniques.push({ ...named, columns: [column] });
      i += 1;
    } else if (isKeyword(t, 'CHECK')) {
      const body = parenthesized(sql, part, i + 1);
      out.checks.push({ ...named, expression: body.text, column });
      i = body.next;
    } else if (isKeyword(t, 'REFERENCES')) {
      const { next, ...fk } = readReferences(part, i + 1);
      out.foreignKeys.push({ ...named, columns: [column], ...fk });
      i = next;
    } else {
      // Types, DEFAULT values, COLLATE, GENERATED ... AS (...), ON CONFLICT: nothing to keep.
      i = isPunct(t, '(') ? closingParen(part, i) + 1 || part.length : i + 1;
      continue;
    }
    name = undefined;
  }
}

/**
 * One key part of a CREATE INDEX statement: its text (outer parentheses removed) and order.
 *
 * @example
 * parseCreateIndexSql('CREATE INDEX ix ON t (a, lower(b) DESC) WHERE a > 0');
 * // { parts: [{ text: 'a', order: undefined }, { text: 'lower(b)', order: 'desc' }], where: 'a > 0' }
 */
export interface ParsedIndexSql {
  readonly parts: readonly { readonly text: string; readonly order?: 'asc' | 'desc' }[];
  readonly where?: string;
}

export function parseCreateIndexSql(sql: string): ParsedIndexSql {
  const tokens = tokenizeSql(sql);
  const on = tokens.findIndex((t) => isKeyword(t, 'ON'));
  const open = tokens.findIndex((t, i) => i > on && isPunct(t, '('));
  const close = on < 0 || open < 0 ? -1 : closingParen(tokens, open);
  if (close < 0) return { parts: [] };
  const parts = splitTopLevel(tokens.slice(open + 1, close)).map(
    (part): ParsedIndexSql['parts'][number] => {
      const last = part[part.length - 1];
      const order = isKeyword(last, 'DESC')
        ? ('desc' as const)
        : isKeyword(last, 'ASC')
          ? ('asc' as const)
          : undefined;
      const body = order ? part.slice(0, -1) : part;
      const text = sourceText(sql, stripOuterParens(body));
      return order ? { text, order } : { text };
    },
  );
  const rest = tokens.slice(close + 1);
  return isKeyword(rest[0], 'WHERE') ? { parts, where: sourceText(sql, rest.slice(1)) } : { parts };
}
