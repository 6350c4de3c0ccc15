import { maskUrl } from '../config/url.js';
import { AthanorError } from '../errors.js';
import type { CliIo, GlobalFlags } from './cli-command.js';

/**
 * Everything a command prints goes through a Printer, which masks passwords in URLs and
 * honours `-q`. Data lines (what a read command was asked for) are always printed; `info`
 * lines are status messages that `-q` hides.
 *
 * @example
 * const out = createPrinter(io, global, 'heads');
 * out.lines(['c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]']);
 */
export interface Printer {
  lines(lines: readonly string[]): void;
  line(text: string): void;
  info(text: string): void;
  warn(text: string): void;
  /** Prints the `--json` document: `{ "ok": true, "command": ..., ...payload }`. */
  json(payload: object): void;
}

/** maskUrl, skipping the regex for text that holds no URL (10,000-line listings). */
function mask(text: string): string {
  return text.includes('://') ? maskUrl(text) : text;
}

export function createPrinter(io: CliIo, global: Pick<GlobalFlags, 'quiet'>, command: string): Printer {
  const write = (lines: readonly string[]): void => {
    if (lines.length > 0) io.stdout(mask(lines.join('\n')) + '\n');
  };
  return {
    lines: write,
    line: (text) => write([text]),
    info: (text) => {
      if (!global.quiet) write([text]);
    },
    warn: (text) => io.stderr(`warning: ${mask(text)}\n`),
    json: (payload) => io.stdout(mask(JSON.stringify({ ok: true, command, ...payload }, null, 2)) + '\n'),
  };
}

/** Exit status for an error: the AthanorError's own (2 for input errors), else 1. */
export function exitCodeOf(error: unknown): 1 | 2 {
  return error instanceof AthanorError ? error.exitCode : 1;
}

/**
 * Prints an error as `error: <message>` on stderr (passwords masked), with the stack and the
 * causes under `-v`; with `--json` also the JSON document `{ ok: false, command, error }` on
 * stdout. Returns the exit status.
 *
 * @example
 * return printError(io, error, { verbose: false, json: false, command: 'heads' });
 */
export function printError(io: CliIo, error: unknown, options: { readonly verbose: boolean; readonly json: boolean; readonly command: string | null }): number {
  const exitCode = exitCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`error: ${message}`];
  if (options.verbose) lines.push(...stackLines(error));
  io.stderr(maskUrl(lines.join('\n')) + '\n');
  if (options.json) {
    const code = error instanceof AthanorError ? error.code : 'E_INTERNAL';
    const doc = { ok: false, command: options.command, error: { code, message, exitCode } };
    io.stdout(maskUrl(JSON.stringify(doc, null, 2)) + '\n');
  }
  return exitCode;
}

function stackLines(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    lines.push(...(current.stack ?? '').split('\n').slice(depth === 0 ? 1 : 0));
    current = current.cause;
    if (current instanceof Error) lines.push('caused by:');
  }
  return lines;
}
