import { createRequire } from 'node:module';
import type { Client, ClientConfig, QueryResult } from 'pg';
import { describeUrl, maskUrl, type ParsedUrl } from '../config/url.js';
import { AthanorError } from '../errors.js';
import type { Connection, Driver } from './driver.js';

/** Used when the URL has no `connect_timeout` (seconds, as in libpq). */
const defaultConnectTimeoutMs = 10_000;

type ServerUrl = Extract<ParsedUrl, { readonly host: string }>;

/**
 * The PostgreSQL server driver: one `pg.Client` per Connection (no pool: a migration run needs
 * one connection for its work and one for its lock, and nothing else).
 *
 * Values come back as `pg` returns them by default: `int8` (bigint, `count(*)`) and `numeric` as
 * strings, so no precision is lost silently; `json`/`jsonb` parsed; timestamps as Date. The PGlite
 * driver is configured to return the same shapes, so a data migration reads the same values on
 * both. See https://node-postgres.com/features/types.
 *
 * URL query parameters understood: `connect_timeout` (seconds), `sslmode` (`disable`, `require`,
 * `verify-ca`, `verify-full`), `application_name` (default `athanor`, which lock-timeout messages
 * show), `options` (e.g. `-c search_path=app`).
 *
 * @example
 * const conn = await pgDriver.connect(parseUrl('postgres://app@127.0.0.1:5432/app'));
 * const rows = await conn.query<{ n: number }>('SELECT $1::int AS n', [1]);
 * await conn.close();
 */
export const pgDriver: Driver = Object.freeze({
  dialect: 'postgresql',
  async connect(url: ParsedUrl): Promise<Connection> {
    if (url.driver !== 'pg') {
      throw new AthanorError('E_URL', `the pg driver cannot open ${describeUrl(url)}`);
    }
    const pg = await importPg();
    const client = new pg.Client(clientConfig(url));
    // An idle client whose server goes away emits 'error'; without a listener Node would crash.
    // The next query on it fails with its own error, which is what the caller sees.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw connectError(url, error);
    }
    return pgConnection(client, describeUrl(url));
  },
} satisfies Driver);

async function importPg(): Promise<typeof import('pg')> {
  try {
    return requirePg();
  } catch (error) {
    throw new AthanorError(
      'E_DRIVER_MISSING',
      'the PostgreSQL driver is not installed: run `npm install pg`',
      {
        cause: error,
      },
    );
  }
}

/**
 * `pg` asks, while it loads, whether it runs in a Cloudflare Worker: where `navigator` is missing
 * (Node 20) it builds a `new Response()`, which loads Node's whole fetch implementation (undici),
 * measured ~20 ms of `athanor current`. Node 21+ defines `navigator` and pg then skips that, so
 * on Node 20 a stand-in with Node's user agent is set for the duration of the load. `require`
 * loads synchronously: no other code can see the stand-in. pg's `require` entry is the same
 * lib/index.js its ESM wrapper re-exports. https://github.com/brianc/node-postgres/blob/master/packages/pg/lib/stream.js
 */
function requirePg(): typeof import('pg') {
  const require = createRequire(import.meta.url);
  if ('navigator' in globalThis) return require('pg') as typeof import('pg');
  const userAgent = `Node.js/${process.versions.node.split('.')[0]}`;
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent }, configurable: true });
  try {
    return require('pg') as typeof import('pg');
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

function clientConfig(url: ServerUrl): ClientConfig {
  const p = url.params;
  const seconds = Number(p.connect_timeout);
  return {
    host: url.host,
    port: url.port,
    ...(url.user !== undefined ? { user: url.user } : {}),
    ...(url.password !== undefined ? { password: url.password } : {}),
    ...(url.database !== undefined ? { database: url.database } : {}),
    connectionTimeoutMillis: seconds > 0 ? seconds * 1000 : defaultConnectTimeoutMs,
    application_name: p.application_name ?? 'athanor',
    ...(p.options !== undefined ? { options: p.options } : {}),
    ...sslConfig(p.sslmode),
  };
}

function sslConfig(mode: string | undefined): Pick<ClientConfig, 'ssl'> {
  // libpq's modes; `prefer`/`allow` would need a retry without TLS, which pg does not do, so
  // they mean "no TLS" here as they do against a server without TLS.
  // https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION
  if (mode === 'require') return { ssl: { rejectUnauthorized: false } };
  if (mode === 'verify-ca' || mode === 'verify-full') return { ssl: { rejectUnauthorized: true } };
  return {};
}

/**
 * "cannot connect to postgresql app@db:5432/prod: connect ECONNREFUSED ...". The password is never
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
    `cannot connect to ${describeUrl(url)}: ${reason}. Is the server running and reachable? ` +
      '`athanor wait` waits until it answers.',
    { cause: error, details: { host: url.host, port: url.port, database: url.database } },
  );
}

function pgConnection(client: Client, description: string): Connection {
  let closed = false;
  return Object.freeze({
    dialect: 'postgresql' as const,
    description,
    async query<R = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<R[]> {
      const result = await run(client, sql, params);
      // Several statements without parameters come back as one result each; the last one's rows.
      return (Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows) as R[];
    },
    async execute(sql: string, params: readonly unknown[] = []): Promise<{ rowCount: number }> {
      const result = await run(client, sql, params);
      const all = Array.isArray(result) ? result : [result];
      return { rowCount: all.reduce((n, r) => n + (r.rowCount ?? 0), 0) };
    },
    async executeMany(statements: readonly string[]): Promise<number[]> {
      // One simple-protocol message: the server runs them in order and stops at the first error.
      const result = await run(client, statements.join(';\n'), []);
      return (Array.isArray(result) ? result : [result]).map((r) => r.rowCount ?? 0);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await client.end();
    },
  } satisfies Connection);
}

/**
 * Without parameters pg uses the simple query protocol, which accepts several statements
 * separated by semicolons (as `op.execute` scripts need); with parameters, the extended one.
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT
 */
async function run(
  client: Client,
  sql: string,
  params: readonly unknown[],
): Promise<QueryResult | QueryResult[]> {
  if (params.length === 0) return (await client.query(sql)) as QueryResult | QueryResult[];
  return client.query(sql, [...params]);
}
