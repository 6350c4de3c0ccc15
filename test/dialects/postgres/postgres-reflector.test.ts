import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reflectPostgres } from '../../../src/dialects/postgres/postgres-reflector.js';
import type { SchemaModel, TableModel } from '../../../src/schema/model.js';
import { postgresEngines, type OpenDatabase } from './postgres-engines.js';
import { reflectionFixture } from './postgres-fixture.js';

// PGlite compiles its WebAssembly at start-up: seconds on an idle machine, a minute or more
// on a busy one (parallel test files), so this file allows more than the default 60 s.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const engines = await postgresEngines();
const mood = { kind: 'enum', name: 'mood', values: ['sad', 'ok', 'happy'] } as const;

describe.each(engines)('reflectPostgres on $name', (engine) => {
  let db: OpenDatabase;
  let model: SchemaModel;
  const table = (name: string): TableModel => {
    const found = model.tables.find((t) => t.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  };

  beforeAll(async () => {
    if (!engine.available) return;
    db = await engine.open();
    for (const statement of reflectionFixture(db.vector)) await db.conn.execute(statement);
    model = await reflectPostgres(db.conn, { excludeTables: ['athanor_version'] });
  });
  afterAll(async () => db?.cleanup());

  it.runIf(engine.available)(
    'lists the tables of the schema by name, without excluded ones',
    () => {
      const names = model.tables.map((t) => t.name);
      expect(names).toEqual(
        db.vector
          ? ['events', 'jobs', 'posts', 'tag_links', 'users']
          : ['events', 'posts', 'tag_links', 'users'],
      );
      expect(model.tables.every((t) => t.schema === undefined)).toBe(true);
    },
  );

  it.runIf(engine.available)('reads every neutral type, arrays and enums', () => {
    const types = Object.fromEntries(table('users').columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({
      id: { kind: 'integer' },
      email: { kind: 'string', length: 255 },
      name: { kind: 'text' },
      nickname: { kind: 'string' },
      active: { kind: 'boolean' },
      created_at: { kind: 'timestamp', withTimezone: true },
      updated_at: { kind: 'timestamp', withTimezone: false },
      born: { kind: 'date' },
      wake: { kind: 'time' },
      balance: { kind: 'numeric', precision: 12, scale: 2 },
      ratio: { kind: 'real' },
      score: { kind: 'double' },
      big: { kind: 'bigint' },
      small: { kind: 'smallint' },
      settings: { kind: 'json' },
      raw_json: { kind: 'custom', postgresql: 'json' },
      token: { kind: 'uuid' },
      avatar: { kind: 'binary' },
      feeling: mood,
      feelings: { kind: 'array', of: mood },
      tags: { kind: 'array', of: { kind: 'text' } },
      matrix: { kind: 'array', of: { kind: 'integer' } },
      amount: { kind: 'numeric' },
      stamp3: { kind: 'custom', postgresql: 'timestamp(3) with time zone' },
      code: { kind: 'custom', postgresql: 'character(3)' },
      greeting: { kind: 'text' },
      nothing: { kind: 'text' },
    });
  });

  it.runIf(engine.available)('reads nullability and keeps column order', () => {
    const users = table('users');
    expect(users.columns.slice(0, 5).map((c) => [c.name, c.nullable])).toEqual([
      ['id', false],
      ['email', false],
      ['name', true],
      ['nickname', true],
      ['active', false],
    ]);
  });

  it.runIf(engine.available)(
    'reads identity and serial columns as autoincrement without a default',
    () => {
      const auto = (t: string, c: string) => table(t).columns.find((col) => col.name === c);
      expect(auto('users', 'id')).toEqual({
        name: 'id',
        type: { kind: 'integer' },
        nullable: false,
        autoincrement: true,
      });
      expect(auto('posts', 'id')).toEqual({
        name: 'id',
        type: { kind: 'bigint' },
        nullable: false,
        autoincrement: true,
      });
      expect(auto('tag_links', 'position')).toEqual({
        name: 'position',
        type: { kind: 'smallint' },
        nullable: false,
        autoincrement: true,
      });
      expect(auto('posts', 'author_id')?.autoincrement).toBeUndefined();
    },
  );

  it.runIf(engine.available)(
    'reads defaults as literals (casts stripped) or SQL expressions',
    () => {
      const defaults = Object.fromEntries(table('users').columns.map((c) => [c.name, c.default]));
      expect(defaults).toMatchObject({
        active: { kind: 'literal', value: true },
        created_at: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
        updated_at: { kind: 'sql', sql: 'now()' },
        born: { kind: 'literal', value: '2000-01-01' },
        balance: { kind: 'literal', value: 1.5 },
        ratio: { kind: 'literal', value: -1 },
        big: { kind: 'literal', value: 9999999999 },
        settings: { kind: 'literal', value: '{}' },
        token: { kind: 'sql', sql: 'gen_random_uuid()' },
        feeling: { kind: 'literal', value: 'ok' },
        tags: { kind: 'literal', value: '{}' },
        greeting: { kind: 'literal', value: "it's" },
      });
      expect(defaults.nothing).toBeUndefined();
      expect(defaults.id).toBeUndefined();
      expect(table('posts').columns.find((c) => c.name === 'status')?.default).toEqual({
        kind: 'literal',
        value: 'draft',
      });
    },
  );

  it.runIf(engine.available)('reads a stored generated column as a plain column', () => {
    expect(table('events').columns).toEqual([
      { name: 'id', type: { kind: 'integer' }, nullable: false },
      { name: 'at', type: { kind: 'date' }, nullable: false },
      { name: 'doubled', type: { kind: 'integer' }, nullable: true },
    ]);
  });

  it.runIf(engine.available)('reads table and column comments', () => {
    expect(table('users').comment).toBe('people');
    expect(table('users').columns.find((c) => c.name === 'email')?.comment).toBe('login');
    expect(table('posts').comment).toBeUndefined();
  });

  it.runIf(engine.available)(
    'reads primary keys with their names, composite ones in key order',
    () => {
      expect(table('users').primaryKey).toEqual({ name: 'users_pk', columns: ['id'] });
      expect(table('tag_links').primaryKey).toEqual({
        name: 'tag_links_pkey',
        columns: ['post_id', 'tag'],
      });
    },
  );

  it.runIf(engine.available)('reads unique constraints, not their backing indexes', () => {
    expect(table('users').uniques).toEqual([{ name: 'uq_users_email', columns: ['email'] }]);
    expect(table('posts').uniques).toEqual([
      { name: 'posts_author_id_title_key', columns: ['author_id', 'title'] },
    ]);
    const indexNames = model.tables.flatMap((t) => t.indexes.map((i) => i.name));
    expect(indexNames).not.toContain('uq_users_email');
    expect(indexNames).not.toContain('users_pk');
  });

  it.runIf(engine.available)('reads foreign keys with actions and deferrability', () => {
    expect(table('posts').foreignKeys).toEqual([
      {
        name: 'fk_posts_editor',
        columns: ['editor_id'],
        refTable: 'users',
        refColumns: ['id'],
        deferrable: true,
        initiallyDeferred: true,
      },
      {
        name: 'posts_author_id_fkey',
        columns: ['author_id'],
        refTable: 'users',
        refColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'set null',
      },
    ]);
    expect(table('tag_links').foreignKeys).toEqual([
      {
        name: 'tag_links_post_id_fkey',
        columns: ['post_id'],
        refTable: 'posts',
        refColumns: ['id'],
        onDelete: 'restrict',
      },
    ]);
  });

  it.runIf(engine.available)(
    'reads check constraints and never NOT NULL constraints (PostgreSQL 18 lists them)',
    () => {
      expect(table('users').checks).toEqual([
        {
          name: 'ck_users_email',
          expression: "length(email::text) > 3 AND email::text <> 'x'::text",
        },
      ]);
      expect(table('posts').checks.map((c) => c.name)).toEqual([
        'posts_score_check',
        'posts_status_check',
      ]);
      expect(table('posts').checks[0]?.expression).toBe('score >= 0');
    },
  );

  it.runIf(engine.available)(
    'reads partial, expression, descending, gin, hash and with-parameter indexes',
    () => {
      expect(table('posts').indexes).toEqual([
        {
          name: 'ix_posts_live_title',
          table: 'posts',
          parts: [{ column: 'title' }],
          unique: true,
          where: "status::text = 'live'::text",
        },
        {
          name: 'ix_posts_score',
          table: 'posts',
          parts: [{ column: 'score', order: 'desc' }, { column: 'id' }],
          unique: false,
        },
        {
          name: 'ix_posts_title_lower',
          table: 'posts',
          parts: [{ expression: 'lower(title::text)' }],
          unique: false,
        },
      ]);
      expect(table('users').indexes).toEqual([
        {
          name: 'ix_users_email_pattern',
          table: 'users',
          parts: [{ column: 'email', opclass: 'varchar_pattern_ops' }],
          unique: false,
        },
        {
          name: 'ix_users_name_fill',
          table: 'users',
          parts: [{ column: 'name' }],
          unique: false,
          with: { fillfactor: 70 },
        },
        {
          name: 'ix_users_name_hash',
          table: 'users',
          parts: [{ column: 'name' }],
          unique: false,
          using: 'hash',
        },
        {
          name: 'ix_users_settings',
          table: 'users',
          parts: [{ column: 'settings' }],
          unique: false,
          using: 'gin',
        },
        {
          name: 'ix_users_settings_path',
          table: 'users',
          parts: [{ column: 'settings', opclass: 'jsonb_path_ops' }],
          unique: false,
          using: 'gin',
        },
      ]);
    },
  );

  it.runIf(engine.available)(
    'reads pgvector columns and hnsw/ivfflat indexes (where pgvector is installed)',
    (ctx) => {
      if (!db.vector) ctx.skip();
      expect(model.extensions).toEqual(['vector']);
      expect(table('jobs').columns.map((c) => c.type)).toEqual([
        { kind: 'integer' },
        { kind: 'vector', dimensions: 1536 },
        { kind: 'halfvec', dimensions: 3 },
        { kind: 'sparsevec', dimensions: 5 },
      ]);
      expect(table('jobs').indexes).toEqual([
        {
          name: 'ix_jobs_embedding',
          table: 'jobs',
          parts: [{ column: 'embedding', opclass: 'vector_cosine_ops' }],
          unique: false,
          using: 'hnsw',
          with: { m: 16, ef_construction: 64 },
        },
        {
          name: 'ix_jobs_half',
          table: 'jobs',
          parts: [{ column: 'half', opclass: 'halfvec_l2_ops' }],
          unique: false,
          using: 'ivfflat',
          with: { lists: 10 },
        },
      ]);
    },
  );

  it.runIf(engine.available)(
    'reads the enums of the schema with labels in order, and extensions without plpgsql',
    () => {
      expect(model.enums).toEqual([{ name: 'mood', values: ['sad', 'ok', 'happy'] }]);
      expect(model.extensions).not.toContain('plpgsql');
    },
  );

  it.runIf(engine.available)(
    'reads another schema: tables and enums carry it, FKs to public name refSchema',
    async () => {
      const app = await reflectPostgres(db.conn, { schema: 'app' });
      expect(app.enums).toEqual([{ name: 'level', schema: 'app', values: ['low', 'high'] }]);
      expect(app.tables).toEqual([
        {
          name: 'items',
          schema: 'app',
          columns: [
            { name: 'id', type: { kind: 'integer' }, nullable: false },
            { name: 'owner_id', type: { kind: 'integer' }, nullable: true },
            {
              name: 'lvl',
              type: { kind: 'enum', name: 'level', values: ['low', 'high'] },
              nullable: false,
              default: { kind: 'literal', value: 'low' },
            },
          ],
          primaryKey: { name: 'items_pkey', columns: ['id'] },
          indexes: [],
          uniques: [],
          foreignKeys: [
            {
              name: 'items_owner_id_fkey',
              columns: ['owner_id'],
              refTable: 'users',
              refSchema: 'public',
              refColumns: ['id'],
            },
          ],
          checks: [],
        },
      ]);
    },
  );

  it.runIf(engine.available)(
    'filters with excludeTables, onlyTables and includeTable before the detail queries',
    async () => {
      const all = await reflectPostgres(db.conn);
      expect(all.tables.map((t) => t.name)).toContain('athanor_version');
      const only = await reflectPostgres(db.conn, { onlyTables: ['posts'] });
      expect(only.tables.map((t) => t.name)).toEqual(['posts']);
      expect(only.tables[0]).toEqual(table('posts'));
      const included = await reflectPostgres(db.conn, {
        includeTable: (n) => n.startsWith('t'),
        excludeTables: ['x'],
      });
      expect(included.tables.map((t) => t.name)).toEqual(['tag_links']);
      const none = await reflectPostgres(db.conn, { onlyTables: [] });
      expect(none.tables).toEqual([]);
      expect(none.enums).toEqual(model.enums);
    },
  );

  it.runIf(engine.available)('reads an empty or missing schema as empty', async () => {
    const missing = await reflectPostgres(db.conn, { schema: 'no_such_schema' });
    expect(missing).toEqual({ tables: [], enums: [], extensions: model.extensions });
  });
});
