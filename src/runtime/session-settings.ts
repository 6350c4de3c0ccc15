import type { ResolvedConfig } from '../config/config-types.js';
import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { DialectName } from '../schema/types.js';

type SessionConfig = Pick<ResolvedConfig, 'postgres'> & Partial<Pick<ResolvedConfig, 'schema'>>;
type SettingsDialect = Pick<Dialect, 'literal' | 'quoteIdentifier'>;

/**
 * A PostgreSQL duration setting: a number with an optional unit (us, ms, s, min, h, d; no unit
 * means milliseconds). https://www.postgresql.org/docs/current/config-setting.html#CONFIG-SETTING-NAMES-VALUES
 */
const DURATION = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;

function duration(value: string | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (DURATION.test(text)) return text;
  throw new AthanorError(
    'E_CONFIG',
    `postgres.${key} must be a duration such as '5s', '500ms' or '1min' (a number alone is milliseconds), got '${value}'`,
  );
}

/**
 * PostgreSQL: `lock_timeout` makes a migration that waits for a lock (an ALTER TABLE queued behind
 * a long transaction) fail instead of queueing every other query behind itself;
 * `statement_timeout` bounds each statement.
 * https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT
 *
 * `schema: 'app'` puts that schema first on the search_path, so what a migration creates without
 * `{ schema }` (and every unqualified name in `op.execute`) lands in `app`, where the version
 * table, `check` and autogenerate look; `public` stays second, where extensions (vector,
 * citext) usually put their types and functions.
 * https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATH
 */
function postgresSettings(config: SessionConfig, dialect: SettingsDialect): string[] {
  const settings: [string, string | undefined][] = [
    ['lock_timeout', duration(config.postgres?.lockTimeout, 'lockTimeout')],
    ['statement_timeout', duration(config.postgres?.statementTimeout, 'statementTimeout')],
  ];
  const statements = settings.flatMap(([name, value]) =>
    value === undefined ? [] : [`SET ${name} = ${dialect.literal(value)}`],
  );
  const schema = config.schema;
  if (schema !== undefined && schema !== 'public') {
    statements.push(`SET search_path TO ${dialect.quoteIdentifier(schema)}, public`);
  }
  return statements;
}

/** The settings each dialect takes from the config (only PostgreSQL has any so far). */
const settingsByDialect: Readonly<
  Record<DialectName, (config: SessionConfig, dialect: SettingsDialect) => string[]>
> = {
  postgresql: postgresSettings,
  sqlite: () => [],
  mysql: () => [],
};

/**
 * The statements that set up a migration session from the config, to run on the migration
 * connection right after it opens (session-level SET, so they hold across the per-migration
 * transactions): `postgres: { lockTimeout: '5s', statementTimeout: '30s' }` gives
 * `SET lock_timeout = '5s'` and `SET statement_timeout = '30s'`; `schema: 'app'` gives
 * `SET search_path TO "app", public`. Empty for other dialects and when nothing is configured.
 * A value that is not a duration is an E_CONFIG error.
 *
 * @example
 * for (const statement of sessionSettingsSql(config, dialect)) await conn.execute(statement);
 */
export function sessionSettingsSql(
  config: SessionConfig,
  dialect: Pick<Dialect, 'name'> & SettingsDialect,
): string[] {
  return settingsByDialect[dialect.name](config, dialect);
}
