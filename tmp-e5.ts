import pg from 'pg';
import * as cat from './src/dialects/postgres/postgres-catalog.js';
const c = new pg.Client('postgres://postgres@127.0.0.1:5432/athanor_prof_5000'); await c.connect();
const qs: [string,string][] = [['tables', cat.tablesSql], ['columns', cat.columnsSql(false)], ['constraints', cat.constraintsSql(false)], ['indexes', cat.indexesSql(false)]];
for (const [n, q] of qs) {
  const r = await c.query('EXPLAIN (ANALYZE, BUFFERS off) ' + q.replaceAll('$1', "'public'"));
  const lines = r.rows.map((x: any) => x['QUERY PLAN']);
  console.log(n, lines.filter((l: string) => /Execution Time|Planning Time/.test(l)).join(' | '));
  const t = performance.now(); const res = await c.query(q, ['public']); console.log('   wall', (performance.now()-t).toFixed(0), 'rows', res.rowCount);
}
const t0 = performance.now(); await c.query('select count(*) from pg_attribute'); console.log('baseline count pg_attribute', (performance.now()-t0).toFixed(1));
await c.end();
