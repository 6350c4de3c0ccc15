import { AthanorError } from '../errors.js';
import type { DialectName } from '../schema/types.js';

/**
 * A parsed database URL. `sqlite:` and `pglite:` carry a path (or `:memory:` / `memory:`),
 * the server schemes carry host, port, user, password and database.
 *
 * @example
 * parseUrl('postgres://app:secret@db:5432/prod') // { driver: 'pg', dialect: 'postgresql', host: 'db', ... }
 */
export type ParsedUrl =
  | { readonly driver: 'better-sqlite3'; readonly dialect: 'sqlite'; readonly path: string; readonly memory: boolean; readonly raw: string }
  | { readonly driver: 'pglite'; readonly dialect: 'postgresql'; readonly path: string; readonly memory: boolean; readonly raw: string }
  | {
      readonly driver: 'pg' | 'mysql2';
      readonly dialect: 'postgresql' | 'mysql';
      readonly host: string;
      readonly port: number;
      readonly user?: string;
      readonly password?: string;
      readonly database?: string;
      readonly params: Readonly<Record<string, string>>;
      readonly raw: string;
    };

export type DriverName = ParsedUrl['driver'];

const serverSchemes: Record<string, { driver: 'pg' | 'mysql2'; dialect: DialectName; port: number }> = {
  postgres: { driver: 'pg', dialect: 'postgresql', port: 5432 },
  postgresql: { driver: 'pg', dialect: 'postgresql', port: 5432 },
  mysql: { driver: 'mysql2', dialect: 'mysql', port: 3306 },
  mariadb: { driver: 'mysql2', dialect: 'mysql', port: 3306 },
};

export function parseUrl(raw: string): ParsedUrl {
  const text = raw.trim();
  const colon = text.indexOf(':');
  if (colon <= 0) throw urlError(raw, 'expected a scheme such as sqlite:, postgres://, pglite: or mysql://');
  const scheme = text.slice(0, colon).toLowerCase().replace(/\+.*$/, '');
  const rest = text.slice(colon + 1);
  if (scheme === 'sqlite' || scheme === 'pglite') return parseFileUrl(scheme, rest, text);
  const server = serverSchemes[scheme];
  if (!server) {
    throw urlError(raw, `unknown scheme '${scheme}:' (use sqlite:, pglite:, postgres://, postgresql://, mysql:// or mariadb://)`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw urlError(raw, 'not a valid URL');
  }
  if (!url.hostname) throw urlError(raw, 'the host is missing');
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
  const params: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (params[k] = v));
  return Object.freeze({
    driver: server.driver,
    dialect: server.dialect as 'postgresql' | 'mysql',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : server.port,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(database ? { database } : {}),
    params: Object.freeze(params),
    raw: text,
  });
}

function parseFileUrl(scheme: 'sqlite' | 'pglite', rest: string, raw: string): ParsedUrl {
  // sqlite:./app.db, sqlite:app.db, sqlite:///abs/path.db, sqlite::memory:, pglite:memory:
  let path = rest.replace(/^\/\/(?=\/)/, '');
  if (path.startsWith('//')) path = path.slice(2);
  path = path.replace(/\?.*$/, '');
  const memory = path === ':memory:' || path === 'memory:' || path === 'memory' || path === '';
  if (scheme === 'sqlite') {
    return Object.freeze({ driver: 'better-sqlite3', dialect: 'sqlite', path: memory ? ':memory:' : path, memory, raw });
  }
  return Object.freeze({ driver: 'pglite', dialect: 'postgresql', path: memory ? 'memory://' : path, memory, raw });
}

function urlError(raw: string, reason: string): AthanorError {
  return new AthanorError('E_URL', `invalid database URL '${maskUrl(raw)}': ${reason}`);
}

/** Replaces the password in a URL (or in any text containing URLs) with `***`. */
export function maskUrl(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]*)(@)/gi, '$1***$3');
}

/** Human description of where a URL points, without secrets: `postgres app@db:5432/prod`. */
export function describeUrl(url: ParsedUrl): string {
  if ('path' in url) return `${url.dialect === 'sqlite' ? 'sqlite' : 'pglite'} ${url.memory ? '(in memory)' : url.path}`;
  const who = url.user ? `${url.user}@` : '';
  return `${url.driver === 'pg' ? 'postgresql' : 'mysql'} ${who}${url.host}:${url.port}/${url.database ?? ''}`;
}
