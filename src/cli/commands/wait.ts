import { requireUrl } from '../../config/config-load.js';
import { waitForDatabase } from '../../commands/wait.js';
import { defineCliCommand } from '../cli-command.js';

/** `athanor wait [--timeout 60]`: retry until the database answers; the deploy's replacement for `sleep`. */
export const command = defineCliCommand({
  name: 'wait',
  summary: 'wait until the database answers',
  description:
    'Retry connecting (with backoff) until the database answers a query. Prints each failed attempt on one line; exit 0 when it is up, 1 on timeout.',
  options: {
    timeout: { type: 'string', value: 'SECONDS', description: 'give up after this many seconds (default 60)' },
  },
  async run({ context, values, global, out }) {
    const ctx = await context();
    const seconds = values.timeout === undefined ? 60 : Number(values.timeout);
    const result = await waitForDatabase({
      url: requireUrl(ctx.config),
      timeoutSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 60,
      onAttempt: (a) => out.info(`waiting for the database (attempt ${a.attempt}, ${(a.elapsedMs / 1000).toFixed(1)} s): ${a.reason}`),
    });
    if (global.json) out.json(result);
    else out.info(`database ${result.database} is up after ${(result.elapsedMs / 1000).toFixed(1)} s (${result.attempts} attempt${result.attempts === 1 ? '' : 's'})`);
    return 0;
  },
});
