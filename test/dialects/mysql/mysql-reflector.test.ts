import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../../src/config/url.js';
import { reflectMysql } from '../../../src/dialects/mysql/mysql-reflector.js';
import type { Connection } from '../../../src/drivers/driver.js';
import { mysql2Driver } from '../../../src/drivers/mysql2-driver.js';
import type { TableModel } from '../../../src/schema/model.js';
import {
  createMysqlDatabase,
  serverAvailable,
  type TestDatabase,
} from '../../helpers/databases.js';

const available = await serverAvailable('mysql');

describe.skipIf(!available)('reflectMysql on hand-written DDL', () => {
  let db: TestDatabase;
  let conn: Connection;
  beforeAll(async () => {
    db = await createMysqlDatabase();
    conn = await mysql2Driver.connect(parseUrl(db.url));
  });
  afterAll(async () => {
    await conn?.close();
    await db?.cleanup();
  });
  beforeEach(async () => {
    // One database for the file: drop what the previous test made, children first.
    const tables = await conn.query<{ t: string }>(
      'SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    await conn.execute('SET FOREIGN_KEY_CHECKS = 0');
    for (const { t } of tables) await conn.execute(`DROP TABLE \`${t}\``);
    await conn.execute('SET FOREIGN_KEY_CHECKS = 1');
  });

  async function table(ddl: string, name = 't'): Promise<TableModel> {
    await conn.execute(ddl);
    const found = (await reflectMysql(conn)).tables.find((t) => t.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  }

  it('reads every column type into the neutral type', async () => {
    const types: [string, unknown][] = [
      ['INT', { kind: 'integer' }],
      ['INTEGER(5)', { kind: 'integer' }],
      ['BIGINT', { kind: 'bigint' }],
      ['SMALLINT', { kind: 'smallint' }],
      ['BOOLEAN', { kind: 'boolean' }],
      ['TINYINT(1)', { kind: 'boolean' }],
      ['TINYINT', { kind: 'custom', mysql: 'tinyint' }],
      ['INT UNSIGNED', { kind: 'custom', mysql: 'int unsigned' }],
      ['MEDIUMINT', { kind: 'custom', mysql: 'mediumint' }],
      ['VARCHAR(20)', { kind: 'string', length: 20 }],
      ['CHAR(36)', { kind: 'uuid' }],
      ['CHAR(2)', { kind: 'custom', mysql: 'char(2)' }],
      ['TEXT', { kind: 'text' }],
      ['MEDIUMTEXT', { kind: 'text' }],
      ['LONGTEXT', { kind: 'text' }],
      ['DATETIME', { kind: 'timestamp', withTimezone: false }],
      ['DATETIME(6)', { kind: 'timestamp', withTimezone: false }],
      ['TIMESTAMP NULL', { kind: 'timestamp', withTimezone: true }],
      ['DATE', { kind: 'date' }],
      ['TIME', { kind: 'time' }],
      ['TIME(6)', { kind: 'time' }],
      ['DECIMAL(10,2)', { kind: 'numeric', precision: 10, scale: 2 }],
      ['NUMERIC', { kind: 'numeric', precision: 10, scale: 0 }],
      ['FLOAT', { kind: 'real' }],
      ['DOUBLE', { kind: 'double' }],
      ['REAL', { kind: 'double' }],
      ['JSON', { kind: 'json' }],
      ['UUID', { kind: 'uuid' }],
      ['BLOB', { kind: 'binary' }],
      ['LONGBLOB', { kind: 'binary' }],
      ['VARBINARY(16)', { kind: 'binary' }],
      ["ENUM('a','b''c','d\\\\e')", { kind: 'enum', name: 't_c31', values: ['a', "b'c", 'd\\e'] }],
      ["SET('x','y')", { kind: 'custom', mysql: "set('x','y')" }],
    ];
    const t = await table(
      `CREATE TABLE t (${types.map(([type], i) => `c${i} ${type}`).join(', ')})`,
    );
    expect(t.columns.map((c) => c.type)).toEqual(types.map(([, type]) => type));
  });

  it('reads MariaDB JSON (LONGTEXT + json_valid CHECK) as json and hides its CHECK', async () => {
    const t = await table(
      "CREATE TABLE t (doc JSON, plain LONGTEXT, CONSTRAINT ck_doc CHECK (doc IS NULL OR doc <> ''))",
    );
    expect(t.columns.map((c) => c.type)).toEqual([{ kind: 'json' }, { kind: 'text' }]);
    expect(t.checks).toEqual([{ name: 'ck_doc', expression: "`doc` is null or `doc` <> ''" }]);
  });

  it('reads literal and expression defaults, nullability, auto_increment and comments', async () => {
    const t = await table(`CREATE TABLE t (
      id INT AUTO_INCREMENT PRIMARY KEY COMMENT 'the key',
      a VARCHAR(20) NOT NULL DEFAULT 'it''s \\\\ x', b INT DEFAULT -42, c DOUBLE DEFAULT 1.5, d BOOLEAN DEFAULT TRUE,
      e VARCHAR(5) DEFAULT NULL, f DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6), g DATE DEFAULT (CURRENT_DATE),
      h INT DEFAULT (1 + 2), i VARCHAR(5) DEFAULT 'NULL', j VARCHAR(5), k DECIMAL(6,2) DEFAULT 3.10
    ) COMMENT 'a table'`);
    expect(t.comment).toBe('a table');
    expect(
      t.columns.map((c) => [c.name, c.nullable, c.default, c.autoincrement, c.comment]),
    ).toEqual([
      ['id', false, undefined, true, 'the key'],
      ['a', false, { kind: 'literal', value: "it's \\ x" }, undefined, undefined],
      ['b', true, { kind: 'literal', value: -42 }, undefined, undefined],
      ['c', true, { kind: 'literal', value: 1.5 }, undefined, undefined],
      ['d', true, { kind: 'literal', value: true }, undefined, undefined],
      ['e', true, undefined, undefined, undefined],
      ['f', true, { kind: 'sql', sql: 'current_timestamp(6)' }, undefined, undefined],
      ['g', true, { kind: 'sql', sql: 'curdate()' }, undefined, undefined],
      ['h', true, { kind: 'sql', sql: '1 + 2' }, undefined, undefined],
      ['i', true, { kind: 'literal', value: 'NULL' }, undefined, undefined],
      ['j', true, undefined, undefined, undefined],
      ['k', true, { kind: 'literal', value: 3.1 }, undefined, undefined],
    ]);
  });

  it('reads the primary key, unique constraints and unique indexes as uniques, other indexes as indexes', async () => {
    const t = await table(`CREATE TABLE t (a INT, b INT, c VARCHAR(50), d INT UNIQUE, e TEXT,
      PRIMARY KEY (b, a), CONSTRAINT uq_t_c UNIQUE (c, a), INDEX ix_t_c (c DESC, d), FULLTEXT INDEX ft_t_e (e))`);
    await conn.execute('CREATE UNIQUE INDEX ux_t_a ON t (a)');
    await conn.execute('CREATE UNIQUE INDEX ux_t_d_desc ON t (d DESC)');
    const [reflected] = (await reflectMysql(conn)).tables;
    expect(t.primaryKey).toEqual({ columns: ['b', 'a'] });
    expect(reflected?.uniques).toEqual([
      { name: 'd', columns: ['d'] },
      { name: 'uq_t_c', columns: ['c', 'a'] },
      { name: 'ux_t_a', columns: ['a'] },
    ]);
    expect(reflected?.indexes).toEqual([
      { name: 'ft_t_e', table: 't', parts: [{ column: 'e' }], unique: false, using: 'fulltext' },
      {
        name: 'ix_t_c',
        table: 't',
        parts: [{ column: 'c', order: 'desc' }, { column: 'd' }],
        unique: false,
      },
      { name: 'ux_t_d_desc', table: 't', parts: [{ column: 'd', order: 'desc' }], unique: true },
    ]);
  });

  it('reads foreign keys with names, columns in order, and actions', async () => {
    await conn.execute(
      'CREATE TABLE p (id INT PRIMARY KEY, a INT, b INT, UNIQUE KEY uq_p_ba (b, a))',
    );
    const c = await table(
      `CREATE TABLE c (id INT PRIMARY KEY, pid INT, x INT, y INT, self INT,
        FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE,
        CONSTRAINT fk_c_xy FOREIGN KEY (y, x) REFERENCES p (b, a) ON UPDATE SET NULL ON DELETE NO ACTION,
        CONSTRAINT fk_c_self FOREIGN KEY (self) REFERENCES c (id))`,
      'c',
    );
    expect(c.foreignKeys).toEqual([
      {
        name: 'c_ibfk_1',
        columns: ['pid'],
        refTable: 'p',
        refColumns: ['id'],
        onDelete: 'cascade',
        onUpdate: 'restrict',
      },
      {
        name: 'fk_c_self',
        columns: ['self'],
        refTable: 'c',
        refColumns: ['id'],
        onDelete: 'restrict',
        onUpdate: 'restrict',
      },
      {
        name: 'fk_c_xy',
        columns: ['y', 'x'],
        refTable: 'p',
        refColumns: ['b', 'a'],
        onDelete: 'no action',
        onUpdate: 'set null',
      },
    ]);
    // InnoDB indexed the keys itself; reflection reports those indexes as they are (normalize hides them).
    expect(c.indexes.map((i) => i.name)).toEqual(['fk_c_self', 'fk_c_xy', 'pid']);
  });

  it('reads CHECK constraints as MariaDB re-prints them, named per table', async () => {
    await conn.execute('CREATE TABLE u (a INT, CHECK (a > 1))');
    const t = await table(
      `CREATE TABLE t (a INT CHECK (a > 0), b VARCHAR(9), CONSTRAINT ck_t_b CHECK (LENGTH(b) > 2 AND b != 'x'), CHECK (a < 10))`,
    );
    // A column CHECK is named after its column, an unnamed table CHECK CONSTRAINT_<n>.
    expect(t.checks).toEqual([
      { name: 'a', expression: '`a` > 0' },
      { name: 'ck_t_b', expression: "octet_length(`b`) > 2 and `b` <> 'x'" },
      { name: 'CONSTRAINT_1', expression: '`a` < 10' },
    ]);
  });

  it('skips views, generated columns and excluded tables; reads another database by name', async () => {
    await conn.execute('CREATE TABLE keep (a INT, g INT GENERATED ALWAYS AS (a * 2) VIRTUAL)');
    await conn.execute('CREATE TABLE athanor_version (version_num VARCHAR(32) PRIMARY KEY)');
    await conn.execute('CREATE VIEW v AS SELECT a FROM keep');
    const model = await reflectMysql(conn, { excludeTables: ['athanor_version'] });
    expect(model.tables.map((t) => t.name)).toEqual(['keep']);
    expect(model.tables[0]?.columns.map((c) => c.name)).toEqual(['a']);
    expect(
      (await reflectMysql(conn, { onlyTables: ['athanor_version'] })).tables.map((t) => t.name),
    ).toEqual(['athanor_version']);
    const [{ db: name } = { db: '' }] = await conn.query<{ db: string }>('SELECT DATABASE() AS db');
    const other = await mysql2Driver.connect(parseUrl(db.url.replace(/\/[^/]*$/, '/mysql')));
    const viaSchema = await reflectMysql(other, {
      schema: name,
      includeTable: (n) => n === 'keep',
    });
    await other.close();
    expect(viaSchema.tables.map((t) => [t.schema, t.name])).toEqual([[name, 'keep']]);
    await conn.execute('DROP VIEW v');
  });

  it('needs a database', async () => {
    const bare = await mysql2Driver.connect(parseUrl(db.url.replace(/\/[^/]*$/, '/')));
    await expect(reflectMysql(bare)).rejects.toThrow(/no database to reflect/);
    await bare.close();
  });
});
