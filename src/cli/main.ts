/**
 * The `athanor` command line: `athanor <command> [options]`.
 *
 * Each command lives in `src/cli/commands/<verb>.ts` and exports `command`, a {@link CliCommand}:
 * `{ name, summary, args?, description?, options: Record<string, CliOption>, positionals?, run(ctx) }`
 * where `run({ values, positionals, global, io, out, context, readCurrent })` returns the exit
 * status (or throws an AthanorError). Modules are imported lazily from the table below, so
 * `--help` and `--version` load nothing but this file and the argument parser.
 *
 * Exit statuses: 0 ok, 1 failure, 2 usage or input error (AthanorError.exitCode).
 */
import { readFileSync } from 'node:fs';
import { suggestionSuffix } from '../config/config-suggest.js';
import { AthanorError } from '../errors.js';
import type { CommandContext } from '../commands/context.js';
import { formatOptions, GLOBAL_OPTIONS, globalFlags, mergeValues, parseCliArgs, splitArgv } from './cli-args.js';
import type { CliCommand, CliIo, CliRunContext, CliValues, GlobalFlags } from './cli-command.js';
import { createPrinter, printError } from './output.js';

interface CommandEntry {
  readonly summary: string;
  load(): Promise<{ readonly command: CliCommand }>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  init: { summary: 'create athanor.config.ts and the migrations folder', load: () => import('./commands/init.js') },
  revision: { summary: 'create a new migration file', load: () => import('./commands/revision.js') },
  merge: { summary: 'create a merge revision joining two or more heads', load: () => import('./commands/merge.js') },
  upgrade: { summary: 'apply migrations up to a target (head, +1, <rev>, label@head, heads)', load: () => import('./commands/upgrade.js') },
  downgrade: { summary: 'revert migrations down to a target (-1, <rev>, base)', load: () => import('./commands/downgrade.js') },
  current: { summary: "show the database's current revisions (--check-heads: exit 1 unless at head)", load: () => import('./commands/current.js') },
  status: { summary: 'show current revisions, heads, pending migrations and the last one applied', load: () => import('./commands/status.js') },
  history: { summary: 'list revisions, newest first', load: () => import('./commands/history.js') },
  heads: { summary: 'show the heads of the revision graph', load: () => import('./commands/heads.js') },
  branches: { summary: 'show branch points', load: () => import('./commands/branches.js') },
  show: { summary: 'show one revision in detail', load: () => import('./commands/show.js') },
  stamp: { summary: 'set the version table to a revision without running migrations', load: () => import('./commands/stamp.js') },
  check: { summary: 'exit 1 when the models differ from the database or it is not at head', load: () => import('./commands/check.js') },
  wait: { summary: 'wait until the database answers', load: () => import('./commands/wait.js') },
  restore: { summary: 'restore a backup written by `upgrade --backup` (asks first; --yes for scripts)', load: () => import('./commands/restore.js') },
  verify: { summary: 'upgrade, downgrade and upgrade again every revision on a scratch database', load: () => import('./commands/verify.js') },
  validate: { summary: 'exit 1 when applied migration files were edited, deleted or are unknown', load: () => import('./commands/validate.js') },
  lint: { summary: 'report dangerous operations for PostgreSQL and MySQL, without a database', load: () => import('./commands/lint.js') },
};

/**
 * Runs the CLI and returns the exit status (bin/athanor.js sets process.exitCode with it).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let global: GlobalFlags = { json: false, x: [], quiet: false, verbose: argv.includes('-v') || argv.includes('--verbose') };
  let verb: string | null = null;
  let usage = 'usage: athanor <command> [options]  (athanor --help lists the commands)';
  try {
    const split = splitArgv(argv);
    const before = parseCliArgs(split.before, GLOBAL_OPTIONS, 'athanor');
    global = globalFlags(before.values);
    if (split.verb === undefined) return root(before.values, io);
    verb = split.verb;
    const command = await loadCommand(verb);
    usage = `usage: ${usageLine(command)}  (athanor ${verb} --help for details)`;
    const after = parseCliArgs(split.after, { ...GLOBAL_OPTIONS, ...command.options }, `'athanor ${verb}'`);
    const values = mergeValues(before.values, after.values);
    global = globalFlags(values);
    if (values.help === true) {
      io.stdout(commandHelp(command));
      return 0;
    }
    checkPositionals(command, after.positionals);
    return await command.run(runContext(command.name, values, after.positionals, global, io));
  } catch (error) {
    const status = printError(io, error, { verbose: global.verbose, json: global.json, command: verb });
    if (error instanceof AthanorError && error.code === 'E_USAGE') io.stderr(`${usage}\n`);
    return status;
  }
}

function root(values: CliValues, io: CliIo): number {
  if (values.version === true) {
    io.stdout(`athanor ${packageVersion()}\n`);
    return 0;
  }
  if (values.help === true) {
    io.stdout(rootHelp());
    return 0;
  }
  io.stderr(rootHelp());
  return 2;
}

async function loadCommand(verb: string): Promise<CliCommand> {
  const entry = Object.hasOwn(COMMANDS, verb) ? COMMANDS[verb] : undefined;
  if (entry === undefined) {
    throw new AthanorError('E_USAGE', `unknown command '${verb}'${suggestionSuffix(verb, Object.keys(COMMANDS))}`);
  }
  try {
    return (await entry.load()).command;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`commands/${verb}.js`)) {
      throw new AthanorError('E_USAGE', `the '${verb}' command is not available in this build`, { cause: error });
    }
    throw error;
  }
}

function checkPositionals(command: CliCommand, positionals: readonly string[]): void {
  const { min, max } = command.positionals ?? { min: 0, max: 0 };
  if (positionals.length > max) {
    const extra = positionals.slice(max).join(' ');
    throw new AthanorError('E_USAGE', `unexpected argument${positionals.length - max > 1 ? 's' : ''} '${extra}' for 'athanor ${command.name}'`);
  }
  if (positionals.length < min) {
    throw new AthanorError('E_USAGE', `'athanor ${command.name}' needs ${command.args ?? `${min} argument(s)`}`);
  }
}

function runContext(name: string, values: CliValues, positionals: readonly string[], global: GlobalFlags, io: CliIo): CliRunContext {
  let context: Promise<CommandContext> | undefined;
  return {
    values,
    positionals,
    global,
    io,
    out: createPrinter(io, global, name),
    context() {
      context ??= import('../commands/context.js').then(({ buildContext }) =>
        buildContext({
          cwd: io.cwd,
          env: io.env,
          x: global.x,
          ...(global.config !== undefined ? { config: global.config } : {}),
          ...(global.url !== undefined ? { url: global.url } : {}),
        }),
      );
      return context;
    },
    readCurrent: readCurrentRevisions,
  };
}

/** Current version rows (src/commands/current.ts; imported only when asked for). */
async function readCurrentRevisions(ctx: CommandContext): Promise<readonly string[]> {
  const { readCurrentRevisions: read } = await import('../commands/current.js');
  return read(ctx);
}

function usageLine(command: CliCommand): string {
  return `athanor ${command.name}${command.args ? ` ${command.args}` : ''} [options]`;
}

function commandHelp(command: CliCommand): string {
  const lines = [`usage: ${usageLine(command)}`, '', command.description ?? command.summary, ''];
  if (Object.keys(command.options).length > 0) lines.push('options:', ...formatOptions(command.options), '');
  lines.push('global options:', ...formatOptions(GLOBAL_OPTIONS), '');
  return lines.join('\n');
}

function rootHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    'usage: athanor <command> [options]',
    '',
    'Database schema migrations for TypeScript, after Alembic.',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(width)}${entry.summary}`),
    '',
    'global options:',
    ...formatOptions(GLOBAL_OPTIONS),
    '',
    "Run 'athanor <command> --help' for a command's options.",
    '',
  ].join('\n');
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function processIo(): CliIo {
  // `athanor history | head` closes the pipe early: that is not an error.
  const ignorePipe = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
  };
  process.stdout.on('error', ignorePipe);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  };
}
