import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import { compare } from '../../src/autogen/compare.js';
import type { Operation } from '../../src/operations/operation.js';
import { reverse } from '../../src/operations/reverse.js';
import { t } from '../../src/schema/column-types.js';
import type { SchemaModel } from '../../src/schema/model.js';
import { index, unique } from '../../src/schema/table-extras.js';
import { canonicalModel } from '../autogen/canonical-model.js';
import { model, tbl } from '../autogen/model-helpers.js';
import { schemaArb } from '../autogen/random-schema.js';

const users = tbl(
  'users',
  { id: t.integer().primaryKey(), email: t.string(255).notNull(), bio: t.text().comment('about') },
  [unique('uq_users_email').on('email'), index('ix_users_bio').on('bio')],
);
const before: SchemaModel = model([users], {
  enums: [{ name: 'mood', values: ['a'] }],
  extensions: ['vector'],
});

describe('reverse: one test per operation kind', () => {
  test('createTable <-> dropTable (dropTable needs the table from before)', () => {
    expect(reverse({ kind: 'createTable', table: users })).toEqual({
      kind: 'dropTable',
      table: 'users',
    });
    expect(reverse({ kind: 'dropTable', table: 'users' }, before)).toEqual({
      kind: 'createTable',
      table: users,
    });
    expect(reverse({ kind: 'dropTable', table: 'users' }, users)).toEqual({
      kind: 'createTable',
      table: users,
    });
    expect(reverse({ kind: 'dropTable', table: 'users' })).toBeUndefined();
  });

  test('renameTable', () => {
    expect(reverse({ kind: 'renameTable', table: 'a', newName: 'b', schema: 's' })).toEqual({
      kind: 'renameTable',
      table: 'b',
      newName: 'a',
      schema: 's',
    });
  });

  test('addColumn <-> dropColumn', () => {
    const column = { name: 'phone', type: { kind: 'string' as const, length: 20 }, nullable: true };
    expect(reverse({ kind: 'addColumn', table: 'users', column })).toEqual({
      kind: 'dropColumn',
      table: 'users',
      column: 'phone',
    });
    expect(reverse({ kind: 'dropColumn', table: 'users', column: 'bio' }, before)).toEqual({
      kind: 'addColumn',
      table: 'users',
      column: { name: 'bio', type: { kind: 'text' }, nullable: true, comment: 'about' },
    });
    expect(reverse({ kind: 'dropColumn', table: 'users', column: 'bio' })).toBeUndefined();
  });

  test('alterColumn uses existing (or before) and swaps a rename', () => {
    const op: Operation = {
      kind: 'alterColumn',
      table: 'users',
      column: 'email',
      type: { kind: 'string', length: 320 },
      nullable: true,
      default: { kind: 'literal', value: 'x' },
      newName: 'email_address',
      existing: { type: { kind: 'string', length: 255 }, nullable: false },
    };
    expect(reverse(op)).toEqual({
      kind: 'alterColumn',
      table: 'users',
      column: 'email_address',
      newName: 'email',
      type: { kind: 'string', length: 255 },
      nullable: false,
      default: null,
      existing: {
        type: { kind: 'string', length: 320 },
        nullable: true,
        default: { kind: 'literal', value: 'x' },
      },
    });
    expect(
      reverse({ kind: 'alterColumn', table: 'users', column: 'bio', comment: null }, before),
    ).toMatchObject({ comment: 'about' });
    expect(
      reverse({ kind: 'alterColumn', table: 'users', column: 'bio', nullable: false }),
    ).toBeUndefined();
  });

  test('setTableComment needs the old comment', () => {
    expect(reverse({ kind: 'setTableComment', table: 'users', comment: 'x' }, before)).toEqual({
      kind: 'setTableComment',
      table: 'users',
      comment: null,
    });
    expect(reverse({ kind: 'setTableComment', table: 'users', comment: 'x' })).toBeUndefined();
  });

  test('createIndex <-> dropIndex', () => {
    const idx = users.indexes[0];
    if (!idx) throw new Error('fixture');
    expect(reverse({ kind: 'createIndex', index: idx })).toEqual({
      kind: 'dropIndex',
      name: 'ix_users_bio',
      table: 'users',
    });
    expect(reverse({ kind: 'dropIndex', name: 'ix_users_bio' }, before)).toEqual({
      kind: 'createIndex',
      index: idx,
    });
  });

  test('addConstraint <-> dropConstraint', () => {
    const constraint = { type: 'unique' as const, name: 'uq_users_email', columns: ['email'] };
    expect(reverse({ kind: 'addConstraint', table: 'users', constraint })).toEqual({
      kind: 'dropConstraint',
      table: 'users',
      name: 'uq_users_email',
      type: 'unique',
    });
    expect(
      reverse({ kind: 'dropConstraint', table: 'users', name: 'uq_users_email' }, before),
    ).toEqual({
      kind: 'addConstraint',
      table: 'users',
      constraint,
    });
    expect(
      reverse(
        { kind: 'dropConstraint', table: 'users', name: 'pk_users', type: 'primaryKey' },
        before,
      ),
    ).toMatchObject({
      constraint: { type: 'primaryKey', columns: ['id'] },
    });
  });

  test('enums: createEnum <-> dropEnum; addEnumValue is irreversible', () => {
    expect(reverse({ kind: 'createEnum', name: 'mood', values: ['a'] })).toEqual({
      kind: 'dropEnum',
      name: 'mood',
    });
    expect(reverse({ kind: 'dropEnum', name: 'mood' }, before)).toEqual({
      kind: 'createEnum',
      name: 'mood',
      values: ['a'],
    });
    expect(reverse({ kind: 'addEnumValue', name: 'mood', value: 'b' })).toBeUndefined();
  });

  test('extensions', () => {
    expect(reverse({ kind: 'createExtension', name: 'vector', dialects: ['postgresql'] })).toEqual({
      kind: 'dropExtension',
      name: 'vector',
      dialects: ['postgresql'],
    });
    expect(reverse({ kind: 'dropExtension', name: 'vector' })).toEqual({
      kind: 'createExtension',
      name: 'vector',
    });
  });

  test('executeSql and bulkInsert are irreversible', () => {
    expect(reverse({ kind: 'executeSql', sql: 'UPDATE x SET y = 1', params: [] })).toBeUndefined();
    expect(reverse({ kind: 'bulkInsert', table: 'users', rows: [{ email: 'a' }] })).toBeUndefined();
  });

  test('recreateTable swaps back to the old table', () => {
    const slim = tbl('users', { id: t.integer().primaryKey(), email: t.string(255).notNull() });
    const op: Operation = {
      kind: 'recreateTable',
      table: slim,
      from: 'users',
      columnMap: { id: '"id"', email: '"email"' },
    };
    expect(reverse(op, before)).toEqual({
      kind: 'recreateTable',
      table: users,
      from: 'users',
      columnMap: { id: '"id"', email: '"email"' },
    });
  });
});

/** Reverses a whole migration: each op with the model as it was just before it. */
function reverseAll(start: SchemaModel, ops: readonly Operation[]): Operation[] | undefined {
  const inverses: Operation[] = [];
  let state = start;
  for (const op of ops) {
    const inverse = reverse(op, state);
    if (!inverse) return undefined;
    inverses.unshift(inverse);
    state = applyOperations(state, [op]);
  }
  return inverses;
}

test('reverse (property): applying the reversed operations of compare(a, b) goes back to a', () => {
  fc.assert(
    fc.property(schemaArb, schemaArb, (a, b) => {
      const ops = compare(a, b).operations;
      const inverses = reverseAll(a, ops);
      fc.pre(inverses !== undefined); // addEnumValue has no inverse
      const back = applyOperations(applyOperations(a, ops), inverses ?? []);
      expect(canonicalModel(back)).toEqual(canonicalModel(a));
    }),
    { numRuns: 200 },
  );
});
