import { parseArgs, type ParseArgsConfig } from 'node:util';
import { suggestionSuffix } from '../config/config-suggest.js';
import { AthanorError } from '../errors.js';
import type { CliOption, CliValues, GlobalFlags } from './cli-command.js';

/** Flags every command accepts, before or after the command name. */
export const GLOBAL_OPTIONS: Readonly<Record<string, CliOption>> = {
  config: { type: 'string', short: 'c', value: 'PATH', description: 'config file or folder (default: athanor.config.* from the current folder up)' },
  url: { type: 'string', value: 'URL', description: 'database URL; overrides DATABASE_URL and the config' },
  json: { type: 'boolean', description: 'print one JSON document (see docs/cli-json.md)' },
  x: { type: 'string', short: 'x', multiple: true, value: 'KEY=VALUE', description: 'argument passed to migrations (repeatable)' },
  quiet: { type: 'boolean', short: 'q', description: 'print only what was asked for' },
  verbose: { type: 'boolean', short: 'v', description: 'print more (revision details, stack traces on errors)' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
  version: { type: 'boolean', description: 'print the version' },
};

/** argv split around the command name. */
export interface SplitArgv {
  readonly before: readonly string[];
  readonly verb: string | undefined;
  readonly after: readonly string[];
}

/**
 * Finds the command name: the first argument that is neither a flag nor the value of a
 * global flag that takes one (`-c PATH`, `--url URL`, `-x K=V`).
 *
 * @example
 * splitArgv(['-c', 'cfg.ts', 'heads', '--json']); // { before: ['-c', 'cfg.ts'], verb: 'heads', after: ['--json'] }
 */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const takesValue = new Set(['-c', '--config', '--url', '-x', '--x']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return { before: argv.slice(0, i), verb: argv[i + 1], after: argv.slice(i + 2) };
    if (!arg.startsWith('-') || arg === '-') return { before: argv.slice(0, i), verb: arg, after: argv.slice(i + 1) };
    if (takesValue.has(arg)) i++;
  }
  return { before: argv, verb: undefined, after: [] };
}

/**
 * Parses arguments strictly with node:util parseArgs; an unknown flag or a missing value is
 * an E_USAGE error (exit 2) with a did-you-mean.
 *
 * @example
 * parseCliArgs(['--rev-range', 'base:heads'], { 'rev-range': { type: 'string', short: 'r', description: '' } });
 */
export function parseCliArgs(args: readonly string[], options: Readonly<Record<string, CliOption>>, where: string): { values: CliValues; positionals: string[] } {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of Object.entries(options)) {
    config[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  // `--backup` alone becomes `--backup=` (value ''), so it never swallows the next argument.
  const bare = new Set(Object.entries(options).filter(([, o]) => o.optionalValue).map(([name]) => `--${name}`));
  const expanded = args.map((arg) => (bare.has(arg) ? `${arg}=` : arg));
  try {
    const { values, positionals } = parseArgs({ args: expanded.map(shieldRelative), options: config, allowPositionals: true, strict: true });
    return { values: unshieldValues(values as CliValues), positionals: positionals.map(unshield) };
  } catch (error) {
    throw usageError(error, options, where);
  }
}

// Relative targets such as `-1` or `-2:head` look like short flags to parseArgs; shield them
// behind a marker character no one types, and take it off again after parsing.
const shield = '\u0000';
const relativeTarget = /^-\d/;

function shieldRelative(arg: string): string {
  return relativeTarget.test(arg) ? shield + arg : arg;
}

function unshield(arg: string): string {
  return arg.startsWith(shield) ? arg.slice(1) : arg;
}

function unshieldValues(values: CliValues): CliValues {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = typeof value === 'string' ? unshield(value) : Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? unshield(v) : v)) : value;
  }
  return out as CliValues;
}

function usageError(error: unknown, options: Readonly<Record<string, CliOption>>, where: string): AthanorError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const names = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
    // a one-letter flag is one edit away from every other: suggest only for long options
    const hint = flag.startsWith('--') ? suggestionSuffix(flag, names.filter((n) => n.startsWith('--'))) : '';
    return new AthanorError('E_USAGE', `unknown option '${flag}' for ${where}${hint}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new AthanorError('E_USAGE', `option '${flag}' ${/argument missing/.test(message) ? 'needs a value' : 'takes no value'} (${where})`);
  }
  return new AthanorError('E_USAGE', `${message.split('.')[0] ?? message} (${where})`);
}

/** Global flags out of parsed values (before and after the command merged). */
export function globalFlags(values: CliValues): GlobalFlags {
  const x = values.x;
  return {
    ...(typeof values.config === 'string' ? { config: values.config } : {}),
    ...(typeof values.url === 'string' ? { url: values.url } : {}),
    json: values.json === true,
    x: Array.isArray(x) ? x : [],
    quiet: values.quiet === true,
    verbose: values.verbose === true,
  };
}

/** Merges values parsed before and after the command (later wins; `-x` lists add up). */
export function mergeValues(before: CliValues, after: CliValues): CliValues {
  const merged: Record<string, string | boolean | readonly string[] | undefined> = { ...before, ...after };
  const xs = [...((before.x as readonly string[] | undefined) ?? []), ...((after.x as readonly string[] | undefined) ?? [])];
  if (xs.length > 0) merged.x = xs;
  return merged;
}

/**
 * Help lines for a set of options: `  -c, --config PATH   description`.
 *
 * @example
 * formatOptions(GLOBAL_OPTIONS).join('\n');
 */
export function formatOptions(options: Readonly<Record<string, CliOption>>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const long = name.length === 1 && o.short === name ? `-${name}` : `${o.short ? `-${o.short}, ` : ''}--${name}`;
    const value = o.optionalValue ? `[=${o.value ?? 'VALUE'}]` : ` ${o.value ?? 'VALUE'}`;
    return [`${long}${o.type === 'string' ? value : ''}`, o.description] as const;
  });
  const width = Math.max(0, ...rows.map(([flag]) => flag.length)) + 2;
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`);
}
