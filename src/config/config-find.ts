import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AthanorError } from '../errors.js';

/** Config file names, in the order they are looked for. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'athanor.config.ts',
  'athanor.config.mts',
  'athanor.config.js',
  'athanor.config.mjs',
  'athanor.config.json',
];

/**
 * Finds the config file: in `cwd`, then in each parent folder up to the file-system root.
 * Two config files in one folder are an error (which one would win is not obvious).
 *
 * @example
 * findConfigFile('/app/src/db'); // '/app/athanor.config.ts'
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const found = CONFIG_FILE_NAMES.filter((name) => existsSync(join(dir, name)));
    if (found.length > 1) {
      throw new AthanorError('E_CONFIG', `${dir} holds several config files (${found.join(', ')}); keep one`);
    }
    if (found[0] !== undefined) return join(dir, found[0]);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Resolves `-c PATH`: a config file, or a folder holding one. Relative to `cwd`.
 *
 * @example
 * resolveConfigPath('config/athanor.config.json', '/app'); // '/app/config/athanor.config.json'
 */
export function resolveConfigPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    // the path as typed (not resolved) so that a URL passed by mistake is still masked
    throw new AthanorError('E_CONFIG', `config file not found: ${path}${absolute === path ? '' : ` (in ${cwd})`}`);
  }
  if (statSync(absolute).isDirectory()) {
    const inside = CONFIG_FILE_NAMES.map((name) => join(absolute, name)).find((p) => existsSync(p));
    if (!inside) throw new AthanorError('E_CONFIG', `${absolute} holds no config file (${CONFIG_FILE_NAMES.join(', ')})`);
    return inside;
  }
  if (!/\.(ts|mts|cts|js|mjs|cjs|json)$/.test(absolute)) {
    throw new AthanorError('E_CONFIG', `${absolute}: a config file must end in .ts, .mts, .js, .mjs or .json`);
  }
  return absolute;
}
