import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { ResolvedConfig } from '../config/config-types.js';
import { AthanorError } from '../errors.js';
import type { SchemaModel } from '../schema/model.js';
import { isSchema } from '../schema/schema.js';
import { createModuleImporter, type ModuleImporter } from '../script/script-import.js';

/**
 * Loads the config's `models` module (TypeScript through jiti, no build step) and returns the
 * SchemaModel of its default export. Clear errors for each way this goes wrong: no `models`
 * key in the config, no such file, a default export that is not a Schema.
 *
 * @example
 * const target = await loadModels(config); // from models: './src/db/schema.ts'
 */
export async function loadModels(
  config: Pick<ResolvedConfig, 'modelsPath' | 'configPath' | 'rootDir'>,
  importer: ModuleImporter = createModuleImporter(),
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
  if (isSchema(value)) return value.model;
  throw new AthanorError(
    'E_SCHEMA',
    `models module ${shown}: the default export is ${describeExport(value)}, not a Schema; end the module with \`export default defineSchema({ users, ... })\``,
    { details: { models: path } },
  );
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
