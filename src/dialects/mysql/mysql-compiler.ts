import { AthanorError, UnsupportedOperationError } from '../../errors.js';
import type {
  AlterColumn,
  ConstraintModel,
  CreateIndex,
  Operation,
  OperationKind,
} from '../../operations/operation.js';
import { sql } from '../../operations/sql-tag.js';
import type { ColumnModel, IndexModel } from '../../schema/model.js';
import type { ColumnType } from '../../schema/types.js';
import type { Dialect, Statement } from '../dialect.js';
import { ddl, dispatchCompile, type CompilerTable } from '../shared/compiler-table.js';
import {
  columnDefinition,
  constraintClause,
  createTableSql,
  defaultValueSql,
  indexPartSql,
  parenthesizedDefault,
  tableName,
  type DdlDialect,
} from '../shared/ddl-fragments.js';
import {
  bulkInsertStatements,
  executeSqlStatement,
  type DmlDialect,
} from '../shared/dml-fragments.js';
import { utcDateTimeText } from '../shared/literals.js';
import { mysqlScanRules } from '../shared/sql-scan.js';
import { mysqlCore } from './mysql-core.js';
import { dropForeignKeyIndex } from './mysql-foreign-key-index.js';
import { mysqlNativeType } from './mysql-types.js';

const { quoteIdentifier, literal } = mysqlCore;

const integerKinds: ReadonlySet<ColumnType['kind']> = new Set(['integer', 'bigint', 'smallint']);

function columnTail(column: ColumnModel): readonly string[] {
  const tail: string[] = [];
  if (column.autoincrement) {
    if (!integerKinds.has(column.type.kind)) {
      throw new AthanorError(
        'E_INVALID_OP',
        `mysql: autoincrement column "${column.name}" must be integer, bigint or smallint`,
      );
    }
    tail.push('AUTO_INCREMENT');
  }
  // MySQL keeps column comments inline in the definition; there is no COMMENT ON.
  if (column.comment !== undefined) tail.push(`COMMENT ${literal(column.comment)}`);
  return tail;
}

/**
 * A DATETIME(6) column's clock default must carry the same precision: MySQL refuses
 * `DATETIME(6) DEFAULT CURRENT_TIMESTAMP` (https://dev.mysql.com/doc/refman/8.0/en/timestamp-initialization.html),
 * so the portable `CURRENT_TIMESTAMP` of a model becomes `CURRENT_TIMESTAMP(6)` here.
 */
function defaultExpression(text: string, type?: ColumnType): string {
  if (
    type?.kind === 'timestamp' &&
    /^\s*(?:CURRENT_TIMESTAMP|NOW|LOCALTIMESTAMP)(?:\s*\(\s*\))?\s*$/i.test(text)
  )
    return 'CURRENT_TIMESTAMP(6)';
  return parenthesizedDefault(text, mysqlScanRules);
}

const mysqlDdl: DdlDialect = {
  name: 'mysql',
  scanRules: mysqlScanRules,
  quoteIdentifier,
  literal,
  columnType: (column) => mysqlNativeType(column.type),
  columnTail,
  defaultExpression,
  // MySQL names every primary key PRIMARY and has no deferred constraints
  // (https://dev.mysql.com/doc/refman/8.0/en/ansi-diff-foreign-keys.html): DEFERRABLE is dropped.
  namedPrimaryKey: false,
  deferrable: false,
  qualifiedReferences: true,
};

/** Values as mysql2 should bind them: Dates as UTC DATETIME text (not the client's local zone), objects as JSON. */
function bindValue(value: unknown): unknown {
  if (value instanceof Date) return utcDateTimeText(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array)
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}

const mysqlDml: DmlDialect = {
  placeholder: mysqlCore.placeholder,
  quoteIdentifier,
  literal,
  scanRules: mysqlScanRules,
  placeholderStyle: 'question',
  // The prepared-statement protocol counts parameters in 2 bytes.
  maxParams: 65535,
  bindValue,
  emptyInsert: (table) => sql`INSERT INTO ${table} () VALUES ()`,
};

const name = (table: string, schema?: string): string => tableName(mysqlDdl, table, schema);

function unsupported(kind: OperationKind, reason: string): UnsupportedOperationError {
  return new UnsupportedOperationError('mysql', kind, reason);
}

/**
 * MySQL indexes have no partial predicate, operator classes or storage parameters; USING takes
 * BTREE or HASH. CONCURRENTLY is ignored: InnoDB builds secondary indexes online by default
 * (https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html#online-ddl-index-operations).
 * IF NOT EXISTS is MariaDB syntax. Expression parts are `((expr))` (MySQL 8.0.13+); on servers
 * without them the dialect refuses first (refuseExpressionIndexes, via mysqlDialect.forServer).
 */
function createIndexSql(
  index: IndexModel,
  schema: string | undefined,
  options: Pick<CreateIndex, 'ifNotExists'>,
): string {
  if (index.where !== undefined)
    throw unsupported(
      'createIndex',
      `index "${index.name}" is partial (where); MySQL has no partial indexes`,
    );
  if (index.parts.some((p) => p.opclass !== undefined))
    throw unsupported('createIndex', `index "${index.name}" names an operator class`);
  if (Object.keys(index.with ?? {}).length > 0)
    throw unsupported('createIndex', `index "${index.name}" has storage parameters (with)`);
  const method = index.using?.toUpperCase();
  if (method !== undefined && method !== 'BTREE' && method !== 'HASH') {
    throw unsupported(
      'createIndex',
      `index "${index.name}" uses ${JSON.stringify(index.using)}; MySQL knows BTREE and HASH`,
    );
  }
  const head = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${quoteIdentifier(index.name)}`;
  const parts = index.parts.map((p) => indexPartSql(mysqlDdl, p)).join(', ');
  return `${head} ON ${name(index.table, schema)} (${parts})${method ? ` USING ${method}` : ''}`;
}

/**
 * Refuses an operation that builds an index with an expression part (`((lower(email)))`) on a
 * server without functional key parts: MariaDB (all versions to date, 11.x included:
 * https://mariadb.com/kb/en/create-index/ has no key-part expressions) and MySQL before 8.0.13
 * (https://dev.mysql.com/doc/refman/8.0/en/create-index.html#create-index-functional-key-parts).
 * Thrown at compile time, so the runner's dry run refuses the migration before it applies anything.
 *
 * @example
 * refuseExpressionIndexes(op, 'MariaDB 10.11.19'); // throws E_UNSUPPORTED_OP for ((lower(email)))
 */
export function refuseExpressionIndexes(op: Operation, server: string): void {
  const indexes =
    op.kind === 'createIndex' ? [op.index] : op.kind === 'createTable' ? op.table.indexes : [];
  for (const index of indexes) {
    const part = index.parts.find((p) => 'expression' in p);
    if (part === undefined || !('expression' in part)) continue;
    throw unsupported(
      op.kind,
      `index "${index.name}" on "${index.table}" has an expression part (${part.expression}); ` +
        `${server} has no functional key parts (MySQL 8.0.13+ has). Restrict the operation to the ` +
        `databases that have them, e.g. { dialects: ['postgresql', 'sqlite'] }, or index a column ` +
        'that holds the value',
    );
  }
}

/**
 * MODIFY/CHANGE COLUMN restate the whole definition: what does not change comes from
 * `existing`, which must carry the type and nullability (Alembic's existing_type /
 * existing_nullable). An absent existing default or comment means "none". A default-only change
 * or a plain rename needs no definition (ALTER COLUMN ... SET DEFAULT, RENAME COLUMN).
 * `using` is PostgreSQL's (as Alembic's postgresql_using): MySQL converts values itself, so it is ignored.
 */
function alterColumnStatements(op: AlterColumn): Statement[] {
  const target = name(op.table, op.schema);
  const column = quoteIdentifier(op.column);
  if (op.type === undefined && op.nullable === undefined && op.comment === undefined) {
    const statements: Statement[] = [];
    if (op.default === null)
      statements.push(ddl(`ALTER TABLE ${target} ALTER COLUMN ${column} DROP DEFAULT`));
    if (op.default)
      statements.push(
        ddl(
          `ALTER TABLE ${target} ALTER COLUMN ${column} SET DEFAULT ${defaultValueSql(mysqlDdl, op.default, op.existing?.type)}`,
        ),
      );
    if (op.newName !== undefined)
      statements.push(
        ddl(`ALTER TABLE ${target} RENAME COLUMN ${column} TO ${quoteIdentifier(op.newName)}`),
      );
    return statements;
  }
  const definition = columnDefinition(mysqlDdl, fullColumn(op), {
    name: op.table,
    schema: op.schema,
  });
  const verb = op.newName === undefined ? 'MODIFY COLUMN' : `CHANGE COLUMN ${column}`;
  return [ddl(`ALTER TABLE ${target} ${verb} ${definition}`)];
}

function fullColumn(op: AlterColumn): ColumnModel {
  const type = op.type ?? op.existing?.type;
  const nullable = op.nullable ?? op.existing?.nullable;
  if (type === undefined || nullable === undefined) {
    const missing = [
      ...(type === undefined ? ['existingType'] : []),
      ...(nullable === undefined ? ['existingNullable'] : []),
    ];
    throw new AthanorError(
      'E_INVALID_OP',
      `mysql: alterColumn ${op.table}.${op.column} rewrites the whole column (MODIFY COLUMN), so it needs what does not change: pass ${missing.join(' and ')}`,
      { details: { dialect: 'mysql', operation: 'alterColumn', missing } },
    );
  }
  const defaultValue = op.default === undefined ? op.existing?.default : (op.default ?? undefined);
  const comment = op.comment === undefined ? op.existing?.comment : (op.comment ?? undefined);
  return {
    name: op.newName ?? op.column,
    type,
    nullable,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(comment === undefined ? {} : { comment }),
    ...(op.existing?.autoincrement ? { autoincrement: true } : {}),
  };
}

/**
 * MySQL drops each kind of constraint with its own clause. Checks use DROP CONSTRAINT, which both
 * MySQL 8.0.19+ and MariaDB understand (MariaDB has no DROP CHECK).
 * https://dev.mysql.com/doc/refman/8.0/en/alter-table.html https://mariadb.com/kb/en/alter-table/#drop-constraint
 */
const dropConstraintClauses: Readonly<Record<ConstraintModel['type'], (quoted: string) => string>> =
  {
    foreignKey: (quoted) => `DROP FOREIGN KEY ${quoted}`,
    unique: (quoted) => `DROP INDEX ${quoted}`,
    check: (quoted) => `DROP CONSTRAINT ${quoted}`,
    primaryKey: () => 'DROP PRIMARY KEY',
  };

const compilers = {
  createTable(op) {
    const schema = op.schema ?? op.table.schema;
    const suffix = op.table.comment === undefined ? '' : ` COMMENT = ${literal(op.table.comment)}`;
    return [
      ddl(createTableSql(mysqlDdl, op.table, { ifNotExists: op.ifNotExists, schema, suffix })),
      ...op.table.indexes.map((index) => ddl(createIndexSql(index, schema, {}))),
    ];
  },
  // CASCADE is parsed and ignored by MySQL (https://dev.mysql.com/doc/refman/8.0/en/drop-table.html).
  dropTable: (op) => [
    ddl(`DROP TABLE ${op.ifExists ? 'IF EXISTS ' : ''}${name(op.table, op.schema)}`),
  ],
  // The new name is qualified too: unqualified, MySQL would move the table to the default database.
  renameTable: (op) => [
    ddl(`ALTER TABLE ${name(op.table, op.schema)} RENAME TO ${name(op.newName, op.schema)}`),
  ],
  addColumn: (op) => [
    ddl(
      `ALTER TABLE ${name(op.table, op.schema)} ADD COLUMN ${columnDefinition(mysqlDdl, op.column, { name: op.table, schema: op.schema })}`,
    ),
  ],
  dropColumn: (op) => [
    ddl(`ALTER TABLE ${name(op.table, op.schema)} DROP COLUMN ${quoteIdentifier(op.column)}`),
  ],
  alterColumn: (op) => alterColumnStatements(op),
  setTableComment: (op) => [
    ddl(`ALTER TABLE ${name(op.table, op.schema)} COMMENT = ${literal(op.comment ?? '')}`),
  ],
  createIndex: (op) => [ddl(createIndexSql(op.index, op.schema, op))],
  dropIndex(op) {
    if (op.table === undefined) {
      throw new AthanorError(
        'E_INVALID_OP',
        `mysql: dropIndex "${op.name}" needs its table (DROP INDEX ... ON table): pass { table }`,
      );
    }
    return [
      ddl(
        `DROP INDEX ${op.ifExists ? 'IF EXISTS ' : ''}${quoteIdentifier(op.name)} ON ${name(op.table, op.schema)}`,
      ),
    ];
  },
  // NOT VALID is PostgreSQL's; MySQL validates existing rows, which is the stricter outcome.
  addConstraint: (op) => [
    ddl(
      `ALTER TABLE ${name(op.table, op.schema)} ADD ${constraintClause(mysqlDdl, op.constraint)}`,
    ),
  ],
  dropConstraint(op) {
    if (op.type === undefined) {
      throw new AthanorError(
        'E_INVALID_OP',
        `mysql: dropConstraint "${op.name}" on ${op.table} needs its type ('foreignKey', 'unique', 'check' or 'primaryKey'): MySQL drops each with a different clause`,
      );
    }
    return [
      ddl(
        `ALTER TABLE ${name(op.table, op.schema)} ${dropConstraintClauses[op.type](quoteIdentifier(op.name))}`,
      ),
      ...(op.type === 'foreignKey' ? dropForeignKeyIndex(op.table, op.schema, op.name) : []),
    ];
  },
  // Enums are inline column types on MySQL: there is no type to create or drop.
  createEnum: () => [],
  dropEnum: () => [],
  addEnumValue(op) {
    throw unsupported(
      'addEnumValue',
      `MySQL enums are inline column types, so "${op.name}" lives in each column that uses it; change those columns with alterColumn({ type: t.enum('${op.name}', [...values, '${op.value}']), existingNullable })`,
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
  executeSql: (op, ctx) => [executeSqlStatement(mysqlDml, op, ctx)],
  bulkInsert: (op, ctx) => bulkInsertStatements(mysqlDml, op, ctx),
  recreateTable() {
    throw unsupported(
      'recreateTable',
      "copy-and-move is SQLite's substitute for ALTER TABLE; MySQL alters tables in place, so run the individual operations",
    );
  },
} satisfies CompilerTable;

/**
 * The MySQL/MariaDB compiler: Operation -> Statement[] (pure). DDL inlines values as literals;
 * bulkInsert and executeSql bind `?` parameters online and inline them offline (strings with
 * `''` and `\\` escaped, as the default sql_mode reads them).
 *
 * @example
 * mysqlCompiler.compile({ kind: 'dropConstraint', table: 'resumes', name: 'fk_resumes_user_id_users', type: 'foreignKey' }, { offline: true });
 * // [{ sql: 'ALTER TABLE `resumes` DROP FOREIGN KEY `fk_resumes_user_id_users`', params: [] }]
 */
export const mysqlCompiler: Pick<
  Dialect,
  'compile' | 'placeholder' | 'quoteIdentifier' | 'literal'
> = Object.freeze({
  compile: (op, ctx) => dispatchCompile(compilers, op, ctx),
  placeholder: mysqlDml.placeholder,
  quoteIdentifier,
  literal,
});
