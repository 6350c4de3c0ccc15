import { upgrade } from '../../commands/upgrade.js';
import { DEFAULT_BACKUP_DIR } from '../../commands/upgrade-backup.js';
import type { WaitAttempt } from '../../commands/wait.js';
import { editedWarning } from '../../commands/validate.js';
import { AthanorError } from '../../errors.js';
import { formatRunEvent, type RunEventListener } from '../../runtime/events.js';
import type { RunResult } from '../../runtime/runner.js';
import {
  defineCliCommand,
  stringValue,
  type CliIo,
  type CliOption,
  type CliRunContext,
  type CliValues,
  type GlobalFlags,
} from '../cli-command.js';

/** `--sql` and `--lock-timeout`, shared by upgrade, downgrade and stamp. */
export const runOptions: Readonly<Record<string, CliOption>> = {
  sql: {
    type: 'boolean',
    description:
      'print the SQL script instead of running it (offline; no connection). A range from:to sets the start',
  },
  'lock-timeout': {
    type: 'string',
    value: 'SECONDS',
    description: 'wait at most this long for the migration lock (default: config lockTimeout, 60)',
  },
};

/** `--lock-timeout` in seconds, or undefined for the config's default. */
export function lockTimeoutOf(values: CliValues): number | undefined {
  const text = stringValue(values, 'lock-timeout');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new AthanorError('E_USAGE', `--lock-timeout expects a number of seconds, got '${text}'`);
  }
  return seconds;
}

/**
 * Prints run events as Alembic-style lines: on stdout normally, on stderr when stdout carries
 * the SQL script or the JSON document. `[3/12]` progress prefixes appear on a terminal.
 */
export function eventPrinter(io: CliIo, global: GlobalFlags, toStderr: boolean): RunEventListener {
  const progress = !toStderr && process.stdout.isTTY === true;
  return (event) => {
    // A backup's path is printed even with -q: it is what a restore needs.
    if (global.quiet && event.kind !== 'stepFailed' && event.kind !== 'backupWritten') return;
    const line = formatRunEvent(event, { progress });
    if (line === undefined) return;
    if (toStderr) io.stderr(`${line}\n`);
    else io.stdout(`${line}\n`);
  };
}

/** Prints what a run returns: the JSON document, or the SQL script of an offline run. */
export function printRunResult(
  ctx: Pick<CliRunContext, 'io' | 'out' | 'global'>,
  result: RunResult,
): void {
  if (ctx.global.json) ctx.out.json({ ...result });
  else if (result.sql !== undefined) ctx.io.stdout(result.sql);
}

/** The options of a run command from the parsed flags. */
export async function runCommandOptions(
  ctx: CliRunContext,
): Promise<Parameters<typeof upgrade>[0]> {
  const context = await ctx.context();
  const sql = ctx.values.sql === true;
  const lockTimeout = lockTimeoutOf(ctx.values);
  return {
    config: context.config,
    context,
    args: context.args,
    sql,
    ...(lockTimeout === undefined ? {} : { lockTimeout }),
    onEvent: eventPrinter(ctx.io, ctx.global, sql || ctx.global.json),
  };
}

/** `--wait SECONDS`, or undefined. */
function waitSecondsOf(values: CliValues): number | undefined {
  const text = stringValue(values, 'wait');
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new AthanorError('E_USAGE', `--wait expects a number of seconds, got '${text}'`);
  }
  return seconds;
}

/** One line per failed connection attempt, as `athanor wait` prints them (stderr under --json). */
function waitPrinter(ctx: CliRunContext): (attempt: WaitAttempt) => void {
  return (a) => {
    const line = `waiting for the database (attempt ${a.attempt}, ${(a.elapsedMs / 1000).toFixed(1)} s): ${a.reason}`;
    if (ctx.global.json) ctx.io.stderr(`${line}\n`);
    else ctx.out.info(line);
  };
}

/** `athanor upgrade [TARGET]`. */
export const command = defineCliCommand({
  name: 'upgrade',
  summary: 'apply migrations up to a target (default: head)',
  args: '[TARGET]',
  description:
    'Apply migrations up to TARGET: head (default), heads, +N, a revision id or unique prefix, label@head. ' +
    'Each migration runs in its own transaction where the database has transactional DDL; ' +
    'a lock keeps parallel runs from applying a migration twice. ' +
    'With --sql, print the script instead; TARGET may then be a range from:to (start from base when from is left out).',
  options: {
    ...runOptions,
    strict: {
      type: 'boolean',
      description:
        'refuse to run when an applied migration was edited since it ran (default: warn)',
    },
    backup: {
      type: 'string',
      optionalValue: true,
      value: 'DIR',
      description: `back the database up before applying anything, when there is something to apply (default DIR: ./${DEFAULT_BACKUP_DIR}); the path is printed and recorded in the log table`,
    },
    wait: {
      type: 'string',
      value: 'SECONDS',
      description: 'first wait up to SECONDS for the database to answer, as `athanor wait` does',
    },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const options = await runCommandOptions(ctx);
    const backup = stringValue(ctx.values, 'backup');
    const wait = waitSecondsOf(ctx.values);
    const result = await upgrade({
      ...options,
      target: ctx.positionals[0] ?? 'head',
      strict: ctx.values.strict === true,
      onEdited: (edited) => edited.forEach((e) => ctx.out.warn(editedWarning(e))),
      cwd: ctx.io.cwd,
      ...(backup === undefined ? {} : { backup: backup === '' ? true : backup }),
      ...(wait === undefined ? {} : { wait, onWaitAttempt: waitPrinter(ctx) }),
    });
    printRunResult(ctx, result);
    return 0;
  },
});
