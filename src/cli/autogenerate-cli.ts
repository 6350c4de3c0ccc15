import { relative } from 'node:path';
import type { RenameCandidate } from '../autogen/compare.js';
import type { AutogenerateResult } from '../commands/autogenerate.js';
import type { RevisionOptions } from '../commands/revision.js';
import { AthanorError } from '../errors.js';
import { listValue, type CliOption, type CliRunContext, type CliValues } from './cli-command.js';

/** The flags `revision --autogenerate` adds. */
export const autogenerateOptions: Readonly<Record<string, CliOption>> = {
  rename: {
    type: 'string',
    multiple: true,
    value: 'OLD:NEW',
    description:
      "with --autogenerate: a confirmed rename, 'table.old_column:new_column' or 'old_table:new_table' (repeatable)",
  },
  interactive: {
    type: 'boolean',
    description:
      'with --autogenerate: ask about each possible rename (on a terminal only; ignored elsewhere)',
  },
  'allow-empty': {
    type: 'boolean',
    description: 'with --autogenerate: write the revision even when nothing changed',
  },
};

/**
 * The autogenerate flags given without `--autogenerate`: a usage error.
 *
 * @example
 * rejectAutogenerateFlags({ rename: ['a:b'] }); // throws E_USAGE
 */
export function rejectAutogenerateFlags(values: CliValues): void {
  const given = Object.keys(autogenerateOptions).filter(
    (name) => values[name] !== undefined && values[name] !== false,
  );
  if (given.length > 0) {
    throw new AthanorError('E_USAGE', `--${given[0]} needs --autogenerate`);
  }
}

/**
 * `athanor revision --autogenerate`: runs autogenerate with the revision options, prints one
 * line per detected change and the file written, or "No changes detected".
 *
 * @example
 * return runAutogenerate(cliContext, { message: 'add phone number' });
 */
export async function runAutogenerate(
  cli: CliRunContext,
  options: RevisionOptions,
): Promise<number> {
  const { values, out, io, global } = cli;
  const ctx = await cli.context();
  const { autogenerateRevision } = await import('../commands/autogenerate.js');
  const askRename = values.interactive === true ? terminalPrompt(cli) : undefined;
  const result = await autogenerateRevision(ctx, {
    ...options,
    renames: listValue(values, 'rename'),
    ...(askRename ? { askRename } : {}),
    ...(values['allow-empty'] === true ? { allowEmpty: true } : {}),
  });
  if (global.json) {
    out.json(jsonPayload(result));
    return 0;
  }
  if (result.changes.length > 0)
    out.info(['Detected changes:', ...result.changes.map((c) => `  ${c}`)].join('\n'));
  else out.info('No changes detected');
  for (const note of result.notes) out.warn(note);
  if (result.created) out.info(`Generating ${relative(io.cwd, result.created.path)} ... done`);
  return 0;
}

function jsonPayload(result: AutogenerateResult): object {
  return {
    created: result.created ?? null,
    changes: result.changes,
    notes: result.notes,
    renames: result.renames,
    upgrade: result.upgrade,
    downgrade: result.downgrade,
  };
}

/**
 * A y/N question per rename candidate, on a terminal only (prompts on stderr, so `--json`
 * output stays one document). Elsewhere (CI, pipes) nothing blocks: a warning says the flag
 * was ignored and the candidates are written as comments.
 */
function terminalPrompt(
  cli: CliRunContext,
): ((candidate: RenameCandidate) => Promise<boolean>) | undefined {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
    cli.out.warn(
      '--interactive ignored: not a terminal; possible renames are written into the file as comments',
    );
    return undefined;
  }
  return async (candidate) => {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const what =
        candidate.kind === 'column'
          ? `column ${candidate.table}.${candidate.from} to ${candidate.to}`
          : `table ${candidate.from} to ${candidate.to}`;
      const answer = await rl.question(`Rename ${what}? [y/N] `);
      return /^\s*y(es)?\s*$/i.test(answer);
    } finally {
      rl.close();
    }
  };
}
