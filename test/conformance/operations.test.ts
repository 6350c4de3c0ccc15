/**
 * Every operation of DESIGN.md section 3 on every engine (SQLite, PGlite, PostgreSQL, MariaDB),
 * through the real runner: a chain of migration files, one group of operations each. For each
 * revision: upgrade to it and check the catalog (read back by the reflector and, where it says
 * more, by a catalog query), downgrade and check the catalog is exactly what it was before, then
 * upgrade again and check it is what the first upgrade made. Operations a dialect cannot run are
 * restricted with `dialects` (as a portable migration set does) and must be reported skipped.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downgrade } from '../../src/commands/downgrade.js';
import { upgrade } from '../../src/commands/upgrade.js';
import type { ResolvedConfig } from '../../src/config/config-types.js';
import type { RunEvent } from '../../src/runtime/events.js';
import type { SchemaModel, TableModel } from '../../src/schema/model.js';
import { targets, type TargetName } from '../helpers/databases.js';
import { createRunProject, type MigrationSpec, type RunProject } from '../runtime/run-fixture.js';

const all = await targets();

interface Case {
  readonly name: string;
  readonly upgrade: string;
  readonly downgrade: string;
  /** Checks the catalog after the upgrade. */
  check(after: Catalog): void | Promise<void>;
  /** Operation kinds this engine must report skipped (restricted with `dialects`). */
  readonly skippedOn?: Partial<Record<TargetName, readonly string[]>>;
}

interface Catalog {
  readonly engine: TargetName;
  readonly model: SchemaModel;
  table(name: string): TableModel;
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
}

const pgMy = "['postgresql', 'mysql']";
const pgLite = "['postgresql', 'sqlite']";

const cases: readonly Case[] = [
  {
    name: 'createTable / dropTable',
    upgrade: `
      await op.createTable('parents', { id: t.integer().primaryKey(), name: t.string(50).notNull() });
      await op.createTable('items', {
        id: t.integer().primaryKey(),
        parent_id: t.integer(),
        code: t.string(20),
        qty: t.integer(),
        note: t.string(20),
      });`,
    downgrade: `await op.dropTable('items'); await op.dropTable('parents');`,
    check(c) {
      expect(c.model.tables.map((t) => t.name).sort()).toEqual(['items', 'parents']);
      expect(c.table('items').columns.map((col) => col.name)).toEqual([
        'id',
        'parent_id',
        'code',
        'qty',
        'note',
      ]);
      expect(c.table('parents').primaryKey?.columns).toEqual(['id']);
    },
  },
  {
    name: 'bulkInsert / execute',
    upgrade: `
      await op.bulkInsert('parents', [{ id: 1, name: 'one' }, { id: 2, name: "two's" }]);
      await op.bulkInsert('items', [
        { id: 1, parent_id: 1, code: 'a', qty: 1 },
        { id: 2, parent_id: 2, code: 'b', qty: 2 },
        { id: 3, parent_id: 2, code: 'c', qty: 3 },
      ]);
      await op.execute(sql\`UPDATE items SET qty = qty * \${10} WHERE id >= \${2}\`);`,
    downgrade: `await op.execute('DELETE FROM items'); await op.execute('DELETE FROM parents');`,
    async check(c) {
      const rows = await c.query<{ id: unknown; qty: unknown }>(
        'SELECT id, qty FROM items ORDER BY id',
      );
      expect(rows.map((r) => [Number(r.id), Number(r.qty)])).toEqual([
        [1, 1],
        [2, 20],
        [3, 30],
      ]);
      const names = await c.query<{ name: string }>('SELECT name FROM parents ORDER BY id');
      expect(names.map((r) => r.name)).toEqual(['one', "two's"]);
    },
  },
  {
    name: 'addColumn / dropColumn',
    upgrade: `await op.addColumn('items', 'extra', t.string(10));`,
    downgrade: `await op.dropColumn('items', 'extra');`,
    check(c) {
      expect(c.table('items').columns.find((col) => col.name === 'extra')).toMatchObject({
        type: { kind: 'string', length: 10 },
        nullable: true,
      });
    },
  },
  {
    name: 'alterColumn type',
    upgrade: `await op.alterColumn('items', 'note', { type: t.string(100), existingType: t.string(20), existingNullable: true });`,
    downgrade: `await op.alterColumn('items', 'note', { type: t.string(20), existingType: t.string(100), existingNullable: true });`,
    check(c) {
      expect(c.table('items').columns.find((col) => col.name === 'note')?.type).toEqual({
        kind: 'string',
        length: 100,
      });
    },
  },
  {
    name: 'alterColumn nullable',
    upgrade: `await op.alterColumn('items', 'code', { nullable: false, existingType: t.string(20) });`,
    downgrade: `await op.alterColumn('items', 'code', { nullable: true, existingType: t.string(20) });`,
    check(c) {
      expect(c.table('items').columns.find((col) => col.name === 'code')?.nullable).toBe(false);
    },
  },
  {
    name: 'alterColumn server default',
    upgrade: `await op.alterColumn('items', 'qty', { default: 7, existingType: t.integer(), existingNullable: true });`,
    downgrade: `await op.alterColumn('items', 'qty', { default: null, existingType: t.integer(), existingNullable: true });`,
    async check(c) {
      expect(c.table('items').columns.find((col) => col.name === 'qty')?.default).toEqual({
        kind: 'literal',
        value: 7,
      });
      await c.query("INSERT INTO items (id, code) VALUES (99, 'd')");
      const [row] = await c.query<{ qty: unknown }>('SELECT qty FROM items WHERE id = 99');
      expect(Number(row?.qty)).toBe(7);
      await c.query('DELETE FROM items WHERE id = 99');
    },
  },
  {
    name: 'alterColumn rename',
    upgrade: `await op.alterColumn('items', 'note', { newName: 'remark' });`,
    downgrade: `await op.alterColumn('items', 'remark', { newName: 'note' });`,
    check(c) {
      const names = c.table('items').columns.map((col) => col.name);
      expect(names).toContain('remark');
      expect(names).not.toContain('note');
    },
  },
  {
    name: 'alterColumn comment (where comments exist)',
    upgrade: `await op.alterColumn('items', 'code', { comment: "the item's code", existingType: t.string(20), existingNullable: false, dialects: ${pgMy} });`,
    downgrade: `await op.alterColumn('items', 'code', { comment: null, existingType: t.string(20), existingNullable: false, existingComment: "the item's code", dialects: ${pgMy} });`,
    skippedOn: { sqlite: ['alterColumn'] },
    check(c) {
      const code = c.table('items').columns.find((col) => col.name === 'code');
      expect(code?.comment).toBe(c.engine === 'sqlite' ? undefined : "the item's code");
      // MySQL restates the whole column (MODIFY COLUMN): nothing else may change with it.
      expect(code).toMatchObject({ type: { kind: 'string', length: 20 }, nullable: false });
    },
  },
  {
    name: 'table comment (where comments exist)',
    upgrade: `await op.setTableComment('items', 'inventory', { dialects: ${pgMy} });`,
    downgrade: `await op.setTableComment('items', null, { dialects: ${pgMy} });`,
    skippedOn: { sqlite: ['setTableComment'] },
    check(c) {
      expect(c.table('items').comment).toBe(c.engine === 'sqlite' ? undefined : 'inventory');
    },
  },
  {
    name: 'createIndex / dropIndex (several columns, descending)',
    upgrade: `await op.createIndex('ix_items_parent_qty', 'items', ['parent_id', 'qty']);`,
    downgrade: `await op.dropIndex('ix_items_parent_qty', { table: 'items' });`,
    check(c) {
      expect(c.table('items').indexes).toContainEqual(
        expect.objectContaining({
          name: 'ix_items_parent_qty',
          parts: [{ column: 'parent_id' }, { column: 'qty' }],
          unique: false,
        }),
      );
    },
  },
  {
    name: 'createIndex unique',
    upgrade: `await op.createIndex('ix_items_code', 'items', ['code'], { unique: true });`,
    downgrade: `await op.dropIndex('ix_items_code', { table: 'items' });`,
    async check(c) {
      // MySQL makes no difference between a unique index and a unique constraint.
      const t = c.table('items');
      const found = [
        ...t.indexes.filter((i) => i.unique).map((i) => i.name),
        ...t.uniques.map((u) => u.name),
      ];
      expect(found).toContain('ix_items_code');
      await expect(c.query("INSERT INTO items (id, code) VALUES (98, 'a')")).rejects.toThrow();
    },
  },
  {
    name: 'createIndex partial (where partial indexes exist)',
    upgrade: `await op.createIndex('ix_items_big', 'items', ['qty'], { where: 'qty > 5', dialects: ${pgLite} });`,
    downgrade: `await op.dropIndex('ix_items_big', { table: 'items', dialects: ${pgLite} });`,
    skippedOn: { mysql: ['createIndex'] },
    check(c) {
      const index = c.table('items').indexes.find((i) => i.name === 'ix_items_big');
      if (c.engine === 'mysql') expect(index).toBeUndefined();
      else expect(index?.where).toMatch(/qty.*>\s*5/);
    },
  },
  {
    name: 'createIndex on an expression (not on MariaDB)',
    upgrade: `await op.createIndex('ix_items_lower_code', 'items', [sql\`lower(code)\`], { dialects: ${pgLite} });`,
    downgrade: `await op.dropIndex('ix_items_lower_code', { table: 'items', dialects: ${pgLite} });`,
    skippedOn: { mysql: ['createIndex'] },
    check(c) {
      const index = c.table('items').indexes.find((i) => i.name === 'ix_items_lower_code');
      if (c.engine === 'mysql') expect(index).toBeUndefined();
      else expect(index?.parts).toEqual([{ expression: expect.stringMatching(/lower\(/i) }]);
    },
  },
  {
    name: 'createIndex using, with, opclass, concurrently (PostgreSQL)',
    upgrade: `
      await op.createIndex('ix_items_code_pattern', 'items', ['code'], { opclass: 'text_pattern_ops', with: { fillfactor: 70 }, dialects: ['postgresql'] });
      await op.createIndex('ix_items_qty_hash', 'items', ['qty'], { using: 'hash', concurrently: true, dialects: ['postgresql'] });`,
    downgrade: `
      await op.dropIndex('ix_items_qty_hash', { table: 'items', concurrently: true, dialects: ['postgresql'] });
      await op.dropIndex('ix_items_code_pattern', { table: 'items', dialects: ['postgresql'] });`,
    skippedOn: { sqlite: ['createIndex', 'createIndex'], mysql: ['createIndex', 'createIndex'] },
    check(c) {
      const byName = new Map(c.table('items').indexes.map((i) => [i.name, i]));
      if (c.engine === 'sqlite' || c.engine === 'mysql') {
        expect(byName.has('ix_items_code_pattern') || byName.has('ix_items_qty_hash')).toBe(false);
        return;
      }
      expect(byName.get('ix_items_code_pattern')).toMatchObject({
        parts: [{ column: 'code', opclass: 'text_pattern_ops' }],
        with: { fillfactor: expect.anything() },
      });
      expect(byName.get('ix_items_qty_hash')).toMatchObject({ using: 'hash' });
    },
  },
  {
    name: 'createUniqueConstraint / dropConstraint',
    upgrade: `await op.createUniqueConstraint('uq_items_parent_code', 'items', ['parent_id', 'code']);`,
    downgrade: `await op.dropConstraint('uq_items_parent_code', 'items', { type: 'unique' });`,
    check(c) {
      expect(c.table('items').uniques).toContainEqual(
        expect.objectContaining({ name: 'uq_items_parent_code', columns: ['parent_id', 'code'] }),
      );
    },
  },
  {
    name: 'createForeignKey (onDelete, onUpdate) / dropConstraint',
    upgrade: `await op.createForeignKey('fk_items_parent', 'items', 'parents', ['parent_id'], ['id'], { onDelete: 'set null', onUpdate: 'cascade' });`,
    downgrade: `await op.dropConstraint('fk_items_parent', 'items', { type: 'foreignKey' });`,
    async check(c) {
      const fk = c.table('items').foreignKeys;
      expect(fk).toHaveLength(1);
      expect(fk[0]).toMatchObject({
        columns: ['parent_id'],
        refTable: 'parents',
        refColumns: ['id'],
        onDelete: 'set null',
        onUpdate: 'cascade',
      });
      if (c.engine !== 'sqlite') expect(fk[0]?.name).toBe('fk_items_parent');
      // Enforced: an orphan is refused.
      await expect(
        c.query("INSERT INTO items (id, parent_id, code) VALUES (97, 12345, 'z')"),
      ).rejects.toThrow();
    },
  },
  {
    name: 'createForeignKey deferrable (PostgreSQL)',
    upgrade: `await op.createForeignKey('fk_items_parent_def', 'items', 'parents', ['parent_id'], ['id'], { deferrable: true, initiallyDeferred: true, dialects: ['postgresql'] });`,
    downgrade: `await op.dropConstraint('fk_items_parent_def', 'items', { type: 'foreignKey', dialects: ['postgresql'] });`,
    skippedOn: { sqlite: ['addConstraint'], mysql: ['addConstraint'] },
    check(c) {
      const fk = c.table('items').foreignKeys.find((f) => f.name === 'fk_items_parent_def');
      if (c.engine === 'sqlite' || c.engine === 'mysql') expect(fk).toBeUndefined();
      else expect(fk).toMatchObject({ deferrable: true, initiallyDeferred: true });
    },
  },
  {
    name: 'createCheckConstraint / dropConstraint',
    upgrade: `await op.createCheckConstraint('ck_items_qty', 'items', 'qty >= 0');`,
    downgrade: `await op.dropConstraint('ck_items_qty', 'items', { type: 'check' });`,
    async check(c) {
      expect(c.table('items').checks).toContainEqual(
        expect.objectContaining({ name: 'ck_items_qty' }),
      );
      await expect(
        c.query("INSERT INTO items (id, code, qty) VALUES (96, 'y', -1)"),
      ).rejects.toThrow();
    },
  },
  {
    name: 'createEnum / dropEnum and an enum column',
    upgrade: `
      await op.createEnum('item_state', ['new', "it's used"]);
      await op.addColumn('items', 'state', t.enum('item_state', ['new', "it's used"]));`,
    downgrade: `await op.dropColumn('items', 'state'); await op.dropEnum('item_state');`,
    async check(c) {
      const column = c.table('items').columns.find((col) => col.name === 'state');
      expect(column?.type).toMatchObject({ kind: 'enum', values: ['new', "it's used"] });
      if (c.engine === 'pglite' || c.engine === 'postgresql')
        expect(c.model.enums).toEqual([{ name: 'item_state', values: ['new', "it's used"] }]);
      await expect(c.query("UPDATE items SET state = 'broken' WHERE id = 1")).rejects.toThrow();
    },
  },
  {
    name: 'createExtension / dropExtension (PostgreSQL)',
    upgrade: `await op.createExtension(op.args.ext, { ifNotExists: true, dialects: ['postgresql'] });`,
    downgrade: `await op.dropExtension(op.args.ext, { ifExists: true, dialects: ['postgresql'] });`,
    skippedOn: { sqlite: ['createExtension'], mysql: ['createExtension'] },
    check(c) {
      if (c.engine === 'sqlite' || c.engine === 'mysql') expect(c.model.extensions).toEqual([]);
      else expect(c.model.extensions.length).toBeGreaterThan(0);
    },
  },
  {
    name: 'batch (copy-and-move on SQLite, one by one elsewhere)',
    upgrade: `
      await op.batch('items', (b) => {
        b.addColumn('flag', t.boolean());
        b.alterColumn('extra', { type: t.string(30), existingType: t.string(10), existingNullable: true });
        b.createIndex('ix_items_flag', ['flag']);
      });`,
    downgrade: `
      await op.batch('items', (b) => {
        b.dropIndex('ix_items_flag');
        b.alterColumn('extra', { type: t.string(10), existingType: t.string(30), existingNullable: true });
        b.dropColumn('flag');
      });`,
    async check(c) {
      const t = c.table('items');
      expect(t.columns.find((col) => col.name === 'flag')?.type).toEqual({ kind: 'boolean' });
      expect(t.columns.find((col) => col.name === 'extra')?.type).toEqual({
        kind: 'string',
        length: 30,
      });
      expect(t.indexes.map((i) => i.name)).toContain('ix_items_flag');
      const [row] = await c.query<{ n: unknown }>('SELECT count(*) AS n FROM items');
      expect(Number(row?.n)).toBe(3);
    },
  },
  {
    name: 'renameTable',
    upgrade: `await op.renameTable('items', 'goods');`,
    downgrade: `await op.renameTable('goods', 'items');`,
    async check(c) {
      expect(c.model.tables.map((t) => t.name).sort()).toEqual(['goods', 'parents']);
      const [row] = await c.query<{ n: unknown }>('SELECT count(*) AS n FROM goods');
      expect(Number(row?.n)).toBe(3);
    },
  },
];

const revisionId = (i: number): string => `0b${String(i).padStart(10, '0')}`;

const specs: MigrationSpec[] = cases.map((c, i) => ({
  file: `${String(i + 1).padStart(3, '0')}_${c.name.replace(/[^a-z]+/gi, '_').toLowerCase()}.ts`,
  id: revisionId(i + 1),
  down: i === 0 ? null : revisionId(i),
  message: c.name,
  upgrade: c.upgrade,
  downgrade: c.downgrade,
}));

/** An extension each PostgreSQL engine has: PGlite loads `vector`; the server has contrib. */
async function extensionFor(p: RunProject): Promise<string> {
  const rows = await p.query<{ name: string }>(
    "SELECT name FROM pg_available_extensions WHERE name IN ('citext', 'vector', 'hstore') ORDER BY name",
  );
  const name = rows[0]?.name;
  if (!name) throw new Error('no citext, vector or hstore extension available to test with');
  return name;
}

/** Ignores what a catalog reports in an order of its own (index and FK lists, columns kept). */
function canonical(model: SchemaModel): unknown {
  const byName = <T extends { name?: string }>(list: readonly T[]): T[] =>
    [...list].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  return {
    ...model,
    tables: byName(model.tables).map((t) => ({
      ...t,
      indexes: byName(t.indexes),
      uniques: byName(t.uniques),
      foreignKeys: byName(t.foreignKeys),
      checks: byName(t.checks),
    })),
    enums: byName(model.enums),
    extensions: [...model.extensions].sort(),
  };
}

describe.each(all)('every operation on $name: upgrade, downgrade, upgrade again', (target) => {
  let project: RunProject;
  let config: ResolvedConfig;
  let args: Record<string, string> = {};
  const states: unknown[] = [];

  beforeAll(async () => {
    if (!target.available) return;
    project = await createRunProject(target, specs);
    config = await project.config();
    if (target.dialect === 'postgresql') args = { ext: await extensionFor(project) };
    states[0] = canonical(await reflect());
  }, 300_000);
  afterAll(async () => {
    if (target.available) await project.cleanup();
  });

  async function reflect(): Promise<SchemaModel> {
    return project.withConnection((conn) =>
      project.dialect.reflect(conn, { excludeTables: ['athanor_version', 'athanor_version_log'] }),
    );
  }

  async function catalog(): Promise<Catalog> {
    const model = await reflect();
    return {
      engine: target.name,
      model,
      table(name) {
        const found = model.tables.find((t) => t.name === name);
        if (!found) throw new Error(`table ${name} is not in the catalog`);
        return found;
      },
      query: (text) => project.query(text),
    };
  }

  /** Upgrades or downgrades to revision `n` (0: base); explicit, so one failure does not shift the rest. */
  async function move(step: 'up' | 'down', n: number): Promise<RunEvent[]> {
    const events: RunEvent[] = [];
    const onEvent = (e: RunEvent) => void events.push(e);
    const target = n === 0 ? 'base' : revisionId(n);
    if (step === 'up') await upgrade({ config, target, args, onEvent });
    else await downgrade({ config, target, args, onEvent });
    return events;
  }

  const skipped = (events: readonly RunEvent[]): string[] =>
    events.flatMap((e) => (e.kind === 'operationSkipped' ? [e.operation] : []));

  for (const [i, c] of cases.entries()) {
    test.skipIf(!target.available)(
      c.name,
      async () => {
        const upEvents = await move('up', i + 1);
        expect(await project.versionRows()).toEqual([revisionId(i + 1)]);
        const after = await catalog();
        const upState = canonical(after.model);
        states[i + 1] = upState;
        const wantSkipped = c.skippedOn?.[target.name] ?? [];
        expect(skipped(upEvents), 'operations reported skipped on the way up').toEqual(
          wantSkipped,
        );
        await c.check(after);

        const downEvents = await move('down', i);
        expect(skipped(downEvents), 'operations reported skipped on the way down').toHaveLength(
          wantSkipped.length,
        );
        expect(await project.versionRows()).toEqual(i === 0 ? [] : [revisionId(i)]);
        expect(canonical(await reflect()), 'the catalog after the downgrade').toEqual(states[i]);

        await move('up', i + 1);
        expect(canonical(await reflect()), 'the catalog after upgrading again').toEqual(upState);
      },
      300_000,
    );
  }
});
