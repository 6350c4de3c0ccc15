/**
 * Projects for the autogenerate and check tests: a JSON config naming a models module, a
 * versions folder, and the CLI run in process against them.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/cli-command.js';
import { tempDir } from '../helpers/databases.js';

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ModelsProject {
  readonly dir: string;
  readonly versions: string;
  /** Writes the models module (`schema.ts`). */
  models(source: string): void;
  /** Runs `athanor ...` in the project folder. */
  run(...argv: string[]): Promise<CliRun>;
  /** Migration file names, sorted. */
  files(): string[];
  read(file: string): string;
  cleanup(): Promise<void>;
}

/**
 * A project on a database URL (default: a SQLite file in the project). `config` is merged into
 * `{ url, migrations: './migrations', models: './schema.ts' }`.
 */
export function modelsProject(
  options: {
    readonly url?: string;
    readonly config?: Record<string, unknown>;
    readonly cleanup?: () => Promise<void>;
  } = {},
): ModelsProject {
  const dir = tempDir('athanor-autogen-');
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  const config = {
    url: options.url ?? 'sqlite:./app.db',
    models: './schema.ts',
    ...options.config,
  };
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify(config, null, 2));
  return {
    dir,
    versions,
    models: (source) => writeFileSync(join(dir, 'schema.ts'), source),
    async run(...argv) {
      let stdout = '';
      let stderr = '';
      const io: CliIo = {
        cwd: dir,
        env: {},
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
      };
      const status = await main(argv, io);
      return { status, stdout, stderr };
    },
    files: () =>
      readdirSync(versions)
        .filter((f) => f.endsWith('.ts'))
        .sort(),
    read: (file) => readFileSync(join(versions, file), 'utf8'),
    async cleanup() {
      await options.cleanup?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** DESIGN §4's models as a module source, with the vector parts only when asked. */
export function designModels(options: { readonly vector: boolean }): string {
  return [
    "import { defineSchema, table, t, index, unique, check, sql } from 'athanor';",
    "export const users = table('users', {",
    '  id: t.integer().primaryKey().autoincrement(),',
    '  email: t.string(255).notNull().unique(),',
    '  phone_number: t.string(20),',
    '});',
    "export const jobs = table('jobs', {",
    '  id: t.integer().primaryKey().autoincrement(),',
    '  title: t.string(200).notNull(),',
    ...(options.vector ? ['  embedding: t.vector(1536),'] : []),
    options.vector
      ? "}, (j) => [index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops')]);"
      : "}, (j) => [index('ix_jobs_title').on(j.title)]);",
    "export const resumes = table('resumes', {",
    '  id: t.integer().primaryKey().autoincrement(),',
    "  user_id: t.integer().notNull().references(() => users.id, { onDelete: 'cascade' }),",
    '  body: t.text(),',
    '}, (r) => [',
    "  unique('uq_resumes_user_body').on(r.user_id, r.body),",
    "  check('ck_resumes_body', sql`length(body) > 0`),",
    ']);',
    `export default defineSchema({ users, jobs, resumes }${options.vector ? ", { extensions: ['vector'] }" : ''});`,
    '',
  ].join('\n');
}
