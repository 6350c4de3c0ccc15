import type { ColumnBuilder, TableExtra } from '../schema/dsl.js';
import type { DefaultValue, ReferentialAction } from '../schema/model.js';
import type { ColumnType, DialectName } from '../schema/types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { SqlFragment } from './sql-tag.js';

/** Options every `op` method accepts. */
export interface OpOptions {
  /** Run only on these dialects; others skip the operation and log that they did. */
  readonly dialects?: readonly DialectName[];
  readonly schema?: string;
}

export interface AlterColumnOptions extends OpOptions {
  readonly type?: ColumnType | ColumnBuilder;
  readonly nullable?: boolean;
  /** A literal, an sql`` expression, or null to drop the default. */
  readonly default?: string | number | boolean | SqlFragment | DefaultValue | null;
  readonly comment?: string | null;
  readonly newName?: string;
  readonly using?: string;
  readonly existingType?: ColumnType | ColumnBuilder;
  readonly existingNullable?: boolean;
  readonly existingDefault?: string | number | boolean | SqlFragment | DefaultValue | null;
  readonly existingComment?: string | null;
}

export interface CreateIndexOptions extends OpOptions {
  readonly unique?: boolean;
  readonly where?: string | SqlFragment;
  readonly using?: string;
  /** Operator class for every column, or per column name. */
  readonly opclass?: string | Readonly<Record<string, string>>;
  readonly with?: Readonly<Record<string, string | number>>;
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
}

export interface ForeignKeyOptions extends OpOptions {
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  readonly notValid?: boolean;
  readonly refSchema?: string;
}

/**
 * The `op` object passed to `upgrade(op)` / `downgrade(op)`. Each call builds one Operation and
 * hands it to the executor: online it runs at once, offline it is written to the script.
 * Argument order follows Alembic's.
 */
export interface Op {
  /** The dialect this run targets, for the rare migration that must branch. */
  readonly dialect: Dialect;
  /** `-x key=value` arguments from the command line. */
  readonly args: Readonly<Record<string, string>>;
  /** True when writing an SQL script (`--sql`): `op.query` is unavailable. */
  readonly offline: boolean;

  createTable(
    name: string,
    columns: Readonly<Record<string, ColumnBuilder>>,
    options?: OpOptions & {
      readonly extras?: readonly TableExtra[];
      readonly comment?: string;
      readonly ifNotExists?: boolean;
    },
  ): Promise<void>;
  dropTable(
    name: string,
    options?: OpOptions & { readonly ifExists?: boolean; readonly cascade?: boolean },
  ): Promise<void>;
  renameTable(name: string, newName: string, options?: OpOptions): Promise<void>;
  addColumn(table: string, name: string, column: ColumnBuilder, options?: OpOptions): Promise<void>;
  dropColumn(table: string, name: string, options?: OpOptions): Promise<void>;
  alterColumn(table: string, name: string, changes: AlterColumnOptions): Promise<void>;
  setTableComment(table: string, comment: string | null, options?: OpOptions): Promise<void>;
  createIndex(
    name: string,
    table: string,
    columns: readonly (string | SqlFragment)[],
    options?: CreateIndexOptions,
  ): Promise<void>;
  dropIndex(
    name: string,
    options?: OpOptions & {
      readonly table?: string;
      readonly concurrently?: boolean;
      readonly ifExists?: boolean;
    },
  ): Promise<void>;
  createUniqueConstraint(
    name: string,
    table: string,
    columns: readonly string[],
    options?: OpOptions,
  ): Promise<void>;
  createForeignKey(
    name: string,
    table: string,
    refTable: string,
    columns: readonly string[],
    refColumns: readonly string[],
    options?: ForeignKeyOptions,
  ): Promise<void>;
  createCheckConstraint(
    name: string,
    table: string,
    condition: string | SqlFragment,
    options?: OpOptions & { readonly notValid?: boolean },
  ): Promise<void>;
  createPrimaryKey(
    name: string,
    table: string,
    columns: readonly string[],
    options?: OpOptions,
  ): Promise<void>;
  dropConstraint(
    name: string,
    table: string,
    options?: OpOptions & { readonly type?: 'unique' | 'foreignKey' | 'check' | 'primaryKey' },
  ): Promise<void>;
  createEnum(name: string, values: readonly string[], options?: OpOptions): Promise<void>;
  dropEnum(name: string, options?: OpOptions & { readonly ifExists?: boolean }): Promise<void>;
  addEnumValue(
    name: string,
    value: string,
    options?: OpOptions & { readonly before?: string; readonly after?: string },
  ): Promise<void>;
  createExtension(
    name: string,
    options?: OpOptions & {
      readonly ifNotExists?: boolean;
      readonly version?: string;
      readonly extensionSchema?: string;
    },
  ): Promise<void>;
  dropExtension(
    name: string,
    options?: OpOptions & { readonly ifExists?: boolean; readonly cascade?: boolean },
  ): Promise<void>;
  /** Raw SQL: a string (with `params` in the dialect's placeholder style) or sql`...`. */
  execute(
    statement: string | SqlFragment,
    params?: readonly unknown[],
    options?: OpOptions,
  ): Promise<void>;
  /** Online only: runs a query and returns its rows. Offline it throws OfflineError. */
  query<R = Record<string, unknown>>(
    statement: string | SqlFragment,
    params?: readonly unknown[],
  ): Promise<R[]>;
  bulkInsert(
    table: string,
    rows: readonly Readonly<Record<string, unknown>>[],
    options?: OpOptions,
  ): Promise<void>;
  /** Groups changes to one table; on SQLite they become one copy-and-move. */
  batch(
    table: string,
    fn: (batchOp: BatchOp) => Promise<void> | void,
    options?: OpOptions,
  ): Promise<void>;
  /** Runs `fn` outside the migration's transaction (CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE). */
  autocommit(fn: () => Promise<void>): Promise<void>;
}

/** The subset of `op` usable inside `op.batch(table, ...)`: table-level changes without the table name. */
export interface BatchOp {
  addColumn(name: string, column: ColumnBuilder): Promise<void> | void;
  dropColumn(name: string): Promise<void> | void;
  alterColumn(name: string, changes: AlterColumnOptions): Promise<void> | void;
  createIndex(
    name: string,
    columns: readonly (string | SqlFragment)[],
    options?: CreateIndexOptions,
  ): Promise<void> | void;
  dropIndex(name: string): Promise<void> | void;
  createUniqueConstraint(name: string, columns: readonly string[]): Promise<void> | void;
  createForeignKey(
    name: string,
    refTable: string,
    columns: readonly string[],
    refColumns: readonly string[],
    options?: ForeignKeyOptions,
  ): Promise<void> | void;
  createCheckConstraint(name: string, condition: string | SqlFragment): Promise<void> | void;
  dropConstraint(
    name: string,
    options?: { readonly type?: 'unique' | 'foreignKey' | 'check' | 'primaryKey' },
  ): Promise<void> | void;
}
