import { AthanorError } from '../errors.js';
import { buildTableModel } from './build-table.js';
import { deepFreeze } from './deep-freeze.js';
import type { EnumModel, SchemaModel, TableModel } from './model.js';
import type { NamingConvention } from './naming.js';
import { columnRefsOf, isTable, tableDefinition, type AnyTable } from './table.js';
import type { ColumnType } from './types.js';

const schemaBrand: unique symbol = Symbol.for('athanor.schema');
/** Type-level only: the declared tables, for `InferDB`. Never present at run time. */
declare const schemaTables: unique symbol;

/**
 * A models module's default export: plain data (`model`) branded with a registry symbol, so a
 * schema built by another copy of athanor (the user's `node_modules`, a TS loader) is still one.
 *
 * @example
 * export default defineSchema({ users, jobs, resumes }, { extensions: ['vector'] });
 */
export interface Schema<
  T extends Readonly<Record<string, AnyTable>> = Readonly<Record<string, AnyTable>>,
> {
  readonly [schemaBrand]: true;
  readonly model: SchemaModel;
  readonly [schemaTables]?: T;
}

export interface DefineSchemaOptions {
  /** PostgreSQL extensions the schema needs (`vector`, `citext`, ...). */
  readonly extensions?: readonly string[];
  /** Enum types to create even when no column uses them yet. */
  readonly enums?: readonly EnumModel[];
  /** Names for unnamed constraints and indexes; the default gives `pk_users`, `uq_users_email`, ... */
  readonly naming?: NamingConvention;
}

/**
 * Turns declared tables into a Schema. Foreign-key closures are resolved here, so tables may
 * reference each other in any order; enums used by columns are collected into `model.enums`.
 *
 * @example
 * export default defineSchema({ users, jobs, resumes }, { extensions: ['vector'] });
 */
export function defineSchema<const T extends Readonly<Record<string, AnyTable>>>(
  tables: T,
  options: DefineSchemaOptions = {},
): Schema<T> {
  const models: TableModel[] = [];
  const seen = new Set<string>();
  for (const [key, tbl] of Object.entries(tables)) {
    if (!isTable(tbl))
      throw new AthanorError(
        'E_SCHEMA',
        `defineSchema: '${key}' is not a table declared with table()`,
      );
    const def = tableDefinition(tbl);
    const qualified = def.schema === undefined ? def.name : `${def.schema}.${def.name}`;
    if (seen.has(qualified))
      throw new AthanorError('E_SCHEMA', `defineSchema: table '${qualified}' is declared twice`);
    seen.add(qualified);
    const extras = def.extras ? def.extras(columnRefsOf(def)) : [];
    models.push(
      buildTableModel(def.name, def.columns, extras, {
        ...(def.schema === undefined ? {} : { schema: def.schema }),
        ...(def.comment === undefined ? {} : { comment: def.comment }),
        ...(options.naming === undefined ? {} : { naming: options.naming }),
      }),
    );
  }
  validateReferences(models);
  const model: SchemaModel = {
    tables: models,
    enums: collectEnums(models, options.enums ?? []),
    extensions: [...new Set(options.extensions ?? [])],
  };
  return Object.freeze({ [schemaBrand]: true as const, model: deepFreeze(model) });
}

/** Enums of columns (also inside arrays) plus the declared ones; one name, one list of values. */
function collectEnums(tables: readonly TableModel[], declared: readonly EnumModel[]): EnumModel[] {
  const byName = new Map<string, EnumModel>();
  const add = (e: EnumModel, where: string) => {
    const key = e.schema === undefined ? e.name : `${e.schema}.${e.name}`;
    const known = byName.get(key);
    if (!known)
      byName.set(key, {
        name: e.name,
        ...(e.schema === undefined ? {} : { schema: e.schema }),
        values: [...e.values],
      });
    else if (known.values.join('\u0000') !== e.values.join('\u0000')) {
      throw new AthanorError(
        'E_SCHEMA',
        `enum '${key}' has different values in ${where}: [${known.values.join(', ')}] vs [${e.values.join(', ')}]`,
      );
    }
  };
  for (const e of declared) add(e, 'defineSchema({ enums })');
  for (const tbl of tables) {
    for (const column of tbl.columns) {
      let type: ColumnType = column.type;
      while (type.kind === 'array') type = type.of;
      if (type.kind === 'enum')
        add({ name: type.name, values: type.values }, `${tbl.name}.${column.name}`);
    }
  }
  return [...byName.values()];
}

/** A foreign key to a table of the schema must name columns that table has. */
function validateReferences(tables: readonly TableModel[]): void {
  const byName = new Map<string, TableModel>();
  for (const tbl of tables)
    byName.set(tbl.schema === undefined ? tbl.name : `${tbl.schema}.${tbl.name}`, tbl);
  for (const tbl of tables) {
    for (const fk of tbl.foreignKeys) {
      const key = fk.refSchema === undefined ? fk.refTable : `${fk.refSchema}.${fk.refTable}`;
      const target = byName.get(key);
      const missing =
        target && fk.refColumns.find((c) => !target.columns.some((col) => col.name === c));
      if (missing) {
        throw new AthanorError(
          'E_SCHEMA',
          `foreign key ${fk.name ?? ''} on ${tbl.name} references unknown column ${key}.${missing}`,
        );
      }
    }
  }
}

/**
 * True for a Schema, also one built by another copy of athanor.
 *
 * @example
 * if (isSchema(module.default)) compare(current, module.default.model);
 */
export function isSchema(value: unknown): value is Schema {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<symbol | string, unknown>;
  return (
    record[schemaBrand] === true && typeof record['model'] === 'object' && record['model'] !== null
  );
}

/**
 * The SchemaModel of a Schema, of a SchemaModel, or of a module whose default export is one.
 *
 * @example
 * const target = toSchemaModel(await import('./src/db/schema.ts'));
 */
export function toSchemaModel(value: unknown): SchemaModel {
  if (isSchema(value)) return value.model;
  if (isSchemaModel(value)) return value;
  if (typeof value === 'object' && value !== null && 'default' in value) {
    const inner = (value as { default: unknown }).default;
    if (isSchema(inner) || isSchemaModel(inner)) return toSchemaModel(inner);
  }
  throw new AthanorError(
    'E_SCHEMA',
    'expected a Schema (the default export of defineSchema(...)) or a SchemaModel',
  );
}

function isSchemaModel(value: unknown): value is SchemaModel {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    Array.isArray(record['tables']) &&
    Array.isArray(record['enums']) &&
    Array.isArray(record['extensions'])
  );
}
