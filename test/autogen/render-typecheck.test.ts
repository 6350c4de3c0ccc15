import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compare } from '../../src/autogen/compare.js';
import { renderOperations } from '../../src/autogen/render.js';
import { emptySchema } from '../../src/schema/model.js';
import { designSchema } from '../schema/design-example.js';
import { allOperations } from './all-operations.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'athanor-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Where each name the renderer imports lives in this repository (the package exports them all). */
const sources: Record<string, string> = {
  t: 'src/schema/dsl.js',
  index: 'src/schema/dsl.js',
  unique: 'src/schema/dsl.js',
  check: 'src/schema/dsl.js',
  foreignKey: 'src/schema/dsl.js',
  primaryKey: 'src/schema/dsl.js',
  sql: 'src/operations/sql-tag.js',
};

/** A migration file around rendered bodies, as the revision template writes it. */
function migrationFile(
  up: { body: string; imports: string[] },
  down: { body: string; imports: string[] },
): string {
  const names = [...new Set([...up.imports, ...down.imports])].sort();
  const imports = names.map(
    (name) => `import { ${name} } from ${JSON.stringify(join(root, sources[name] ?? 'missing'))};`,
  );
  return [
    `import { defineMigration } from ${JSON.stringify(join(root, 'src/operations/migration.js'))};`,
    ...imports,
    '',
    'export default defineMigration({',
    "  revision: 'abc123',",
    '  downRevision: null,',
    '  async upgrade(op) {',
    up.body,
    '  },',
    '  async downgrade(op) {',
    down.body,
    '  },',
    '});',
    '',
  ].join('\n');
}

/** Type errors per file, all files checked in one program with the repository's compiler options. */
function typeErrors(files: Readonly<Record<string, string>>): Record<string, string[]> {
  const paths = Object.entries(files).map(([name, source]) => {
    const file = join(dir, `${name}.mts`);
    writeFileSync(file, source);
    return [name, file] as const;
  });
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, host);
  const program = ts.createProgram(
    paths.map(([, file]) => file),
    { ...config?.options, noEmit: true, rootDir: undefined },
  );
  const diagnostics = ts.getPreEmitDiagnostics(program);
  return Object.fromEntries(
    paths.map(([name, file]) => [
      name,
      diagnostics
        .filter((d) => d.file === undefined || d.file.fileName === file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    ]),
  );
}

describe('rendered migrations typecheck against op-types.ts', () => {
  const indent = { indent: '    ' };
  const all = renderOperations(allOperations, indent);
  const up = renderOperations(compare(emptySchema, designSchema.model).operations, indent);
  const down = renderOperations(compare(designSchema.model, emptySchema).operations, indent);
  const broken = {
    body: "    await op.addColumn('users', 42, t.string(20));\n    await op.dropIndex('x', { tabel: 'y' });",
    imports: ['t'],
  };
  let errors: Record<string, string[]> = {};
  beforeAll(() => {
    errors = typeErrors({
      rendered: migrationFile(
        { body: `${all.body}\n${up.body}`, imports: [...all.imports, ...up.imports] },
        down,
      ),
      broken: migrationFile(broken, { body: '', imports: [] }),
    });
  }, 60_000);

  test('every operation kind, and the DESIGN models up and down', () => {
    expect(errors['rendered']).toEqual([]);
  });

  test('the check can fail: a wrong call is reported', () => {
    expect(errors['broken']).toHaveLength(2);
  });
});
