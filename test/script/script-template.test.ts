import { describe, expect, it } from 'vitest';
import { readScriptHeader } from '../../src/script/script-header.js';
import { DEFAULT_TEMPLATE, renderTemplate, tsString } from '../../src/script/script-template.js';

describe('renderTemplate', () => {
  it('renders a root revision like DESIGN section 3, readable back by the header parser', () => {
    const source = renderTemplate(DEFAULT_TEMPLATE, {
      revision: '1f3a9c0d2b7e',
      downRevision: null,
      message: 'create users table',
      createDate: '2025-11-25T16:54:00.000Z',
    });
    expect(source).toBe(`import { defineMigration } from 'athanor';

/**
 * create users table
 *
 * Revision ID: 1f3a9c0d2b7e
 * Revises: <base>
 * Create Date: 2025-11-25T16:54:00.000Z
 */
export default defineMigration({
  revision: '1f3a9c0d2b7e',
  downRevision: null,
  message: 'create users table',
  async upgrade(op) {
    // write the upgrade here
  },
  async downgrade(op) {
    // write the downgrade here
  },
});
`);
    const read = readScriptHeader(source);
    expect(read.ok && read.header.createDate).toBe('2025-11-25T16:54:00.000Z');
  });

  it('renders merges, labels, dependencies, escaped messages, bodies and imports', () => {
    const source = renderTemplate(DEFAULT_TEMPLATE, {
      revision: 'c3c3c3c3c3c3',
      downRevision: ['a1a1a1a1a1a1', 'b2b2b2b2b2b2'],
      message: "it's a \"merge\" */ with\nnewline",
      branchLabels: ['release'],
      dependsOn: ['d4d4d4d4d4d4'],
      upgrade: "await op.addColumn('users', 'phone', t.string(20));\n\nawait op.execute(sql`SELECT 1`);",
      downgrade: "await op.dropColumn('users', 'phone');",
      imports: ['t', 'sql', "import { helper } from '../helpers.js';"],
    });
    expect(source).toContain("import { defineMigration, sql, t } from 'athanor';\nimport { helper } from '../helpers.js';");
    expect(source).toContain("downRevision: ['a1a1a1a1a1a1', 'b2b2b2b2b2b2'],");
    expect(source).toContain("message: 'it\\'s a \"merge\" */ with\\nnewline',");
    expect(source).toContain(" * it's a \"merge\" * / with newline");
    expect(source).toContain("branchLabels: ['release'],");
    expect(source).toContain("dependsOn: ['d4d4d4d4d4d4'],");
    expect(source).toContain("  async upgrade(op) {\n    await op.addColumn('users', 'phone', t.string(20));\n\n    await op.execute(sql`SELECT 1`);\n  },");
    const read = readScriptHeader(source);
    expect(read.ok && read.header).toMatchObject({
      revision: 'c3c3c3c3c3c3',
      downRevision: ['a1a1a1a1a1a1', 'b2b2b2b2b2b2'],
      message: 'it\'s a "merge" */ with\nnewline',
      branchLabels: ['release'],
      dependsOn: ['d4d4d4d4d4d4'],
    });
  });

  it('quotes strings as TypeScript literals', () => {
    expect(tsString("a'b\\c\n")).toBe("'a\\'b\\\\c\\n'");
  });
});
