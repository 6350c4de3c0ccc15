import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '../config/config-find.js';
import { AthanorError } from '../errors.js';
import { DEFAULT_TEMPLATE, tsString } from '../script/script-template.js';

/** Options of `athanor init`. */
export interface InitOptions {
  /** Migrations folder, relative to `dir`; default 'migrations'. */
  readonly migrations?: string;
  /** Database URL written into the config; default 'sqlite:./app.db'. */
  readonly url?: string;
}

/** What `init` created, and what to do next. */
export interface InitResult {
  readonly configPath: string;
  /** Absolute paths of the files and folders created. */
  readonly created: readonly string[];
  readonly nextSteps: readonly string[];
}

/**
 * Creates `athanor.config.ts`, `migrations/versions/` and `migrations/script.ts.tmpl` in `dir`.
 * Refuses (changing nothing) when a config file, the template or a non-empty versions folder
 * already exists.
 *
 * @example
 * const { created, nextSteps } = await init(process.cwd());
 */
export async function init(dir: string, options: InitOptions = {}): Promise<InitResult> {
  const root = resolve(dir);
  const migrations = options.migrations ?? 'migrations';
  const migrationsDir = resolve(root, migrations);
  const versionsDir = join(migrationsDir, 'versions');
  const configPath = join(root, 'athanor.config.ts');
  const templatePath = join(migrationsDir, 'script.ts.tmpl');
  const existing = [
    ...CONFIG_FILE_NAMES.map((n) => join(root, n)).filter((p) => existsSync(p)),
    ...(existsSync(templatePath) ? [templatePath] : []),
    ...(existsSync(versionsDir) && readdirSync(versionsDir).length > 0 ? [versionsDir] : []),
  ];
  if (existing.length > 0) {
    throw new AthanorError('E_USAGE', `athanor init would overwrite ${existing.map((p) => relative(root, p) || p).join(', ')}; nothing was changed`);
  }
  const migrationsRef = `./${relative(root, migrationsDir).replace(/\\/g, '/')}`;
  mkdirSync(versionsDir, { recursive: true });
  writeFileSync(join(versionsDir, '.gitkeep'), '');
  const gitignore = join(migrationsDir, '.gitignore');
  const writeIgnore = !existsSync(gitignore);
  if (writeIgnore) writeFileSync(gitignore, '# header cache of `athanor heads/history`; rebuilt on demand\n.athanor-cache/\n');
  writeFileSync(templatePath, DEFAULT_TEMPLATE, { flag: 'wx' });
  writeFileSync(configPath, configSource(options.url ?? 'sqlite:./app.db', migrationsRef), { flag: 'wx' });
  return {
    configPath,
    created: [configPath, migrationsDir, versionsDir, templatePath, ...(writeIgnore ? [gitignore] : [])],
    nextSteps: [
      'edit athanor.config.ts: set url (DATABASE_URL and --url override it)',
      'athanor revision -m "create users table"',
      'athanor upgrade head',
    ],
  };
}

function configSource(url: string, migrations: string): string {
  return `import { defineConfig } from 'athanor';

export default defineConfig({
  // DATABASE_URL and --url override it, in that order
  url: ${tsString(url)},
  // holds versions/ and script.ts.tmpl
  migrations: ${tsString(migrations)},
  // module whose default export is a Schema (autogenerate, check)
  // models: './src/db/schema.ts',
  versionTable: 'athanor_version',
  fileName: '{seq}_{slug}',
  transaction: 'each',
});
`;
}
