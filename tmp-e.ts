import pg from 'pg';
import * as cat from './src/dialects/postgres/postgres-catalog.js';
const c = new pg.Client('postgres://postgres@127.0.0.1:5432/athanor_prof'); await c.connect();
for (const q of [cat.columnsSql(false), cat.constraintsSql(false), cat.indexesSql(false)]) {
  const r = await c.query('EXPLAIN (ANALYZE, BUFFERS off) ' + q.replaceAll('$1', "'public'"));
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).filter((l: string) => /actual time|Time/.test(l)).join('\n'));
}
await c.end();
