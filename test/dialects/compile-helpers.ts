/**
 * Helpers of the compile tests: `expectSql` (Kysely's testSql: one operation, the expected SQL of
 * every dialect side by side) and small engine wrappers that run compiled statements on real
 * databases (better-sqlite3 file, PGlite, the PostgreSQL and MariaDB servers).
 */
import { expect } from 'vitest';
import { join } from 'node:path';
import { AthanorError, type ErrorCode } from '../../src/errors.js';
import type { CompileContext, Statement } from '../../src/dialects/dialect.js';
import { mysqlCompiler } from '../../src/dialects/mysql/mysql-compiler.js';
import { postgresCompiler } from '../../src/dialects/postgres/postgres-compiler.js';
import { sqliteCompiler } from '../../src/dialects/sqlite/sqlite-compiler.js';
import type { Operation } from '../../src/operations/operation.js';
import type { DialectName } from '../../src/schema/types.js';
import { createMysqlDatabase, createPostgresDatabase, tempDir } from '../helpers/databases.js';
import { rmSync } from 'node:fs';

export const compilers = {
  sqlite: sqliteCompiler,
  postgresql: postgresCompiler,
  mysql: mysqlCompiler,
} as const;

/** An expected failure: the error code and a pattern its message must match. */
export interface ErrorMatcher {
  readonly error: ErrorCode;
  readonly message?: RegExp;
}

export const fails = (error: ErrorCode, message?: RegExp): ErrorMatcher => ({
  error,
  ...(message ? { message } : {}),
});

type Expected = readonly (string | Statement)[] | ErrorMatcher;

/**
 * Compiles `op` for every dialect and compares with `expected`: a list of statements (a string
 * means no parameters) or an error matcher.
 */
export function expectSql(
  op: Operation,
  expected: Readonly<Record<DialectName, Expected>>,
  ctx: CompileContext = { offline: false },
): void {
  for (const dialect of ['sqlite', 'postgresql', 'mysql'] as const) {
    const want = expected[dialect];
    const run = (): Statement[] => compilers[dialect].compile(op, ctx);
    if ('error' in want) {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(caught, `${dialect} should fail`).toBeInstanceOf(AthanorError);
      const error = caught as AthanorError;
      expect({ dialect, code: error.code }).toEqual({ dialect, code: want.error });
      if (want.message) expect(error.message, dialect).toMatch(want.message);
      continue;
    }
    // A string (or an asymmetric matcher such as expect.stringContaining) is a statement without parameters.
    const normalised = want.map((s) =>
      typeof s === 'object' && 'params' in s ? s : { sql: s, params: [] },
    );
    expect({
      dialect,
      statements: run().map((s) => ({ sql: s.sql, params: [...s.params] })),
    }).toEqual({ dialect, statements: normalised });
  }
}

/** Same statements for every dialect but the quoting: write with "..." and get `...` for MySQL. */
export function allDialects(statements: readonly string[]): Record<DialectName, readonly string[]> {
  return {
    sqlite: statements,
    postgresql: statements,
    mysql: statements.map((s) => s.replaceAll('"', '`')),
  };
}

/** A database to run compiled statements on and read results back from. */
export interface Engine {
  readonly name: 'sqlite' | 'pglite' | 'postgresql' | 'mysql';
  readonly dialect: DialectName;
  run(statements: readonly Statement[]): Promise<void>;
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function openSqlite(): Promise<
  Engine & { readonly db: import('better-sqlite3').Database }
> {
  const mod = await import('better-sqlite3');
  // CommonJS module: the constructor is the default export at run time.
  const Database = (mod as unknown as { default: typeof import('better-sqlite3') }).default;
  const dir = tempDir();
  const db = new Database(join(dir, 'test.db'));
  return {
    name: 'sqlite',
    dialect: 'sqlite',
    db,
    async run(statements) {
      for (const s of statements) db.prepare(s.sql).run(...(s.params as unknown[]));
    },
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const stmt = db.prepare(sql);
      return (
        stmt.reader ? stmt.all(...(params as unknown[])) : (stmt.run(...(params as unknown[])), [])
      ) as R[];
    },
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPglite(options: { vector?: boolean } = {}): Promise<Engine> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = options.vector
    ? new PGlite({ extensions: { vector: (await import('@electric-sql/pglite-pgvector')).vector } })
    : new PGlite();
  // PGlite starts lazily; start it here so the cost lands in the (long) beforeAll, not a test.
  await db.waitReady;
  return {
    name: 'pglite',
    dialect: 'postgresql',
    async run(statements) {
      for (const s of statements) await db.query(s.sql, [...s.params]);
    },
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await db.query<R>(sql, [...params])).rows;
    },
    close: () => db.close(),
  };
}

export async function openPostgres(): Promise<Engine> {
  const { default: pg } = await import('pg');
  const database = await createPostgresDatabase();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return {
    name: 'postgresql',
    dialect: 'postgresql',
    async run(statements) {
      for (const s of statements) await client.query(s.sql, [...s.params]);
    },
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(sql, [...params])).rows as R[];
    },
    async close() {
      await client.end();
      await database.cleanup();
    },
  };
}

export async function openMysql(): Promise<Engine & { readonly database: string }> {
  const mysql = await import('mysql2/promise');
  const database = await createMysqlDatabase();
  const conn = await mysql.createConnection({
    uri: database.url,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  return {
    name: 'mysql',
    dialect: 'mysql',
    database: new URL(database.url).pathname.slice(1),
    async run(statements) {
      // Statements with parameters go through execute() (server-side prepared, truly bound);
      // DDL goes through query(), since MariaDB cannot prepare every DDL statement.
      for (const s of statements) {
        if (s.params.length > 0) await conn.execute(s.sql, [...s.params] as never[]);
        else await conn.query(s.sql);
      }
    },
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const [rows] = await conn.query(sql, [...params]);
      return rows as R[];
    },
    async close() {
      await conn.end();
      await database.cleanup();
    },
  };
}

/** Opening an engine may start PGlite (WASM), which takes long on a loaded machine. */
export const openTimeoutMs = 300_000;

/** The four engines, with the servers probed (skipped loudly when down, failing under CI=true). */
export async function engineTargets(): Promise<
  { readonly name: Engine['name']; readonly available: boolean; open(): Promise<Engine> }[]
> {
  const { serverAvailable } = await import('../helpers/databases.js');
  const [pg, my] = await Promise.all([serverAvailable('postgresql'), serverAvailable('mysql')]);
  return [
    { name: 'sqlite', available: true, open: openSqlite },
    { name: 'pglite', available: true, open: () => openPglite() },
    { name: 'postgresql', available: pg, open: openPostgres },
    { name: 'mysql', available: my, open: openMysql },
  ];
}

/** Compiles `op` for the engine's dialect and runs the statements. */
export async function apply(
  engine: Engine,
  op: Operation,
  ctx: CompileContext = { offline: false },
): Promise<Statement[]> {
  const statements = compilers[engine.dialect].compile(op, ctx);
  await engine.run(statements);
  return statements;
}

/** Columns of a table as the catalog reports them: name, native type text, nullability. */
export async function catalogColumns(
  engine: Engine,
  table: string,
): Promise<{ name: string; type: string; nullable: boolean }[]> {
  const rows = await engine.query<{ name: string; type: string; nullable: unknown }>(
    ...columnsQuery(engine, table),
  );
  return rows.map((r) => ({
    name: r.name,
    type: r.type,
    nullable: r.nullable === true || r.nullable === 1 || r.nullable === '1',
  }));
}

function columnsQuery(engine: Engine, table: string): [string, unknown[]] {
  switch (engine.dialect) {
    case 'sqlite':
      return [
        'SELECT name, type, "notnull" = 0 AS nullable FROM pragma_table_info(?) ORDER BY cid',
        [table],
      ];
    case 'postgresql':
      return [
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
         FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident($1)) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
        [table],
      ];
    case 'mysql':
      return [
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE = 'YES' AS nullable
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [table],
      ];
  }
}

/** Index names of a table from the catalog (SQLite's automatic indexes excluded). */
export async function catalogIndexes(engine: Engine, table: string): Promise<string[]> {
  const [text, params]: [string, unknown[]] =
    engine.dialect === 'sqlite'
      ? ["SELECT name FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name", [table]]
      : engine.dialect === 'postgresql'
        ? [
            'SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 ORDER BY indexname',
            [table],
          ]
        : [
            'SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME',
            [table],
          ];
  return (await engine.query<{ name: string }>(text, params)).map((r) => r.name);
}

/** Runs `fn` and returns whether the database refused it. */
export async function refuses(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return false;
  } catch {
    return true;
  }
}
