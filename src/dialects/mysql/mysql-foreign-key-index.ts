import type { Statement } from '../dialect.js';
import { ddl } from '../shared/compiler-table.js';
import { mysqlLiteralStyle, renderLiteral } from '../shared/literals.js';
import { mysqlIdentifierRules, quoteIdentifierWith } from '../shared/quoting.js';

const quote = (name: string): string => quoteIdentifierWith(mysqlIdentifierRules, name);
const literal = (value: string): string => renderLiteral(mysqlLiteralStyle, value);

/**
 * InnoDB creates an index for a foreign key whose columns no index covers, named after the
 * constraint, and keeps it when the key is dropped
 * (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-restrictions).
 * The model never saw that index (normalize leaves it out while the key exists), so it goes with
 * the key: these statements drop an index of the key's name when there is one. The check runs in
 * the database (a prepared statement), so the same script works online and offline, on MySQL
 * and on MariaDB (MySQL has no DROP INDEX IF EXISTS).
 *
 * @example
 * dropForeignKeyIndex('resumes', undefined, 'fk_resumes_user_id_users').length; // 4
 */
export function dropForeignKeyIndex(
  table: string,
  schema: string | undefined,
  name: string,
): Statement[] {
  const qualified = schema === undefined ? quote(table) : `${quote(schema)}.${quote(table)}`;
  const drop = `ALTER TABLE ${qualified} DROP INDEX ${quote(name)}`;
  const where = [
    `table_schema = ${schema === undefined ? 'DATABASE()' : literal(schema)}`,
    `table_name = ${literal(table)}`,
    `index_name = ${literal(name)}`,
  ].join(' AND ');
  return [
    ddl(
      `SET @athanor_fk_index = (SELECT IF(COUNT(*) = 0, 'DO 0', ${literal(drop)}) FROM information_schema.statistics WHERE ${where})`,
    ),
    ddl('PREPARE athanor_fk_index FROM @athanor_fk_index'),
    ddl('EXECUTE athanor_fk_index'),
    ddl('DEALLOCATE PREPARE athanor_fk_index'),
  ];
}
