import { check, defineMigration, index, sql, t, unique } from 'athanor';

/**
 * initial: users (with first and last name), resumes, jobs and their matches. No vectors yet
 * (002 adds them where pgvector exists), so this migration runs the same on every database.
 *
 * Revision ID: 92f0b6f8a089
 * Revises: <base>
 * Create Date: 2026-11-25T18:45:47.563Z
 */
export default defineMigration({
  revision: '92f0b6f8a089',
  downRevision: null,
  message: 'initial',
  async upgrade(op) {
    await op.createTable('users', {
      id: t.integer().primaryKey().autoincrement(),
      email: t.string(255).notNull().unique(),
      first_name: t.string(100).notNull(),
      last_name: t.string(100).notNull(),
      created_at: t
        .timestamp({ withTimezone: true })
        .notNull()
        .default(sql`CURRENT_TIMESTAMP`),
    });
    await op.createTable(
      'resumes',
      {
        id: t.integer().primaryKey().autoincrement(),
        user_id: t.integer().notNull().references('users.id', { onDelete: 'cascade' }),
        body: t.text().notNull(),
        created_at: t
          .timestamp({ withTimezone: true })
          .notNull()
          .default(sql`CURRENT_TIMESTAMP`),
      },
      { extras: [index().on('user_id')] },
    );
    await op.createTable('jobs', {
      id: t.integer().primaryKey().autoincrement(),
      title: t.string(200).notNull(),
      description: t.text().notNull(),
      created_at: t
        .timestamp({ withTimezone: true })
        .notNull()
        .default(sql`CURRENT_TIMESTAMP`),
    });
    await op.createTable(
      'job_matches',
      {
        id: t.integer().primaryKey().autoincrement(),
        resume_id: t.integer().notNull().references('resumes.id', { onDelete: 'cascade' }),
        job_id: t.integer().notNull().references('jobs.id', { onDelete: 'cascade' }),
        score: t.numeric(5, 4).notNull(),
        created_at: t
          .timestamp({ withTimezone: true })
          .notNull()
          .default(sql`CURRENT_TIMESTAMP`),
      },
      {
        extras: [
          unique().on('resume_id', 'job_id'),
          index().on('job_id'),
          check('ck_job_matches_score', sql`score >= 0 AND score <= 1`),
        ],
      },
    );
  },
  async downgrade(op) {
    await op.dropTable('job_matches');
    await op.dropTable('jobs');
    await op.dropTable('resumes');
    await op.dropTable('users');
  },
});
