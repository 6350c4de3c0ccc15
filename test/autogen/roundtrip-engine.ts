/**
 * One real database per engine, reused across round-trip cases: wiped between cases, built from
 * operations through the runtime's LiveExecutor (so SQLite's copy-and-move runs as in a
 * migration), and read back through the dialect's reflector and normalizer.
 */
import { parseUrl } from '../../src/config/url.js';
import type { Dialect } from '../../src/dialects/dialect.js';
import { loadDialect } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/drivers/driver.js';
import { connect } from '../../src/drivers/registry.js';
import type { Operation } from '../../src/operations/operation.js';
import { ForeignKeysOffRequired, LiveExecutor } from '../../src/runtime/live-executor.js';
import type { SchemaModel } from '../../src/schema/model.js';
import type { ColumnType } from '../../src/schema/types.js';
import type { Target, TestDatabase } from '../helpers/databases.js';
import type { RoundTripProfile } from './roundtrip-arbitrary.js';

export interface RoundTripEngine {
  readonly name: Target['name'];
  readonly dialect: Dialect;
  readonly profile: RoundTripProfile;
  /** Drops every table, type and extension. */
  reset(): Promise<void>;
  /**
   * Applies operations one by one as one migration step: in a transaction where DDL is
   * transactional, restarted with foreign keys off when SQLite needs them off (as the runner does).
   */
  apply(ops: readonly Operation[]): Promise<void>;
  /** The database's schema, normalised. */
  reflect(): Promise<SchemaModel>;
  close(): Promise<void>;
}

/** Types that need a prefix length or an operator class to be indexed, per dialect. */
const unindexable: Readonly<Record<Dialect['name'], readonly ColumnType['kind'][]>> = {
  sqlite: [],
  // json has no default operator class for btree.
  postgresql: ['json'],
  // TEXT, BLOB and JSON (LONGTEXT on MariaDB) keys need a prefix length.
  mysql: ['text', 'json', 'binary'],
};

/** Statements that empty a database, per dialect (the test knows the engines it runs on). */
async function wipe(conn: Connection, dialect: Dialect): Promise<void> {
  switch (dialect.name) {
    case 'postgresql':
      await conn.execute('DROP SCHEMA public CASCADE');
      await conn.execute('CREATE SCHEMA public');
      return;
    case 'mysql': {
      const rows = await conn.query<{ name: string }>(
        'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
      );
      if (rows.length === 0) return;
      await conn.execute('SET FOREIGN_KEY_CHECKS = 0');
      await conn.execute(`DROP TABLE ${rows.map((r) => `\`${r.name}\``).join(', ')}`);
      await conn.execute('SET FOREIGN_KEY_CHECKS = 1');
      return;
    }
    case 'sqlite': {
      const rows = await conn.query<{ name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
      );
      await conn.execute('PRAGMA foreign_keys = OFF');
      for (const row of rows) await conn.execute(`DROP TABLE "${row.name}"`);
      await conn.execute('PRAGMA foreign_keys = ON');
      return;
    }
  }
}

/** Opens an engine on a fresh database of the target. */
export async function openEngine(target: Target): Promise<RoundTripEngine> {
  const db: TestDatabase = await target.createDatabase();
  // PGlite in memory runs DDL about twice as fast as on its file system emulation.
  const url = parseUrl(db.url.startsWith('pglite:') ? 'pglite:memory:' : db.url);
  const dialect = await loadDialect(url.dialect);
  const conn = await connect(url);
  // Durability is not under test: without it, SQLite's copy-and-moves take a tenth of the time.
  if (dialect.name === 'sqlite') await conn.execute('PRAGMA synchronous = OFF');
  const vector = dialect.capabilities.vectors && (await hasVector(conn));
  const executor = await LiveExecutor.create({ connection: conn, dialect });
  return {
    name: target.name,
    dialect,
    profile: {
      capabilities: dialect.capabilities,
      vector,
      unindexable: new Set(unindexable[dialect.name]),
      checksExcludeWrittenColumns: dialect.name === 'mysql',
    },
    reset: () => wipe(conn, dialect),
    apply: (ops) => applyStep(executor, ops),
    async reflect() {
      return dialect.normalize(await dialect.reflect(conn));
    },
    async close() {
      await conn.close();
      await db.cleanup();
    },
  };
}

async function hasVector(conn: Connection): Promise<boolean> {
  const rows = await conn.query<{ n: number | string }>(
    "SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'vector'",
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

async function applyStep(executor: LiveExecutor, ops: readonly Operation[]): Promise<void> {
  const { dialect } = executor;
  const run = async () => {
    for (const op of ops) {
      // As the rendered migration does (render.ts): a new enum value is committed before use.
      if (op.kind === 'addEnumValue') await executor.autocommit(() => executor.apply(op));
      else await executor.apply(op);
    }
  };
  if (!dialect.capabilities.transactionalDdl) return run();
  try {
    for (let attempt = 0; ; attempt++) {
      await executor.begin();
      try {
        await run();
        await executor.commit();
        return;
      } catch (error) {
        await executor.rollback();
        if (!(error instanceof ForeignKeysOffRequired) || attempt > 0) throw error;
        executor.setForeignKeysOffAtBegin(true);
      }
    }
  } finally {
    executor.setForeignKeysOffAtBegin(false);
  }
}
