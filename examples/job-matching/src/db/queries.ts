import type { Db } from './client.js';

/** An embedding (1536 numbers for the models' `vector(1536)` columns). */
export type Embedding = readonly number[];

/**
 * pgvector's text form of an embedding, `[0.1,0.2,...]`, which a `?::vector` parameter reads.
 *
 * @example
 * toVector([1, 0.5]); // '[1,0.5]'
 */
export function toVector(embedding: Embedding): string {
  return `[${embedding.join(',')}]`;
}

/**
 * Whether the database has the embedding columns: PostgreSQL with the pgvector extension
 * installed (migration 002 skips itself elsewhere).
 *
 * @example
 * if (await hasVectors(db)) await nearestJobs(db, embedding);
 */
export async function hasVectors(db: Db): Promise<boolean> {
  if (db.dialect !== 'postgresql') return false;
  return (await db.query("SELECT 1 FROM pg_extension WHERE extname = 'vector'")).length > 0;
}

/**
 * Adds a user; returns its id.
 *
 * @example
 * const id = await createUser(db, { email: 'ada@example.com', fullName: 'Ada Lovelace' });
 */
export async function createUser(
  db: Db,
  user: { readonly email: string; readonly fullName: string; readonly phoneNumber?: string },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    'INSERT INTO users (email, full_name, phone_number) VALUES (?, ?, ?) RETURNING id',
    [user.email, user.fullName, user.phoneNumber ?? null],
  );
  return Number(rows[0]?.id);
}

/**
 * Adds a resume (with its embedding where the database has vectors); returns its id.
 *
 * @example
 * await addResume(db, { userId, body: 'Analytical engines', embedding });
 */
export async function addResume(
  db: Db,
  resume: { readonly userId: number; readonly body: string; readonly embedding?: Embedding },
): Promise<number> {
  const rows =
    resume.embedding === undefined
      ? await db.query<{ id: number }>(
          'INSERT INTO resumes (user_id, body) VALUES (?, ?) RETURNING id',
          [resume.userId, resume.body],
        )
      : await db.query<{ id: number }>(
          'INSERT INTO resumes (user_id, body, embedding) VALUES (?, ?, ?::vector) RETURNING id',
          [resume.userId, resume.body, toVector(resume.embedding)],
        );
  return Number(rows[0]?.id);
}

/**
 * Adds a job (with its embedding where the database has vectors); returns its id.
 *
 * @example
 * await addJob(db, { title: 'Programmer', description: 'Bernoulli numbers', embedding });
 */
export async function addJob(
  db: Db,
  job: { readonly title: string; readonly description: string; readonly embedding?: Embedding },
): Promise<number> {
  const rows =
    job.embedding === undefined
      ? await db.query<{ id: number }>(
          'INSERT INTO jobs (title, description) VALUES (?, ?) RETURNING id',
          [job.title, job.description],
        )
      : await db.query<{ id: number }>(
          'INSERT INTO jobs (title, description, embedding) VALUES (?, ?, ?::vector) RETURNING id',
          [job.title, job.description, toVector(job.embedding)],
        );
  return Number(rows[0]?.id);
}

/**
 * Records how well a resume matches a job (0 to 1); once per pair.
 *
 * @example
 * await recordMatch(db, { resumeId, jobId, score: 0.9731 });
 */
export async function recordMatch(
  db: Db,
  match: { readonly resumeId: number; readonly jobId: number; readonly score: number },
): Promise<void> {
  await db.query('INSERT INTO job_matches (resume_id, job_id, score) VALUES (?, ?, ?)', [
    match.resumeId,
    match.jobId,
    match.score,
  ]);
}

/**
 * The nearest jobs by cosine distance: `<=>` with the HNSW index `ix_jobs_embedding`
 * (vector_cosine_ops) built by migration 002. Parameters: the embedding, the limit.
 */
export const nearestJobsSql = 'SELECT id, title FROM jobs ORDER BY embedding <=> ?::vector LIMIT ?';

/**
 * The `limit` jobs nearest to an embedding (PostgreSQL with pgvector only).
 *
 * @example
 * const jobs = await nearestJobs(db, resumeEmbedding); // [{ id: 7, title: 'Programmer' }, ...]
 */
export async function nearestJobs(
  db: Db,
  embedding: Embedding,
  limit = 5,
): Promise<{ id: number; title: string }[]> {
  const rows = await db.query<{ id: number; title: string }>(nearestJobsSql, [
    toVector(embedding),
    limit,
  ]);
  return rows.map((r) => ({ id: Number(r.id), title: r.title }));
}
