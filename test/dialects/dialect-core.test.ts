/**
 * The dialects' table probe (`<db>-core.ts`), which read commands use instead of a reflection:
 * on every engine it must see exactly the tables the reflector sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDialect, loadDialectCore } from '../../src/dialects/registry.js';
import type { Connection } from '../../src/drivers/driver.js';
import { engineTargets, openTimeoutMs, type Engine } from './compile-helpers.js';

const targets = await engineTargets();

/** The engine's client behind the driver interface the dialects read through. */
function connectionOf(engine: Engine): Connection {
  return {
    dialect: engine.dialect,
    description: engine.name,
    query: (sql, params) => engine.query(sql, params),
    async execute(sql, params) {
      await engine.query(sql, params);
      return { rowCount: 0 };
    },
    close: () => engine.close(),
  };
}

describe.each(targets)('table probe on $name', (target) => {
  let engine: Engine;
  beforeAll(async () => {
    if (!target.available) return;
    engine = await target.open();
    await engine.query('CREATE TABLE probe_a (id INTEGER PRIMARY KEY)');
    await engine.query('CREATE VIEW probe_v AS SELECT id FROM probe_a');
  }, openTimeoutMs);
  afterAll(async () => {
    await engine?.close();
  });

  it.skipIf(!target.available)(
    'finds tables, not views, missing names or other cases',
    async () => {
      const conn = connectionOf(engine);
      const core = await loadDialectCore(engine.dialect);
      const names = ['probe_a', 'probe_v', 'probe_missing', 'PROBE_A'];
      const found = await core.tableNames(conn, names);
      expect([...found]).toEqual(['probe_a']);
      // The same answer as a reflection limited to the names (what the probe replaced).
      const dialect = await loadDialect(engine.dialect);
      const reflected = await dialect.reflect(conn, { onlyTables: names });
      expect(reflected.tables.map((t) => t.name)).toEqual([...found]);
      expect(await dialect.tableNames(conn, [])).toEqual(new Set());
    },
  );
});
