import { AthanorError, UnsupportedOperationError } from '../../errors.js';
import type {
  AlterColumn,
  CreateIndex,
  Operation,
  OperationKind,
  RecreateTable,
} from '../../operations/operation.js';
import { sql } from '../../operations/sql-tag.js';
import type { ColumnModel, IndexModel, TableModel } from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import type { CompileContext, Dialect, Statement } from '../dialect.js';
import { ddl, dispatchCompile, type CompilerTable } from '../shared/compiler-table.js';
import {
  columnDefinition,
  createTableSql,
  indexPartSql,
  parenthesizedDefault,
  tableName,
  type DdlDialect,
  type TableRef,
} from '../shared/ddl-fragments.js';
import {
  bulkInsertStatements,
  executeSqlStatement,
  type DmlDialect,
} from '../shared/dml-fragments.js';
import { sqliteScanRules } from '../shared/sql-scan.js';
import { canAddColumnInPlace } from './sqlite-add-column.js';
import { sqliteCore } from './sqlite-core.js';
import {
  columnHasDependents,
  planSqliteBatch,
  renameColumnInTable,
  sqliteBatchTablePrefix,
} from './sqlite-batch.js';
import { sqliteNativeType } from './sqlite-types.js';

const { quoteIdentifier, literal } = sqliteCore;

const integerKinds: ReadonlySet<ColumnType['kind']> = new Set(['integer', 'bigint', 'smallint']);

/**
 * AUTOINCREMENT exists only on the rowid alias, `INTEGER PRIMARY KEY`, written inline on its
 * column (https://www.sqlite.org/autoinc.html): the column must be the table's only key column.
 * Any neutral integer kind is declared INTEGER there (SQLite integers are 64-bit anyway).
 */
function isInlineKey(column: ColumnModel, table: TableRef): boolean {
  if (!column.autoincrement) return false;
  const key = table.primaryKey?.columns;
  if (!integerKinds.has(column.type.kind) || key?.length !== 1 || key[0] !== column.name) {
    throw new AthanorError(
      'E_INVALID_OP',
      `sqlite: autoincrement column "${column.name}" of "${table.name}" must be an integer and the table's only primary key column (INTEGER PRIMARY KEY AUTOINCREMENT)`,
    );
  }
  return true;
}

/**
 * Comments are metadata SQLite cannot store: they are dropped silently, since models carry them
 * on every dialect. Enum columns get a CHECK named after the enum type (see sqlite-types.ts).
 */
function columnTail(column: ColumnModel, table: TableRef): readonly string[] {
  const tail: string[] = [];
  if (isInlineKey(column, table)) {
    const keyName = table.primaryKey?.name;
    tail.push(
      `${keyName === undefined ? '' : `CONSTRAINT ${quoteIdentifier(keyName)} `}PRIMARY KEY AUTOINCREMENT`,
    );
  }
  if (column.type.kind === 'enum') {
    const values = column.type.values.map(literal).join(', ');
    tail.push(
      `CONSTRAINT ${quoteIdentifier(column.type.name)} CHECK (${quoteIdentifier(column.name)} IN (${values}))`,
    );
  }
  return tail;
}

const sqliteDdl: DdlDialect = {
  name: 'sqlite',
  scanRules: sqliteScanRules,
  quoteIdentifier,
  literal,
  columnType: (column, table) =>
    isInlineKey(column, table) ? 'INTEGER' : sqliteNativeType(column.type),
  columnTail,
  defaultExpression: (text) => parenthesizedDefault(text, sqliteScanRules),
  namedPrimaryKey: true,
  deferrable: true,
  qualifiedReferences: false,
};

/** better-sqlite3 binds only numbers, strings, bigints, Buffers and null. */
function bindValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

const sqliteDml: DmlDialect = {
  placeholder: sqliteCore.placeholder,
  quoteIdentifier,
  literal,
  scanRules: sqliteScanRules,
  placeholderStyle: 'question',
  // SQLITE_MAX_VARIABLE_NUMBER defaults to 32766 since 3.32 (https://www.sqlite.org/limits.html#max_variable_number).
  maxParams: 32766,
  bindValue,
  emptyInsert: (table) => sql`INSERT INTO ${table} DEFAULT VALUES`,
};

const name = (table: string, schema?: string): string => tableName(sqliteDdl, table, schema);

function unsupported(kind: OperationKind, reason: string): UnsupportedOperationError {
  return new UnsupportedOperationError('sqlite', kind, reason);
}

function hasInlineKey(table: TableModel): boolean {
  return table.columns.some((c) => isInlineKey(c, table));
}

/**
 * SQLite indexes have no access methods, operator classes or storage parameters. CONCURRENTLY
 * is ignored: SQLite has one writer, and an index build holds the write lock regardless.
 */
function createIndexSql(
  index: IndexModel,
  schema: string | undefined,
  options: Pick<CreateIndex, 'ifNotExists'>,
): string {
  if (index.using !== undefined && index.using.toLowerCase() !== 'btree') {
    throw unsupported(
      'createIndex',
      `index "${index.name}" uses ${JSON.stringify(index.using)}; SQLite indexes are b-trees only`,
    );
  }
  if (index.parts.some((p) => p.opclass !== undefined))
    throw unsupported('createIndex', `index "${index.name}" names an operator class`);
  if (Object.keys(index.with ?? {}).length > 0)
    throw unsupported('createIndex', `index "${index.name}" has storage parameters (with)`);
  // The schema prefixes the index name; the table is then looked up in that same schema.
  const head = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${name(index.name, schema)}`;
  const parts = index.parts.map((p) => indexPartSql(sqliteDdl, p)).join(', ');
  return `${head} ON ${quoteIdentifier(index.table)} (${parts})${index.where ? ` WHERE ${index.where}` : ''}`;
}

/**
 * The copy-and-move of https://www.sqlite.org/lang_altertable.html#otheralter: create the new
 * definition under a temporary name, copy the rows, drop the old table, rename, recreate the
 * indexes. The runner wraps it in sqliteBatchPragmas (foreign keys off outside the transaction).
 */
function recreateTableStatements(op: RecreateTable): Statement[] {
  const { table } = op;
  const schema = op.schema ?? table.schema;
  const temporary = `${sqliteBatchTablePrefix}${table.name}`;
  const copied = Object.keys(op.columnMap);
  const unknown = copied.filter((c) => !table.columns.some((col) => col.name === c));
  if (unknown.length > 0)
    throw new AthanorError(
      'E_INVALID_OP',
      `recreateTable "${table.name}": columnMap names unknown columns ${unknown.join(', ')}`,
    );
  const statements = [
    ddl(
      createTableSql(sqliteDdl, table, {
        name: temporary,
        schema,
        inlinePrimaryKey: hasInlineKey(table),
      }),
    ),
  ];
  if (copied.length > 0) {
    const expressions = copied.map((c) => op.columnMap[c] ?? quoteIdentifier(c)).join(', ');
    const columns = copied.map(quoteIdentifier).join(', ');
    statements.push(
      ddl(
        `INSERT INTO ${name(temporary, schema)} (${columns}) SELECT ${expressions} FROM ${name(op.from, schema)}`,
      ),
    );
  }
  statements.push(ddl(`DROP TABLE ${name(op.from, schema)}`));
  statements.push(
    ddl(`ALTER TABLE ${name(temporary, schema)} RENAME TO ${quoteIdentifier(table.name)}`),
  );
  statements.push(...table.indexes.map((index) => ddl(createIndexSql(index, schema, {}))));
  return statements;
}

/** The live table an unsupported ALTER is rebuilt from; offline there is none to read. */
function describe(op: Operation & { readonly table: string }, ctx: CompileContext): TableModel {
  if (!ctx.describeTable) {
    throw new AthanorError(
      'E_OFFLINE',
      `sqlite: ${op.kind} on "${op.table}" needs a copy-and-move of the table (SQLite cannot ALTER this), which needs the live table definition; offline (--sql) mode has none. Run it online, or write the new table with op.batch()/recreateTable.`,
      { details: { dialect: 'sqlite', operation: op.kind, table: op.table } },
    );
  }
  const table = ctx.describeTable(op.table, op.schema);
  if (!table)
    throw new AthanorError('E_INVALID_OP', `sqlite: ${op.kind}: no table "${op.table}" to alter`);
  return table;
}

function batch(op: Operation & { readonly table: string }, ctx: CompileContext): Statement[] {
  return recreateTableStatements(withSchema(planSqliteBatch(describe(op, ctx), [op]), op.schema));
}

function withSchema(op: RecreateTable, schema: string | undefined): RecreateTable {
  return schema === undefined ? op : { ...op, schema };
}

/**
 * Type, nullability and default changes rebuild the table. A rename goes first as a native
 * RENAME COLUMN, which also rewrites indexes, triggers, views and child tables' foreign keys.
 */
function alterColumnStatements(op: AlterColumn, ctx: CompileContext): Statement[] {
  const rename =
    op.newName === undefined || op.newName === op.column
      ? []
      : [
          ddl(
            `ALTER TABLE ${name(op.table, op.schema)} RENAME COLUMN ${quoteIdentifier(op.column)} TO ${quoteIdentifier(op.newName)}`,
          ),
        ];
  if (op.type === undefined && op.nullable === undefined && op.default === undefined) return rename;
  const current = describe(op, ctx);
  const column = op.newName ?? op.column;
  const table = rename.length > 0 ? renameColumnInTable(current, op.column, column) : current;
  const { newName: _newName, ...rest } = op;
  const recreate = planSqliteBatch(table, [{ ...rest, column }]);
  return [...rename, ...recreateTableStatements(withSchema(recreate, op.schema))];
}

const compilers = {
  createTable(op) {
    const schema = op.schema ?? op.table.schema;
    const options = {
      ifNotExists: op.ifNotExists,
      schema,
      inlinePrimaryKey: hasInlineKey(op.table),
    };
    return [
      ddl(createTableSql(sqliteDdl, op.table, options)),
      ...op.table.indexes.map((index) =>
        ddl(createIndexSql(index, schema, { ifNotExists: op.ifNotExists })),
      ),
    ];
  },
  // SQLite has no CASCADE on DROP TABLE.
  dropTable: (op) => [
    ddl(`DROP TABLE ${op.ifExists ? 'IF EXISTS ' : ''}${name(op.table, op.schema)}`),
  ],
  renameTable: (op) => [
    ddl(`ALTER TABLE ${name(op.table, op.schema)} RENAME TO ${quoteIdentifier(op.newName)}`),
  ],
  addColumn(op, ctx) {
    if (!canAddColumnInPlace(op.column)) return batch(op, ctx);
    return [
      ddl(
        `ALTER TABLE ${name(op.table, op.schema)} ADD COLUMN ${columnDefinition(sqliteDdl, op.column, { name: op.table })}`,
      ),
    ];
  },
  // DROP COLUMN (SQLite >= 3.35) refuses columns that keys, indexes or checks use; those rebuild.
  // Offline the dependents are unknown, so the plain statement is written.
  dropColumn(op, ctx) {
    const table = ctx.describeTable?.(op.table, op.schema);
    if (table && columnHasDependents(table, op.column)) return batch(op, ctx);
    return [
      ddl(`ALTER TABLE ${name(op.table, op.schema)} DROP COLUMN ${quoteIdentifier(op.column)}`),
    ];
  },
  alterColumn: (op, ctx) => alterColumnStatements(op, ctx),
  setTableComment: () => [],
  createIndex: (op) => [ddl(createIndexSql(op.index, op.schema, op))],
  dropIndex: (op) => [
    ddl(`DROP INDEX ${op.ifExists ? 'IF EXISTS ' : ''}${name(op.name, op.schema)}`),
  ],
  // SQLite's ALTER TABLE cannot add or drop constraints: both rebuild the table.
  addConstraint: (op, ctx) => batch(op, ctx),
  dropConstraint: (op, ctx) => batch(op, ctx),
  // Enums are a TEXT column with a CHECK on SQLite: there is no type to create or drop.
  createEnum: () => [],
  dropEnum: () => [],
  addEnumValue(op) {
    throw unsupported(
      'addEnumValue',
      `SQLite enums are a CHECK on each column that uses "${op.name}"; change those columns with alterColumn({ type: t.enum('${op.name}', [...values, '${op.value}']) })`,
    );
  },
  createExtension: (op) => {
    throw unsupported(
      'createExtension',
      `extensions ("${op.name}") are PostgreSQL's; restrict the operation with dialects: ['postgresql']`,
    );
  },
  dropExtension: (op) => {
    throw unsupported(
      'dropExtension',
      `extensions ("${op.name}") are PostgreSQL's; restrict the operation with dialects: ['postgresql']`,
    );
  },
  executeSql: (op, ctx) => [executeSqlStatement(sqliteDml, op, ctx)],
  bulkInsert: (op, ctx) => bulkInsertStatements(sqliteDml, op, ctx),
  recreateTable: (op) => recreateTableStatements(op),
} satisfies CompilerTable;

/**
 * The SQLite compiler: Operation -> Statement[] (pure). ALTERs SQLite lacks (column type,
 * nullability, default; constraints; some ADD/DROP COLUMN) become a copy-and-move built from
 * `ctx.describeTable`, and throw E_OFFLINE without it. Comments are dropped (SQLite has none).
 *
 * @example
 * sqliteCompiler.compile({ kind: 'renameTable', table: 'a', newName: 'b' }, { offline: true });
 * // [{ sql: 'ALTER TABLE "a" RENAME TO "b"', params: [] }]
 */
export const sqliteCompiler: Pick<
  Dialect,
  'compile' | 'placeholder' | 'quoteIdentifier' | 'literal'
> = Object.freeze({
  compile: (op, ctx) => dispatchCompile(compilers, op, ctx),
  placeholder: sqliteDml.placeholder,
  quoteIdentifier,
  literal,
});
