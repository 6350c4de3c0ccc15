import type {
  CheckConstraintModel,
  ColumnModel,
  DefaultValue,
  ForeignKeyModel,
  IndexModel,
  TableModel,
  UniqueConstraintModel,
} from '../schema/model.js';
import type { ColumnType, DialectName } from '../schema/types.js';

/**
 * The hub: every schema change is one of these plain, frozen objects. Migration files build them
 * through `op`, autogenerate builds them from a diff, each dialect compiles them to SQL, `reverse`
 * inverts them and `render` writes them back as TypeScript.
 *
 * @example
 * const add: AddColumn = { kind: 'addColumn', table: 'users', column: { name: 'phone', type: { kind: 'string', length: 20 }, nullable: true } };
 */
export type Operation =
  | CreateTable
  | DropTable
  | RenameTable
  | AddColumn
  | DropColumn
  | AlterColumn
  | SetTableComment
  | CreateIndex
  | DropIndex
  | AddConstraint
  | DropConstraint
  | CreateEnum
  | DropEnum
  | AddEnumValue
  | CreateExtension
  | DropExtension
  | ExecuteSql
  | BulkInsert
  | RecreateTable;

export type OperationKind = Operation['kind'];

/** Fields every operation may carry. */
export interface OperationBase {
  /** Run only on these dialects; others skip the operation and log that they did. */
  readonly dialects?: readonly DialectName[];
  /** Namespace of the table (PostgreSQL schema, MySQL database); absent = the connection's default. */
  readonly schema?: string;
}

export interface CreateTable extends OperationBase {
  readonly kind: 'createTable';
  readonly table: TableModel;
  readonly ifNotExists?: boolean;
}

export interface DropTable extends OperationBase {
  readonly kind: 'dropTable';
  readonly table: string;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

export interface RenameTable extends OperationBase {
  readonly kind: 'renameTable';
  readonly table: string;
  readonly newName: string;
}

export interface AddColumn extends OperationBase {
  readonly kind: 'addColumn';
  readonly table: string;
  readonly column: ColumnModel;
}

export interface DropColumn extends OperationBase {
  readonly kind: 'dropColumn';
  readonly table: string;
  readonly column: string;
}

/**
 * Changes one column. Only the fields present change. `default: null` drops the default;
 * `comment: null` drops the comment. `existing` describes the column before the change, which
 * MySQL's MODIFY COLUMN and SQLite's copy-and-move need (Alembic's `existing_type` & co).
 */
export interface AlterColumn extends OperationBase {
  readonly kind: 'alterColumn';
  readonly table: string;
  readonly column: string;
  readonly type?: ColumnType;
  readonly nullable?: boolean;
  readonly default?: DefaultValue | null;
  readonly comment?: string | null;
  readonly newName?: string;
  /** PostgreSQL `USING` expression for a type change. */
  readonly using?: string;
  readonly existing?: Partial<Omit<ColumnModel, 'name'>>;
}

export interface SetTableComment extends OperationBase {
  readonly kind: 'setTableComment';
  readonly table: string;
  readonly comment: string | null;
}

export interface CreateIndex extends OperationBase {
  readonly kind: 'createIndex';
  readonly index: IndexModel;
  /** PostgreSQL CREATE INDEX CONCURRENTLY; the runner moves it outside the transaction. */
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
}

export interface DropIndex extends OperationBase {
  readonly kind: 'dropIndex';
  readonly name: string;
  /** Required on MySQL (DROP INDEX ... ON table). */
  readonly table?: string;
  readonly concurrently?: boolean;
  readonly ifExists?: boolean;
}

export type ConstraintModel =
  | ({ readonly type: 'unique' } & UniqueConstraintModel)
  | ({ readonly type: 'foreignKey' } & ForeignKeyModel)
  | ({ readonly type: 'check' } & CheckConstraintModel)
  | { readonly type: 'primaryKey'; readonly name?: string; readonly columns: readonly string[] };

export interface AddConstraint extends OperationBase {
  readonly kind: 'addConstraint';
  readonly table: string;
  readonly constraint: ConstraintModel & { readonly name: string };
  /** PostgreSQL NOT VALID (foreign key and check). */
  readonly notValid?: boolean;
}

export interface DropConstraint extends OperationBase {
  readonly kind: 'dropConstraint';
  readonly table: string;
  readonly name: string;
  /** MySQL needs to know what it drops (DROP FOREIGN KEY vs DROP INDEX vs DROP CHECK). */
  readonly type?: ConstraintModel['type'];
}

export interface CreateEnum extends OperationBase {
  readonly kind: 'createEnum';
  readonly name: string;
  readonly values: readonly string[];
}

export interface DropEnum extends OperationBase {
  readonly kind: 'dropEnum';
  readonly name: string;
  readonly ifExists?: boolean;
}

/** PostgreSQL ALTER TYPE ... ADD VALUE (cannot run in a transaction block before PG 12). */
export interface AddEnumValue extends OperationBase {
  readonly kind: 'addEnumValue';
  readonly name: string;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
}

export interface CreateExtension extends OperationBase {
  readonly kind: 'createExtension';
  readonly name: string;
  readonly ifNotExists?: boolean;
  readonly version?: string;
  /** Schema the extension's objects go into (WITH SCHEMA). */
  readonly extensionSchema?: string;
}

export interface DropExtension extends OperationBase {
  readonly kind: 'dropExtension';
  readonly name: string;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

/** Raw SQL. `params` are bound as the dialect binds them (or inlined offline). */
export interface ExecuteSql extends OperationBase {
  readonly kind: 'executeSql';
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface BulkInsert extends OperationBase {
  readonly kind: 'bulkInsert';
  readonly table: string;
  readonly rows: readonly Readonly<Record<string, unknown>>[];
}

/**
 * SQLite copy-and-move: build `table` as a new table, copy rows (new column <- SQL expression over
 * the old table in `columnMap`, usually the old column name), drop the old table, rename, recreate
 * indexes. Produced by the SQLite dialect when an ALTER is unsupported, and by `op.batch`.
 */
export interface RecreateTable extends OperationBase {
  readonly kind: 'recreateTable';
  readonly table: TableModel;
  /** Name of the table being replaced (differs from table.name only when renamed). */
  readonly from: string;
  /** New column name -> SQL expression over the old table's columns (already quoted). */
  readonly columnMap: Readonly<Record<string, string>>;
}
