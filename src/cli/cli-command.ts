import type { CommandContext } from '../commands/context.js';
import type { Printer } from './output.js';

/**
 * One command-line option. `description` and `value` feed `--help`; the rest is
 * node:util parseArgs' option config.
 *
 * @example
 * const message: CliOption = { type: 'string', short: 'm', value: 'TEXT', description: 'message of the revision' };
 */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly description: string;
  /** Placeholder shown in help for string options ('REV'). */
  readonly value?: string;
  /**
   * A string option whose value may be left out (`--backup` or `--backup=DIR`); left out, it
   * parses as ''. The value must then be attached with `=`, so `--backup head` keeps `head` a
   * positional.
   */
  readonly optionalValue?: boolean;
}

/** The global flags, parsed. */
export interface GlobalFlags {
  readonly config?: string;
  readonly url?: string;
  readonly json: boolean;
  readonly x: readonly string[];
  readonly quiet: boolean;
  readonly verbose: boolean;
}

/** Where the CLI writes and which environment it reads (tests pass their own). */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Parsed option values: strings, booleans, or string lists for `multiple` options. */
export type CliValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

/** What a command's `run` receives. */
export interface CliRunContext {
  readonly values: CliValues;
  readonly positionals: readonly string[];
  readonly global: GlobalFlags;
  readonly io: CliIo;
  readonly out: Printer;
  /** Builds the command context (config, scripts, graph) from the global flags; lazily imported. */
  context(): Promise<CommandContext>;
  /** The database's current version rows, for `--indicate-current` and `current` in ranges. */
  readCurrent(ctx: CommandContext): Promise<readonly string[]>;
}

/**
 * A CLI subcommand module's export (`export const command = defineCliCommand({...})` in
 * `src/cli/commands/<verb>.ts`). Parsing and printing only: the work is a call into
 * `src/commands/`. `run` returns the exit status (0 ok, 1 failure, 2 usage); it may also
 * throw an AthanorError, which the CLI prints with the error's exit status.
 *
 * @example
 * export const command = defineCliCommand({
 *   name: 'heads', summary: 'show the heads of the revision graph', options: {},
 *   async run({ out, context }) { const { heads: list } = await heads(await context()); out.lines(list.map(String)); return 0; },
 * });
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Positional part of the usage line: '<rev>', '[revisions...]'. */
  readonly args?: string;
  /** Longer text shown by `--help` under the usage line. */
  readonly description?: string;
  readonly options: Readonly<Record<string, CliOption>>;
  /** Allowed number of positionals; default none. */
  readonly positionals?: { readonly min: number; readonly max: number };
  run(ctx: CliRunContext): Promise<number>;
}

/**
 * Identity helper for type inference (citty's `defineCommand`).
 *
 * @example
 * export const command = defineCliCommand({ name: 'show', summary: 'show a revision', args: '<rev>',
 *   positionals: { min: 1, max: 1 }, options: {}, async run() { return 0; } });
 */
export function defineCliCommand(command: CliCommand): CliCommand {
  return command;
}

/** A string option's value (the last one when repeated), or undefined. */
export function stringValue(values: CliValues, name: string): string | undefined {
  const value = values[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.at(-1);
  return undefined;
}

/** A repeatable string option's values. */
export function listValue(values: CliValues, name: string): readonly string[] {
  const value = values[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : [];
}
