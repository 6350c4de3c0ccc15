import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import type { Operation } from '../../src/operations/operation.js';
import { t } from '../../src/schema/column-types.js';
import { emptySchema } from '../../src/schema/model.js';
import { check, index, unique } from '../../src/schema/table-extras.js';
import { model, tbl } from './model-helpers.js';

const users = tbl(
  'users',
  { id: t.integer().primaryKey(), email: t.text().notNull(), mood: t.enum('mood', ['a']) },
  [unique().on('email'), index().on('email'), check('ck_email', "email <> ''")],
);
const posts = tbl(
  'posts',
  { id: t.integer().primaryKey(), author: t.integer().references('users.id') },
  [index().on('author')],
);
const base = model([users, posts], { enums: [{ name: 'mood', values: ['a'] }] });

const refuses = (ops: Operation[], message: RegExp, start = base) =>
  expect(() => applyOperations(start, ops)).toThrow(message);

describe('applyOperations', () => {
  test('renameTable: indexes and incoming foreign keys follow', () => {
    const after = applyOperations(base, [
      { kind: 'renameTable', table: 'users', newName: 'people' },
    ]);
    const people = after.tables.find((x) => x.name === 'people');
    expect(people?.indexes[0]?.table).toBe('people');
    expect(after.tables.find((x) => x.name === 'posts')?.foreignKeys[0]?.refTable).toBe('people');
  });

  test('alterColumn rename: keys, indexes and incoming foreign keys follow', () => {
    const after = applyOperations(base, [
      { kind: 'alterColumn', table: 'users', column: 'id', newName: 'user_id' },
    ]);
    expect(after.tables[0]?.primaryKey?.columns).toEqual(['user_id']);
    expect(after.tables[1]?.foreignKeys[0]?.refColumns).toEqual(['user_id']);
  });

  test('alterColumn changes only what it names; null drops default and comment', () => {
    const withDefault = applyOperations(base, [
      {
        kind: 'alterColumn',
        table: 'users',
        column: 'email',
        default: { kind: 'literal', value: 'x' },
        comment: 'c',
      },
    ]);
    expect(withDefault.tables[0]?.columns[1]).toEqual({
      name: 'email',
      type: { kind: 'text' },
      nullable: false,
      default: { kind: 'literal', value: 'x' },
      comment: 'c',
    });
    const cleared = applyOperations(withDefault, [
      {
        kind: 'alterColumn',
        table: 'users',
        column: 'email',
        default: null,
        comment: null,
        nullable: true,
      },
    ]);
    expect(cleared.tables[0]?.columns[1]).toEqual({
      name: 'email',
      type: { kind: 'text' },
      nullable: true,
    });
  });

  test('dropColumn takes its indexes and constraints with it', () => {
    const after = applyOperations(base, [{ kind: 'dropColumn', table: 'users', column: 'email' }]);
    expect(after.tables[0]).toMatchObject({ indexes: [], uniques: [], checks: [] });
  });

  test('addEnumValue before / after / at the end', () => {
    const after = applyOperations(base, [
      { kind: 'addEnumValue', name: 'mood', value: 'z' },
      { kind: 'addEnumValue', name: 'mood', value: 'first', before: 'a' },
      { kind: 'addEnumValue', name: 'mood', value: 'b', after: 'a' },
    ]);
    expect(after.enums[0]?.values).toEqual(['first', 'a', 'b', 'z']);
  });

  test('dropConstraint finds unnamed constraints by their convention name', () => {
    const after = applyOperations(base, [
      { kind: 'dropConstraint', table: 'users', name: 'uq_users_email', type: 'unique' },
    ]);
    expect(after.tables[0]?.uniques).toEqual([]);
  });

  test('dropTable with cascade drops the foreign keys pointing at it', () => {
    const after = applyOperations(base, [{ kind: 'dropTable', table: 'users', cascade: true }]);
    expect(after.tables.map((x) => x.name)).toEqual(['posts']);
    expect(after.tables[0]?.foreignKeys).toEqual([]);
  });

  test('recreateTable replaces the table; executeSql changes nothing', () => {
    const slim = tbl('users', { id: t.integer().primaryKey() });
    const after = applyOperations(model([slim]), [
      {
        kind: 'recreateTable',
        table: tbl('members', { id: t.integer().primaryKey() }),
        from: 'users',
        columnMap: { id: '"id"' },
      },
      { kind: 'executeSql', sql: 'DROP TABLE members', params: [] },
    ]);
    expect(after.tables.map((x) => x.name)).toEqual(['members']);
  });
});

describe('applyOperations refuses what a database refuses', () => {
  test('objects that exist or do not', () => {
    refuses([{ kind: 'createTable', table: users }], /exists/);
    refuses([{ kind: 'dropTable', table: 'nope' }], /does not exist/);
    refuses(
      [
        {
          kind: 'addColumn',
          table: 'users',
          column: { name: 'email', type: { kind: 'text' }, nullable: true },
        },
      ],
      /exists/,
    );
    refuses([{ kind: 'dropIndex', name: 'nope' }], /does not exist/);
    refuses(
      [
        {
          kind: 'createIndex',
          index: {
            name: 'ix_users_email',
            table: 'posts',
            parts: [{ column: 'id' }],
            unique: false,
          },
        },
      ],
      /exists/,
    );
    refuses(
      [
        {
          kind: 'addConstraint',
          table: 'users',
          constraint: { type: 'primaryKey', name: 'pk2', columns: ['email'] },
        },
      ],
      /already has a primary key/,
    );
    refuses([{ kind: 'createEnum', name: 'mood', values: [] }], /exists/);
    refuses([{ kind: 'addEnumValue', name: 'mood', value: 'a' }], /already has/);
    expect(applyOperations(base, [{ kind: 'dropTable', table: 'nope', ifExists: true }])).toEqual(
      base,
    );
  });

  test('dependencies: foreign keys, keys they need, enum types', () => {
    refuses([{ kind: 'dropTable', table: 'users' }], /references users/);
    refuses([{ kind: 'dropColumn', table: 'users', column: 'id' }], /depends on users.id/);
    refuses(
      [{ kind: 'dropConstraint', table: 'users', name: 'pk_users' }],
      /depends on users\(id\)/,
    );
    refuses([{ kind: 'dropEnum', name: 'mood' }], /uses enum mood/);
    refuses(
      [{ kind: 'createTable', table: tbl('x', { m: t.enum('other', ['a']) }) }],
      /enum type other does not exist/,
    );
    refuses(
      [{ kind: 'createTable', table: tbl('x', { u: t.integer().references('ghost.id') }) }],
      /does not exist/,
      emptySchema,
    );
    refuses(
      [{ kind: 'createTable', table: tbl('x', { u: t.text().references('users.mood') }) }],
      /no key/,
    );
    const lenient = applyOperations(base, [{ kind: 'dropTable', table: 'users' }], {
      strict: false,
    });
    expect(lenient.tables.map((x) => x.name)).toEqual(['posts']);
  });
});
