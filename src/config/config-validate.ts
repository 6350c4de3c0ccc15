import { existsSync } from 'node:fs';
import { AthanorError } from '../errors.js';
import { unknownFileNamePlaceholders } from '../script/script-naming.js';
import type { AthanorConfig, ResolvedConfig } from './config-types.js';
import { suggestionSuffix } from './config-suggest.js';

type Check = (value: unknown) => string | undefined;

const isString: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string');
const isStringList: Check = (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? undefined : 'an array of strings');
const isSeconds: Check = (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'a number of seconds (>= 0)');
const isTransaction: Check = (v) => (v === 'each' || v === 'all' || v === 'none' ? undefined : "'each', 'all' or 'none'");
const isFileName: Check = (v) => {
  if (typeof v !== 'string' || v === '') return 'a non-empty string';
  if (/[/\\]/.test(v)) return 'a file name without folders';
  const unknown = unknownFileNamePlaceholders(v);
  if (unknown.length > 0) return `a pattern using {seq}, {slug}, {rev} and {date} only (found {${unknown.join('}, {')}})`;
  return /\{(seq|rev|date)\}/.test(v) ? undefined : 'a pattern holding {seq}, {rev} or {date}, so names stay unique';
};

const postgresChecks: Readonly<Record<string, Check>> = { lockTimeout: isString, statementTimeout: isString };
const isPostgres: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object');

/** Every key a config may hold, with its check. */
const checks: Readonly<Record<keyof AthanorConfig, Check>> = {
  url: isString,
  migrations: isString,
  models: isString,
  versionTable: isString,
  fileName: isFileName,
  transaction: isTransaction,
  schema: isString,
  include: isStringList,
  exclude: isStringList,
  lockTimeout: isSeconds,
  postgres: isPostgres,
};

/**
 * Checks a config object: unknown keys (with a did-you-mean), wrong types, bad values. `source`
 * names the file in messages. Returns the same object typed as AthanorConfig.
 *
 * @example
 * validateConfig({ migration: './db' }, 'athanor.config.ts');
 * // throws: athanor.config.ts: unknown key 'migration' (did you mean 'migrations'?)
 */
export function validateConfig(raw: unknown, source: string): AthanorConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw configError(source, 'the default export must be an object (export default defineConfig({ ... }))');
  }
  checkObject(raw as Record<string, unknown>, checks, source, '');
  const postgres = (raw as AthanorConfig).postgres;
  if (postgres !== undefined) checkObject(postgres as Record<string, unknown>, postgresChecks, source, 'postgres.');
  return raw as AthanorConfig;
}

function checkObject(raw: Record<string, unknown>, table: Readonly<Record<string, Check>>, source: string, prefix: string): void {
  for (const [key, value] of Object.entries(raw)) {
    const check = table[key];
    if (check === undefined) {
      throw configError(source, `unknown key '${prefix}${key}'${suggestionSuffix(key, Object.keys(table))}; known keys: ${Object.keys(table).join(', ')}`);
    }
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== undefined) throw configError(source, `'${prefix}${key}' must be ${expected}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}'`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function configError(source: string, message: string): AthanorError {
  return new AthanorError('E_CONFIG', `${source}: ${message}`, { details: { config: source } });
}

/**
 * Fails with a pointer to `athanor init` when the versions folder a command needs is missing.
 *
 * @example
 * assertVersionsDir(config); // throws E_CONFIG when migrations/versions does not exist
 */
export function assertVersionsDir(config: ResolvedConfig): void {
  if (existsSync(config.versionsDir)) return;
  const where = config.configPath
    ? `the versions folder ${config.versionsDir} (from ${config.configPath}) does not exist`
    : `no athanor.config.ts was found in ${config.rootDir} or any parent folder, and ${config.versionsDir} does not exist`;
  throw new AthanorError('E_CONFIG', `${where}; run \`athanor init\` to create it`);
}
