import { check, defineSchema, index, sql, t, table, unique, type InferDB } from 'athanor';

/**
 * pgvector is optional for this app: the embedding columns and their HNSW indexes exist where
 * the database has the `vector` extension (PGlite, a server with pgvector) and are left out
 * elsewhere (SQLite, a server without it), so `athanor check` is clean on all of them.
 */
const pgvector = { extensions: ['vector'] };

export const users = table('users', {
  id: t.integer().primaryKey().autoincrement(),
  email: t.string(255).notNull().unique(),
  full_name: t.string(201).notNull(),
  phone_number: t.string(20),
  created_at: t
    .timestamp({ withTimezone: true })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP`),
});

export const resumes = table(
  'resumes',
  {
    id: t.integer().primaryKey().autoincrement(),
    user_id: t
      .integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    body: t.text().notNull(),
    embedding: t.vector(1536).requires(pgvector),
    created_at: t
      .timestamp({ withTimezone: true })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  },
  (r) => [
    index().on(r.user_id),
    index('ix_resumes_embedding').on(r.embedding).using('hnsw').opclass('vector_cosine_ops'),
  ],
);

export const jobs = table(
  'jobs',
  {
    id: t.integer().primaryKey().autoincrement(),
    title: t.string(200).notNull(),
    description: t.text().notNull(),
    embedding: t.vector(1536).requires(pgvector),
    created_at: t
      .timestamp({ withTimezone: true })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  },
  (j) => [index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops')],
);

export const jobMatches = table(
  'job_matches',
  {
    id: t.integer().primaryKey().autoincrement(),
    resume_id: t
      .integer()
      .notNull()
      .references(() => resumes.id, { onDelete: 'cascade' }),
    job_id: t
      .integer()
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    score: t.numeric(5, 4).notNull(),
    created_at: t
      .timestamp({ withTimezone: true })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP`),
  },
  (m) => [
    unique().on(m.resume_id, m.job_id),
    index().on(m.job_id),
    check('ck_job_matches_score', sql`score >= 0 AND score <= 1`),
  ],
);

const schema = defineSchema({ users, resumes, jobs, jobMatches });
export default schema;

/** The tables' row types, keyed by table name: a Kysely `DB` (`new Kysely<DB>(...)`). */
export type DB = InferDB<typeof schema>;
