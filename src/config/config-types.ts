import type { ParsedUrl } from './url.js';

/** What a user writes in athanor.config.ts (all optional; defaults below). */
export interface AthanorConfig {
  /** Database URL; `--url` and `DATABASE_URL` override it, in that order. */
  readonly url?: string;
  /** Folder holding `versions/` and `script.ts.tmpl`. Default './migrations'. */
  readonly migrations?: string;
  /** Module whose default export is a Schema (autogenerate, check). */
  readonly models?: string;
  /** Default 'athanor_version'. The log table is `<versionTable>_log`. */
  readonly versionTable?: string;
  /** File-name pattern: {seq}, {slug}, {rev}, {date}. Default '{seq}_{slug}'. */
  readonly fileName?: string;
  /** 'each' (default), 'all' or 'none'. */
  readonly transaction?: TransactionMode;
  /** PostgreSQL schema / namespace to migrate and reflect. */
  readonly schema?: string;
  /** Table-name globs autogenerate and check consider / ignore. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Seconds to wait for the migration lock. Default 60. */
  readonly lockTimeout?: number;
  readonly postgres?: { readonly lockTimeout?: string; readonly statementTimeout?: string };
}

export type TransactionMode = 'each' | 'all' | 'none';

/** The config after loading, validation and defaults; paths are absolute. */
export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined when none was found (defaults only). */
  readonly configPath?: string;
  /** Directory paths are resolved against (the config file's folder, else cwd). */
  readonly rootDir: string;
  /** Raw URL string (may hold a password: never print it unmasked). */
  readonly url?: string;
  readonly parsedUrl?: ParsedUrl;
  readonly migrationsDir: string;
  readonly versionsDir: string;
  readonly templatePath: string;
  readonly modelsPath?: string;
  readonly versionTable: string;
  readonly fileName: string;
  readonly transaction: TransactionMode;
  readonly schema?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly lockTimeout: number;
  readonly postgres?: { readonly lockTimeout?: string; readonly statementTimeout?: string };
}

/**
 * Identity helper for type inference in athanor.config.ts.
 *
 * @example
 * export default defineConfig({ url: 'sqlite:./app.db', migrations: './migrations' });
 */
export function defineConfig(config: AthanorConfig): AthanorConfig {
  return config;
}
