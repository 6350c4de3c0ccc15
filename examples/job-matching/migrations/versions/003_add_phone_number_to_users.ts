import { defineMigration, t } from 'athanor';

/**
 * add phone number to users
 *
 * Revision ID: 9a78bd463141
 * Revises: f0bfb95dc079
 * Create Date: 2026-11-25T18:48:13.655Z
 */
export default defineMigration({
  revision: '9a78bd463141',
  downRevision: 'f0bfb95dc079',
  message: 'add phone number to users',
  async upgrade(op) {
    await op.addColumn('users', 'phone_number', t.string(20));
  },
  async downgrade(op) {
    await op.dropColumn('users', 'phone_number');
  },
});
