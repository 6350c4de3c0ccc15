import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AthanorError } from '../errors.js';

/**
 * Imports TypeScript (or JavaScript) files without a build step, through jiti. jiti is imported
 * on first use only: listing migrations and printing help never pay for it.
 *
 * @example
 * const importer = createModuleImporter();
 * const migration = await importer.importDefault('/app/migrations/versions/001_init.ts');
 */
export interface ModuleImporter {
  /** The module's default export (or the namespace when it has none). */
  importDefault(path: string): Promise<unknown>;
}

type JitiInstance = { import(id: string, options?: { default?: true }): Promise<unknown> };

/**
 * Creates an importer. The bare specifier `athanor` is aliased to this very package, so
 * migrations and configs get the running CLI's `defineMigration`, `t` and `sql` even where the
 * project's own `node_modules` lacks athanor (tests, global installs).
 *
 * @example
 * const mod = await createModuleImporter().importDefault('/abs/athanor.config.ts');
 */
export function createModuleImporter(): ModuleImporter {
  let jiti: Promise<JitiInstance> | undefined;
  const get = (): Promise<JitiInstance> => {
    jiti ??= import('jiti').then(({ createJiti }) => {
      const self = selfEntry();
      return createJiti(import.meta.url, {
        interopDefault: true,
        ...(self ? { alias: { athanor: self } } : {}),
      }) as JitiInstance;
    });
    return jiti;
  };
  return {
    async importDefault(path: string): Promise<unknown> {
      const instance = await get();
      try {
        return await instance.import(path, { default: true });
      } catch (error) {
        throw importError(error, path);
      }
    },
  };
}

/** This package's public entry (dist/index.js when built, src/index.ts under a test runner). */
function selfEntry(): string | undefined {
  for (const candidate of ['../index.js', '../index.ts']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Turns a loader error into an E_SCRIPT error naming the file and, for a syntax error, its
 * line and column.
 *
 * @example
 * importError(new Error('ParseError: Unexpected token\n /x/001_a.ts:4:2'), '/x/001_a.ts').message;
 * // "syntax error in 001_a.ts at line 4, column 2: Unexpected token"
 */
export function importError(error: unknown, path: string): AthanorError {
  if (error instanceof AthanorError) return error;
  const name = basename(path);
  const text = error instanceof Error ? error.message : String(error);
  const parse = /^(?:\w*Error:\s*)?(?:ParseError|SyntaxError):\s*([\s\S]*?)\s*\n\s*(\S+?):(\d+):(\d+)\s*$/.exec(text);
  if (parse) {
    const [, reason, , line, column] = parse;
    return new AthanorError('E_SCRIPT', `syntax error in ${name} at line ${line}, column ${column}: ${reason}`, {
      cause: error,
      details: { file: path, line: Number(line), column: Number(column) },
    });
  }
  const location = locationInStack(error, path);
  return new AthanorError('E_SCRIPT', `cannot load ${name}${location}: ${text.split('\n')[0] ?? text}`, {
    cause: error,
    details: { file: path },
  });
}

function locationInStack(error: unknown, path: string): string {
  if (!(error instanceof Error) || !error.stack) return '';
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(error.stack);
  return match ? ` (line ${match[1]}, column ${match[2]})` : '';
}
