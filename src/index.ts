/**
 * athanor's public API: what migration files, model modules, config files and applications import.
 *
 * @example
 * import { defineMigration, t, sql } from 'athanor';
 * import { upgrade, loadConfig } from 'athanor';
 * await upgrade({ config: await loadConfig(), target: 'head' });
 *
 * @example
 * // application start-up: refuse to serve with a stale schema
 * import { assertUpToDate, loadConfig } from 'athanor';
 * await assertUpToDate({ config: await loadConfig() }); // throws SchemaNotUpToDateError
 */
export { defineConfig, type AthanorConfig, type ResolvedConfig, type TransactionMode } from './config/config-types.js';
export { loadConfig, type LoadConfigOptions } from './config/config-load.js';
export { parseUrl, maskUrl, describeUrl, type ParsedUrl } from './config/url.js';
export { defineMigration, type MigrationModule, type MigrationRequirements } from './operations/migration.js';
export type { Op, BatchOp, OpOptions, AlterColumnOptions, CreateIndexOptions, ForeignKeyOptions } from './operations/op-types.js';
export { sql, type SqlFragment } from './operations/sql-tag.js';
export type { Operation, OperationKind } from './operations/operation.js';
export {
  t,
  table,
  index,
  unique,
  check,
  foreignKey,
  primaryKey,
  defineSchema,
  defineNamingConvention,
  isSchema,
  toSchemaModel,
  type Schema,
  type Table,
  type ColumnBuilder,
  type InferRow,
  type InferInsert,
  type InferTable,
  type InferDB,
  type Generated,
} from './schema/dsl.js';
export type { SchemaModel, TableModel, ColumnModel, IndexModel } from './schema/model.js';
export type { ColumnType, DialectName } from './schema/types.js';
export { RevisionGraph, type Revision, type MigrationPlan, type MigrationStep } from './graph/index.js';
export {
  AthanorError,
  MultipleHeadsError,
  UnsupportedOperationError,
  SchemaNotUpToDateError,
  MigrationError,
  LockTimeoutError,
  type ErrorCode,
} from './errors.js';
export { upgrade, type UpgradeOptions, type UpgradeResult } from './commands/upgrade.js';
export { downgrade, type DowngradeOptions, type DowngradeResult } from './commands/downgrade.js';
export { stamp, type StampOptions, type StampResult } from './commands/stamp.js';
export { current, type CurrentOptions, type CurrentResult } from './commands/current.js';
export { waitForDatabase, type WaitOptions, type WaitResult } from './commands/wait.js';
export { status, type StatusOptions, type StatusResult, type LastApplied } from './commands/status.js';
export {
  assertUpToDate,
  readSchemaPosition,
  type AssertUpToDateOptions,
} from './commands/assert-up-to-date.js';
export type { SchemaPosition, RevisionRef } from './commands/schema-position.js';
export { restore, type RestoreOptions, type RestoreResult } from './commands/restore.js';
export { backupDatabase, restoreDatabase, type BackupResult } from './backup/backup.js';
export { compare, type CompareResult } from './autogen/compare.js';
export { renderOperations } from './autogen/render.js';
export { formatRunEvent, type RunEvent, type RunEventListener, type StepInfo, type RevisionLabel } from './runtime/events.js';
export { buildContext, createContext, type CommandContext } from './commands/context.js';
export { verify } from './commands/verify.js';
export { validate } from './commands/validate.js';
export { lint } from './commands/lint.js';
export { check as checkDatabase } from './commands/check.js';
export { autogenerateRevision } from './commands/autogenerate.js';
