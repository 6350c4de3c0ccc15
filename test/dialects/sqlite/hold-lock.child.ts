/**
 * Child process for the lock tests: takes the SQLite run lock on argv[2], prints "locked", and
 * holds it until killed (the test SIGKILLs it to show a dead holder's lock is gone).
 */
import { parseUrl } from '../../../src/config/url.js';
import { sqliteLock } from '../../../src/dialects/sqlite/sqlite-lock.js';
import { betterSqlite3Driver } from '../../../src/drivers/better-sqlite3-driver.js';

const url = parseUrl(`sqlite:${process.argv[2] ?? ''}`);
const conn = await betterSqlite3Driver.connect(url);
await sqliteLock.acquire({
  conn,
  openConnection: () => betterSqlite3Driver.connect(url),
  key: 'athanor_version',
  timeoutMs: 10_000,
});
process.stdout.write('locked\n');
setInterval(() => undefined, 1_000);
