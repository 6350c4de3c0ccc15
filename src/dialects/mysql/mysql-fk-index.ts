import type { Connection } from '../../drivers/driver.js';
import type { Operation } from '../../operations/operation.js';
import type { Statement } from '../dialect.js';

/** ER_DROP_INDEX_FK: "Cannot drop index '...': needed in a foreign key constraint". */
const dropIndexNeededByForeignKey = 1553;

interface KeyColumn {
  readonly name: string;
  readonly col: string;
}

/**
 * InnoDB needs an index that starts with a foreign key's columns. It makes one itself, named after
 * the constraint, when the key is created, and drops it silently when a better one appears (a
 * unique on the same column, say). Dropping that better index later fails with error 1553. Here
 * the drop is done again with the index InnoDB dropped put back in the same ALTER TABLE, named
 * after the constraint as InnoDB names it (the normalizer treats it as the key's own, so the
 * schema compares as the model says). https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html
 *
 * @example
 * await mysqlForeignKeyIndexRecovery({ op, sql, error }, conn, quote);
 * // [{ sql: 'ALTER TABLE `t1` ADD INDEX `fk_t1_c2` (`c2`), DROP INDEX `uq_t1_c2`', params: [] }]
 */
export async function mysqlForeignKeyIndexRecovery(
  failed: { readonly op: Operation; readonly error: unknown },
  conn: Connection,
  quote: (name: string) => string,
): Promise<Statement[] | undefined> {
  const { op, error } = failed;
  if ((error as { errno?: unknown } | null)?.errno !== dropIndexNeededByForeignKey)
    return undefined;
  const target =
    op.kind === 'dropIndex' && op.table !== undefined
      ? { table: op.table, index: op.name }
      : op.kind === 'dropConstraint'
        ? { table: op.table, index: op.name }
        : undefined;
  if (!target) return undefined;
  const schema = op.schema ?? null;
  const keys = groupColumns(
    await conn.query<KeyColumn>(
      `SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
          AND r.TABLE_NAME = k.TABLE_NAME
        WHERE k.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND k.TABLE_NAME = ?
        ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
      [schema, target.table],
    ),
  );
  const indexes = groupColumns(
    await conn.query<KeyColumn>(
      `SELECT INDEX_NAME AS name, COLUMN_NAME AS col FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?
        ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
      [schema, target.table],
    ),
  );
  const others = [...indexes].filter(([name]) => name !== target.index).map(([, cols]) => cols);
  const adds = [...keys]
    .filter(([, cols]) => !others.some((index) => startsWith(index, cols)))
    .map(([name, cols]) => `ADD INDEX ${quote(name)} (${cols.map(quote).join(', ')})`);
  if (adds.length === 0) return undefined;
  const table = op.schema ? `${quote(op.schema)}.${quote(target.table)}` : quote(target.table);
  return [
    {
      sql: `ALTER TABLE ${table} ${adds.join(', ')}, DROP INDEX ${quote(target.index)}`,
      params: [],
    },
  ];
}

function groupColumns(rows: readonly KeyColumn[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const name = String(row.name);
    groups.set(name, [...(groups.get(name) ?? []), String(row.col)]);
  }
  return groups;
}

function startsWith(index: readonly string[], columns: readonly string[]): boolean {
  return columns.every((c, i) => index[i]?.toLowerCase() === c.toLowerCase());
}
