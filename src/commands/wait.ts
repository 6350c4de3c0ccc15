import { describeUrl, maskUrl, type ParsedUrl } from '../config/url.js';
import { connect } from '../drivers/registry.js';
import { AthanorError } from '../errors.js';

/** One failed attempt, reported so a deploy log shows why the database is not there yet. */
export interface WaitAttempt {
  readonly attempt: number;
  readonly elapsedMs: number;
  readonly reason: string;
  /** Milliseconds until the next attempt. */
  readonly retryInMs: number;
}

export interface WaitOptions {
  readonly url: ParsedUrl;
  /** Give up after this many seconds. Default 60. */
  readonly timeoutSeconds?: number;
  readonly onAttempt?: (attempt: WaitAttempt) => void;
  /** First delay between attempts; doubles up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface WaitResult {
  readonly attempts: number;
  readonly elapsedMs: number;
  readonly database: string;
}

/**
 * Retries connecting until the database answers a query (`SELECT 1`), with exponential backoff.
 * Replaces the `sleep 10` before migrating: it returns as soon as the database is up and fails
 * with the last reason when it never comes.
 *
 * @example
 * await waitForDatabase({ url: parseUrl(process.env.DATABASE_URL!), timeoutSeconds: 60,
 *   onAttempt: (a) => console.error(`waiting for the database: ${a.reason}`) });
 */
export async function waitForDatabase(options: WaitOptions): Promise<WaitResult> {
  const started = Date.now();
  const deadline = started + (options.timeoutSeconds ?? 60) * 1000;
  let delay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 2000;
  for (let attempt = 1; ; attempt++) {
    const reason = await tryOnce(options.url);
    const elapsedMs = Date.now() - started;
    if (reason === null) return { attempts: attempt, elapsedMs, database: describeUrl(options.url) };
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new AthanorError(
        'E_CONNECT',
        `database ${describeUrl(options.url)} not reachable after ${(elapsedMs / 1000).toFixed(1)} s ` +
          `(${attempt} attempts): ${reason}`,
        { details: { attempts: attempt, elapsedMs, reason } },
      );
    }
    const retryInMs = Math.min(delay, remaining);
    options.onAttempt?.({ attempt, elapsedMs, reason, retryInMs });
    await new Promise((resolve) => setTimeout(resolve, retryInMs));
    delay = Math.min(delay * 2, maxDelay);
  }
}

/** Null when the database answered, else a one-line reason (password masked). */
async function tryOnce(url: ParsedUrl): Promise<string | null> {
  try {
    const conn = await connect(url);
    try {
      await conn.query('SELECT 1');
      return null;
    } finally {
      await conn.close().catch(() => undefined);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return maskUrl(text).split('\n')[0] ?? 'unknown error';
  }
}
