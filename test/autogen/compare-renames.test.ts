import { describe, expect, test } from 'vitest';
import { applyOperations } from '../../src/autogen/apply-model.js';
import {
  compare,
  compareBothWays,
  parseRenameHint,
  resolveRenames,
  type RenameCandidate,
} from '../../src/autogen/compare.js';
import { renderOperations } from '../../src/autogen/render.js';
import { AthanorError } from '../../src/errors.js';
import { t } from '../../src/schema/column-types.js';
import { index } from '../../src/schema/table-extras.js';
import { model, tbl } from './model-helpers.js';

const before = model([
  tbl('people', { id: t.integer().primaryKey(), fullname: t.text(), age: t.integer() }, [
    index().on('fullname'),
  ]),
  tbl('notes', { id: t.integer().primaryKey(), who: t.integer().references('people.id') }),
]);
const after = model([
  tbl('users', { id: t.integer().primaryKey(), full_name: t.text(), age: t.integer() }, [
    index().on('full_name'),
  ]),
  tbl('notes', { id: t.integer().primaryKey(), who: t.integer().references('users.id') }),
]);

describe('parseRenameHint', () => {
  test('column and table forms', () => {
    expect(parseRenameHint('users.fullname:full_name')).toEqual({
      kind: 'column',
      table: 'users',
      from: 'fullname',
      to: 'full_name',
    });
    expect(parseRenameHint('users.fullname:users.full_name')).toEqual({
      kind: 'column',
      table: 'users',
      from: 'fullname',
      to: 'full_name',
    });
    expect(parseRenameHint('people:users')).toEqual({ kind: 'table', from: 'people', to: 'users' });
  });

  test('bad hints are usage errors', () => {
    for (const bad of ['nocolon', 'a:b:c', ':x', 'a.b:c.d', 'a.b.c:d', 'a.:b']) {
      expect(() => parseRenameHint(bad), bad).toThrow(AthanorError);
    }
  });
});

describe('renames are never guessed', () => {
  test('without hints: drop + create, and notes for the candidates', () => {
    const result = compare(before, after);
    expect(result.operations.map((o) => o.kind)).toEqual([
      'dropConstraint',
      'dropTable',
      'createTable',
      'addConstraint',
    ]);
    expect(result.comments).toEqual([
      { kind: 'tableRenameCandidate', from: 'people', to: 'users' },
    ]);
    const notes = before.tables[1];
    if (!notes) throw new Error('fixture');
    const columnOnly = compare(
      before,
      model([
        tbl('people', { id: t.integer().primaryKey(), full_name: t.text(), age: t.integer() }),
        notes,
      ]),
    );
    expect(columnOnly.comments).toEqual([
      { kind: 'renameCandidate', table: 'people', from: 'fullname', to: 'full_name' },
    ]);
    expect(columnOnly.operations.map((o) => o.kind)).toEqual([
      'dropIndex',
      'addColumn',
      'dropColumn',
    ]);
  });

  test('the rename note is rendered as a comment with the call to use', () => {
    const result = compare(model([tbl('u', { a: t.text() })]), model([tbl('u', { b: t.text() })]));
    expect(
      renderOperations(result.operations, { notes: result.comments }).body.split('\n')[0],
    ).toBe(
      "// athanor: possible rename of u.a to u.b? use op.alterColumn('u', 'a', { newName: 'b' })",
    );
  });

  test('a table of the same shape is a table rename candidate', () => {
    const a = model([tbl('people', { id: t.integer().primaryKey() })]);
    const b = model([tbl('users', { id: t.integer().primaryKey() })]);
    expect(compare(a, b).comments).toEqual([
      { kind: 'tableRenameCandidate', from: 'people', to: 'users' },
    ]);
  });
});

describe('confirmed renames', () => {
  const hints = ['people:users', 'users.fullname:full_name'];

  test('hints turn candidates into renameTable and alterColumn({ newName })', () => {
    const { operations, comments } = compare(before, after, { renames: hints });
    expect(comments).toEqual([]);
    expect(operations).toEqual([
      { kind: 'renameTable', table: 'people', newName: 'users' },
      {
        kind: 'alterColumn',
        table: 'users',
        column: 'fullname',
        newName: 'full_name',
        existing: { type: { kind: 'text' }, nullable: true },
      },
    ]);
    expect(compare(applyOperations(before, operations), after).operations).toEqual([]);
  });

  test('the column hint may name the table by its old name', () => {
    expect(
      compare(before, after, { renames: ['people:users', 'people.fullname:full_name'] }).operations,
    ).toHaveLength(2);
  });

  test('a resolver callback decides per candidate', () => {
    const asked: RenameCandidate[] = [];
    const { operations } = compare(before, after, {
      renames: (c) => {
        asked.push(c);
        return true;
      },
    });
    expect(asked).toEqual([
      { kind: 'table', from: 'people', to: 'users' },
      { kind: 'column', table: 'users', from: 'fullname', to: 'full_name' },
    ]);
    expect(operations.map((o) => o.kind)).toEqual(['renameTable', 'alterColumn']);
    expect(compare(before, after, { renames: () => false }).comments).toEqual([]);
  });

  test('resolveRenames asks (asynchronously) until nothing new comes up', async () => {
    const asked: string[] = [];
    const confirmed = await resolveRenames(before, after, async (c) => {
      asked.push(`${c.kind}:${c.from}->${c.to}`);
      return true;
    });
    expect(asked).toEqual(['table:people->users', 'column:fullname->full_name']);
    expect(compare(before, after, { renames: confirmed }).operations.map((o) => o.kind)).toEqual([
      'renameTable',
      'alterColumn',
    ]);
  });

  test('a hint that does not fit the schemas is a usage error', () => {
    expect(() => compare(before, after, { renames: ['ghosts:users'] })).toThrow(
      /only in the database/,
    );
    expect(() =>
      compare(before, after, { renames: ['people:users', 'users.nope:full_name'] }),
    ).toThrow(/only in the database/);
  });

  test('compareBothWays inverts the hints for the downgrade', () => {
    const { upgrade, downgrade } = compareBothWays(before, after, { renames: hints });
    expect(downgrade.operations).toEqual([
      { kind: 'renameTable', table: 'users', newName: 'people' },
      {
        kind: 'alterColumn',
        table: 'people',
        column: 'full_name',
        newName: 'fullname',
        existing: { type: { kind: 'text' }, nullable: true },
      },
    ]);
    const roundTrip = applyOperations(
      applyOperations(before, upgrade.operations),
      downgrade.operations,
    );
    expect(compare(roundTrip, before).operations).toEqual([]);
  });
});
