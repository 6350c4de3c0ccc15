import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeUrl, type ParsedUrl } from '../config/url.js';
import { postgresIdentifierRules, quoteIdentifierWith } from '../dialects/shared/quoting.js';
import { connect } from '../drivers/registry.js';
import { AthanorError } from '../errors.js';
import { runTool, toolMajorVersion, toolOutput } from './backup-tools.js';

/** A PostgreSQL server URL (not PGlite). */
export type PostgresUrl = Extract<ParsedUrl, { readonly host: string }>;

/** Connection settings for libpq tools; the password goes through the environment, never argv. */
function pgEnv(url: PostgresUrl): Record<string, string> {
  return {
    PGHOST: url.host,
    PGPORT: String(url.port),
    ...(url.user ? { PGUSER: url.user } : {}),
    ...(url.password ? { PGPASSWORD: url.password } : {}),
    ...(url.database ? { PGDATABASE: url.database } : {}),
  };
}

/**
 * `pg_dump -Fc` of the whole database, refusing a pg_dump older than the server (it would fail
 * half-way with "server version mismatch").
 *
 * @example
 * await backupPostgres(url, '/backups/prod-20250101T000000Z-base.dump');
 */
export async function backupPostgres(url: PostgresUrl, target: string): Promise<void> {
  const toolMajor = await toolMajorVersion('pg_dump');
  const serverMajor = await postgresServerMajor(url);
  if (toolMajor !== undefined && serverMajor !== undefined && toolMajor < serverMajor) {
    throw new AthanorError(
      'E_CONNECT',
      `pg_dump ${toolMajor} is older than the server (PostgreSQL ${serverMajor}) and cannot dump it; install postgresql-client-${serverMajor}`,
    );
  }
  const run = await runTool('pg_dump', ['-Fc', '--no-password', '-f', target], { env: pgEnv(url) });
  if (run.code !== 0)
    throw new AthanorError('E_CONNECT', `pg_dump of ${describeUrl(url)} failed: ${run.stderr}`);
}

/**
 * Puts the database back in the state of a `pg_dump -Fc` file, in one transaction: the schemas
 * the dump holds are dropped and recreated first, so tables, types and version rows created
 * after the backup go too (`pg_restore --clean` alone would only replace the dumped objects and
 * leave the newer ones behind, and a later `upgrade` would trip over them). `public` gets its
 * owner and PUBLIC's USAGE/CREATE back as they were. Runs the dump's SQL with psql
 * (`--single-transaction`, `ON_ERROR_STOP`), so a failed restore changes nothing.
 *
 * @example
 * await restorePostgres(url, '/backups/prod-20250101T000000Z-base.dump');
 */
export async function restorePostgres(url: PostgresUrl, source: string): Promise<void> {
  const env = pgEnv(url);
  const toc = await toolOutput('pg_restore', ['-l', source], { env });
  if (toc.code !== 0)
    throw new AthanorError('E_USAGE', `${source} is not a pg_dump -Fc file: ${toc.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'athanor-restore-'));
  try {
    const prefix = join(dir, 'reset.sql');
    const body = join(dir, 'restore.sql');
    writeFileSync(prefix, await resetSql(url, dumpedSchemas(toc.stdout)));
    const sqlRun = await runTool(
      'pg_restore',
      ['--no-owner', '--no-password', '-f', body, source],
      { env },
    );
    if (sqlRun.code !== 0)
      throw new AthanorError('E_CONNECT', `pg_restore of ${source} failed: ${sqlRun.stderr}`);
    const args = [
      '-X',
      '-q',
      '--no-password',
      '--single-transaction',
      '-v',
      'ON_ERROR_STOP=1',
      '-f',
      prefix,
      '-f',
      body,
    ];
    const run = await runTool('psql', [...args, url.database ?? 'postgres'], { env });
    if (run.code !== 0)
      throw new AthanorError(
        'E_CONNECT',
        `restore into ${describeUrl(url)} failed (nothing was changed): ${run.stderr}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Schemas a dump creates (`SCHEMA - app` lines of `pg_restore -l`); `public` is never among them. */
function dumpedSchemas(toc: string): string[] {
  const names: string[] = [];
  for (const line of toc.split('\n')) {
    const match = /^\d+; \d+ \d+ SCHEMA - (\S+) /.exec(line);
    if (match?.[1]) names.push(match[1]);
  }
  return names;
}

const quote = (name: string): string => quoteIdentifierWith(postgresIdentifierRules, name);

/** DROP ... CASCADE for each schema of the dump, and a fresh `public` as it was. */
async function resetSql(url: PostgresUrl, schemas: readonly string[]): Promise<string> {
  const conn = await connect(url);
  try {
    const rows = await conn.query<{ owner: string; usage: boolean; create: boolean }>(
      `SELECT pg_get_userbyid(nspowner) AS owner, has_schema_privilege('public', oid, 'USAGE') AS usage,
              has_schema_privilege('public', oid, 'CREATE') AS create
         FROM pg_namespace WHERE nspname = 'public'`,
    );
    const lines = schemas.map((s) => `DROP SCHEMA IF EXISTS ${quote(s)} CASCADE;`);
    lines.push('DROP SCHEMA IF EXISTS public CASCADE;', 'CREATE SCHEMA public;');
    const was = rows[0];
    if (was) {
      lines.push(`ALTER SCHEMA public OWNER TO ${quote(was.owner)};`);
      if (was.usage) lines.push('GRANT USAGE ON SCHEMA public TO PUBLIC;');
      if (was.create) lines.push('GRANT CREATE ON SCHEMA public TO PUBLIC;');
    }
    return `${lines.join('\n')}\n`;
  } finally {
    await conn.close();
  }
}

async function postgresServerMajor(url: ParsedUrl): Promise<number | undefined> {
  const conn = await connect(url);
  try {
    const rows = await conn.query<{ v: string }>('SHOW server_version_num');
    const num = Number(rows[0]?.v);
    return Number.isFinite(num) ? Math.floor(num / 10000) : undefined;
  } finally {
    await conn.close();
  }
}
