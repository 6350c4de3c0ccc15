import { summarizeOperations } from '../autogen/render-summary.js';
import type { Dialect } from '../dialects/dialect.js';
import { AthanorError } from '../errors.js';
import type { MigrationModule } from '../operations/migration.js';
import { callMigration } from '../operations/op.js';
import type { Operation } from '../operations/operation.js';
import { skipsOperation } from '../runtime/executor.js';
import { neverMetOn } from '../runtime/migration-requirements.js';
import { lintRules, notNullColumnOf, tableKey } from './lint-rules.js';
import { isSuppressed, lineSuppressions } from './lint-suppress.js';
import type {
  LintDialect,
  LintFinding,
  LintIncomplete,
  MigrationLint,
  NotNullCheck,
  RecordedOperation,
} from './lint-types.js';
import { lineInStack, RecordingExecutor } from './recording-executor.js';

/** One migration to lint: the loaded module, its file and source. */
export interface LintSubject {
  readonly revision: string;
  readonly stem: string;
  /** Absolute path (stack traces name it). */
  readonly path: string;
  readonly source: string;
  readonly migration: MigrationModule;
}

/** What lint carries from one migration to the next, per dialect: the NOT NULL checks. */
export type LintState = ReadonlyMap<LintDialect, readonly NotNullCheck[]>;

/** One dialect's view of one migration. */
interface DialectPass {
  readonly findings: LintFinding[];
  readonly operations: number;
  readonly incomplete?: LintIncomplete;
  readonly checks: readonly NotNullCheck[];
}

async function record(
  subject: LintSubject,
  dialect: Dialect,
  args: Readonly<Record<string, string>>,
) {
  const executor = new RecordingExecutor(dialect, subject.path);
  let incomplete: LintIncomplete | undefined;
  try {
    await callMigration(subject.migration, 'up', executor, { dialect, args, offline: true });
  } catch (error) {
    incomplete = stopped(error, subject.path);
  }
  return { operations: executor.operations, incomplete };
}

function stopped(error: unknown, path: string): LintIncomplete {
  const line = lineInStack(error instanceof Error ? (error.stack ?? '') : '', path);
  const where = line === undefined ? {} : { line };
  if (error instanceof AthanorError && error.code === 'E_OFFLINE') {
    return {
      reason:
        'op.query() needs a database, so lint stopped there and did not check the operations after it (guard reads with `if (!op.offline)` to let lint see them)',
      ...where,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    reason: `upgrade threw without a database (${message}); the operations after that were not checked`,
    ...where,
  };
}

/** The NOT NULL checks after one operation (added, validated or dropped). */
function trackChecks(checks: readonly NotNullCheck[], op: Operation): readonly NotNullCheck[] {
  if (op.kind === 'addConstraint' && op.constraint.type === 'check') {
    const column = notNullColumnOf(op.constraint.expression);
    if (column === undefined) return checks;
    const table = tableKey(op.table, op.schema);
    return [
      ...checks,
      { name: op.constraint.name, table, column, validated: op.notValid !== true },
    ];
  }
  if (op.kind === 'executeSql') {
    const names = [...op.sql.matchAll(/VALIDATE\s+CONSTRAINT\s+[`"]?([^\s`";]+)/gi)].map(
      (m) => m[1],
    );
    return checks.map((c) => (names.includes(c.name) ? { ...c, validated: true } : c));
  }
  if (op.kind === 'dropConstraint') return checks.filter((c) => c.name !== op.name);
  return checks;
}

function created(op: Operation, tables: Set<string>): void {
  if (op.kind === 'createTable') tables.add(tableKey(op.table.name, op.table.schema ?? op.schema));
  if (op.kind === 'renameTable' && tables.has(tableKey(op.table, op.schema))) {
    tables.add(tableKey(op.newName, op.schema));
  }
}

function findingsOf(
  subject: LintSubject,
  dialect: LintDialect,
  recorded: RecordedOperation,
  ctx: {
    readonly createdTables: ReadonlySet<string>;
    readonly notNullChecks: readonly NotNullCheck[];
  },
): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const rule of lintRules) {
    if (!rule.dialects.includes(dialect)) continue;
    const subjectText = rule.check(recorded.op, { dialect, ...ctx });
    if (subjectText === undefined) continue;
    findings.push({
      rule: rule.id,
      severity: rule.severity,
      revision: subject.revision,
      stem: subject.stem,
      file: subject.path,
      ...(recorded.line === undefined ? {} : { line: recorded.line }),
      operation: summarizeOperations([recorded.op])[0] ?? recorded.op.kind,
      subject: subjectText,
      dialects: [dialect],
      why: rule.why,
      safer: rule.safer,
    });
  }
  return findings;
}

async function lintForDialect(
  subject: LintSubject,
  dialect: Dialect & { readonly name: LintDialect },
  args: Readonly<Record<string, string>>,
  checksBefore: readonly NotNullCheck[],
): Promise<DialectPass> {
  // A migration that this dialect skips as a whole (`requires`) runs nothing there.
  if (neverMetOn(subject.migration, dialect))
    return { findings: [], operations: 0, checks: checksBefore };
  const { operations, incomplete } = await record(subject, dialect, args);
  const createdTables = new Set<string>();
  let checks = checksBefore;
  const findings: LintFinding[] = [];
  for (const recorded of operations) {
    if (skipsOperation(recorded.op, dialect)) continue;
    findings.push(
      ...findingsOf(subject, dialect.name, recorded, { createdTables, notNullChecks: checks }),
    );
    created(recorded.op, createdTables);
    checks = trackChecks(checks, recorded.op);
  }
  return { findings, operations: operations.length, checks, ...(incomplete ? { incomplete } : {}) };
}

/** Findings of several dialects, the same finding once with all its dialects, in line order. */
function mergeFindings(passes: readonly DialectPass[]): LintFinding[] {
  const merged = new Map<string, LintFinding>();
  for (const finding of passes.flatMap((p) => p.findings)) {
    const key = [finding.rule, finding.line ?? '', finding.operation, finding.subject].join('\0');
    const seen = merged.get(key);
    merged.set(
      key,
      seen ? { ...seen, dialects: [...seen.dialects, ...finding.dialects] } : finding,
    );
  }
  return [...merged.values()].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

/**
 * Lints one migration without a database: runs its upgrade once per dialect against a
 * RecordingExecutor, checks every recorded operation with the rules of that dialect, drops the
 * findings its comments or `lint.disable` turn off, and returns the state for the next migration.
 *
 * @example
 * const { result, state: next } = await lintMigration(subject, [postgresDialect, mysqlDialect], {}, new Map());
 * result.findings.map((f) => f.rule); // ['drop-column']
 */
export async function lintMigration(
  subject: LintSubject,
  dialects: readonly (Dialect & { readonly name: LintDialect })[],
  args: Readonly<Record<string, string>>,
  state: LintState,
): Promise<{ readonly result: MigrationLint; readonly state: LintState }> {
  const passes: DialectPass[] = [];
  const next = new Map(state);
  for (const dialect of dialects) {
    const pass = await lintForDialect(subject, dialect, args, state.get(dialect.name) ?? []);
    passes.push(pass);
    next.set(dialect.name, pass.checks);
  }
  const byLine = lineSuppressions(subject.source);
  const disabled = subject.migration.lint?.disable ?? [];
  const all = mergeFindings(passes);
  const findings = all.filter((f) => !isSuppressed(f.rule, f.line, byLine, disabled));
  const incomplete = passes.find((p) => p.incomplete)?.incomplete;
  const result: MigrationLint = {
    revision: subject.revision,
    stem: subject.stem,
    file: subject.path,
    operations: passes[0]?.operations ?? 0,
    findings,
    suppressed: all.length - findings.length,
    ...(incomplete ? { incomplete } : {}),
  };
  return { result, state: next };
}
