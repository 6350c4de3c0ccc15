import { AthanorError } from '../errors.js';
import { LiteralScanner, NotStaticError, type StaticValue } from './script-literal.js';

/**
 * The graph-relevant fields of a migration file, read without importing it.
 *
 * @example
 * const h: ScriptHeader = { revision: 'c3c3c3c3c3c3', downRevision: 'b2b2b2b2b2b2', message: 'add phone',
 *   branchLabels: [], dependsOn: [] };
 */
export interface ScriptHeader {
  readonly revision: string;
  /** `null` for a root, a string for one parent, an array for a merge. */
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  readonly branchLabels: readonly string[];
  readonly dependsOn: readonly string[];
  /** From a `Create Date:` comment before the migration object, when the file has one. */
  readonly createDate?: string;
}

/** Result of a static header read: the header, or why the file must be imported instead. */
export type HeaderReadResult =
  | { readonly ok: true; readonly header: ScriptHeader }
  | { readonly ok: false; readonly reason: string };

const HEADER_KEY_LIST = ['revision', 'downRevision', 'message', 'branchLabels', 'dependsOn'] as const;
/** Text that may still change the header further down the object: a key name, or a spread. */
const HEADER_HINTS = [...HEADER_KEY_LIST, '...'];
const HEADER_KEYS: ReadonlySet<string> = new Set(HEADER_KEY_LIST);
const CREATE_DATE = /Create Date:[ \t]*([^\n*]*?)[ \t]*(?:\*\/)?[ \t]*\r?$/m;

/**
 * Reads the header of a migration file from its source text, without evaluating it. Understands
 * `export default defineMigration({...})` (with or without type arguments) and
 * `export default {...}`, comments, all three quote styles, arrays, `null`, methods and arrow
 * functions (which are skipped). Returns `{ ok: false }` when a header field is not a literal.
 *
 * @example
 * readScriptHeader(`export default defineMigration({ revision: 'a1', downRevision: null, async upgrade() {} })`);
 * // { ok: true, header: { revision: 'a1', downRevision: null, message: '', branchLabels: [], dependsOn: [] } }
 */
export function readScriptHeader(source: string, file = '<source>'): HeaderReadResult {
  try {
    const scanner = new LiteralScanner(source);
    if (!findMigrationObject(scanner)) return { ok: false, reason: 'no `export default defineMigration({...})` found' };
    const start = scanner.position;
    const raw: Record<string, StaticValue> = {};
    scanner.readEntries(
      (key) => {
        if (HEADER_KEYS.has(key)) raw[key] = scanner.readValue();
        else scanner.skipExpression();
      },
      // Skipping function bodies is most of the work: stop once no header key can follow.
      () => 'revision' in raw && 'downRevision' in raw && !HEADER_HINTS.some((hint) => source.includes(hint, scanner.position)),
    );
    const createDate = CREATE_DATE.exec(source.slice(0, start))?.[1];
    return { ok: true, header: normalizeHeader(raw, file, createDate) };
  } catch (error) {
    if (error instanceof NotStaticError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** Moves the scanner to the `{` of the migration object; false when there is none. */
function findMigrationObject(scanner: LiteralScanner): boolean {
  while (!scanner.done) {
    const word = scanner.readIdentifier();
    if (word === 'defineMigration') {
      if (scanner.skipTrivia() === '<') scanner.skipTypeArguments();
      if (scanner.eat('(') && scanner.skipTrivia() === '{') return true;
    } else if (word === 'export') {
      if (scanner.eat('default') && scanner.skipTrivia() === '{') return true;
    } else if (word === undefined) {
      scanner.skipToken();
    }
  }
  return false;
}

/**
 * Checks and normalises header fields read statically or from an imported module's default
 * export. Throws an E_SCRIPT error naming the file when a field has the wrong type.
 *
 * @example
 * normalizeHeader({ revision: 'a1', downRevision: ['b2', 'c3'] }, '004_merge.ts').downRevision; // ['b2', 'c3']
 */
export function normalizeHeader(raw: Readonly<Record<string, unknown>>, file: string, createDate?: string): ScriptHeader {
  const fail = (what: string): never => {
    throw new AthanorError('E_SCRIPT', `${file}: ${what}`, { details: { file } });
  };
  const { revision, downRevision, message } = raw;
  if (typeof revision !== 'string' || revision.trim() === '') fail("'revision' must be a non-empty string");
  if (!('downRevision' in raw)) fail("'downRevision' is missing (use null for a first revision)");
  let down: string | readonly string[] | null;
  if (downRevision === null || downRevision === undefined) down = null;
  else if (typeof downRevision === 'string' && downRevision !== '') down = downRevision;
  else if (isStringArray(downRevision)) down = downRevision.length === 0 ? null : downRevision.length === 1 ? (downRevision[0] as string) : downRevision;
  else return fail("'downRevision' must be null, a revision id or an array of revision ids");
  if (message !== undefined && typeof message !== 'string') fail("'message' must be a string");
  return Object.freeze({
    revision: revision as string,
    downRevision: down,
    message: (message as string | undefined) ?? '',
    branchLabels: stringList(raw.branchLabels, 'branchLabels', fail),
    dependsOn: stringList(raw.dependsOn, 'dependsOn', fail),
    ...(createDate ? { createDate } : {}),
  });
}

function stringList(value: unknown, name: string, fail: (what: string) => never): readonly string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (isStringArray(value)) return value;
  return fail(`'${name}' must be a string or an array of strings`);
}

function isStringArray(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v !== '');
}

/** The parents of a header as a list (what `Revision.down` holds). */
export function downList(header: ScriptHeader): readonly string[] {
  const { downRevision } = header;
  if (downRevision === null) return [];
  return typeof downRevision === 'string' ? [downRevision] : downRevision;
}
