import { check, defineSchema, index, table, t, unique } from '../../src/schema/dsl.js';
import { sql } from '../../src/operations/sql-tag.js';

/** DESIGN §4's example models, shared by the schema and autogen tests. */
export const users = table('users', {
  id: t.integer().primaryKey().autoincrement(),
  email: t.string(255).notNull().unique(),
  phone_number: t.string(20),
});
export const jobs = table(
  'jobs',
  {
    id: t.integer().primaryKey().autoincrement(),
    title: t.string(200).notNull(),
    embedding: t.vector(1536),
  },
  (j) => [index('ix_jobs_embedding').on(j.embedding).using('hnsw').opclass('vector_cosine_ops')],
);
export const resumes = table(
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
export const designSchema = defineSchema({ users, jobs, resumes }, { extensions: ['vector'] });
