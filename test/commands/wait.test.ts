import { createServer, connect as netConnect, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseUrl } from '../../src/config/url.js';
import { waitForDatabase, type WaitAttempt } from '../../src/commands/wait.js';
import { pgServerUrl, serverAvailable } from '../helpers/databases.js';

const pgUp = await serverAvailable('postgresql');

/** A TCP proxy to the PostgreSQL server that starts listening only after `delayMs`. */
function lateProxy(port: number, delayMs: number): { stop(): Promise<void> } {
  const target = new URL(pgServerUrl);
  let server: Server | undefined;
  const timer = setTimeout(() => {
    server = createServer((client) => {
      const upstream = netConnect(Number(target.port || 5432), target.hostname);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.listen(port, '127.0.0.1');
  }, delayMs);
  return {
    async stop() {
      clearTimeout(timer);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

describe('wait', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (stops.length) await stops.pop()!();
  });

  it.skipIf(!pgUp)('succeeds once a PostgreSQL port opens after 3 s, reporting each failed attempt', async () => {
    const port = await freePort();
    const proxy = lateProxy(port, 3000);
    stops.push(() => proxy.stop());
    const user = new URL(pgServerUrl).username || 'postgres';
    const attempts: WaitAttempt[] = [];
    const result = await waitForDatabase({
      url: parseUrl(`postgres://${user}:sekret@127.0.0.1:${port}/postgres`),
      timeoutSeconds: 20,
      onAttempt: (a) => attempts.push(a),
    });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(2900);
    expect(result.attempts).toBe(attempts.length + 1);
    expect(attempts.length).toBeGreaterThan(1);
    for (const a of attempts) {
      expect(a.reason).toMatch(/127\.0\.0\.1/);
      expect(a.reason).not.toContain('sekret');
      expect(a.reason).not.toContain('\n');
    }
  });

  it('times out against a closed port with a one-line reason', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await waitForDatabase({
      url: parseUrl(`postgres://app:sekret@127.0.0.1:${port}/app`),
      timeoutSeconds: 1.5,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/not reachable after \d+\.\d s \(\d+ attempts\)/);
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toContain('sekret');
    expect(message.split('\n')).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((error as { exitCode?: number }).exitCode).toBe(1);
  });
});
