import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { AthanorError } from '../errors.js';
import { createModuleImporter, type ModuleImporter } from '../script/script-import.js';
import { DEFAULT_FILE_NAME } from '../script/script-naming.js';
import type { AthanorConfig, ResolvedConfig } from './config-types.js';
import { findConfigFile, resolveConfigPath } from './config-find.js';
import { readStaticConfig } from './config-static.js';
import { validateConfig } from './config-validate.js';
import { parseUrl, type ParsedUrl } from './url.js';

/** Where {@link loadConfig} looks and what overrides the file. */
export interface LoadConfigOptions {
  /** Folder the search starts from and relative paths resolve against; default process.cwd(). */
  readonly cwd?: string;
  /** `-c PATH`: a config file or a folder holding one. */
  readonly configPath?: string;
  /** `--url`: overrides DATABASE_URL, which overrides the file's `url`. */
  readonly url?: string;
  /** Environment for DATABASE_URL; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Loader for config modules that are not plain data (tests may pass their own). */
  readonly importer?: ModuleImporter;
}

/**
 * Finds, loads, validates and resolves the config. Without a config file the defaults apply
 * (migrations in `<cwd>/migrations`, no database URL unless `--url` or DATABASE_URL gives one);
 * commands that need the versions folder then point to `athanor init`.
 *
 * Paths resolve against the config file's folder. A relative `sqlite:`/`pglite:` path resolves
 * against the config's folder when the URL comes from the file, against `cwd` otherwise.
 *
 * @example
 * const config = await loadConfig({ cwd: process.cwd(), url: process.env.MY_URL });
 * config.versionsDir; // '/app/migrations/versions'
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const configPath = options.configPath !== undefined ? resolveConfigPath(options.configPath, cwd) : findConfigFile(cwd);
  const raw = configPath === undefined ? {} : await readConfigFile(configPath, options.importer);
  const rootDir = configPath === undefined ? cwd : dirname(configPath);
  const cliUrl = nonEmpty(options.url);
  const envUrl = nonEmpty(env.DATABASE_URL);
  const url = cliUrl ?? envUrl ?? raw.url;
  const migrationsDir = resolve(rootDir, raw.migrations ?? './migrations');
  const parsedUrl = url === undefined ? undefined : tryParseUrl(url, url === raw.url && !cliUrl && !envUrl ? rootDir : cwd);
  return Object.freeze({
    ...(configPath !== undefined ? { configPath } : {}),
    rootDir,
    ...(url !== undefined ? { url } : {}),
    ...(parsedUrl !== undefined ? { parsedUrl } : {}),
    migrationsDir,
    versionsDir: join(migrationsDir, 'versions'),
    templatePath: join(migrationsDir, 'script.ts.tmpl'),
    ...(raw.models !== undefined ? { modelsPath: resolve(rootDir, raw.models) } : {}),
    versionTable: raw.versionTable ?? 'athanor_version',
    fileName: raw.fileName ?? DEFAULT_FILE_NAME,
    transaction: raw.transaction ?? 'each',
    ...(raw.schema !== undefined ? { schema: raw.schema } : {}),
    ...(raw.include !== undefined ? { include: raw.include } : {}),
    ...(raw.exclude !== undefined ? { exclude: raw.exclude } : {}),
    lockTimeout: raw.lockTimeout ?? 60,
    ...(raw.postgres !== undefined ? { postgres: raw.postgres } : {}),
  });
}

/**
 * The parsed database URL, or a clear error: none configured (E_CONFIG, naming the three
 * places a URL can come from) or an invalid one (E_URL, password masked).
 *
 * @example
 * const url = requireUrl(config); // ParsedUrl
 */
export function requireUrl(config: ResolvedConfig): ParsedUrl {
  if (config.parsedUrl) return config.parsedUrl;
  if (config.url === undefined) {
    throw new AthanorError('E_CONFIG', `no database URL: set 'url' in ${config.configPath ?? 'athanor.config.ts'}, the DATABASE_URL environment variable, or --url`);
  }
  return parseUrl(config.url); // throws the E_URL error with the reason
}

async function readConfigFile(path: string, importer: ModuleImporter | undefined): Promise<AthanorConfig> {
  const name = basename(path);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AthanorError('E_CONFIG', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (path.endsWith('.json')) return validateConfig(parseJson(source, name), name);
  const data = readStaticConfig(source) ?? (await (importer ?? createModuleImporter()).importDefault(path));
  return validateConfig(data, name);
}

function parseJson(source: string, name: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position === undefined ? '' : ` at line ${lineOf(source, Number(position))}`;
    throw new AthanorError('E_CONFIG', `${name}: invalid JSON${where}: ${message}`, { cause: error });
  }
}

function lineOf(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Parses a URL, resolving a relative file path; undefined when invalid (see requireUrl). */
function tryParseUrl(url: string, baseDir: string): ParsedUrl | undefined {
  let parsed: ParsedUrl;
  try {
    parsed = parseUrl(url);
  } catch {
    return undefined;
  }
  if (!('path' in parsed) || parsed.memory || isAbsolute(parsed.path)) return parsed;
  return Object.freeze({ ...parsed, path: resolve(baseDir, parsed.path) });
}
