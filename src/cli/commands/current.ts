import { current, type CurrentResult } from '../../commands/current.js';
import type { RevisionInfo } from '../../commands/revision-info.js';
import {
  notAtHeadMessage,
  schemaPosition,
  type SchemaPosition,
} from '../../commands/schema-position.js';
import { maskUrl } from '../../config/url.js';
import { defineCliCommand, type CliIo } from '../cli-command.js';
import { formatRevisionList } from '../cli-format.js';

function lines(result: CurrentResult, verbose: boolean): string[] {
  return revisionLines(result, verbose);
}

/** The half-applied step, on stderr so stdout stays the version rows that scripts read. */
function partialLines({ partialFailure: p }: CurrentResult): string[] {
  if (!p) return [];
  const ops = p.operationsDone === 1 ? 'operation 1 is' : `operations 1-${p.operationsDone} are`;
  const at = p.failedOperation === null ? '' : ` at operation ${p.failedOperation}`;
  return [
    `warning: ${p.direction === 'up' ? 'upgrade' : 'downgrade'} of ${p.revision} failed${at}; ${ops} applied, so the schema is partly at ${p.revision} (see the log table)`,
  ];
}

function revisionLines(result: CurrentResult, verbose: boolean): string[] {
  return result.revisions.flatMap((row) =>
    'unknown' in row
      ? [`${row.revision} (unknown: no migration file declares this revision)`]
      : formatRevisionList([row as RevisionInfo], verbose, {}),
  );
}

/**
 * `--check-heads --json`: the envelope of docs/cli-json.md; a database not at head is
 * `ok: false` with an E_NOT_UP_TO_DATE error, like `check`.
 */
function printCheckJson(io: CliIo, result: CurrentResult, position: SchemaPosition): void {
  const error = position.upToDate
    ? {}
    : { error: { code: 'E_NOT_UP_TO_DATE', message: notAtHeadMessage(position), exitCode: 1 } };
  const { current: _rows, ...rest } = position;
  const doc = { ok: position.upToDate, command: 'current', ...error, ...result, ...rest };
  io.stdout(maskUrl(JSON.stringify(doc, null, 2)) + '\n');
}

/** `athanor current`: the revisions the database is at; reads only, creates nothing. */
export const command = defineCliCommand({
  name: 'current',
  summary: 'show the revisions the database is at',
  description:
    'Show the version rows of the database, `c3c3c3c3c3c3 (head) [003_add_phone_number_to_users]`; -v prints each in full. ' +
    'Never writes: an empty database (no version table) prints nothing. ' +
    'With --check-heads, exit 1 (saying where the database is and what the head is) unless the database is at the head(s).',
  options: {
    'check-heads': {
      type: 'boolean',
      description: 'exit 1 unless the database is at the head(s) of the migrations (a deploy gate)',
    },
  },
  async run({ context, global, out, io, values }) {
    const ctx = await context();
    const result = await current({ config: ctx.config, context: ctx });
    if (values['check-heads'] !== true) {
      if (global.json) out.json({ ...result });
      else {
        out.lines(lines(result, global.verbose));
        for (const line of partialLines(result)) io.stderr(`${line}\n`);
      }
      return 0;
    }
    const position = await schemaPosition(ctx.scripts, await ctx.graph(), result.current);
    if (global.json) printCheckJson(io, result, position);
    else {
      out.lines(lines(result, global.verbose));
      if (position.upToDate) out.info(`the database is at head`);
      else io.stderr(`error: ${maskUrl(notAtHeadMessage(position))}\n`);
    }
    return position.upToDate ? 0 : 1;
  },
});
