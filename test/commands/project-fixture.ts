/**
 * Temporary athanor projects for command and CLI tests: a config, a versions folder, and
 * migration files written from plain specs (no imports, so they load in any folder).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config-load.js';
import { createContext, type CommandContext } from '../../src/commands/context.js';
import { DEFAULT_TEMPLATE, renderTemplate } from '../../src/script/script-template.js';

export interface RevisionSpec {
  readonly file: string;
  readonly id: string;
  readonly down?: string | readonly string[] | null;
  readonly message?: string;
  readonly branchLabels?: readonly string[];
  readonly dependsOn?: readonly string[];
}

export interface Project {
  readonly dir: string;
  readonly versions: string;
  write(spec: RevisionSpec): void;
  writeRaw(file: string, source: string): void;
  context(): Promise<CommandContext>;
  cleanup(): void;
}

export function createProject(specs: readonly RevisionSpec[] = []): Project {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-project-'));
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ url: 'sqlite:./app.db' }));
  const project: Project = {
    dir,
    versions,
    write: (spec) => writeFileSync(join(versions, spec.file), sourceOf(spec)),
    writeRaw: (file, source) => writeFileSync(join(versions, file), source),
    context: async () => createContext(await loadConfig({ cwd: dir, env: {} })),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  specs.forEach(project.write);
  return project;
}

/** The default template, with the athanor import removed so files load without the package. */
export function sourceOf(spec: RevisionSpec): string {
  return renderTemplate(DEFAULT_TEMPLATE, {
    revision: spec.id,
    downRevision: spec.down ?? null,
    message: spec.message ?? `step ${spec.id}`,
    branchLabels: spec.branchLabels ?? [],
    dependsOn: spec.dependsOn ?? [],
    createDate: '2025-01-01T00:00:00.000Z',
  })
    .replace("import { defineMigration } from 'athanor';", 'const defineMigration = <T,>(m: T): T => m;');
}

/** a1 -> b2 -> c3, with stems 001_create_users_table ... */
export const linearSpecs: readonly RevisionSpec[] = [
  { file: '001_create_users_table.ts', id: 'a1a1a1a1a1a1', message: 'create users table' },
  { file: '002_add_jobs.ts', id: 'b2b2b2b2b2b2', down: 'a1a1a1a1a1a1', message: 'add jobs' },
  { file: '003_add_phone_number_to_users.ts', id: 'c3c3c3c3c3c3', down: 'b2b2b2b2b2b2', message: 'add phone number to users' },
];
