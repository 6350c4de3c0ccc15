import { defineMigration, t, type Op } from 'athanor';

/**
 * add full name to users: a data migration. `full_name` is filled from `first_name` and
 * `last_name`, which are then dropped; the downgrade splits it back at the first space. The SQL
 * differs where the databases differ: `||` concatenates on SQLite and PostgreSQL but is OR on
 * MySQL (CONCAT there), and PostgreSQL spells instr() as strpos().
 *
 * Revision ID: 3c9be7815784
 * Revises: 9a78bd463141
 * Create Date: 2026-11-25T18:49:01.452Z
 */
export default defineMigration({
  revision: '3c9be7815784',
  downRevision: '9a78bd463141',
  message: 'add full name to users',
  async upgrade(op) {
    // 100 + ' ' + 100 characters: every existing pair of names fits.
    await op.addColumn('users', 'full_name', t.string(201));
    // TRIM: an empty last name gives 'Plato', not 'Plato '.
    await op.execute(
      `UPDATE users SET full_name = TRIM(${concat(op, 'first_name', "' '", 'last_name')})`,
    );
    await op.alterColumn('users', 'full_name', { nullable: false, existingType: t.string(201) });
    await op.dropColumn('users', 'first_name');
    await op.dropColumn('users', 'last_name');
  },
  async downgrade(op) {
    await op.addColumn('users', 'first_name', t.string(100));
    await op.addColumn('users', 'last_name', t.string(100));
    // 'Ada Lovelace' -> 'Ada' + 'Lovelace'; 'Plato' -> 'Plato' + ''; cut to the columns' 100.
    const space = `${op.dialect.name === 'postgresql' ? 'strpos' : 'instr'}(full_name, ' ')`;
    const first = `CASE WHEN ${space} > 0 THEN substr(full_name, 1, ${space} - 1) ELSE full_name END`;
    const last = `CASE WHEN ${space} > 0 THEN substr(full_name, ${space} + 1) ELSE '' END`;
    await op.execute(
      `UPDATE users SET first_name = substr(${first}, 1, 100), last_name = substr(${last}, 1, 100)`,
    );
    await op.alterColumn('users', 'first_name', { nullable: false, existingType: t.string(100) });
    await op.alterColumn('users', 'last_name', { nullable: false, existingType: t.string(100) });
    await op.dropColumn('users', 'full_name');
  },
});

/** SQL concatenation of the parts: CONCAT() on MySQL, where `||` means OR; `||` elsewhere. */
function concat(op: Op, ...parts: readonly string[]): string {
  return op.dialect.name === 'mysql' ? `CONCAT(${parts.join(', ')})` : parts.join(' || ');
}
