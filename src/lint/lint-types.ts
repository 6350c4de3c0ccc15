import type { Operation } from '../operations/operation.js';

/**
 * How bad a finding is. `error` (exit status 1): the operation fails on a table with rows, loses
 * data, rewrites the whole table while reads and writes wait, or breaks the application code still
 * running during a deploy. `warning` (shown, exit 0): the operation works, but holds a lock for a
 * scan whose length grows with the table; harmless on small tables, and each has a drop-in safe
 * form (`concurrently`, `notValid`, a validated CHECK).
 *
 * @example
 * const severity: LintSeverity = 'error';
 */
export type LintSeverity = 'error' | 'warning';

/** The databases lint has rules for (SQLite has no concurrent writers to protect). */
export type LintDialect = 'postgresql' | 'mysql';

/**
 * One operation a migration made, as the recording executor saw it.
 *
 * @example
 * const recorded: RecordedOperation = { op: { kind: 'dropTable', table: 'old' }, index: 1, line: 12 };
 */
export interface RecordedOperation {
  readonly op: Operation;
  /** 1-based position in the migration's upgrade. */
  readonly index: number;
  /** Line of the `op.*` call in the migration file, when the stack trace shows it. */
  readonly line?: number;
}

/**
 * A CHECK constraint proving a column is never NULL, as lint tracks it across migrations (so that
 * `set-not-null` knows when PostgreSQL can skip its full-table scan).
 *
 * @example
 * const check: NotNullCheck = { name: 'ck_users_email_nn', table: 'users', column: 'email', validated: false };
 */
export interface NotNullCheck {
  readonly name: string;
  readonly table: string;
  readonly column: string;
  readonly validated: boolean;
}

/**
 * What a rule may look at besides the operation: the tables created earlier in the same
 * migration (those are new and empty, so nothing is dangerous on them) and the NOT NULL checks
 * known from this and earlier migrations.
 *
 * @example
 * const ctx: LintRuleContext = { dialect: 'postgresql', createdTables: new Set(['users']), notNullChecks: [] };
 */
export interface LintRuleContext {
  readonly dialect: LintDialect;
  readonly createdTables: ReadonlySet<string>;
  readonly notNullChecks: readonly NotNullCheck[];
}

/**
 * One lint rule as data: id, severity, the dialects it applies to, why the operation is
 * dangerous and the safer way, and a pure `check` that returns the subject it matched (a short
 * description such as `column users.age`) or undefined.
 *
 * @example
 * const rule: LintRule = { id: 'drop-table', severity: 'error', dialects: ['postgresql', 'mysql'],
 *   why: 'loses data', safer: 'stop using it first', check: (op) => (op.kind === 'dropTable' ? `table ${op.table}` : undefined) };
 */
export interface LintRule {
  readonly id: string;
  readonly severity: LintSeverity;
  readonly dialects: readonly LintDialect[];
  /** What goes wrong, in a sentence. */
  readonly why: string;
  /** What to write instead. */
  readonly safer: string;
  check(op: Operation, ctx: LintRuleContext): string | undefined;
}

/**
 * One dangerous operation found in a migration.
 *
 * @example
 * finding.rule;     // 'add-column-not-null-without-default'
 * finding.subject;  // 'column users.age'
 */
export interface LintFinding {
  readonly rule: string;
  readonly severity: LintSeverity;
  readonly revision: string;
  readonly stem: string;
  /** Absolute path of the migration file. */
  readonly file: string;
  readonly line?: number;
  /** The operation, summarised (`+ column users.age (integer)`). */
  readonly operation: string;
  readonly subject: string;
  /** The dialects on which this operation is dangerous. */
  readonly dialects: readonly LintDialect[];
  readonly why: string;
  readonly safer: string;
}

/**
 * Why lint could not read all of a migration: it called `op.query` (which needs a database) or
 * threw. The operations before that point were checked.
 *
 * @example
 * const stop: LintIncomplete = { reason: 'op.query() needs a database', line: 14 };
 */
export interface LintIncomplete {
  readonly reason: string;
  readonly line?: number;
}

/** The lint result of one migration. */
export interface MigrationLint {
  readonly revision: string;
  readonly stem: string;
  readonly file: string;
  readonly operations: number;
  readonly findings: readonly LintFinding[];
  /** Findings turned off by a comment or by the migration's `lint.disable`. */
  readonly suppressed: number;
  readonly incomplete?: LintIncomplete;
}
