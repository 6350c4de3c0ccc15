import { describe, expect, test } from 'vitest';
import { sql } from '../../src/operations/sql-tag.js';
import {
  buildTableModel,
  check,
  defineNamingConvention,
  foreignKey,
  index,
  t,
  unique,
} from '../../src/schema/dsl.js';
import {
  checkNameColumns,
  constraintName,
  defaultNamingConvention,
  expressionNamePart,
  shortHash,
  truncateIdentifier,
} from '../../src/schema/naming.js';

describe('naming convention', () => {
  test('the default names: pk_, uq_, fk_, ix_, ck_', () => {
    const model = buildTableModel(
      'resumes',
      {
        id: t.integer().primaryKey(),
        user_id: t.integer().references('users.id'),
        email: t.text().unique(),
        body: t.text(),
        title: t.text(),
      },
      [
        index().on('title'),
        check(sql`length(body) > 0`),
        unique().on('email', 'title'),
        foreignKey().columns('title').references('jobs.title'),
      ],
    );
    expect(model.primaryKey?.name).toBe('pk_resumes');
    expect(model.uniques.map((u) => u.name)).toEqual([
      'uq_resumes_email',
      'uq_resumes_email_title',
    ]);
    expect(model.foreignKeys.map((f) => f.name)).toEqual([
      'fk_resumes_user_id_users',
      'fk_resumes_title_jobs',
    ]);
    expect(model.indexes.map((i) => i.name)).toEqual(['ix_resumes_title']);
    expect(model.checks.map((c) => c.name)).toEqual(['ck_resumes_body']);
  });

  test('explicit names win', () => {
    const model = buildTableModel('u', {
      id: t.integer().primaryKey('u_pkey'),
      e: t.text().unique('u_e_key').references('x.y', { name: 'u_fk' }),
    });
    expect([model.primaryKey?.name, model.uniques[0]?.name, model.foreignKeys[0]?.name]).toEqual([
      'u_pkey',
      'u_e_key',
      'u_fk',
    ]);
  });

  test('configurable with templates and functions', () => {
    const naming = defineNamingConvention({
      primaryKey: '{table}_pkey',
      unique: '{table}_{columns}_key',
      foreignKey: (p) => `${p.table}_${p.columns[0] ?? ''}_fkey`,
      index: 'idx_{table}_{column0}',
    });
    const model = buildTableModel(
      'users',
      {
        id: t.integer().primaryKey(),
        email: t.text().unique(),
        org: t.integer().references('orgs.id'),
      },
      [index().on('email', 'org')],
      {
        naming,
      },
    );
    expect([
      model.primaryKey?.name,
      model.uniques[0]?.name,
      model.foreignKeys[0]?.name,
      model.indexes[0]?.name,
    ]).toEqual(['users_pkey', 'users_email_key', 'users_org_fkey', 'idx_users_email']);
    expect(naming.check).toBe(defaultNamingConvention.check);
  });

  test('names longer than 63 are cut and end in a stable hash', () => {
    const long = `ix_${'a'.repeat(40)}_${'b'.repeat(40)}`;
    const cut = truncateIdentifier(long, 63);
    expect(cut).toHaveLength(63);
    expect(cut).toBe(`${long.slice(0, 54)}_${shortHash(long)}`);
    expect(truncateIdentifier(`${long}x`, 63)).not.toBe(cut);
    expect(truncateIdentifier('short', 63)).toBe('short');
    expect(constraintName('index', { table: 't'.repeat(70), columns: ['c'] })).toHaveLength(63);
    expect(
      constraintName(
        'index',
        { table: 't', columns: ['c'] },
        defineNamingConvention({ maxLength: 5 }),
      ),
    ).toBe(truncateIdentifier('ix_t_c', 5));
  });

  test('expression and check name parts', () => {
    expect(expressionNamePart('lower(email)')).toBe('lower_email');
    expect(expressionNamePart('+++')).toBe(shortHash('+++'));
    expect(checkNameColumns('length(body) > 0 AND "Title" <> \'\'', ['body', 'Title'])).toEqual([
      'body',
      'Title',
    ]);
    expect(checkNameColumns('1 = 1', ['a'])).toEqual([shortHash('1 = 1')]);
    expect(shortHash('abc')).toBe('1a47e90b');
  });
});
