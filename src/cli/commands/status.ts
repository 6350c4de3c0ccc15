import { formatRefs, type RevisionRef } from '../../commands/schema-position.js';
import { status, type StatusResult } from '../../commands/status.js';
import { defineCliCommand } from '../cli-command.js';

function refLine(ref: RevisionRef): string {
  const name = ref.stem
    ? `${ref.revision} [${ref.stem}]`
    : `${ref.revision} (unknown: no migration file declares this revision)`;
  return ref.message ? `${name} ${ref.message}` : name;
}

function lastLine(result: StatusResult): string {
  const last = result.lastApplied;
  if (!last) return 'last applied: none recorded';
  const name = last.stem ? `${last.revision} [${last.stem}]` : last.revision;
  const verb = last.direction === 'up' ? 'upgrade' : 'downgrade';
  const duration = last.durationMs === null ? '' : `, ${(last.durationMs / 1000).toFixed(2)} s`;
  const backup = last.backup ? `; backup ${last.backup}` : '';
  return `last applied: ${verb} to ${name} at ${last.finishedAt ?? 'unknown time'}${duration}${backup}`;
}

/** The text form: one section per question an operator asks. */
function textLines(result: StatusResult): string[] {
  const currentText =
    result.current.length === 0 ? 'base (no migrations applied)' : formatRefs(result.current);
  const lines = [
    `current: ${currentText}`,
    `heads: ${result.heads.length === 0 ? 'none (no migrations)' : formatRefs(result.heads)}`,
  ];
  if (result.unknown.length > 0) {
    lines.push(
      `unknown: ${result.unknown.join(', ')} (the database is newer than this code, or on another branch)`,
    );
  }
  if (result.pending.length === 0)
    lines.push(result.upToDate ? 'pending: none (up to date)' : 'pending: none');
  else
    lines.push(
      `pending (${result.pending.length}, in upgrade order):`,
      ...result.pending.map((r) => `  ${refLine(r)}`),
    );
  lines.push(lastLine(result));
  return lines;
}

/** `athanor status`: current, heads, pending migrations, last applied. Reads only. */
export const command = defineCliCommand({
  name: 'status',
  summary: 'show current revisions, heads, pending migrations and the last one applied',
  description:
    'Show where the database stands: the revisions it is at, the heads of the migrations, the migrations `upgrade heads` ' +
    'would apply (in the order it would apply them) and the last step the log table records, with its time. ' +
    'Never writes: it does not create the version table. Exit 0 whether or not migrations are pending ' +
    '(use `current --check-heads` as a gate).',
  options: {},
  async run({ context, global, out }) {
    const ctx = await context();
    const result = await status({ config: ctx.config, context: ctx });
    if (global.json) out.json({ ...result });
    else out.lines(textLines(result));
    return 0;
  },
});
