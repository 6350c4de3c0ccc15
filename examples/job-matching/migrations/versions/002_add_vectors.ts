import { defineMigration, sql, t, type Op } from 'athanor';

/**
 * add vectors: the pgvector extension, an embedding on resumes and jobs, and HNSW cosine indexes.
 *
 * PostgreSQL only: every operation says `dialects: ['postgresql']`, so SQLite skips them (and logs
 * that it did). A PostgreSQL server without pgvector skips the whole migration with a warning
 * instead of failing, and the models (whose vector parts `.requires()` the extension) still
 * check clean there. Once athanor's runner supports `requires: { extensions: ['vector'] }` on a
 * migration, the two guards below become that one line.
 *
 * Revision ID: f0bfb95dc079
 * Revises: 92f0b6f8a089
 * Create Date: 2026-11-25T18:45:51.423Z
 */
export default defineMigration({
  revision: 'f0bfb95dc079',
  downRevision: '92f0b6f8a089',
  message: 'add vectors',
  async upgrade(op) {
    if (!(await extensionAvailable(op, 'vector'))) return;
    const postgresql = { dialects: ['postgresql'] } as const;
    await op.createExtension('vector', { ifNotExists: true, ...postgresql });
    await op.addColumn('resumes', 'embedding', t.vector(1536), postgresql);
    await op.addColumn('jobs', 'embedding', t.vector(1536), postgresql);
    // The tables are new and small here; on a big live table add `concurrently: true`.
    const hnswCosine = { using: 'hnsw', opclass: 'vector_cosine_ops', ...postgresql } as const;
    await op.createIndex('ix_resumes_embedding', 'resumes', ['embedding'], hnswCosine);
    await op.createIndex('ix_jobs_embedding', 'jobs', ['embedding'], hnswCosine);
  },
  async downgrade(op) {
    if (!(await extensionInstalled(op, 'vector'))) return;
    const postgresql = { dialects: ['postgresql'] } as const;
    await op.dropIndex('ix_jobs_embedding', postgresql);
    await op.dropIndex('ix_resumes_embedding', postgresql);
    await op.dropColumn('jobs', 'embedding', postgresql);
    await op.dropColumn('resumes', 'embedding', postgresql);
    await op.dropExtension('vector', postgresql);
  },
});

/**
 * Whether the server can install the extension. True where extensions do not exist (SQLite: the
 * operations skip themselves) and offline (a `--sql` script is for a server that has it).
 */
async function extensionAvailable(op: Op, name: string): Promise<boolean> {
  if (!op.dialect.capabilities.extensions || op.offline) return true;
  const rows = await op.query(sql`SELECT 1 FROM pg_available_extensions WHERE name = ${name}`);
  if (rows.length > 0) return true;
  console.warn(
    `002_add_vectors: skipped, the server has no '${name}' extension (pg_available_extensions)`,
  );
  return false;
}

/** Whether the extension is installed: the downgrade of a skipped upgrade has nothing to undo. */
async function extensionInstalled(op: Op, name: string): Promise<boolean> {
  if (!op.dialect.capabilities.extensions || op.offline) return true;
  const rows = await op.query(sql`SELECT 1 FROM pg_extension WHERE extname = ${name}`);
  if (rows.length > 0) return true;
  console.warn(`002_add_vectors: downgrade skipped, the '${name}' extension is not installed`);
  return false;
}
