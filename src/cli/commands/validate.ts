import { relative } from 'node:path';
import { validate, type ValidationReport } from '../../commands/validate.js';
import { defineCliCommand } from '../cli-command.js';
import { printVerdictJson } from './lint.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function failure(report: ValidationReport): string {
  const { edited, missing, unknown } = report;
  return `${edited.length} edited, ${missing.length} missing, ${unknown.length} unknown`;
}

function reportLines(report: ValidationReport, cwd: string): string[] {
  const lines: string[] = [];
  for (const e of report.edited) {
    const when = e.appliedAt ? `applied ${e.appliedAt}, ` : '';
    lines.push(
      `edited   ${e.revision} [${e.stem}]: ${when}checksum ${e.recorded.slice(0, 12)} then, ${e.actual.slice(0, 12)} now (${relative(cwd, e.path) || e.path})`,
    );
  }
  for (const m of report.missing) {
    const file = m.file ? ` [${m.file}]` : '';
    lines.push(
      `missing  ${m.revision}${file}: applied, but no migration file declares it any more (deleted, or its revision id changed)`,
    );
  }
  for (const u of report.unknown) {
    lines.push(
      `unknown  ${u.revision}: the version table names it, but neither a migration file nor the log table knows it`,
    );
  }
  if (!report.versionTableExists)
    lines.push('No version table: nothing has been applied to this database.');
  if (report.ok) {
    lines.push(`OK: ${plural(report.checked, 'applied migration')} match their files.`);
  } else {
    lines.push(`FAILED: ${failure(report)}.`);
  }
  return lines;
}

/** `athanor validate`: exit 1 when an applied migration was edited, is missing or unknown. */
export const command = defineCliCommand({
  name: 'validate',
  summary: 'exit 1 when applied migration files were edited, deleted or are unknown',
  description:
    "Compare each applied migration's checksum, recorded in the log table when it ran, with its file now " +
    '(line endings do not count, so a checkout on another OS is no edit), and list the edited ones, the applied ' +
    'revisions whose file is missing, and version rows that no file declares. Reads only. Exit 1 on any.',
  options: {},
  async run({ context, global, io, out }) {
    const report = await validate(await context());
    if (global.json) printVerdictJson(io, 'validate', report.ok, failure(report), { ...report });
    else {
      out.lines(reportLines(report, io.cwd));
      if (report.unrecorded.length > 0) {
        out.warn(
          `${plural(report.unrecorded.length, 'applied migration')} had no recorded checksum (stamped, or applied before the log table): ` +
            report.unrecorded.map((u) => u.stem).join(', '),
        );
      }
    }
    return report.ok ? 0 : 1;
  },
});
