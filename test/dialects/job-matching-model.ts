/**
 * The DESIGN §4 job-matching models written with the DSL, without the PostgreSQL-only vector
 * parts: the model the SQLite and MySQL round-trip tests apply and reflect back.
 */
import { sql } from '../../src/operations/sql-tag.js';
import { check, defineSchema, index, t, table, unique } from '../../src/schema/dsl.js';

export function jobMatchingSchema(options: { readonly partialIndex: boolean }) {
  const users = table('users', {
    id: t.integer().primaryKey().autoincrement(),
    email: t.string(255).notNull().unique(),
    phone_number: t.string(20),
    active: t.boolean().notNull().default(true),
    created_at: t
      .timestamp({ withTimezone: true })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  });
  const jobs = table(
    'jobs',
    {
      id: t.integer().primaryKey().autoincrement(),
      title: t.string(200).notNull(),
      status: t.enum('job_status', ['open', 'closed']).notNull().default('open'),
      salary: t.numeric(10, 2),
      tags: t.json(),
      public_id: t.uuid().notNull(),
    },
    (j) => [
      index().on(j.title),
      ...(options.partialIndex
        ? [
            index('ix_jobs_open')
              .on(j.status)
              .where(sql`status = 'open'`),
          ]
        : []),
    ],
  );
  const resumes = table(
    'resumes',
    {
      id: t.integer().primaryKey().autoincrement(),
      user_id: t
        .integer()
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      body: t.text(),
    },
    (r) => [
      unique('uq_resumes_user_body').on(r.user_id, r.body),
      check('ck_resumes_body', sql`length(body) > 0`),
    ],
  );
  const jobMatches = table(
    'job_matches',
    {
      job_id: t
        .integer()
        .notNull()
        .references(() => jobs.id),
      resume_id: t
        .integer()
        .notNull()
        .references(() => resumes.id, { onDelete: 'cascade' }),
      score: t.double().notNull().default(0),
    },
    (m) => [index('ix_job_matches_resume').on(m.resume_id, m.score)],
  );
  return defineSchema({ users, jobs, resumes, jobMatches });
}
