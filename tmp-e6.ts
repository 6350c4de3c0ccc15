import pg from 'pg';
import * as cat from './src/dialects/postgres/postgres-catalog.js';
const c = new pg.Client('postgres://postgres@127.0.0.1:5432/athanor_prof_5000'); await c.connect();
await c.query('ANALYZE pg_class, pg_attribute, pg_attrdef, pg_constraint, pg_index, pg_description, pg_depend, pg_type');
for (const q of [cat.columnsSql(false), cat.indexesSql(false)]) {
  const r = await c.query('EXPLAIN (ANALYZE, BUFFERS off) ' + q.replaceAll('$1', "'public'"));
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
}
await c.end();
