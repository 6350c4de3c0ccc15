import { check, type CheckResult } from '../../commands/check.js';
import { maskUrl } from '../../config/url.js';
import { defineCliCommand, type CliIo } from '../cli-command.js';

/**
 * The `--json` document: the envelope of docs/cli-json.md with the result next to it; a failed
 * check is `ok: false` with an E_CHECK_FAILED error, like any other failure.
 */
function printJson(io: CliIo, result: CheckResult): void {
  const { ok, reason, ...payload } = result;
  const error = ok
    ? {}
    : { error: { code: 'E_CHECK_FAILED', message: reason ?? 'check failed', exitCode: 1 } };
  const doc = { ok, command: 'check', ...error, ...payload };
  io.stdout(maskUrl(JSON.stringify(doc, null, 2)) + '\n');
}

function textLines(result: CheckResult): string[] {
  if (result.ok)
    return ['No new upgrade operations detected: the database is at head and matches the models.'];
  if (!result.upToDate) return [`FAILED: ${result.reason ?? 'the database is not at head'}`];
  return [
    'New upgrade operations detected:',
    ...result.differences.map((line) => `  ${line}`),
    `FAILED: ${result.reason ?? 'the models differ from the database'}`,
  ];
}

/** `athanor check`: exit 0 when the database is at head and matches the models, 1 otherwise. */
export const command = defineCliCommand({
  name: 'check',
  summary: 'exit 1 when the models differ from the database or it is not at head',
  description:
    'Compare the models (config `models`) with the database, as `revision --autogenerate` would, and write nothing. ' +
    'Exit 0 when the database is at head and nothing differs; exit 1 with the list of differences otherwise, ' +
    'or with the reason when the database is not at head.',
  options: {},
  async run({ context, global, io, out }) {
    const result = await check(await context());
    if (global.json) printJson(io, result);
    else {
      out.lines(textLines(result));
      for (const note of result.notes) out.warn(note);
    }
    return result.ok ? 0 : 1;
  },
});
