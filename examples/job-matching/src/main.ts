/**
 * The app's entry point, reduced to what the walk-through needs: the start-up guard, then a few
 * queries on the migrated tables. Run it from this folder with `npx jiti src/main.ts`
 * (`--skip-guard` shows what happens without the guard).
 */
import { loadConfig } from 'athanor';
import { openDb } from './db/client.js';
import { hasVectors, nearestJobs } from './db/queries.js';
import { assertMigrated } from './db/startup.js';

async function main(): Promise<void> {
  const config = await loadConfig();
  if (!config.parsedUrl) throw new Error('no database URL in athanor.config.ts or DATABASE_URL');
  const db = await openDb(config.parsedUrl);
  try {
    if (!process.argv.includes('--skip-guard')) await assertMigrated(config, db);
    const [users] = await db.query<{ n: number }>('SELECT count(*) AS n FROM users');
    const [jobs] = await db.query<{ n: number }>('SELECT count(*) AS n FROM jobs');
    console.log(`${Number(users?.n)} users, ${Number(jobs?.n)} jobs`);
    if (!(await hasVectors(db))) return;
    const [resume] = await db.query<{ id: number; embedding: string }>(
      'SELECT id, embedding::text AS embedding FROM resumes WHERE embedding IS NOT NULL LIMIT 1',
    );
    if (!resume) return;
    const nearest = await nearestJobs(db, JSON.parse(resume.embedding) as number[]);
    console.log(`jobs nearest to resume ${resume.id}: ${nearest.map((j) => j.title).join(', ')}`);
  } finally {
    await db.close();
  }
}

try {
  await main();
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
