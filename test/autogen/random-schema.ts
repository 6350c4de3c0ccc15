import fc from 'fast-check';
import type {
  CheckConstraintModel,
  ColumnModel,
  EnumModel,
  ForeignKeyModel,
  IndexModel,
  SchemaModel,
  TableModel,
  UniqueConstraintModel,
} from '../../src/schema/model.js';
import type { ColumnType } from '../../src/schema/types.js';

/**
 * Random, valid schema models over small name pools, so two independent draws share tables,
 * columns and constraints often (every kind of difference shows up). Valid means what a
 * database accepts: foreign keys point at a table whose primary key is exactly (id), names are
 * unique where the database needs them to be, enum columns use declared enums.
 */
const tableNames = ['t0', 't1', 't2', 't3', 't4'];
const columnNames = ['c0', 'c1', 'c2', 'c3'];
const enumValues = ['a', 'b', 'c', 'd'];

const enumArb: fc.Arbitrary<EnumModel[]> = fc
  .record({
    mood: fc.option(fc.subarray(enumValues, { minLength: 1 }), { nil: undefined }),
    status: fc.option(fc.subarray(enumValues, { minLength: 1 }), { nil: undefined }),
  })
  .map((r) => Object.entries(r).flatMap(([name, values]) => (values ? [{ name, values }] : [])));

function typeArb(enums: readonly EnumModel[]): fc.Arbitrary<ColumnType> {
  const base: fc.Arbitrary<ColumnType>[] = [
    fc.constant({ kind: 'integer' }),
    fc.constant({ kind: 'text' }),
    fc.constantFrom(10, 20).map((length) => ({ kind: 'string' as const, length })),
    fc.constant({ kind: 'boolean' }),
    fc.constant({ kind: 'numeric', precision: 10, scale: 2 }),
    fc.boolean().map((withTimezone) => ({ kind: 'timestamp' as const, withTimezone })),
    fc.constant({ kind: 'array', of: { kind: 'integer' } }),
  ];
  for (const e of enums) base.push(fc.constant({ kind: 'enum', name: e.name, values: e.values }));
  return fc.oneof(...base);
}

function columnArb(name: string, enums: readonly EnumModel[]): fc.Arbitrary<ColumnModel> {
  return fc
    .record({
      type: typeArb(enums),
      nullable: fc.boolean(),
      default: fc.option(
        fc.oneof(
          fc.constant({ kind: 'sql' as const, sql: 'CURRENT_TIMESTAMP' }),
          fc.constantFrom('x', 'y').map((value) => ({ kind: 'literal' as const, value })),
          fc.constantFrom(0, 1).map((value) => ({ kind: 'literal' as const, value })),
        ),
        { nil: undefined },
      ),
      comment: fc.option(fc.constantFrom('note', "it's"), { nil: undefined }),
    })
    .map((r) => ({
      name,
      type: r.type,
      nullable: r.nullable,
      ...(r.default === undefined ? {} : { default: r.default }),
      ...(r.comment === undefined ? {} : { comment: r.comment }),
    }));
}

const maybeName = (names: readonly string[]) =>
  fc.option(fc.constantFrom(...names), { nil: undefined });

/** A table without foreign keys (those need the other tables). */
function tableArb(name: string, enums: readonly EnumModel[]): fc.Arbitrary<TableModel> {
  return fc.subarray(columnNames).chain((names) => {
    const id: ColumnModel = {
      name: 'id',
      type: { kind: 'integer' },
      nullable: false,
      autoincrement: true,
    };
    const all = ['id', ...names];
    return fc
      .record({
        columns: fc.tuple(...names.map((n) => columnArb(n, enums))),
        pk: fc.constantFrom<'id' | 'composite' | 'none'>('id', 'id', 'id', 'composite', 'none'),
        pkName: maybeName([`pk_${name}`, `${name}_pkey`]),
        uniques: fc.uniqueArray(
          fc.subarray(all, { minLength: 1, maxLength: Math.min(2, all.length) }),
          { maxLength: 2, selector: (c) => c.join() },
        ),
        uniqueNames: fc.array(maybeName([`${name}_uq_a`, `${name}_uq_b`]), {
          minLength: 2,
          maxLength: 2,
        }),
        checks: fc.subarray(['id > 0', ...names.slice(0, 1).map((n) => `length(${n}::text) > 0`)]),
        checkNames: fc.array(maybeName([`${name}_ck_a`, `${name}_ck_b`]), {
          minLength: 2,
          maxLength: 2,
        }),
        indexes: fc.array(indexArb(name, all), { maxLength: 2 }),
        comment: fc.option(fc.constantFrom('table note', 'other'), { nil: undefined }),
      })
      .map((r): TableModel => {
        const pkColumns =
          r.pk === 'id' ? ['id'] : r.pk === 'composite' && names[0] ? ['id', names[0]] : undefined;
        const uniques: UniqueConstraintModel[] = r.uniques.map((columns, i) =>
          withName({ columns }, r.uniqueNames[i]),
        );
        const checks: CheckConstraintModel[] = r.checks.map((expression, i) =>
          withName({ expression }, r.checkNames[i]),
        );
        const indexes = dedupeNames(r.indexes);
        return {
          name,
          columns: [id, ...r.columns],
          ...(pkColumns ? { primaryKey: withName({ columns: pkColumns }, r.pkName) } : {}),
          indexes,
          uniques: dedupeConstraintNames(uniques),
          foreignKeys: [],
          checks: dedupeConstraintNames(checks),
          ...(r.comment === undefined ? {} : { comment: r.comment }),
        };
      });
  });
}

function withName<T extends object>(model: T, name: string | undefined): T & { name?: string } {
  return name === undefined ? model : { ...model, name };
}

function dedupeNames(indexes: IndexModel[]): IndexModel[] {
  return indexes.filter((index, i) => indexes.findIndex((x) => x.name === index.name) === i);
}

function dedupeConstraintNames<T extends { name?: string }>(items: T[]): T[] {
  return items.filter(
    (item, i) => item.name === undefined || items.findIndex((x) => x.name === item.name) === i,
  );
}

function indexArb(table: string, columns: readonly string[]): fc.Arbitrary<IndexModel> {
  return fc
    .record({
      name: fc.constantFrom(`ix_${table}_a`, `ix_${table}_b`, `ix_${table}_c`),
      parts: fc.subarray([...columns], { minLength: 1, maxLength: Math.min(2, columns.length) }),
      expression: fc.boolean(),
      unique: fc.boolean(),
      where: fc.option(fc.constant('id > 10'), { nil: undefined }),
      using: fc.option(fc.constantFrom('btree', 'hash'), { nil: undefined }),
      desc: fc.boolean(),
    })
    .map((r) => ({
      name: r.name,
      table,
      parts: [
        ...r.parts.map((column, i) =>
          r.desc && i === 0 ? { column, order: 'desc' as const } : { column },
        ),
        ...(r.expression ? [{ expression: 'lower(id::text)' }] : []),
      ],
      unique: r.unique,
      ...(r.where === undefined ? {} : { where: r.where }),
      ...(r.using === undefined ? {} : { using: r.using }),
    }));
}

/** Adds foreign keys (to tables whose primary key is exactly id; cycles allowed). */
function withForeignKeys(tables: TableModel[]): fc.Arbitrary<TableModel[]> {
  const targets = tables
    .filter((t) => t.primaryKey?.columns.length === 1 && t.primaryKey.columns[0] === 'id')
    .map((t) => t.name);
  if (targets.length === 0) return fc.constant(tables);
  const fkArb = (table: TableModel) =>
    fc.uniqueArray(
      fc.record({
        column: fc.constantFrom(...table.columns.map((c) => c.name)),
        refTable: fc.constantFrom(...targets),
        onDelete: fc.option(fc.constantFrom<'cascade' | 'set null'>('cascade', 'set null'), {
          nil: undefined,
        }),
        name: maybeName([`${table.name}_fk_a`, `${table.name}_fk_b`]),
      }),
      { maxLength: 2, selector: (f) => `${f.column}>${f.refTable}` },
    );
  return fc.tuple(...tables.map(fkArb)).map((lists) =>
    tables.map((table, i) => ({
      ...table,
      foreignKeys: dedupeConstraintNames(
        (lists[i] ?? []).map((f): ForeignKeyModel =>
          withName(
            {
              columns: [f.column],
              refTable: f.refTable,
              refColumns: ['id'],
              ...(f.onDelete === undefined ? {} : { onDelete: f.onDelete }),
            },
            f.name,
          ),
        ),
      ),
    })),
  );
}

/**
 * A random valid SchemaModel.
 *
 * @example
 * fc.assert(fc.property(schemaArb, (s) => compare(s, s).operations.length === 0));
 */
export const schemaArb: fc.Arbitrary<SchemaModel> = enumArb.chain((enums) =>
  fc
    .record({
      names: fc.subarray(tableNames),
      extensions: fc.subarray(['vector', 'citext']),
    })
    .chain(({ names, extensions }) =>
      (names.length === 0
        ? fc.constant([] as TableModel[])
        : fc.tuple(...names.map((n) => tableArb(n, enums)))
      )
        .chain(withForeignKeys)
        .map((tables): SchemaModel => ({ tables, enums, extensions })),
    ),
);
