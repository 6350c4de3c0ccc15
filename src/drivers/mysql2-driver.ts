import type { Connection as MysqlConnection, ConnectionOptions } from 'mysql2/promise';
import { describeUrl, maskUrl, type ParsedUrl } from '../config/url.js';
import { AthanorError } from '../errors.js';
import type { Connection, Driver } from './driver.js';

/** Used when the URL has no `connect_timeout` (seconds). */
const defaultConnectTimeoutMs = 10_000;

type ServerUrl = Extract<ParsedUrl, { readonly host: string }>;

/**
 * The MySQL/MariaDB driver (mysql2): `mysql://user:pass@host:3306/db` and `mariadb://...`.
 * One connection per Connection, not a pool: the run lock (GET_LOCK) belongs to a session, and
 * a migration run needs exactly one.
 *
 * - `multipleStatements: false`: one statement per call, so a bound value can never smuggle a
 *   second statement in. `op.execute` of a script must be split into single statements.
 * - Statements without parameters go over the text protocol; with parameters, as server-side
 *   prepared statements (the server binds them, so a `?` inside a string literal stays text).
 * - Values come back as text where JavaScript has no exact type: DATE/DATETIME/TIMESTAMP as
 *   their text (`dateStrings`; a DATETIME has no zone, and a JS Date would invent one),
 *   DECIMAL as strings, BIGINT as numbers while exact and strings beyond 2^53, JSON as text (on
 *   MariaDB JSON *is* LONGTEXT, so MySQL returns the same). Dates that are bound are sent as
 *   UTC (`timezone: 'Z'`), booleans as 1/0, objects as JSON, `undefined` as NULL.
 *   https://sidorares.github.io/node-mysql2/docs/api-and-configurations
 * - Connection errors name host, port, user and database (never the password) and suggest
 *   `athanor wait`. URL parameters: `connect_timeout` (seconds), `ssl-mode` (`REQUIRED`,
 *   `VERIFY_CA`, `VERIFY_IDENTITY`; MySQL's names).
 *
 * @example
 * const conn = await mysql2Driver.connect(parseUrl('mysql://root@127.0.0.1:3306/app'));
 * const rows = await conn.query<{ n: number }>('SELECT ? AS n', [1]);
 * await conn.close();
 */
export const mysql2Driver: Driver = Object.freeze({
  dialect: 'mysql',
  async connect(url: ParsedUrl): Promise<Connection> {
    if (url.driver !== 'mysql2') {
      throw new AthanorError('E_URL', `the mysql2 driver cannot open ${describeUrl(url)}`);
    }
    const mysql = await importMysql2();
    let conn: MysqlConnection;
    try {
      conn = await mysql.createConnection(connectionOptions(url));
    } catch (error) {
      throw connectError(url, error);
    }
    // An idle connection whose server goes away emits 'error'; without a listener Node would
    // crash. The next statement on it fails with its own error, which is what the caller sees.
    conn.on('error', () => undefined);
    return mysqlConnection(conn, describeUrl(url));
  },
} satisfies Driver);

async function importMysql2(): Promise<typeof import('mysql2/promise')> {
  try {
    const mod = await import('mysql2/promise');
    return (mod as { default?: typeof import('mysql2/promise') }).default ?? mod;
  } catch (error) {
    throw new AthanorError(
      'E_DRIVER_MISSING',
      'the MySQL/MariaDB driver is not installed: run `npm install mysql2`',
      {
        cause: error,
      },
    );
  }
}

function connectionOptions(url: ServerUrl): ConnectionOptions {
  const seconds = Number(url.params.connect_timeout);
  return {
    host: url.host,
    port: url.port,
    ...(url.user !== undefined ? { user: url.user } : {}),
    ...(url.password !== undefined ? { password: url.password } : {}),
    ...(url.database !== undefined ? { database: url.database } : {}),
    connectTimeout: seconds > 0 ? seconds * 1000 : defaultConnectTimeoutMs,
    multipleStatements: false,
    dateStrings: true,
    supportBigNumbers: true,
    jsonStrings: true,
    timezone: 'Z',
    charset: 'utf8mb4',
    // Prepared statements are cached per connection and count against the server-wide
    // max_prepared_stmt_count (16382 by default): keep a migration's share small.
    maxPreparedStatements: 256,
    ...sslOptions(url.params['ssl-mode'] ?? url.params.sslmode),
  };
}

/** https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_ssl-mode */
function sslOptions(mode: string | undefined): Pick<ConnectionOptions, 'ssl'> {
  const m = mode?.toUpperCase();
  if (m === 'REQUIRED') return { ssl: { rejectUnauthorized: false } };
  if (m === 'VERIFY_CA' || m === 'VERIFY_IDENTITY') return { ssl: { rejectUnauthorized: true } };
  return {};
}

/**
 * "cannot connect to mysql app@db:3306/prod: connect ECONNREFUSED ...". The password is never
 * part of `describeUrl`, and is scrubbed from the driver's reason in case it echoes it.
 */
function connectError(url: ServerUrl, error: unknown): AthanorError {
  let reason = error instanceof Error ? error.message || error.name : String(error);
  if (error instanceof AggregateError && error.errors.length > 0) {
    reason = error.errors
      .map((e: unknown) => (e instanceof Error ? e.message : String(e)))
      .join('; ');
  }
  reason = maskUrl(reason);
  if (url.password) reason = reason.split(url.password).join('***');
  return new AthanorError(
    'E_CONNECT',
    `cannot connect to ${describeUrl(url)}: ${reason}. ${connectHint(error, url)}`,
    {
      cause: error,
      details: { host: url.host, port: url.port, database: url.database },
    },
  );
}

/** https://mariadb.com/kb/en/mariadb-error-code-reference/ (1044, 1045, 1698, 1049). */
function connectHint(error: unknown, url: ServerUrl): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^ER_(DB)?ACCESS_DENIED/.test(code)) {
    return 'Check the user and password in the URL (the server answered and refused them).';
  }
  if (code === 'ER_BAD_DB_ERROR')
    return `The server is up, but database '${url.database ?? ''}' does not exist: create it first.`;
  return 'Is the server running and reachable? `athanor wait` waits until it answers.';
}

function mysqlConnection(conn: MysqlConnection, description: string): Connection {
  let closed = false;
  return Object.freeze({
    dialect: 'mysql' as const,
    description,
    async query<R = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<R[]> {
      const result = await run(conn, sql, params);
      return (Array.isArray(result) ? result : []) as R[];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<{ rowCount: number }> {
      const result = await run(conn, sql, params);
      if (Array.isArray(result)) return { rowCount: result.length };
      return { rowCount: (result as { affectedRows?: number }).affectedRows ?? 0 };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await conn.end().catch(() => conn.destroy());
    },
  } satisfies Connection);
}

async function run(
  conn: MysqlConnection,
  sql: string,
  params: readonly unknown[],
): Promise<unknown> {
  if (params.length === 0) return (await conn.query(sql))[0];
  return (await conn.execute(sql, params.map(bindValue) as never))[0];
}

/** Values the binary protocol takes as the column expects them (see the driver's notes). */
function bindValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return value.toString();
  if (value === null || value instanceof Date || Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
