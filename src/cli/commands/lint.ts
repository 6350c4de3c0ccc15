import { relative } from 'node:path';
import { lint, type LintReport } from '../../commands/lint.js';
import { maskUrl } from '../../config/url.js';
import { AthanorError } from '../../errors.js';
import { lintRules } from '../../lint/lint-rules.js';
import type { LintDialect, LintFinding, MigrationLint } from '../../lint/lint-types.js';
import { defineCliCommand, listValue, type CliIo } from '../cli-command.js';

/**
 * Prints a verdict command's `--json` document: the envelope of docs/cli-json.md with the
 * payload next to it; a failed verdict is `ok: false` with an E_CHECK_FAILED error, as `check`
 * prints it.
 *
 * @example
 * printVerdictJson(io, 'lint', report.ok, 'lint found 2 errors', { ...report });
 */
export function printVerdictJson(
  io: CliIo,
  command: string,
  ok: boolean,
  failure: string,
  payload: Readonly<Record<string, unknown>>,
): void {
  const error = ok ? {} : { error: { code: 'E_CHECK_FAILED', message: failure, exitCode: 1 } };
  const doc = { ...payload, ok, command, ...error };
  io.stdout(maskUrl(JSON.stringify(doc, null, 2)) + '\n');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function findingLines(finding: LintFinding): string[] {
  const at = finding.line === undefined ? '' : `${finding.line}:`;
  return [
    `  ${at.padEnd(5)} ${finding.severity.padEnd(8)} ${finding.rule}  ${finding.subject}  (${finding.dialects.join(', ')})`,
    `        why:   ${finding.why}`,
    `        safer: ${finding.safer}`,
  ];
}

function migrationLines(m: MigrationLint, cwd: string): string[] {
  if (m.findings.length === 0 && !m.incomplete) return [];
  const lines = [`${m.stem} [${m.revision}]  ${relative(cwd, m.file) || m.file}`];
  for (const finding of m.findings) lines.push(...findingLines(finding));
  if (m.incomplete) {
    const at = m.incomplete.line === undefined ? '' : ` (line ${m.incomplete.line})`;
    lines.push(`  note: ${m.incomplete.reason}${at}`);
  }
  return lines;
}

function summary(report: LintReport): string {
  const suppressed = report.migrations.reduce((n, m) => n + m.suppressed, 0);
  const off = suppressed > 0 ? `, ${suppressed} turned off by comments or lint.disable` : '';
  const scope = `${plural(report.migrations.length, 'migration')} for ${report.dialects.join(' and ')}${off}`;
  if (report.errors + report.warnings === 0) return `No dangerous operations in ${scope}.`;
  return `${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')} in ${scope}.`;
}

function dialectsOf(values: Parameters<typeof listValue>[0]): LintDialect[] | undefined {
  const names = listValue(values, 'dialect').flatMap((v) => v.split(','));
  if (names.length === 0) return undefined;
  for (const name of names) {
    if (name !== 'postgresql' && name !== 'mysql') {
      throw new AthanorError('E_USAGE', `--dialect expects postgresql or mysql, got '${name}'`);
    }
  }
  return names as LintDialect[];
}

const ruleList = lintRules
  .map((r) => `  ${r.id.padEnd(38)}${r.severity.padEnd(9)}${r.dialects.join(', ')}`)
  .join('\n');

/** `athanor lint [REV-RANGE]`: exit 1 when a migration holds an error-severity finding. */
export const command = defineCliCommand({
  name: 'lint',
  summary:
    'report migrations whose operations are dangerous on a live PostgreSQL or MySQL database',
  args: '[REV-RANGE]',
  description:
    'Read the operations of each migration without a database (each upgrade runs against a recorder) and report ' +
    'the dangerous ones, each with its rule id, why, and the safer way. REV-RANGE: base:heads (default), a1b2:, ' +
    ':c3c3, or one revision. Exit 1 when there is an error; warnings alone exit 0.\n' +
    'Errors fail on a table with rows, lose data, rewrite the table or break code still running during a deploy; ' +
    'warnings hold a lock for a scan as long as the table is large.\n' +
    'Turn a rule off for one operation with `// athanor-lint-disable-next-line <rule-id>` on the line before it, ' +
    "or for a whole migration with `lint: { disable: ['<rule-id>'] }` in defineMigration.\n\nrules:\n" +
    ruleList,
  options: {
    dialect: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'postgresql and/or mysql (default: the configured database; both for SQLite)',
    },
  },
  positionals: { min: 0, max: 1 },
  async run({ context, values, positionals, global, io, out }) {
    const dialects = dialectsOf(values);
    const report = await lint(await context(), {
      ...(positionals[0] === undefined ? {} : { range: positionals[0] }),
      ...(dialects ? { dialects } : {}),
    });
    if (global.json) {
      printVerdictJson(io, 'lint', report.ok, summary(report), { ...report });
    } else {
      const lines = report.migrations.flatMap((m) => migrationLines(m, io.cwd));
      out.lines([...lines, ...(lines.length > 0 ? [''] : []), summary(report)]);
    }
    return report.ok ? 0 : 1;
  },
});
