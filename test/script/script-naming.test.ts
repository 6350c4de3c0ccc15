import { describe, expect, it } from 'vitest';
import {
  formatFileDate,
  isMigrationFileName,
  newRevisionId,
  nextSequence,
  renderFileName,
  slugify,
  stemOfFileName,
} from '../../src/script/script-naming.js';

describe('naming', () => {
  it('slugifies messages', () => {
    expect(slugify('Create users table')).toBe('create_users_table');
    expect(slugify('  Add "phone" number -- to Users!! ')).toBe('add_phone_number_to_users');
    expect(slugify('Ünïcödé café')).toBe('unicode_cafe');
    expect(slugify('!!!')).toBe('revision');
    const long = slugify('add a very long message that goes on and on beyond forty characters');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toBe('add_a_very_long_message_that_goes_on_and');
    expect(slugify('x'.repeat(60))).toHaveLength(40);
  });

  it('numbers files: max existing seq + 1, padded to 3, growing past 999', () => {
    expect(nextSequence('{seq}_{slug}', [])).toBe('001');
    expect(nextSequence('{seq}_{slug}', ['001_a', '007_b', '003_c', 'notes'])).toBe('008');
    expect(nextSequence('{seq}_{slug}', ['999_last'])).toBe('1000');
    expect(nextSequence('{seq}_{slug}', ['1000_a', '0999_b'])).toBe('1001');
    expect(nextSequence('{date}_{seq}_{slug}', ['20250101_1200_004_a'])).toBe('005');
  });

  it('renders patterns with {seq}, {slug}, {rev} and {date}', () => {
    const values = { seq: '004', slug: 'add_phone', rev: 'c3c3c3c3c3c3', date: formatFileDate(new Date('2025-11-25T16:54:59Z')) };
    expect(renderFileName('{seq}_{slug}', values)).toBe('004_add_phone');
    expect(renderFileName('{rev}_{slug}', values)).toBe('c3c3c3c3c3c3_add_phone');
    expect(renderFileName('{date}_{slug}', values)).toBe('20251125_1654_add_phone');
  });

  it('makes 12-hex revision ids and recognises migration files', () => {
    expect(newRevisionId()).toMatch(/^[0-9a-f]{12}$/);
    expect(newRevisionId()).not.toBe(newRevisionId());
    expect(isMigrationFileName('001_a.ts')).toBe(true);
    expect(isMigrationFileName('001_a.mjs')).toBe(true);
    expect(isMigrationFileName('001_a.d.ts')).toBe(false);
    expect(isMigrationFileName('_helpers.ts')).toBe(false);
    expect(isMigrationFileName('.gitkeep')).toBe(false);
    expect(isMigrationFileName('README.md')).toBe(false);
    expect(stemOfFileName('003_add_phone.ts')).toBe('003_add_phone');
  });
});
