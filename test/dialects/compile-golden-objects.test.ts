/**
 * Golden compile tests for indexes, constraints, enums and extensions, every dialect side by side.
 */
import { describe, it } from 'vitest';
import type { IndexModel, TableModel } from '../../src/schema/model.js';
import { allDialects, expectSql, fails } from './compile-helpers.js';

const jobs: TableModel = {
  name: 'jobs',
  columns: [
    { name: 'id', type: { kind: 'integer' }, nullable: false },
    { name: 'title', type: { kind: 'string', length: 200 }, nullable: false },
    { name: 'owner_id', type: { kind: 'integer' }, nullable: true },
  ],
  primaryKey: { name: 'pk_jobs', columns: ['id'] },
  indexes: [{ name: 'ix_jobs_title', table: 'jobs', parts: [{ column: 'title' }], unique: false }],
  uniques: [],
  foreignKeys: [],
  checks: [],
};

const describeJobs = {
  offline: false,
  describeTable: (name: string) => (name === 'jobs' ? jobs : undefined),
};

/** The copy-and-move statements SQLite writes for `jobs` after a change, with the new table's SQL. */
function sqliteRebuild(
  createTable: string,
  columns = '"id", "title", "owner_id"',
  select = columns,
): string[] {
  return [
    createTable,
    `INSERT INTO "_athanor_tmp_jobs" (${columns}) SELECT ${select} FROM "jobs"`,
    'DROP TABLE "jobs"',
    'ALTER TABLE "_athanor_tmp_jobs" RENAME TO "jobs"',
    'CREATE INDEX "ix_jobs_title" ON "jobs" ("title")',
  ];
}

describe('createIndex', () => {
  it('creates a plain and a unique index', () => {
    expectSql(
      {
        kind: 'createIndex',
        index: {
          name: 'ix_jobs_title',
          table: 'jobs',
          parts: [{ column: 'title' }, { column: 'id', order: 'desc' }],
          unique: true,
        },
      },
      allDialects(['CREATE UNIQUE INDEX "ix_jobs_title" ON "jobs" ("title", "id" DESC)']),
    );
  });

  it('creates a partial expression index (no partial indexes on MySQL)', () => {
    const index: IndexModel = {
      name: 'ix_lower',
      table: 'jobs',
      parts: [{ expression: 'lower(title)' }],
      unique: false,
      where: 'owner_id IS NOT NULL',
    };
    expectSql(
      { kind: 'createIndex', index, ifNotExists: true },
      {
        sqlite: [
          'CREATE INDEX IF NOT EXISTS "ix_lower" ON "jobs" ((lower(title))) WHERE owner_id IS NOT NULL',
        ],
        postgresql: [
          'CREATE INDEX IF NOT EXISTS "ix_lower" ON "jobs" ((lower(title))) WHERE owner_id IS NOT NULL',
        ],
        mysql: fails('E_UNSUPPORTED_OP', /mysql cannot run createIndex: .*partial/),
      },
    );
    expectSql(
      { kind: 'createIndex', index: { ...index, where: undefined } },
      allDialects(['CREATE INDEX "ix_lower" ON "jobs" ((lower(title)))']),
    );
  });

  it('creates a PostgreSQL HNSW index with an operator class and storage parameters, concurrently', () => {
    const index: IndexModel = {
      name: 'ix_jobs_embedding',
      table: 'jobs',
      parts: [{ column: 'embedding', opclass: 'vector_cosine_ops' }],
      unique: false,
      using: 'hnsw',
      with: { m: 16, ef_construction: 64 },
    };
    expectSql(
      { kind: 'createIndex', index, concurrently: true, schema: 'app' },
      {
        sqlite: fails(
          'E_UNSUPPORTED_OP',
          /sqlite cannot run createIndex: index "ix_jobs_embedding" uses "hnsw"/,
        ),
        postgresql: [
          'CREATE INDEX CONCURRENTLY "ix_jobs_embedding" ON "app"."jobs" USING hnsw ("embedding" vector_cosine_ops) WITH (m = 16, ef_construction = 64)',
        ],
        mysql: fails('E_UNSUPPORTED_OP', /operator class/),
      },
    );
  });

  it('accepts btree/hash methods on MySQL and refuses unsafe names anywhere', () => {
    const index: IndexModel = {
      name: 'ix_h',
      table: 'jobs',
      parts: [{ column: 'id' }],
      unique: false,
      using: 'hash',
    };
    expectSql(
      { kind: 'createIndex', index },
      {
        sqlite: fails('E_UNSUPPORTED_OP'),
        postgresql: ['CREATE INDEX "ix_h" ON "jobs" USING hash ("id")'],
        mysql: ['CREATE INDEX `ix_h` ON `jobs` (`id`) USING HASH'],
      },
    );
    const evil: IndexModel = { ...index, using: 'btree; DROP TABLE x' };
    expectSql(
      { kind: 'createIndex', index: evil },
      {
        sqlite: fails('E_UNSUPPORTED_OP'),
        postgresql: fails('E_INVALID_OP', /invalid index method/),
        mysql: fails('E_UNSUPPORTED_OP'),
      },
    );
  });
});

describe('dropIndex', () => {
  it('drops an index; MySQL needs its table', () => {
    expectSql(
      { kind: 'dropIndex', name: 'ix_jobs_title', table: 'jobs', ifExists: true },
      {
        sqlite: ['DROP INDEX IF EXISTS "ix_jobs_title"'],
        postgresql: ['DROP INDEX IF EXISTS "ix_jobs_title"'],
        mysql: ['DROP INDEX IF EXISTS `ix_jobs_title` ON `jobs`'],
      },
    );
    expectSql(
      { kind: 'dropIndex', name: 'ix', concurrently: true, schema: 'app' },
      {
        sqlite: ['DROP INDEX "app"."ix"'],
        postgresql: ['DROP INDEX CONCURRENTLY "app"."ix"'],
        mysql: fails('E_INVALID_OP', /needs its table/),
      },
    );
  });
});

describe('addConstraint', () => {
  it('adds a unique constraint (SQLite rebuilds the table)', () => {
    expectSql(
      {
        kind: 'addConstraint',
        table: 'jobs',
        constraint: { type: 'unique', name: 'uq_jobs_title', columns: ['title'] },
      },
      {
        sqlite: sqliteRebuild(`CREATE TABLE "_athanor_tmp_jobs" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "owner_id" INTEGER,
  CONSTRAINT "pk_jobs" PRIMARY KEY ("id"),
  CONSTRAINT "uq_jobs_title" UNIQUE ("title")
)`),
        postgresql: ['ALTER TABLE "jobs" ADD CONSTRAINT "uq_jobs_title" UNIQUE ("title")'],
        mysql: ['ALTER TABLE `jobs` ADD CONSTRAINT `uq_jobs_title` UNIQUE (`title`)'],
      },
      describeJobs,
    );
  });

  it('adds a foreign key, NOT VALID on PostgreSQL', () => {
    expectSql(
      {
        kind: 'addConstraint',
        table: 'jobs',
        notValid: true,
        constraint: {
          type: 'foreignKey',
          name: 'fk_jobs_owner_id_users',
          columns: ['owner_id'],
          refTable: 'users',
          refColumns: ['id'],
          onDelete: 'set null',
        },
      },
      {
        sqlite: sqliteRebuild(`CREATE TABLE "_athanor_tmp_jobs" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "owner_id" INTEGER,
  CONSTRAINT "pk_jobs" PRIMARY KEY ("id"),
  CONSTRAINT "fk_jobs_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE SET NULL
)`),
        postgresql: [
          'ALTER TABLE "jobs" ADD CONSTRAINT "fk_jobs_owner_id_users" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE SET NULL NOT VALID',
        ],
        mysql: [
          'ALTER TABLE `jobs` ADD CONSTRAINT `fk_jobs_owner_id_users` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL',
        ],
      },
      describeJobs,
    );
  });

  it('adds a check and a primary key; needs the live table on SQLite offline', () => {
    expectSql(
      {
        kind: 'addConstraint',
        table: 'jobs',
        constraint: { type: 'check', name: 'ck_title', expression: "title <> ''" },
      },
      {
        sqlite: fails('E_OFFLINE', /offline \(--sql\) mode/),
        postgresql: [`ALTER TABLE "jobs" ADD CONSTRAINT "ck_title" CHECK (title <> '')`],
        mysql: ["ALTER TABLE `jobs` ADD CONSTRAINT `ck_title` CHECK (title <> '')"],
      },
      { offline: true },
    );
    expectSql(
      {
        kind: 'addConstraint',
        table: 'jobs',
        constraint: { type: 'primaryKey', name: 'pk_jobs', columns: ['id'] },
      },
      {
        sqlite: fails('E_OFFLINE'),
        postgresql: ['ALTER TABLE "jobs" ADD CONSTRAINT "pk_jobs" PRIMARY KEY ("id")'],
        mysql: ['ALTER TABLE `jobs` ADD PRIMARY KEY (`id`)'],
      },
      { offline: true },
    );
  });

  it('refuses NOT VALID on a unique constraint on PostgreSQL', () => {
    expectSql(
      {
        kind: 'addConstraint',
        table: 'jobs',
        notValid: true,
        constraint: { type: 'unique', name: 'uq', columns: ['id'] },
      },
      {
        sqlite: fails('E_OFFLINE'),
        postgresql: fails('E_INVALID_OP', /NOT VALID applies to foreign keys and checks/),
        mysql: ['ALTER TABLE `jobs` ADD CONSTRAINT `uq` UNIQUE (`id`)'],
      },
      { offline: true },
    );
  });
});

describe('dropConstraint', () => {
  it('drops by the clause of its type on MySQL', () => {
    // InnoDB keeps the index it made for a foreign key: it goes with the key, when it exists.
    const fkIndex = [
      "SET @athanor_fk_index = (SELECT IF(COUNT(*) = 0, 'DO 0', 'ALTER TABLE `jobs` DROP INDEX `c`') FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'jobs' AND index_name = 'c')",
      'PREPARE athanor_fk_index FROM @athanor_fk_index',
      'EXECUTE athanor_fk_index',
      'DEALLOCATE PREPARE athanor_fk_index',
    ];
    const cases = [
      ['foreignKey', ['ALTER TABLE `jobs` DROP FOREIGN KEY `c`', ...fkIndex]],
      ['unique', ['ALTER TABLE `jobs` DROP INDEX `c`']],
      ['check', ['ALTER TABLE `jobs` DROP CONSTRAINT `c`']],
      ['primaryKey', ['ALTER TABLE `jobs` DROP PRIMARY KEY']],
    ] as const;
    for (const [type, mysql] of cases) {
      expectSql(
        { kind: 'dropConstraint', table: 'jobs', name: 'c', type },
        {
          sqlite: fails('E_OFFLINE'),
          postgresql: ['ALTER TABLE "jobs" DROP CONSTRAINT "c"'],
          mysql: [...mysql],
        },
        { offline: true },
      );
    }
  });

  it('asks for the type on MySQL; rebuilds without the constraint on SQLite', () => {
    expectSql(
      { kind: 'dropConstraint', table: 'jobs', name: 'pk_jobs' },
      {
        sqlite: sqliteRebuild(`CREATE TABLE "_athanor_tmp_jobs" (
  "id" INTEGER NOT NULL,
  "title" VARCHAR(200) NOT NULL,
  "owner_id" INTEGER
)`),
        postgresql: ['ALTER TABLE "jobs" DROP CONSTRAINT "pk_jobs"'],
        mysql: fails('E_INVALID_OP', /needs its type/),
      },
      describeJobs,
    );
    expectSql(
      { kind: 'dropConstraint', table: 'jobs', name: 'nope', type: 'check' },
      {
        sqlite: fails('E_INVALID_OP', /no check named "nope" on "jobs"/),
        postgresql: ['ALTER TABLE "jobs" DROP CONSTRAINT "nope"'],
        mysql: ['ALTER TABLE `jobs` DROP CONSTRAINT `nope`'],
      },
      describeJobs,
    );
  });
});

describe('enums', () => {
  it('creates and drops PostgreSQL types; inline elsewhere', () => {
    expectSql(
      { kind: 'createEnum', name: 'mood', values: ['a', "b'c"], schema: 'app' },
      {
        sqlite: [],
        postgresql: [`CREATE TYPE "app"."mood" AS ENUM ('a', 'b''c')`],
        mysql: [],
      },
    );
    expectSql(
      { kind: 'dropEnum', name: 'mood', ifExists: true },
      { sqlite: [], postgresql: ['DROP TYPE IF EXISTS "mood"'], mysql: [] },
    );
  });

  it('adds a value on PostgreSQL only', () => {
    expectSql(
      { kind: 'addEnumValue', name: 'mood', value: 'meh', after: 'a' },
      {
        sqlite: fails('E_UNSUPPORTED_OP', /sqlite cannot run addEnumValue: .*alterColumn/),
        postgresql: [`ALTER TYPE "mood" ADD VALUE 'meh' AFTER 'a'`],
        mysql: fails('E_UNSUPPORTED_OP', /mysql cannot run addEnumValue: .*alterColumn/),
      },
    );
    expectSql(
      { kind: 'addEnumValue', name: 'mood', value: 'meh', before: 'a', after: 'b' },
      {
        sqlite: fails('E_UNSUPPORTED_OP'),
        postgresql: fails('E_INVALID_OP', /not both/),
        mysql: fails('E_UNSUPPORTED_OP'),
      },
    );
  });
});

describe('extensions', () => {
  it('creates and drops PostgreSQL extensions; other dialects refuse', () => {
    expectSql(
      {
        kind: 'createExtension',
        name: 'vector',
        ifNotExists: true,
        extensionSchema: 'ext',
        version: '0.8.0',
      },
      {
        sqlite: fails('E_UNSUPPORTED_OP', /sqlite cannot run createExtension/),
        postgresql: [`CREATE EXTENSION IF NOT EXISTS "vector" WITH SCHEMA "ext" VERSION '0.8.0'`],
        mysql: fails('E_UNSUPPORTED_OP', /mysql cannot run createExtension/),
      },
    );
    expectSql(
      { kind: 'dropExtension', name: 'uuid-ossp', ifExists: true, cascade: true },
      {
        sqlite: fails('E_UNSUPPORTED_OP'),
        postgresql: ['DROP EXTENSION IF EXISTS "uuid-ossp" CASCADE'],
        mysql: fails('E_UNSUPPORTED_OP'),
      },
    );
  });
});
