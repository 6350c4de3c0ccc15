import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/config-types.js';
import { AthanorError } from '../errors.js';
import { loadDialect } from '../dialects/registry.js';
import type { SchemaModel } from '../schema/model.js';
import { isSchema } from '../schema/schema.js';
import { createModuleImporter, type ModuleImporter } from '../script/script-import.js';
import { withRequirementsMet } from './compare/requirements.js';

/** What {@link loadModels} reads from the config. */
export type ModelsConfig = Pick<ResolvedConfig, 'modelsPath' | 'configPath' | 'rootDir'> &
  Partial<Pick<ResolvedConfig, 'parsedUrl' | 'schema'>>;

/**
 * Loads the config's `models` module (TypeScript through jiti, no build step) and returns the
 * SchemaModel of its default export, as the configured database sees it (see
 * {@link modelsForDatabase}). Clear errors for each way this goes wrong: no `models` key in the
 * config, no such file, a default export that is not a Schema.
 *
 * @example
 * const target = await loadModels(config); // from models: './src/db/schema.ts'
 */
export async function loadModels(
  config: ModelsConfig,
  importer: ModuleImporter = freshImporter(config.rootDir),
): Promise<SchemaModel> {
  const where = config.configPath ?? 'athanor.config.ts';
  const path = config.modelsPath;
  if (path === undefined) {
    throw new AthanorError(
      'E_CONFIG',
      `no models module: set \`models: './src/db/schema.ts'\` in ${where} (a module whose default export is defineSchema({ ... }))`,
    );
  }
  const shown = relative(config.rootDir, path) || path;
  if (!existsSync(path)) {
    throw new AthanorError('E_CONFIG', `models module ${shown} (from ${where}) does not exist`, {
      details: { models: path },
    });
  }
  const value = await importer.importDefault(path);
  if (isSchema(value)) return modelsForDatabase(value.model, config);
  throw new AthanorError(
    'E_SCHEMA',
    `models module ${shown}: the default export is ${describeExport(value)}, not a Schema; end the module with \`export default defineSchema({ users, ... })\``,
    { details: { models: path } },
  );
}

/**
 * The models as the configured database holds them:
 * - tables and enums without a schema are in the config's `schema` (when set, on a dialect
 *   with schemas): that is the one `check` and autogenerate reflect;
 * - on a dialect without extensions (SQLite, MySQL), columns and indexes that `requires` an
 *   extension are left out (compare decides the same on PostgreSQL, from the installed ones).
 *
 * @example
 * await modelsForDatabase(model, { parsedUrl: parseUrl('sqlite:./app.db') }); // no vector columns
 */
export async function modelsForDatabase(
  model: SchemaModel,
  config: Partial<Pick<ResolvedConfig, 'parsedUrl' | 'schema'>>,
): Promise<SchemaModel> {
  if (config.parsedUrl === undefined) return model;
  const { capabilities } = await loadDialect(config.parsedUrl.dialect);
  const schema = capabilities.schemas ? config.schema : undefined;
  const qualified: SchemaModel =
    schema === undefined
      ? model
      : {
          ...model,
          tables: model.tables.map((t) => (t.schema === undefined ? { ...t, schema } : t)),
          enums: model.enums.map((e) => (e.schema === undefined ? { ...e, schema } : e)),
        };
  return capabilities.extensions ? qualified : withRequirementsMet(qualified, () => false);
}

/** What a module exported instead of a Schema, in a few words. */
function describeExport(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  const schemaKey = keys.find((k) => isSchema((value as Record<string, unknown>)[k]));
  if (schemaKey !== undefined) return `missing (a Schema is exported as '${schemaKey}')`;
  return keys.length === 0
    ? 'an empty object'
    : `an object with ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
}

/**
 * A loader that reads the models module (and the project files it imports) from disk on every
 * call: the models change between two autogenerate runs of one process (tests, watch tools),
 * and the module cache jiti shares with Node would hand back the first version. Only files of
 * the project (under `rootDir`, outside node_modules and outside athanor itself) are evicted,
 * so athanor and the libraries stay loaded once.
 */
function freshImporter(rootDir: string): ModuleImporter {
  const shared = createModuleImporter();
  return {
    importDefault(path) {
      const cache = createRequire(import.meta.url).cache;
      const own = fileURLToPath(new URL('../../', import.meta.url));
      const root = rootDir.endsWith(sep) ? rootDir : rootDir + sep;
      for (const key of Object.keys(cache)) {
        const project = key.startsWith(root) || key === path;
        if (project && !key.includes(`${sep}node_modules${sep}`) && !key.startsWith(own))
          delete cache[key];
      }
      return shared.importDefault(path);
    },
  };
}
