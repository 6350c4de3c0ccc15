/**
 * InnoDB drops a foreign key's own index when a unique on the same column appears; dropping that
 * unique later fails with error 1553 ("needed in a foreign key constraint"). The MySQL dialect
 * then drops it again with the key's index put back in the same ALTER TABLE. Found by the
 * round-trip property on MariaDB (seed 1479475290); run on the real MariaDB server.
 */
import { afterEach, expect, test } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { mysqlDialect } from '../../../src/dialects/mysql/mysql-dialect.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { connect } from '../../../src/drivers/registry.js';
import { LiveExecutor } from '../../../src/runtime/live-executor.js';
import {
  createMysqlDatabase,
  serverAvailable,
  type TestDatabase,
} from '../../helpers/databases.js';

const server = await serverAvailable('mysql');
const opened: { db: TestDatabase; conn: Connection }[] = [];
afterEach(async () => {
  for (const { db, conn } of opened.splice(0)) {
    await conn.close();
    await db.cleanup();
  }
});

const indexes = async (conn: Connection, table: string) =>
  (
    await conn.query<{ name: string; col: string }>(
      `SELECT INDEX_NAME AS name, COLUMN_NAME AS col FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [table],
    )
  ).map((r) => `${r.name}(${r.col})`);

test.skipIf(!server)(
  'dropping a unique that a foreign key came to rely on puts the key index back',
  async () => {
    const db = await createMysqlDatabase();
    const conn = await connect(parseUrl(db.url));
    opened.push({ db, conn });
    await conn.execute(
      'CREATE TABLE t1 (id integer NOT NULL PRIMARY KEY, c2 integer, ' +
        'CONSTRAINT fk_t1_c2 FOREIGN KEY (c2) REFERENCES t1 (id))',
    );
    expect(await indexes(conn, 't1')).toEqual(['fk_t1_c2(c2)', 'PRIMARY(id)']);
    const dialect = await mysqlDialect.forServer!(conn);
    const executor = await LiveExecutor.create({ connection: conn, dialect });
    await executor.apply({
      kind: 'addConstraint',
      table: 't1',
      constraint: { type: 'unique', name: 'uq_t1_c2', columns: ['c2'] },
    });
    // InnoDB has dropped its own index: the unique now serves the key.
    expect(await indexes(conn, 't1')).toEqual(['PRIMARY(id)', 'uq_t1_c2(c2)']);
    await executor.apply({ kind: 'dropConstraint', table: 't1', name: 'uq_t1_c2', type: 'unique' });
    expect(await indexes(conn, 't1')).toEqual(['fk_t1_c2(c2)', 'PRIMARY(id)']);
    const model = dialect.normalize(await dialect.reflect(conn, { onlyTables: ['t1'] }));
    const t1 = model.tables[0];
    expect(t1?.uniques).toEqual([]);
    expect(t1?.indexes).toEqual([]); // the key's own index, as the model has none
    expect(t1?.foreignKeys.map((fk) => fk.name)).toEqual(['fk_t1_c2']);
  },
);

test.skipIf(!server)('any other refusal is reported as it is', async () => {
  const db = await createMysqlDatabase();
  const conn = await connect(parseUrl(db.url));
  opened.push({ db, conn });
  await conn.execute('CREATE TABLE t2 (id integer NOT NULL PRIMARY KEY)');
  const executor = await LiveExecutor.create({ connection: conn, dialect: mysqlDialect });
  await expect(
    executor.apply({ kind: 'dropConstraint', table: 't2', name: 'nope', type: 'unique' }),
  ).rejects.toThrow(/nope/);
});
