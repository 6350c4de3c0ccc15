import type { Connection } from '../drivers/driver.js';
import type { Operation } from '../operations/operation.js';
import type { SqlRenderer } from '../operations/sql-tag.js';
import type { SchemaModel, TableModel } from '../schema/model.js';
import type { DialectName } from '../schema/types.js';

/** One SQL statement with its bound parameters (empty offline: values are inlined). */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * What a dialect can and cannot do, as data. Code outside `dialects/<db>/` branches on these,
 * never on the dialect's name.
 */
export interface Capabilities {
  /** DDL runs inside a transaction and rolls back with it (PostgreSQL, SQLite; not MySQL). */
  readonly transactionalDdl: boolean;
  /** ALTER TABLE ... ALTER COLUMN exists (not on SQLite, which recreates the table). */
  readonly alterColumn: boolean;
  /** Constraints can be added/dropped on an existing table with ALTER TABLE. */
  readonly alterConstraints: boolean;
  /** Named enum types (CREATE TYPE); MySQL inlines ENUM, SQLite uses a CHECK. */
  readonly enumTypes: boolean;
  readonly extensions: boolean;
  readonly schemas: boolean;
  readonly partialIndexes: boolean;
  readonly expressionIndexes: boolean;
  readonly concurrentIndexes: boolean;
  readonly comments: boolean;
  readonly checkConstraints: boolean;
  readonly deferrableConstraints: boolean;
  readonly arrays: boolean;
  readonly vectors: boolean;
  /** Longest identifier the database accepts (63 PostgreSQL, 64 MySQL). */
  readonly maxIdentifierLength: number;
}

export interface CompileContext {
  /** Offline (`--sql`): parameters must be inlined as literals. */
  readonly offline: boolean;
  /**
   * The current definition of a table, where the caller knows it (online: reflected from the
   * database; offline: unknown). SQLite needs it to turn an unsupported ALTER into a RecreateTable.
   */
  readonly describeTable?: (name: string, schema?: string) => TableModel | undefined;
}

export interface ReflectOptions {
  /** Namespace to read; default `public` on PostgreSQL, the connected database on MySQL. */
  readonly schema?: string;
  /** Tables never reflected (the version and log tables). */
  readonly excludeTables?: readonly string[];
  /** Table-name filter applied before the catalog is read in detail. */
  readonly includeTable?: (name: string) => boolean;
  /** Only these tables (used by the SQLite executor to describe one table). */
  readonly onlyTables?: readonly string[];
}

/** A migration-run lock as data on the dialect. */
export interface MigrationLock {
  /**
   * Takes the lock, waiting up to `timeoutMs`; throws LockTimeoutError naming the holder when it
   * can. Returns a release function. `lockConnection` is a connection the lock may own (PostgreSQL
   * holds a session-level advisory lock on a connection of its own).
   */
  acquire(options: {
    readonly conn: Connection;
    readonly openConnection: () => Promise<Connection>;
    readonly key: string;
    readonly timeoutMs: number;
  }): Promise<{ release(): Promise<void> }>;
}

/**
 * The part of a dialect that reading athanor's own tables needs: how it spells SQL and which
 * tables exist. Each dialect keeps it in a small module of its own (`<db>-core.ts`), so a read
 * command such as `current` loads neither the compiler nor the reflector (start-up time).
 */
export interface DialectCore extends SqlRenderer {
  readonly name: DialectName;
  /**
   * Which of `names` exist as tables the reflector would read (ordinary tables of `schema`,
   * default the dialect's, as in {@link ReflectOptions.schema}), in one catalog query. Exact,
   * case-sensitive names.
   */
  tableNames(
    conn: Connection,
    names: readonly string[],
    schema?: string,
  ): Promise<ReadonlySet<string>>;
}

export interface Dialect extends DialectCore {
  readonly capabilities: Capabilities;
  /**
   * Turns one operation into statements. Throws UnsupportedOperationError (naming the dialect and
   * the operation) when the dialect cannot run it. Never executes anything.
   */
  compile(op: Operation, ctx: CompileContext): Statement[];
  /** Reads the live schema into the neutral model. A handful of bulk catalog queries. */
  reflect(conn: Connection, options?: ReflectOptions): Promise<SchemaModel>;
  /** One canonical form for both sides of compare (names, defaults, type spellings). */
  normalize(model: SchemaModel): SchemaModel;
  readonly lock: MigrationLock;
  /** BEGIN statement for a migration transaction (SQLite: BEGIN IMMEDIATE). */
  readonly beginSql: string;
  /**
   * The dialect as the connected server speaks it, where servers of one dialect differ (MySQL 8
   * has functional key parts, MariaDB has none): same name, capabilities and compile adjusted.
   * Online runs call it once on their connection; absent where every server is alike.
   */
  forServer?(conn: Connection): Promise<Dialect>;
  /**
   * Where tables are altered by copy-and-move (SQLite): the table this operation rebuilds, for
   * which the executor reads the live definition and guards foreign keys. Absent where every
   * change is an ALTER.
   */
  rebuiltTable?(op: Operation): string | undefined;
  /**
   * A statement of `op` the server refused that the dialect can carry out another way (MySQL: an
   * index a foreign key still needs, see mysql-fk-index.ts): the statements to run instead, or
   * undefined to report the failure as it is. Online only; consulted where DDL is not
   * transactional, so the refused statement changed nothing.
   */
  recover?(
    failed: { readonly op: Operation; readonly sql: string; readonly error: unknown },
    conn: Connection,
  ): Promise<Statement[] | undefined>;
}
