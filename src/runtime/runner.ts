import type { TransactionMode } from '../config/config-types.js';
import type { Dialect } from '../dialects/dialect.js';
import type { Connection } from '../drivers/driver.js';
import type { MigrationStep } from '../graph/revision-graph.js';
import type { MigrationModule } from '../operations/migration.js';
import { emitRunEvent, type RevisionLabel, type RunEventListener } from './events.js';
import type { RunExecutor } from './executor.js';
import { LiveExecutor } from './live-executor.js';
import {
  createLogTable,
  logTableOf,
  readUpgradeOutcomes,
  runOrigin,
  type RunAnnotations,
} from './log-table.js';
import { downgradeSkips, unmetRequirements } from './migration-requirements.js';
import { prepareRun, type PreparedRun } from './run-preparation.js';
import { StepRunner, type StepResult } from './step-runner.js';
import { ScriptExecutor } from './script-executor.js';
import {
  createVersionTable,
  existingTables,
  readVersionRows,
  versionDeltaStatements,
  type QualifiedTable,
  type VersionDelta,
} from './version-table.js';

/** Migration modules by revision id, with what log lines and log rows need. */
export interface MigrationSource {
  load(id: string): Promise<MigrationModule>;
  checksum(id: string): Promise<string> | string;
  stemOf(id: string): Promise<string> | string;
  /** Absolute path of a revision's file, for error messages. */
  file?(id: string): Promise<{ readonly path: string }>;
}

/** What a run does, decided from the version rows read under the lock. */
export interface RunPlan {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly steps: readonly MigrationStep[];
  /** A stamp: rewrite the version rows without running any migration. */
  readonly stamp?: VersionDelta;
}

/** Builds the plan from the current version rows; throws to refuse (nothing is changed then). */
export type Planner = (current: readonly string[]) => RunPlan;

export interface RunnerOptions {
  readonly dialect: Dialect;
  readonly scripts: MigrationSource;
  readonly versionTable: QualifiedTable;
  readonly transaction: TransactionMode;
  readonly args?: Readonly<Record<string, string>>;
  readonly onEvent?: RunEventListener;
}

/** Online: a connection (and a way to open another, for the PostgreSQL lock). */
export interface OnlineTarget {
  readonly connection: Connection;
  readonly openConnection: () => Promise<Connection>;
  readonly lockTimeoutMs: number;
  /**
   * Called under the lock once the plan is known and not empty, before anything is written
   * (`upgrade --backup`). What it returns is recorded in the run's log rows; throwing refuses
   * the run with nothing changed.
   */
  readonly beforeApply?: (run: {
    readonly connection: Connection;
    readonly plan: RunPlan;
  }) => Promise<RunAnnotations | void>;
}

/** Offline (`--sql`): no connection; the version rows the script starts from. */
export interface OfflineTarget {
  readonly startHeads: readonly string[];
  /**
   * Session statements the script starts with (`SET lock_timeout = '5s'`), as an online run
   * sets them on its connection (see session-settings.ts).
   */
  readonly session?: readonly string[];
}

export interface RunResult {
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly steps: readonly StepResult[];
  /** Offline only: the SQL script. */
  readonly sql?: string;
}

/**
 * Applies a plan: takes the migration lock for the whole run, reads the version rows, plans,
 * then runs each step in its transaction with its version-row change and log row. The same
 * code runs offline, where the executor writes SQL instead of running it.
 *
 * @example
 * const runner = new MigrationRunner({ dialect, scripts, versionTable: { name: 'athanor_version' }, transaction: 'each' });
 * await runner.run((current) => graph.planUpgrade(current, 'head'), { connection, openConnection, lockTimeoutMs: 60_000 });
 */
export class MigrationRunner {
  readonly #options: RunnerOptions;

  constructor(options: RunnerOptions) {
    this.#options = options;
  }

  /** Runs online or offline depending on the target. */
  async run(planner: Planner, target: OnlineTarget | OfflineTarget): Promise<RunResult> {
    if (!('connection' in target)) return this.#runOffline(planner, target);
    // Compile for the server at hand (MariaDB refuses an expression index before any step runs).
    const dialect = await this.#options.dialect.forServer?.(target.connection);
    const runner = dialect ? new MigrationRunner({ ...this.#options, dialect }) : this;
    return runner.#runOnline(planner, target);
  }

  async #runOnline(planner: Planner, target: OnlineTarget): Promise<RunResult> {
    const { dialect, versionTable, onEvent } = this.#options;
    const conn = target.connection;
    // Fast path without the lock: a replica that finds the database at its target leaves at once.
    const early = await this.#readState(conn);
    if (isNothingToDo(planner, early.current)) return this.#upToDate(early.current);
    const key = versionTable.schema
      ? `${versionTable.schema}.${versionTable.name}`
      : versionTable.name;
    emitRunEvent(onEvent, { kind: 'lockWaiting', key, timeoutMs: target.lockTimeoutMs });
    const waitStart = performance.now();
    const lock = await dialect.lock.acquire({
      conn,
      openConnection: target.openConnection,
      key,
      timeoutMs: target.lockTimeoutMs,
    });
    let failed = false;
    try {
      emitRunEvent(onEvent, { kind: 'lockAcquired', key, waitedMs: performance.now() - waitStart });
      // Re-read under the lock: a run that waited finds the work of the one before it done.
      const { tables, current } = await this.#readState(conn, early.tables);
      const prepared = await prepareRun(planner(current), this.#options);
      if (!prepared) return this.#upToDate(current);
      const annotations =
        (await target.beforeApply?.({ connection: conn, plan: prepared.plan })) ?? {};
      const executor = await LiveExecutor.create({
        connection: conn,
        dialect,
        ...(onEvent ? { onEvent } : {}),
      });
      await this.#ensureTables(executor, tables);
      return await this.#apply(executor, prepared, true, annotations);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A release that fails after a failed run must not hide why the run failed; the lock dies
      // with its connection anyway.
      await lock.release().catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  }

  /**
   * Which of athanor's tables exist, and the version rows (none without a version table).
   * Tables already seen are not looked up again: no run drops them.
   */
  async #readState(
    conn: Connection,
    seen: ReadonlySet<string> = new Set(),
  ): Promise<{ tables: ReadonlySet<string>; current: string[] }> {
    const { dialect, versionTable } = this.#options;
    const names = [versionTable.name, logTableOf(versionTable).name];
    const tables = names.every((name) => seen.has(name))
      ? seen
      : await existingTables(conn, dialect, names, versionTable.schema);
    const current = tables.has(versionTable.name)
      ? await readVersionRows(conn, dialect, versionTable)
      : [];
    return { tables, current };
  }

  async #runOffline(planner: Planner, target: OfflineTarget): Promise<RunResult> {
    const { dialect, onEvent, versionTable } = this.#options;
    const executor = new ScriptExecutor({ dialect, ...(onEvent ? { onEvent } : {}) });
    const current = [...target.startHeads].sort();
    const prepared = await prepareRun(planner(current), this.#options);
    if (!prepared) return { ...(await this.#upToDate(current)), sql: '' };
    executor.preamble(target.session ?? []);
    if (current.length === 0) await executor.systemOperation(createVersionTable(versionTable));
    const result = await this.#apply(executor, prepared, false);
    return { ...result, sql: executor.script() };
  }

  async #upToDate(current: readonly string[]): Promise<RunResult> {
    const heads: RevisionLabel[] = [];
    for (const id of current) heads.push({ revision: id, stem: await this.#stem(id) });
    emitRunEvent(this.#options.onEvent, { kind: 'upToDate', heads });
    return { from: current, to: current, steps: [] };
  }

  async #stem(id: string): Promise<string> {
    try {
      return await this.#options.scripts.stemOf(id);
    } catch {
      return ''; // a version row naming no file (stamped by hand): show the id alone
    }
  }

  async #ensureTables(executor: RunExecutor, present: ReadonlySet<string>): Promise<void> {
    const { versionTable, onEvent } = this.#options;
    const logTable = logTableOf(versionTable);
    if (!present.has(versionTable.name)) {
      await executor.systemOperation(createVersionTable(versionTable));
      emitRunEvent(onEvent, { kind: 'tableCreated', table: versionTable.name });
    }
    if (!present.has(logTable.name)) {
      await executor.systemOperation(createLogTable(logTable));
      emitRunEvent(onEvent, { kind: 'tableCreated', table: logTable.name });
    }
  }

  async #apply(
    executor: RunExecutor,
    prepared: PreparedRun,
    online: boolean,
    annotations: RunAnnotations = {},
  ): Promise<RunResult> {
    const { dialect, transaction, onEvent, versionTable } = this.#options;
    const { plan } = prepared;
    emitRunEvent(onEvent, {
      kind: 'planned',
      from: plan.from,
      to: plan.to,
      steps: plan.steps.length,
      transactionalDdl: dialect.capabilities.transactionalDdl,
    });
    if (plan.stamp) {
      await this.#stamp(executor, prepared, plan.stamp);
      return { from: plan.from, to: plan.to, steps: [] };
    }
    const skips = await this.#skips(executor, prepared, online);
    const steps = new StepRunner({
      executor,
      dialect,
      skips,
      mode: dialect.capabilities.transactionalDdl ? transaction : 'none',
      versionTable,
      logTable: online ? logTableOf(versionTable) : undefined,
      origin: { ...runOrigin(), ...annotations },
      args: this.#options.args ?? {},
      ...(onEvent ? { onEvent } : {}),
    });
    const results = await steps.runAll(prepared);
    return { from: plan.from, to: plan.to, steps: results };
  }

  /**
   * Read once for the whole run, before any step: which migrations this database cannot run,
   * and on the way down, which upgrades the log says were skipped or ran.
   */
  async #skips(
    executor: RunExecutor,
    prepared: PreparedRun,
    online: boolean,
  ): Promise<ReadonlyMap<string, string>> {
    const { dialect, versionTable } = this.#options;
    const migrations = [...prepared.migrations.values()];
    const unmet = await unmetRequirements(migrations, {
      dialect,
      offline: executor.offline,
      query: <R>(sql: string) => executor.query<R>(sql),
    });
    const down = prepared.plan.steps
      .filter((s) => s.direction === 'down')
      .map((s) => s.revision.id)
      .filter((id) => (prepared.migrations.get(id)?.requires?.extensions ?? []).length > 0);
    if (down.length === 0 || !online) return unmet;
    const upgrades = await readUpgradeOutcomes(
      (sql, params) => executor.query(sql, params),
      dialect,
      logTableOf(versionTable),
      down,
    );
    const skips = new Map(unmet);
    for (const id of down) skips.delete(id);
    for (const [id, reason] of downgradeSkips(unmet, upgrades, down)) skips.set(id, reason);
    return skips;
  }

  async #stamp(executor: RunExecutor, prepared: PreparedRun, delta: VersionDelta): Promise<void> {
    const { dialect, versionTable, onEvent } = this.#options;
    const label = (id: string) => prepared.labels.get(id) ?? { revision: id, stem: '' };
    executor.comment(
      `Stamping ${delta.delete.join(', ') || 'base'} -> ${delta.insert.join(', ') || 'base'}`,
    );
    const transactional = dialect.capabilities.transactionalDdl;
    if (transactional) await executor.begin();
    try {
      for (const statement of versionDeltaStatements(versionTable, delta))
        await executor.system(statement);
      if (transactional) await executor.commit();
    } catch (error) {
      await executor.rollback();
      throw error;
    }
    emitRunEvent(onEvent, {
      kind: 'stamped',
      from: prepared.plan.from.map(label),
      to: prepared.plan.to.map(label),
    });
  }
}

/** True when the plan from these rows is empty; a refused plan is decided under the lock. */
function isNothingToDo(planner: Planner, current: readonly string[]): boolean {
  try {
    const plan = planner(current);
    const stampMoves = plan.stamp ? plan.stamp.delete.length + plan.stamp.insert.length : 0;
    return plan.steps.length === 0 && stampMoves === 0;
  } catch {
    return false;
  }
}
