import type { AlterColumn, Operation } from '../operations/operation.js';
import type { DefaultValue, IndexPart } from '../schema/model.js';
import type { ColumnType } from '../schema/types.js';

/**
 * A short spelling of a neutral type: `string(255)`, `timestamptz`, `enum mood`, `integer[]`.
 *
 * @example
 * describeType({ kind: 'numeric', precision: 10, scale: 2 }); // 'numeric(10,2)'
 */
export function describeType(type: ColumnType): string {
  switch (type.kind) {
    case 'string':
      return type.length === undefined ? 'string' : `string(${type.length})`;
    case 'timestamp':
      return type.withTimezone ? 'timestamptz' : 'timestamp';
    case 'numeric':
      return type.precision === undefined
        ? 'numeric'
        : `numeric(${[type.precision, type.scale].filter((x) => x !== undefined).join(',')})`;
    case 'enum':
      return `enum ${type.name}`;
    case 'vector':
    case 'halfvec':
    case 'sparsevec':
      return `${type.kind}(${type.dimensions})`;
    case 'array':
      return `${describeType(type.of)}[]`;
    case 'custom':
      return `custom(${[type.postgresql, type.sqlite, type.mysql].filter((x) => x !== undefined).join('|')})`;
    default:
      return type.kind;
  }
}

function describeDefault(value: DefaultValue | null | undefined): string {
  if (value === undefined || value === null) return 'none';
  return value.kind === 'sql' ? value.sql : JSON.stringify(value.value);
}

function qualified(op: { schema?: string | undefined }, name: string): string {
  return op.schema === undefined ? name : `${op.schema}.${name}`;
}

function parts(list: readonly IndexPart[]): string {
  return list.map((p) => ('column' in p ? p.column : p.expression)).join(', ');
}

function describeAlter(op: AlterColumn): string {
  const old = op.existing ?? {};
  const changes: string[] = [];
  if (op.newName !== undefined) changes.push(`renamed to ${op.newName}`);
  if (op.type !== undefined)
    changes.push(`type ${old.type ? describeType(old.type) : '?'} -> ${describeType(op.type)}`);
  if (op.nullable !== undefined) changes.push(`nullable ${old.nullable ?? '?'} -> ${op.nullable}`);
  if (op.default !== undefined)
    changes.push(`default ${describeDefault(old.default)} -> ${describeDefault(op.default)}`);
  if (op.comment !== undefined) changes.push('comment');
  return `~ column ${qualified(op, op.table)}.${op.column}: ${changes.join(', ')}`;
}

type Describer<K extends Operation['kind']> = (op: Extract<Operation, { kind: K }>) => string;

const describers = {
  createTable: (op) =>
    `+ table ${qualified({ schema: op.table.schema ?? op.schema }, op.table.name)}`,
  dropTable: (op) => `- table ${qualified(op, op.table)}`,
  renameTable: (op) => `~ table ${qualified(op, op.table)} -> ${op.newName}`,
  addColumn: (op) =>
    `+ column ${qualified(op, op.table)}.${op.column.name} (${describeType(op.column.type)})`,
  dropColumn: (op) => `- column ${qualified(op, op.table)}.${op.column}`,
  alterColumn: describeAlter,
  setTableComment: (op) => `~ table ${qualified(op, op.table)}: comment`,
  createIndex: (op) =>
    `+ ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${qualified(op, op.index.table)} (${parts(op.index.parts)})`,
  dropIndex: (op) => `- index ${op.name}`,
  addConstraint(op) {
    const c = op.constraint;
    const on = `${c.name} on ${qualified(op, op.table)}`;
    switch (c.type) {
      case 'foreignKey':
        return `+ foreign key ${on} (${c.columns.join(', ')}) -> ${c.refTable} (${c.refColumns.join(', ')})`;
      case 'check':
        return `+ check ${on}`;
      case 'unique':
        return `+ unique ${on} (${c.columns.join(', ')})`;
      case 'primaryKey':
        return `+ primary key ${on} (${c.columns.join(', ')})`;
    }
  },
  dropConstraint: (op) =>
    `- ${op.type === 'foreignKey' ? 'foreign key' : (op.type ?? 'constraint')} ${op.name} on ${qualified(op, op.table)}`,
  createEnum: (op) => `+ enum ${qualified(op, op.name)} (${op.values.join(', ')})`,
  dropEnum: (op) => `- enum ${qualified(op, op.name)}`,
  addEnumValue: (op) => `+ enum value ${qualified(op, op.name)}.${op.value}`,
  createExtension: (op) => `+ extension ${op.name}`,
  dropExtension: (op) => `- extension ${op.name}`,
  executeSql: (op) => `! execute ${op.sql.length > 60 ? `${op.sql.slice(0, 57)}...` : op.sql}`,
  bulkInsert: (op) =>
    `+ ${op.rows.length} row${op.rows.length === 1 ? '' : 's'} into ${qualified(op, op.table)}`,
  recreateTable: (op) =>
    `~ recreate table ${op.from}${op.from === op.table.name ? '' : ` as ${op.table.name}`}`,
} satisfies { [K in Operation['kind']]: Describer<K> };

/**
 * One line per operation for the CLI: `+` adds, `-` drops, `~` changes, `!` raw SQL.
 *
 * @example
 * summarizeOperations(ops);
 * // ['+ table users', '~ column users.email: type string(255) -> string(320)', '- index ix_old']
 */
export function summarizeOperations(ops: readonly Operation[]): string[] {
  return ops.map((op) =>
    (describers[op.kind] as (op: Operation) => string)(op).replace(/[\r\n]+/g, ' '),
  );
}
