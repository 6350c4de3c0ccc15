import { defineMigration, t } from 'athanor';

/**
 * add vectors: the pgvector extension, an embedding on resumes and jobs, and HNSW cosine indexes.
 *
 * `requires: { extensions: ['vector'] }` makes the whole migration depend on pgvector: where the
 * database cannot install it (a PostgreSQL server without the package, SQLite, MySQL), athanor
 * skips its operations both ways, logs why ("Skipped upgrade of f0bfb95dc079 (002_add_vectors):
 * extension vector is not available on this server"), and still moves the version, so 003 and
 * 004 follow on every database. The models mark the same parts `.requires({ extensions: ['vector'] })`,
 * so `athanor check` is clean with or without them.
 *
 * Revision ID: f0bfb95dc079
 * Revises: 92f0b6f8a089
 * Create Date: 2026-11-25T18:45:51.423Z
 */
export default defineMigration({
  revision: 'f0bfb95dc079',
  downRevision: '92f0b6f8a089',
  message: 'add vectors',
  requires: { extensions: ['vector'] },
  async upgrade(op) {
    await op.createExtension('vector', { ifNotExists: true });
    await op.addColumn('resumes', 'embedding', t.vector(1536));
    await op.addColumn('jobs', 'embedding', t.vector(1536));
    // The tables are new and small here; on a big live table add `concurrently: true`.
    const hnswCosine = { using: 'hnsw', opclass: 'vector_cosine_ops' } as const;
    await op.createIndex('ix_resumes_embedding', 'resumes', ['embedding'], hnswCosine);
    await op.createIndex('ix_jobs_embedding', 'jobs', ['embedding'], hnswCosine);
  },
  async downgrade(op) {
    await op.dropIndex('ix_jobs_embedding');
    await op.dropIndex('ix_resumes_embedding');
    await op.dropColumn('jobs', 'embedding');
    await op.dropColumn('resumes', 'embedding');
    await op.dropExtension('vector');
  },
});
