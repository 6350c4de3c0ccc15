import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AthanorError } from '../errors.js';
import { formatFileDate, isMigrationFileName, nextSequence, renderFileName, slugify, stemOfFileName, DEFAULT_FILE_NAME } from './script-naming.js';
import { DEFAULT_TEMPLATE, renderTemplate, type TemplateValues } from './script-template.js';

/** What {@link writeRevisionFile} needs: where, how to name, and what to render. */
export interface WriteRevisionOptions extends TemplateValues {
  readonly versionsDir: string;
  /** `migrations/script.ts.tmpl`; the built-in template when absent or missing on disk. */
  readonly templatePath?: string;
  /** The config's `fileName` pattern; default `{seq}_{slug}`. */
  readonly fileName?: string;
  /** Clock for `{date}` and the Create Date comment (tests pass a fixed one). */
  readonly now?: Date;
}

/** The file that was written. */
export interface WrittenRevisionFile {
  readonly path: string;
  readonly fileName: string;
  readonly stem: string;
  readonly source: string;
}

/**
 * Renders the template and writes a new migration file into the versions folder. Refuses to
 * overwrite a file. Graph rules (single head, --splice ...) are the `revision` command's job;
 * autogenerate passes `upgrade`, `downgrade` and `imports` through that command.
 *
 * @example
 * await writeRevisionFile({ versionsDir, revision: newRevisionId(), downRevision: null, message: 'create users table',
 *   upgrade: "await op.createTable('users', { id: t.integer().primaryKey() });", imports: ['t'] });
 * // writes versions/001_create_users_table.ts
 */
export function writeRevisionFile(options: WriteRevisionOptions): WrittenRevisionFile {
  const { versionsDir } = options;
  if (!existsSync(versionsDir)) {
    throw new AthanorError('E_CONFIG', `the versions folder ${versionsDir} does not exist; run \`athanor init\` to create it`);
  }
  const now = options.now ?? new Date();
  const pattern = options.fileName ?? DEFAULT_FILE_NAME;
  const stems = readdirSync(versionsDir).filter(isMigrationFileName).map(stemOfFileName);
  const stem = renderFileName(pattern, {
    seq: nextSequence(pattern, stems),
    slug: slugify(options.message),
    rev: options.revision,
    date: formatFileDate(now),
  });
  const fileName = `${stem}.ts`;
  const path = join(versionsDir, fileName);
  const template = readTemplate(options.templatePath);
  const source = renderTemplate(template, { ...options, createDate: options.createDate ?? now.toISOString() });
  try {
    writeFileSync(path, source, { flag: 'wx' });
  } catch (error) {
    const exists = (error as NodeJS.ErrnoException).code === 'EEXIST';
    throw new AthanorError('E_SCRIPT', exists ? `${fileName} already exists in ${versionsDir}; change the message or the fileName pattern` : `cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  return Object.freeze({ path, fileName, stem, source });
}

function readTemplate(templatePath: string | undefined): string {
  if (templatePath === undefined || !existsSync(templatePath)) return DEFAULT_TEMPLATE;
  return readFileSync(templatePath, 'utf8');
}
