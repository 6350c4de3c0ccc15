import type { OperationKind } from '../operations/operation.js';
import type { DialectName } from '../schema/types.js';

/** A revision as log lines show it: its id and its file's stem (`003_add_phone_number`). */
export interface RevisionLabel {
  readonly revision: string;
  readonly stem: string;
}

/** One migration step of a run, as the events describe it. */
export interface StepInfo {
  /** 1-based position in the run. */
  readonly index: number;
  readonly total: number;
  readonly direction: 'up' | 'down';
  readonly revision: RevisionLabel;
  readonly message: string;
  /** Version rows the step starts from and ends at (Alembic's `a -> b`). */
  readonly from: readonly RevisionLabel[];
  readonly to: readonly RevisionLabel[];
}

/**
 * What a run reports while it works: typed data, printed by the CLI (`formatRunEvent`) and
 * available to programmatic callers through `onEvent`.
 *
 * @example
 * await upgrade({ config, onEvent: (e) => { if (e.kind === 'stepFinished') console.log(formatRunEvent(e)); } });
 */
export type RunEvent =
  | { readonly kind: 'lockWaiting'; readonly key: string; readonly timeoutMs: number }
  | { readonly kind: 'lockAcquired'; readonly key: string; readonly waitedMs: number }
  | { readonly kind: 'tableCreated'; readonly table: string }
  | {
      readonly kind: 'planned';
      readonly from: readonly string[];
      readonly to: readonly string[];
      readonly steps: number;
      readonly transactionalDdl: boolean;
    }
  | { readonly kind: 'stepStarted'; readonly step: StepInfo }
  | { readonly kind: 'stepFinished'; readonly step: StepInfo; readonly durationMs: number }
  | {
      readonly kind: 'stepFailed';
      readonly step: StepInfo;
      readonly durationMs: number;
      readonly error: string;
    }
  | {
      readonly kind: 'operationSkipped';
      readonly revision?: RevisionLabel;
      readonly operation: OperationKind;
      readonly dialect: DialectName;
      readonly dialects: readonly DialectName[];
    }
  | {
      /** A migration whose `requires` this database does not meet: its version still moves. */
      readonly kind: 'migrationSkipped';
      readonly revision: RevisionLabel;
      readonly direction: 'up' | 'down';
      /** `extension vector is not available on this server` */
      readonly reason: string;
    }
  | {
      readonly kind: 'stamped';
      readonly from: readonly RevisionLabel[];
      readonly to: readonly RevisionLabel[];
    }
  | { readonly kind: 'upToDate'; readonly heads: readonly RevisionLabel[] }
  | {
      readonly kind: 'backupWritten';
      readonly path: string;
      readonly bytes: number;
      readonly durationMs: number;
      readonly tool: string;
    };

/** Receives run events; must not throw (a throwing listener is ignored). */
export type RunEventListener = (event: RunEvent) => void;

/**
 * Calls a listener, never letting its failure break a migration run.
 *
 * @example
 * emitRunEvent(options.onEvent, { kind: 'upToDate', heads: [] });
 */
export function emitRunEvent(listener: RunEventListener | undefined, event: RunEvent): void {
  if (!listener) return;
  try {
    listener(event);
  } catch {
    // A printing problem must not abort a half-applied run.
  }
}

/**
 * A revision with its file's stem; the id alone when the stem is unknown.
 *
 * @example
 * formatRevisionLabel({ revision: 'a1b2c3d4e5f6', stem: '001_create_users' }); // 'a1b2c3d4e5f6 (001_create_users)'
 */
export function formatRevisionLabel(label: RevisionLabel): string {
  if (!label.stem || label.stem === label.revision) return label.revision;
  return `${label.revision} (${label.stem})`;
}

function formatLabels(labels: readonly RevisionLabel[]): string {
  return labels.map(formatRevisionLabel).join(', ');
}

/**
 * Alembic's `Running upgrade a -> b, message`, with file stems next to the ids.
 *
 * @example
 * formatStepLine(step); // 'Running upgrade  -> 1f3a9c0d2b7e (001_initial), initial tables'
 */
export function formatStepLine(step: StepInfo): string {
  const verb = step.direction === 'up' ? 'upgrade' : 'downgrade';
  const line = `Running ${verb} ${formatLabels(step.from)} -> ${formatLabels(step.to)}`;
  return step.message ? `${line}, ${step.message}` : line;
}

/**
 * Seconds with two decimals, as the log lines show durations.
 *
 * @example
 * formatDuration(123); // '0.12 s'
 */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * One human-readable line per event, or undefined for events not worth a line. `progress`
 * prefixes step lines with `[3/12]` (the CLI does so on a TTY).
 *
 * @example
 * formatRunEvent({ kind: 'stepFinished', step, durationMs: 120 })
 * // 'Running upgrade 1f3a (001_initial) -> 9c0d (002_add_vector), add vector support (0.12 s)'
 */
export function formatRunEvent(
  event: RunEvent,
  options: { progress?: boolean } = {},
): string | undefined {
  const prefix = (step: StepInfo) => (options.progress ? `[${step.index}/${step.total}] ` : '');
  switch (event.kind) {
    case 'lockWaiting':
      return undefined;
    case 'lockAcquired':
      return event.waitedMs >= 1000
        ? `Acquired the migration lock after ${formatDuration(event.waitedMs)}`
        : undefined;
    case 'tableCreated':
      return `Created table ${event.table}`;
    case 'planned':
      return event.transactionalDdl
        ? 'Will assume transactional DDL.'
        : 'Will assume non-transactional DDL.';
    case 'stepStarted':
      return undefined;
    case 'stepFinished':
      return `${prefix(event.step)}${formatStepLine(event.step)} (${formatDuration(event.durationMs)})`;
    case 'stepFailed':
      return `${prefix(event.step)}${formatStepLine(event.step)} FAILED (${formatDuration(event.durationMs)})`;
    case 'operationSkipped': {
      const where = event.revision ? ` in ${formatRevisionLabel(event.revision)}` : '';
      return `Skipped ${event.operation}${where} on ${event.dialect} (only for ${event.dialects.join(', ')})`;
    }
    case 'migrationSkipped': {
      const verb = event.direction === 'up' ? 'upgrade' : 'downgrade';
      return `Skipped ${verb} of ${formatRevisionLabel(event.revision)}: ${event.reason}`;
    }
    case 'stamped':
      return `Stamped ${formatLabels(event.from) || 'base'} -> ${formatLabels(event.to) || 'base'}`;
    case 'upToDate':
      return `Nothing to do: the database is at ${formatLabels(event.heads) || 'base'}`;
    case 'backupWritten':
      return `Backup written to ${event.path} (${event.tool}, ${formatBytes(event.bytes)}, ${formatDuration(event.durationMs)})`;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
