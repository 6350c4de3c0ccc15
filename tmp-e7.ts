import { parseUrl } from './src/config/url.js';
import { pgDriver } from './src/drivers/pg-driver.js';
import { reflectPostgres } from './src/dialects/postgres/postgres-reflector.js';
const conn = await pgDriver.connect(parseUrl(`postgres://postgres@127.0.0.1:5432/${process.argv[2]}`));
for (let r = 0; r < 4; r++) { const t0 = performance.now(); const m = await reflectPostgres(conn); console.log('reflect', m.tables.length, (performance.now()-t0).toFixed(0), 'ms', m.tables[7]?.indexes.length, m.tables[7]?.columns.length); }
console.log(await conn.query("select current_setting('jit') as jit"));
await conn.close();
