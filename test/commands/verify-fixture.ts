/**
 * Projects for the verify and validate tests: a JSON config (URL and models), a models module
 * and four migration files that import athanor by name (jiti points it at this package, src/
 * under vitest, dist/ under `node bin/athanor.js`), so the same files serve both.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/databases.js';

export const [A, B, C, D] = [
  'a1a1a1a1a1a1',
  'b2b2b2b2b2b2',
  'c3c3c3c3c3c3',
  'd4d4d4d4d4d4',
] as const;

export interface Spec {
  readonly file: string;
  readonly id: string;
  /** Parent(s): a list for a merge, null for a root. */
  readonly down: string | readonly string[] | null;
  readonly upgrade: string;
  /** null: no downgrade at all. */
  readonly downgrade: string | null;
}

/** A migration file importing athanor by name (jiti points it at this package). */
export function migrationFile(spec: Spec): string {
  return [
    "import { defineMigration, t, sql } from 'athanor';",
    '',
    'export default defineMigration({',
    `  revision: '${spec.id}',`,
    `  downRevision: ${JSON.stringify(spec.down)},`,
    `  message: '${spec.file.replace(/^\d+_|\.ts$/g, '').replace(/_/g, ' ')}',`,
    '  async upgrade(op) {',
    '    void sql;',
    `    ${spec.upgrade}`,
    '  },',
    ...(spec.downgrade === null
      ? []
      : ['  async downgrade(op) {', `    ${spec.downgrade}`, '  },']),
    '});',
    '',
  ].join('\n');
}

/** The clean project: users, jobs (with an index), users.phone_number, users.full_name. */
export function cleanSpecs(): Spec[] {
  return [
    {
      file: '001_create_users.ts',
      id: A,
      down: null,
      upgrade:
        "await op.createTable('users', { id: t.integer().primaryKey().autoincrement(), email: t.string(255).notNull().unique() });",
      downgrade: "await op.dropTable('users');",
    },
    {
      file: '002_create_jobs.ts',
      id: B,
      down: A,
      upgrade:
        "await op.createTable('jobs', { id: t.integer().primaryKey().autoincrement(), title: t.string(200).notNull() });\n" +
        "    await op.createIndex('ix_jobs_title', 'jobs', ['title']);",
      downgrade:
        "await op.dropIndex('ix_jobs_title', { table: 'jobs' });\n    await op.dropTable('jobs');",
    },
    {
      file: '003_add_phone_number_to_users.ts',
      id: C,
      down: B,
      upgrade: "await op.addColumn('users', 'phone_number', t.string(20));",
      downgrade: "await op.dropColumn('users', 'phone_number');",
    },
    {
      file: '004_add_full_name.ts',
      id: D,
      down: C,
      upgrade: "await op.addColumn('users', 'full_name', t.string(200));",
      downgrade: "await op.dropColumn('users', 'full_name');",
    },
  ];
}

const models = (withFullName: boolean): string =>
  [
    "import { defineSchema, table, t, index } from 'athanor';",
    "export const users = table('users', {",
    '  id: t.integer().primaryKey().autoincrement(),',
    '  email: t.string(255).notNull().unique(),',
    '  phone_number: t.string(20),',
    ...(withFullName ? ['  full_name: t.string(200),'] : []),
    '});',
    "export const jobs = table('jobs', {",
    '  id: t.integer().primaryKey().autoincrement(),',
    '  title: t.string(200).notNull(),',
    "}, (j) => [index('ix_jobs_title').on(j.title)]);",
    'export default defineSchema({ users, jobs });',
    '',
  ].join('\n');

export interface VerifyProject {
  readonly dir: string;
  readonly write: (spec: Spec) => void;
}

const dirs: string[] = [];

/** Removes the projects made since the last call (an afterEach hook). */
export function removeProjects(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A project whose config points at `url` (never touched by verify) and names the models. */
export function verifyProject(
  url: string,
  specs: readonly Spec[],
  withFullName = true,
): VerifyProject {
  const dir = tempDir('athanor-verify-project-');
  dirs.push(dir);
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'athanor.config.json'), JSON.stringify({ url, models: './schema.ts' }));
  writeFileSync(join(dir, 'schema.ts'), models(withFullName));
  const write = (spec: Spec): void => writeFileSync(join(versions, spec.file), migrationFile(spec));
  specs.forEach(write);
  return { dir, write };
}

/** The clean specs with some fields of some revisions replaced. */
export const planted = (change: Partial<Record<string, Partial<Spec>>>): Spec[] =>
  cleanSpecs().map((s) => ({ ...s, ...change[s.id] }));
