/** Extensions a migration file may have; new files are always `.ts`. */
export const MIGRATION_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** The default `fileName` pattern: `001_create_users_table`. */
export const DEFAULT_FILE_NAME = '{seq}_{slug}';

/**
 * Whether a file in the versions folder is a migration: a known extension, not a declaration
 * file, and not starting with `_` or `.` (helpers and editor files are left alone).
 *
 * @example
 * isMigrationFileName('001_init.ts'); // true
 * isMigrationFileName('_helpers.ts'); // false
 */
export function isMigrationFileName(name: string): boolean {
  if (name.startsWith('_') || name.startsWith('.') || /\.d\.[mc]?ts$/.test(name)) return false;
  const dot = name.lastIndexOf('.');
  return dot > 0 && MIGRATION_EXTENSIONS.includes(name.slice(dot));
}

/**
 * A file name without its extension: what every output line shows next to a revision id.
 *
 * @example
 * stemOfFileName('003_add_phone_number_to_users.ts'); // '003_add_phone_number_to_users'
 */
export function stemOfFileName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * Turns a message into a file-name slug: lowercase ASCII words joined by `_`, cut at a word
 * boundary to at most `maxLength` characters; 'revision' when nothing is left.
 *
 * @example
 * slugify('Add phone number to Users!'); // 'add_phone_number_to_users'
 */
export function slugify(message: string, maxLength = 40): string {
  const words = message
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}_${word}`;
    if (next.length > maxLength) {
      if (slug === '') slug = word.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug === '' ? 'revision' : slug;
}

/**
 * A new revision id: 12 random lowercase hex characters (48 bits), as Alembic does.
 *
 * @example
 * newRevisionId(); // 'e3b0c44298fc'
 */
export function newRevisionId(): string {
  // the Web Crypto global: importing node:crypto up front would slow every CLI start-up
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(6))).toString('hex');
}

/** Whether a string can be a revision id (it goes into file names and SQL rows). */
export function isValidRevisionId(id: string): boolean {
  return /^[A-Za-z0-9_]{1,32}$/.test(id);
}

/**
 * `{date}` in file names: `YYYYMMDD_HHMM`, in UTC so that files sort the same everywhere.
 *
 * @example
 * formatFileDate(new Date('2025-11-25T16:54:00Z')); // '20251125_1654'
 */
export function formatFileDate(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_${p(date.getUTCHours())}${p(date.getUTCMinutes())}`;
}

/**
 * The next `{seq}` for a pattern, from the stems already in the versions folder: the largest
 * sequence number found + 1, zero-padded to 3 digits (1000 and beyond simply grow).
 *
 * @example
 * nextSequence('{seq}_{slug}', ['001_init', '002_add_users']); // '003'
 */
export function nextSequence(pattern: string, stems: readonly string[]): string {
  const matcher = patternMatcher(pattern);
  let max = 0;
  for (const stem of stems) {
    const seq = matcher?.exec(stem)?.[1];
    if (seq !== undefined) max = Math.max(max, Number(seq));
  }
  return String(max + 1).padStart(3, '0');
}

function patternMatcher(pattern: string): RegExp | undefined {
  if (!pattern.includes('{seq}')) return undefined;
  const parts = pattern.split(/(\{seq\}|\{slug\}|\{rev\}|\{date\})/);
  const source = parts
    .map((part) => {
      if (part === '{seq}') return '(\\d+)';
      if (part === '{slug}' || part === '{rev}') return '.*?';
      if (part === '{date}') return '\\d{8}_\\d{4}';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** Values substituted into a `fileName` pattern. */
export interface FileNameValues {
  readonly seq: string;
  readonly slug: string;
  readonly rev: string;
  readonly date: string;
}

/**
 * Renders a `fileName` pattern into a stem (no extension). Unknown placeholders are an error,
 * caught when the config is validated.
 *
 * @example
 * renderFileName('{seq}_{slug}', { seq: '001', slug: 'init', rev: 'a1', date: '20250101_0000' }); // '001_init'
 */
export function renderFileName(pattern: string, values: FileNameValues): string {
  return pattern.replace(/\{(seq|slug|rev|date)\}/g, (_, key: keyof FileNameValues) => values[key]);
}

/** Placeholders a `fileName` pattern may use; anything else in braces is rejected. */
export function unknownFileNamePlaceholders(pattern: string): string[] {
  return [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '').filter((p) => !['seq', 'slug', 'rev', 'date'].includes(p));
}
