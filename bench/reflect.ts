/**
 * Benchmark: what `athanor check` / `revision --autogenerate` spend on large PostgreSQL schemas.
 *
 *   npx jiti bench/reflect.ts [--sizes 100,500,5000] [--runs 3] [--engine postgresql|pglite]
 *
 * For each size N, a fresh database gets N tables of 8 mixed columns (serial primary key,
 * varchar, unique varchar, timestamptz with a default, numeric, boolean with a default, json,
 * and an integer foreign key to the previous table: one FK chain as long as the schema), an
 * index and a unique constraint each. Then, best of `--runs`:
 * - reflect: `dialect.reflect(conn)`;
 * - normalize: `dialect.normalize` of the reflection and of the matching model;
 * - compare no-op: `compare(reflected, model)` (must find nothing);
 * - compare vs empty: `compare(reflected, empty)` (drops every table, in FK order);
 * - total: reflect + normalize + compare no-op, what `check` costs after connecting.
 * Targets: 500 tables under 0.8 s, 5,000 under 10 s (total).
 */
import { cpus, loadavg } from 'node:os';
import { compare } from '../src/autogen/compare.js';
import { parseUrl } from '../src/config/url.js';
import { postgresDialect } from '../src/dialects/postgres/postgres-dialect.js';
import type { Connection } from '../src/drivers/driver.js';
import { connect } from '../src/drivers/registry.js';
import { emptySchema, type SchemaModel, type TableModel } from '../src/schema/model.js';
import {
  createPgliteDatabase,
  createPostgresDatabase,
  serverAvailable,
} from '../test/helpers/databases.js';

const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const sizes = (option('--sizes') ?? '100,500,5000').split(',').map(Number);
const runs = Number(option('--runs') ?? 3);
const engine =
  option('--engine') ?? ((await serverAvailable('postgresql')) ? 'postgresql' : 'pglite');

const tableName = (i: number): string => `bench_${String(i).padStart(5, '0')}`;

/** Table i: 8 columns, a primary key, an index, a unique constraint, an FK to table i - 1. */
function benchTable(i: number): TableModel {
  const name = tableName(i);
  return {
    name,
    columns: [
      { name: 'id', type: { kind: 'integer' }, nullable: false, autoincrement: true },
      { name: 'name', type: { kind: 'string', length: 100 }, nullable: false },
      { name: 'email', type: { kind: 'string', length: 255 }, nullable: true },
      {
        name: 'created_at',
        type: { kind: 'timestamp', withTimezone: true },
        nullable: false,
        default: { kind: 'sql', sql: 'CURRENT_TIMESTAMP' },
      },
      { name: 'amount', type: { kind: 'numeric', precision: 12, scale: 2 }, nullable: true },
      {
        name: 'active',
        type: { kind: 'boolean' },
        nullable: false,
        default: { kind: 'literal', value: true },
      },
      { name: 'data', type: { kind: 'json' }, nullable: true },
      { name: 'prev_id', type: { kind: 'integer' }, nullable: true },
    ],
    primaryKey: { columns: ['id'] },
    indexes: [{ name: `ix_${name}_name`, table: name, parts: [{ column: 'name' }], unique: false }],
    uniques: [{ columns: ['email'] }],
    foreignKeys:
      i === 0
        ? []
        : [
            {
              columns: ['prev_id'],
              refTable: tableName(i - 1),
              refColumns: ['id'],
              onDelete: 'set null',
            },
          ],
    checks: [],
  };
}

function benchModel(n: number): SchemaModel {
  return { tables: Array.from({ length: n }, (_, i) => benchTable(i)), enums: [], extensions: [] };
}

/** Creates the model's tables with the statements athanor compiles, in batches of 200. */
async function build(conn: Connection, model: SchemaModel): Promise<void> {
  const { operations } = compare(emptySchema, model);
  const statements = operations.flatMap((op) =>
    postgresDialect.compile(op, { offline: true }).map((s) => s.sql),
  );
  for (let i = 0; i < statements.length; i += 200) {
    await conn.execute(`BEGIN;\n${statements.slice(i, i + 200).join(';\n')};\nCOMMIT`);
  }
}

async function best<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let result: { ms: number; value: T } | undefined;
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    const value = await fn();
    const ms = performance.now() - started;
    if (!result || ms < result.ms) result = { ms, value };
  }
  return result as { ms: number; value: T };
}

const fmt = (ms: number): string =>
  (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`).padStart(9);

async function measure(n: number): Promise<void> {
  const db = engine === 'pglite' ? await createPgliteDatabase() : await createPostgresDatabase();
  const conn = await connect(parseUrl(db.url));
  try {
    const model = benchModel(n);
    const buildStart = performance.now();
    await build(conn, model);
    const buildMs = performance.now() - buildStart;
    const reflect = await best(() => postgresDialect.reflect(conn));
    const normalize = await best(
      () => [postgresDialect.normalize(reflect.value), postgresDialect.normalize(model)] as const,
    );
    const [current, target] = normalize.value;
    const noop = await best(() => compare(current, target));
    const empty = await best(() => compare(current, emptySchema));
    if (noop.value.operations.length > 0)
      throw new Error(
        `compare found ${noop.value.operations.length} operations on a matching model`,
      );
    const total = reflect.ms + normalize.ms + noop.ms;
    const target500 = n === 500 ? ' (target < 0.8 s)' : n === 5000 ? ' (target < 10 s)' : '';
    console.log(
      `${String(n).padStart(5)} tables: reflect${fmt(reflect.ms)}  normalize${fmt(normalize.ms)}  compare no-op${fmt(noop.ms)}  ` +
        `compare vs empty${fmt(empty.ms)} (${empty.value.operations.length} ops)  total${fmt(total)}${target500}  [build ${fmt(buildMs).trim()}]`,
    );
  } finally {
    await conn.close();
    await db.cleanup();
  }
}

console.log(
  `bench/reflect on ${engine}: best of ${runs}; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`,
);
for (const n of sizes) await measure(n);
