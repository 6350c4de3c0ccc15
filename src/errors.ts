/**
 * Every failure athanor reports is an AthanorError with a stable `code`; the CLI maps codes to
 * exit statuses (2 for usage/input errors, 1 for everything else).
 *
 * @example
 * try { await upgrade({ config }); } catch (e) { if (e instanceof AthanorError && e.code === 'E_MULTIPLE_HEADS') ... }
 */
export type ErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG'
  | 'E_URL'
  | 'E_SCRIPT'
  | 'E_GRAPH'
  | 'E_DUPLICATE_REVISION'
  | 'E_MISSING_REVISION'
  | 'E_CYCLE'
  | 'E_MULTIPLE_HEADS'
  | 'E_UNKNOWN_REVISION'
  | 'E_AMBIGUOUS_REVISION'
  | 'E_RANGE'
  | 'E_NOT_UP_TO_DATE'
  | 'E_UNSUPPORTED_OP'
  | 'E_INVALID_OP'
  | 'E_MIGRATION_FAILED'
  | 'E_IRREVERSIBLE'
  | 'E_OFFLINE'
  | 'E_CONNECT'
  | 'E_DRIVER_MISSING'
  | 'E_LOCK_TIMEOUT'
  | 'E_CHECK_FAILED'
  | 'E_SCHEMA'
  | 'E_REFLECT';

/** Codes that mean "the user's input was wrong" and exit with status 2. */
const usageCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'E_USAGE',
  'E_CONFIG',
  'E_URL',
  'E_SCRIPT',
  'E_GRAPH',
  'E_DUPLICATE_REVISION',
  'E_MISSING_REVISION',
  'E_CYCLE',
  'E_MULTIPLE_HEADS',
  'E_UNKNOWN_REVISION',
  'E_AMBIGUOUS_REVISION',
  'E_RANGE',
  'E_SCHEMA',
]);

export class AthanorError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
  }

  /** Exit status for the CLI: 2 for usage and input errors, 1 for failures. */
  get exitCode(): 1 | 2 {
    return usageCodes.has(this.code) ? 2 : 1;
  }
}

/** Thrown when `head` is asked for while the graph has several heads. */
export class MultipleHeadsError extends AthanorError {
  readonly heads: readonly string[];
  constructor(heads: readonly string[], message?: string) {
    super(
      'E_MULTIPLE_HEADS',
      message ??
        `Multiple heads: ${heads.join(', ')}; name one, use 'heads' for all of them, or run \`athanor merge\``,
      { details: { heads } },
    );
    this.heads = heads;
  }
}

/** Thrown when an operation cannot run on a dialect and was not restricted with `dialects`. */
export class UnsupportedOperationError extends AthanorError {
  constructor(dialect: string, operation: string, reason: string) {
    super('E_UNSUPPORTED_OP', `${dialect} cannot run ${operation}: ${reason}`, {
      details: { dialect, operation },
    });
  }
}

/** Thrown at application start-up when the database is not at the code's head. */
export class SchemaNotUpToDateError extends AthanorError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('E_NOT_UP_TO_DATE', message, { details });
  }
}

/** Thrown when a migration fails; names the revision, file, operation and SQL. */
export class MigrationError extends AthanorError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> }) {
    super('E_MIGRATION_FAILED', message, options);
  }
}

/** Thrown when a run cannot get the migration lock within `--lock-timeout`. */
export class LockTimeoutError extends AthanorError {
  constructor(message: string) {
    super('E_LOCK_TIMEOUT', message);
  }
}

/** Exhaustiveness guard for `switch` over a discriminated union. */
export function assertNever(value: never, what = 'value'): never {
  throw new AthanorError('E_INVALID_OP', `unexpected ${what}: ${JSON.stringify(value)}`);
}
