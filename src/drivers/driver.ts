import type { ParsedUrl } from '../config/url.js';
import type { DialectName } from '../schema/types.js';

/**
 * The one small interface every database driver implements. Statements are executed one at a
 * time; transactions are plain BEGIN/COMMIT statements issued by the runner, so that
 * `op.autocommit()` can step outside a transaction and back in on the same connection.
 *
 * @example
 * const conn = await connect(parseUrl('sqlite:./app.db'));
 * const rows = await conn.query<{ n: number }>('SELECT 1 AS n');
 */
export interface Connection {
  readonly dialect: DialectName;
  /** Where the connection goes, password masked: for messages. */
  readonly description: string;
  /** Runs a statement that returns rows. Placeholders are the dialect's own ($1 or ?). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a statement; resolves to the number of rows it changed where the driver reports it. */
  execute(sql: string, params?: readonly unknown[]): Promise<{ rowCount: number }>;
  /**
   * Runs several statements without parameters in one round trip, in order, stopping at the
   * first that fails (its error is the database's); resolves to the changed-row count of each
   * statement. Only where a round trip costs something (a server); each statement but the last
   * must be complete (not end inside a `--` comment).
   */
  executeMany?(statements: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}

export interface Driver {
  readonly dialect: DialectName;
  connect(url: ParsedUrl): Promise<Connection>;
}
