import type { Connection } from '../../drivers/driver.js';
import { AthanorError } from '../../errors.js';
import type { DialectCore } from '../dialect.js';
import { postgresLiteralStyle, renderLiteral } from '../shared/literals.js';
import { postgresIdentifierRules, quoteIdentifierWith } from '../shared/quoting.js';

/** The schema read when none is given, as in postgres-reflector.ts. */
const defaultSchema = 'public';

const quoteIdentifier = (name: string): string =>
  quoteIdentifierWith(postgresIdentifierRules, name);
const literal = (value: unknown): string => renderLiteral(postgresLiteralStyle, value);

/**
 * The tables of the schema among the names, by the reflector's rules (postgres-catalog.ts):
 * ordinary and partitioned tables, not partitions, views or foreign tables. Failures read as
 * the reflector words them.
 */
async function tableNames(
  conn: Connection,
  names: readonly string[],
  schema: string = defaultSchema,
): Promise<ReadonlySet<string>> {
  try {
    const rows = await conn.query<{ name: string }>(
      `SELECT c.relname AS name
         FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname = ANY ($2::text[])`,
      [schema, [...names]],
    );
    return new Set(rows.map((r) => r.name).filter((name) => names.includes(name)));
  } catch (error) {
    if (error instanceof AthanorError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    const message = `cannot read schema '${schema}' of ${conn.description}: ${reason}`;
    throw new AthanorError('E_REFLECT', message, { cause: error });
  }
}

/**
 * PostgreSQL's SQL spelling (`$n` placeholders, `"` quoting) and table probe, for PostgreSQL
 * and PGlite alike; postgres-dialect.ts builds the whole dialect on it.
 *
 * @example
 * await postgresCore.tableNames(conn, ['athanor_version'], 'app');
 */
export const postgresCore: DialectCore = Object.freeze({
  name: 'postgresql',
  placeholder: (index: number) => `$${index}`,
  quoteIdentifier,
  literal,
  tableNames,
} satisfies DialectCore);
