/**
 * Child process for the lock tests: takes the MySQL run lock on the database URL in argv[2],
 * prints "locked <connection id>", and holds it until killed.
 */
import { parseUrl } from '../../../src/config/url.js';
import { mysqlLock } from '../../../src/dialects/mysql/mysql-lock.js';
import { mysql2Driver } from '../../../src/drivers/mysql2-driver.js';

const url = parseUrl(process.argv[2] ?? '');
const conn = await mysql2Driver.connect(url);
await mysqlLock.acquire({
  conn,
  openConnection: () => mysql2Driver.connect(url),
  key: 'athanor_version',
  timeoutMs: 10_000,
});
const [row] = await conn.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
process.stdout.write(`locked ${row?.id ?? '?'}\n`);
setInterval(() => undefined, 1_000);
