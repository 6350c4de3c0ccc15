/**
 * Writes the athanor side of a workload: athanor.config.json, migrations/versions/*.ts (what
 * `athanor revision` writes, bodies filled in) and, for scenario c, a models file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileStem, wideTable, type RevisionSpec, type Step } from './workload.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI: every athanor figure is `node bin/athanor.js ...` as a whole process. */
export const athanorBin = join(root, 'bin', 'athanor.js');

export function athanorCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, [athanorBin, ...args]];
}

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function renderStep(step: Step): string {
  switch (step.kind) {
    case 'createTable':
      return `await op.createTable(${q(step.table)}, { id: t.integer().primaryKey(), name: t.string(50) });`;
    case 'dropTable':
      return `await op.dropTable(${q(step.table)});`;
    case 'sql':
      return `await op.execute(${q(step.sql)});`;
  }
}

export function renderMigration(spec: RevisionSpec): string {
  const body = (steps: readonly Step[]): string =>
    steps.map((s) => `    ${renderStep(s)}`).join('\n');
  return [
    "import { defineMigration, t } from 'athanor';",
    '',
    '/**',
    ` * ${spec.message}`,
    ' *',
    ` * Revision ID: ${spec.id}`,
    ` * Revises: ${spec.down ?? '<base>'}`,
    ' * Create Date: 2025-01-01T00:00:00.000Z',
    ' */',
    'export default defineMigration({',
    `  revision: ${q(spec.id)},`,
    `  downRevision: ${spec.down === null ? 'null' : q(spec.down)},`,
    `  message: ${q(spec.message)},`,
    '  async upgrade(op) {',
    body(spec.upgrade),
    '  },',
    '  async downgrade(op) {',
    body(spec.downgrade),
    '  },',
    '});',
    '',
  ].join('\n');
}

export interface AthanorProjectOptions {
  /** Scenario c: write models.ts with this many wide tables and point `models` at it. */
  readonly modelTables?: number;
}

/** Writes the project into `dir`; the database URL comes from DATABASE_URL at run time. */
export function writeAthanorProject(
  dir: string,
  revisions: readonly RevisionSpec[],
  options: AthanorProjectOptions = {},
): void {
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  const config: Record<string, string> = { url: 'sqlite:./app.db', migrations: './migrations' };
  if (options.modelTables !== undefined) {
    config.models = './models.ts';
    writeFileSync(join(dir, 'models.ts'), renderModels(options.modelTables));
  }
  writeFileSync(join(dir, 'athanor.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  revisions.forEach((spec, k) =>
    writeFileSync(join(versions, `${fileStem(k + 1, spec.message)}.ts`), renderMigration(spec)),
  );
}

/** The models of scenario c in athanor's DSL (the same tables as workload.wideTablesSql). */
export function renderModels(m: number): string {
  const lines = ["import { defineSchema, index, sql, t, table, unique } from 'athanor';", ''];
  for (let i = 0; i < m; i++) {
    const name = wideTable(i);
    const prev = i === 0 ? '' : `.references('${wideTable(i - 1)}.id', { onDelete: 'set null' })`;
    lines.push(
      `export const ${name} = table('${name}', {`,
      '  id: t.integer().primaryKey().autoincrement(),',
      '  name: t.string(100).notNull(),',
      '  email: t.string(255),',
      '  created_at: t.timestamp({ withTimezone: true }).notNull().default(sql`CURRENT_TIMESTAMP`),',
      '  amount: t.numeric(12, 2),',
      '  active: t.boolean().notNull().default(true),',
      '  data: t.json(),',
      `  prev_id: t.integer()${prev},`,
      `}, (x) => [index('ix_${name}_name').on(x.name), unique('uq_${name}_email').on(x.email)]);`,
    );
  }
  lines.push('', 'export default defineSchema({');
  for (let i = 0; i < m; i++) lines.push(`  ${wideTable(i)},`);
  lines.push('});', '');
  return lines.join('\n');
}
