import { defineConfig } from 'athanor';

/**
 * athanor's config for the job-matching app. `npx athanor ...` finds it from this folder.
 *
 * The database defaults to an embedded PGlite (PostgreSQL 18 with pgvector, in ./.pgdata, no
 * server needed), so every part of the app, vectors included, works out of the box.
 * DATABASE_URL (then --url) overrides it, e.g. `DATABASE_URL=sqlite:./app.db` or
 * `DATABASE_URL=postgres://postgres@127.0.0.1:5432/jobs`.
 */
export default defineConfig({
  url: 'pglite:./.pgdata',
  migrations: './migrations',
  models: './src/db/schema.ts',
  versionTable: 'athanor_version',
  fileName: '{seq}_{slug}',
  transaction: 'each',
});
