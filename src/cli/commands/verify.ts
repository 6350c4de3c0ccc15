import { verify, type RevisionVerdict, type VerifyReport } from '../../commands/verify.js';
import { formatRunEvent, type RunEvent } from '../../runtime/events.js';
import { defineCliCommand } from '../cli-command.js';
import { printVerdictJson } from './lint.js';

const label: Readonly<Record<RevisionVerdict['status'], string>> = {
  passed: 'ok',
  failed: 'FAILED',
  irreversible: 'IRREVERSIBLE',
  skipped: 'skipped',
};

function verdictLines(v: RevisionVerdict): string[] {
  const problems = v.problems.flatMap((p) =>
    p.split('\n').map((line, i) => `${i === 0 ? '  ' : '    '}${line}`),
  );
  return [`${label[v.status].padEnd(13)}${v.revision} [${v.stem}]`, ...problems];
}

function modelsLines(report: VerifyReport): string[] {
  const { status, differences } = report.models;
  if (status === 'unconfigured') return [];
  if (status === 'skipped') return ['models: not compared (an upgrade failed)'];
  if (status === 'passed') return ['models: the head schema matches the models'];
  return [`models: the head schema differs from the models:`, ...differences.map((d) => `  ${d}`)];
}

function failure(report: VerifyReport): string {
  const count = (s: RevisionVerdict['status']): number =>
    report.revisions.filter((r) => r.status === s).length;
  const parts = [
    `${count('failed')} failed`,
    `${count('irreversible')} irreversible`,
    `${count('skipped')} skipped`,
  ];
  const models =
    report.models.status === 'failed' ? '; the models differ from the head schema' : '';
  return `${parts.join(', ')} of ${report.revisions.length} revisions${models}`;
}

function summary(report: VerifyReport): string {
  if (!report.ok) return `FAILED: ${failure(report)} (scratch: ${report.scratch})`;
  return `OK: ${report.revisions.length} revisions upgrade, downgrade and upgrade again cleanly (scratch: ${report.scratch})`;
}

/** `athanor verify [--url SCRATCH]`: exit 1 when a revision does not round-trip. */
export const command = defineCliCommand({
  name: 'verify',
  summary: 'upgrade, downgrade and upgrade again every revision on a scratch database',
  description:
    'On a scratch database, walk the whole graph and, for every revision, upgrade, downgrade and upgrade again, ' +
    'reading the schema after each step: the downgrade must give back the schema from before the upgrade, and the ' +
    'second upgrade the schema of the first. Then compare the head schema with the models (config `models`). ' +
    'The scratch database: --url (on a server, a new database is created there and dropped afterwards; a SQLite ' +
    'file or PGlite directory must not exist yet), else a temporary SQLite file, or an in-memory PGlite ' +
    'when the configured database is PostgreSQL (MySQL needs --url). The configured database is never touched. ' +
    'Exit 1 on any failure.',
  options: {
    'allow-irreversible': {
      type: 'boolean',
      description: 'do not fail on migrations without a working downgrade',
    },
  },
  async run({ context, values, global, io, out }) {
    const json = global.json;
    const report = await verify(await context(), {
      ...(global.url === undefined ? {} : { scratchUrl: global.url }),
      allowIrreversible: values['allow-irreversible'] === true,
      ...(!json ? { onVerdict: (v: RevisionVerdict) => out.lines(verdictLines(v)) } : {}),
      ...(global.verbose && !json
        ? {
            onEvent: (e: RunEvent) => {
              const line = formatRunEvent(e);
              if (line !== undefined) io.stderr(`${line}\n`);
            },
          }
        : {}),
    });
    if (json) printVerdictJson(io, 'verify', report.ok, failure(report), { ...report });
    else {
      out.lines([...modelsLines(report), summary(report)]);
      if (report.cleanupError) out.warn(report.cleanupError);
    }
    return report.ok ? 0 : 1;
  },
});
