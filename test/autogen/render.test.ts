import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compare } from '../../src/autogen/compare.js';
import { autogenerate } from '../../src/autogen/autogenerate.js';
import { renderOperations } from '../../src/autogen/render.js';
import { summarizeOperations } from '../../src/autogen/render-summary.js';
import type { Operation } from '../../src/operations/operation.js';
import { t } from '../../src/schema/column-types.js';
import { emptySchema, type TableModel } from '../../src/schema/model.js';
import { defineNamingConvention } from '../../src/schema/naming.js';
import { designSchema } from '../schema/design-example.js';
import { allOperations } from './all-operations.js';
import { canonicalJson } from '../../src/autogen/compare/compare-context.js';
import { model, tbl } from './model-helpers.js';
import { schemaArb } from './random-schema.js';
import { comparable, runRendered } from './render-helpers.js';

describe('renderOperations', () => {
  test('DESIGN §4 models, from an empty database (snapshot)', () => {
    const up = renderOperations(compare(emptySchema, designSchema.model).operations, {
      indent: '    ',
    });
    expect(up.imports).toEqual(['check', 'index', 'sql', 't', 'unique']);
    expect(up.body).toMatchSnapshot();
    expect(
      renderOperations(compare(designSchema.model, emptySchema).operations).body,
    ).toMatchSnapshot();
  });

  test('every operation kind (snapshot)', () => {
    const { body, imports } = renderOperations(allOperations);
    expect(imports).toEqual(['check', 'foreignKey', 'index', 'primaryKey', 'sql', 't', 'unique']);
    expect(body).toMatchSnapshot();
  });

  test('the DESIGN §3 examples come out as a person writes them', () => {
    const before = model([
      tbl('users', { id: t.integer().primaryKey(), email: t.string(255).notNull() }),
    ]);
    const after = model([
      tbl('users', {
        id: t.integer().primaryKey(),
        email: t.string(320).notNull(),
        phone_number: t.string(20),
      }),
    ]);
    expect(renderOperations(compare(before, after).operations).body).toBe(
      [
        "await op.addColumn('users', 'phone_number', t.string(20));",
        "await op.alterColumn('users', 'email', {",
        '  type: t.string(320),',
        '  existingType: t.string(255),',
        '  existingNullable: false,',
        '});',
      ].join('\n'),
    );
  });

  test('rendering is stable', () => {
    expect(renderOperations(allOperations)).toEqual(renderOperations(allOperations));
  });

  test('strings and SQL are escaped', () => {
    const { body } = renderOperations([
      { kind: 'executeSql', sql: "it's \\ `tick` ${x}\nline", params: [] },
      {
        kind: 'addConstraint',
        table: 'x',
        constraint: {
          type: 'check',
          name: 'c',
          expression: "a <> `b` AND c = '\\' AND d = '${e}'",
        },
      },
    ]);
    expect(body).toBe(
      [
        "await op.execute('it\\'s \\\\ `tick` ${x}\\nline');",
        "await op.createCheckConstraint('c', 'x', sql`a <> \\`b\\` AND c = '\\\\' AND d = '\\${e}'`);",
      ].join('\n'),
    );
  });

  test('names that are not the convention are written; conventional ones are left out', () => {
    const table = tbl('users', {
      id: t.integer().primaryKey('users_pkey'),
      email: t.text().unique(),
    });
    const { body } = renderOperations([{ kind: 'createTable', table }]);
    expect(body).toContain("id: t.integer().primaryKey('users_pkey'),");
    expect(body).toContain('email: t.text().unique(),');
    const custom = defineNamingConvention({ unique: '{table}_{columns}_key' });
    expect(renderOperations([{ kind: 'createTable', table }], { naming: custom }).body).toContain(
      "email: t.text().unique('uq_users_email'),",
    );
  });

  test('notes become // athanor: comments', () => {
    const { body } = renderOperations([], {
      notes: [
        { kind: 'renameCandidate', table: 'users', from: 'fullname', to: 'full_name' },
        { kind: 'tableRenameCandidate', from: 'people', to: 'users' },
        { kind: 'enumValueRemoved', enum: 'mood', value: 'meh' },
        { kind: 'enumValuesReordered', enum: 'mood', from: ['a', 'b'], to: ['b', 'a'] },
        { kind: 'autoincrementChanged', table: 'users', column: 'id', from: false, to: true },
      ],
    });
    expect(body).toMatchSnapshot();
    expect(body.split('\n')[0]).toBe(
      "// athanor: possible rename of users.fullname to users.full_name? use op.alterColumn('users', 'fullname', { newName: 'full_name' })",
    );
  });
});

describe('rendered code, run by the real op facade, does what the operations say', () => {
  test('every operation kind gives back the same operations', async () => {
    expect(comparable(await runRendered(renderOperations(allOperations).body))).toEqual(
      comparable(allOperations),
    );
  });

  test('random compare results round-trip through render (property)', async () => {
    await fc.assert(
      fc.asyncProperty(schemaArb, schemaArb, async (a, b) => {
        const ops = compare(a, b).operations;
        expect(comparable(await runRendered(renderOperations(ops).body))).toEqual(comparable(ops));
      }),
      { numRuns: 200 },
    );
  });
});

describe('summarizeOperations', () => {
  test('one line per operation', () => {
    expect(summarizeOperations(allOperations)).toMatchSnapshot();
    const before = model([tbl('users', { id: t.integer().primaryKey(), email: t.string(255) })]);
    const after = model([
      tbl('users', { id: t.integer().primaryKey(), email: t.string(320) }),
      tbl('jobs', { id: t.integer().primaryKey() }),
    ]);
    expect(summarizeOperations(compare(before, after).operations)).toEqual([
      '~ column users.email: type string(255) -> string(320)',
      '+ table jobs',
    ]);
  });
});

describe('autogenerate', () => {
  test('compares both ways, renders both bodies, summarises the upgrade', () => {
    const before = model([tbl('users', { id: t.integer().primaryKey(), fullname: t.text() })]);
    const after = model([tbl('users', { id: t.integer().primaryKey(), full_name: t.text() })]);
    const result = autogenerate(before, after);
    expect(result.summary).toEqual(['+ column users.full_name (text)', '- column users.fullname']);
    expect(result.upgrade.body).toBe(
      [
        "// athanor: possible rename of users.fullname to users.full_name? use op.alterColumn('users', 'fullname', { newName: 'full_name' })",
        "await op.addColumn('users', 'full_name', t.text());",
        "await op.dropColumn('users', 'fullname');",
      ].join('\n'),
    );
    expect(result.downgrade.operations.map((o) => o.kind)).toEqual(['addColumn', 'dropColumn']);
    expect(result.imports).toEqual(['t']);
    expect(result.empty).toBe(false);
    expect(autogenerate(after, after).empty).toBe(true);
  });
});
