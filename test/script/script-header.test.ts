import { describe, expect, it } from 'vitest';
import { normalizeHeader, readScriptHeader } from '../../src/script/script-header.js';
import { LiteralScanner } from '../../src/script/script-literal.js';

function header(source: string) {
  const result = readScriptHeader(source, 'x.ts');
  if (!result.ok) throw new Error(`not static: ${result.reason}`);
  return result.header;
}

describe('readScriptHeader', () => {
  it('reads the default template shape', () => {
    const h = header(`import { defineMigration } from 'athanor';

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
    await op.createTable('users', { id: t.integer().primaryKey() });
  },
  async downgrade(op) {
    await op.dropTable('users');
  },
});
`);
    expect(h).toEqual({
      revision: '1f3a9c0d2b7e',
      downRevision: null,
      message: 'create users table',
      branchLabels: [],
      dependsOn: [],
      createDate: '2025-11-25T16:54:00.000Z',
    });
  });

  it('handles comments, double quotes, escapes, multi-line arrays and merge lists', () => {
    const h = header(`// revision: 'not-this'
/* export default defineMigration({ revision: 'nor-this' }) */
import { defineMigration, sql } from "athanor";
const helper = (s: string) => s.replace(/[}{'"]/g, '');  // regex with braces and quotes
export default defineMigration({
  // revision: 'commented-out',
  "revision": "c3c3c3c3c3c3", /* trailing */
  downRevision: [
    'a1a1a1a1a1a1', // first parent
    "b2b2b2b2b2b2",
  ],
  message: "merge \\"two\\" heads, it's fine\\u0021",
  branchLabels: ['release'] as const,
  dependsOn: 'd4d4d4d4d4d4',
  transaction: false,
  upgrade: async (op) => { await op.execute(\`SELECT '}' \${'{'}\`); const r = /}/; },
  async downgrade(op) { if (1 / 2 > 0) { await op.execute("{"); } },
});
`);
    expect(h.revision).toBe('c3c3c3c3c3c3');
    expect(h.downRevision).toEqual(['a1a1a1a1a1a1', 'b2b2b2b2b2b2']);
    expect(h.message).toBe('merge "two" heads, it\'s fine!');
    expect(h.branchLabels).toEqual(['release']);
    expect(h.dependsOn).toEqual(['d4d4d4d4d4d4']);
  });

  it('reads keys written after the functions, type arguments and export default {...}', () => {
    const a = header(`export default defineMigration<Custom>({
  async upgrade(op: Op): Promise<void> { await op.execute('x'); },
  revision: \`e5e5\`,
  downRevision: 'd4d4',
});`);
    expect(a).toMatchObject({ revision: 'e5e5', downRevision: 'd4d4', message: '' });
    const b = header(`export default { revision: 'f6', downRevision: ['e5'], upgrade() {} } satisfies MigrationModule;`);
    expect(b).toMatchObject({ revision: 'f6', downRevision: 'e5' });
  });

  it('gives up (for the import fallback) when a header field is not a literal', () => {
    expect(readScriptHeader(`const id = 'a1';\nexport default defineMigration({ revision: id, downRevision: null, upgrade() {} });`)).toEqual({
      ok: false,
      reason: "'id' is not a literal",
    });
    expect(readScriptHeader(`export default defineMigration({ revision: \`a\${1}\`, downRevision: null })`).ok).toBe(false);
    expect(readScriptHeader(`export default defineMigration({ ...base, upgrade() {} })`).ok).toBe(false);
    expect(readScriptHeader(`const m = defineMigration; export default m;`).ok).toBe(false);
  });

  it('rejects a header with wrong types, naming the file', () => {
    expect(() => readScriptHeader(`export default defineMigration({ revision: 12, downRevision: null })`, '001_a.ts')).toThrow(
      "001_a.ts: 'revision' must be a non-empty string",
    );
    expect(() => normalizeHeader({ revision: 'a' }, '001_a.ts')).toThrow("'downRevision' is missing");
    expect(() => normalizeHeader({ revision: 'a', downRevision: 5 }, '001_a.ts')).toThrow("'downRevision' must be null");
    expect(() => normalizeHeader({ revision: 'a', downRevision: null, branchLabels: [1] }, '001_a.ts')).toThrow("'branchLabels'");
  });
});

describe('LiteralScanner', () => {
  it('reads literal values', () => {
    expect(new LiteralScanner(`{ a: 'x', 'b-c': [1, -2.5, 0x10, true, null], d: { e: undefined }, }`).readValue()).toEqual({
      a: 'x',
      'b-c': [1, -2.5, 16, true, null],
      d: { e: undefined },
    });
  });
});
