/**
 * What every scenario gets: the options, which sides can run, a work folder, and the tool
 * commands as whole processes (athanor: `node bin/athanor.js`; Alembic: `python3 -m alembic`).
 */
import { join } from 'node:path';
import { alembicCommand, sqlalchemyUrl } from './alembic/project.js';
import type { AlembicInfo } from './alembic/detect.js';
import { athanorCommand } from './athanor-project.js';
import type { BenchOptions } from './options.js';
import { runChecked, runProcess, type ProcessResult } from './proc.js';
import type { Behaviour, Row } from './report.js';

export interface BenchContext {
  readonly options: BenchOptions;
  /** Undefined when Alembic is not installed or --no-alembic. */
  readonly alembic: AlembicInfo | undefined;
  /** Whether the PostgreSQL server answers. */
  readonly pg: boolean;
  /** Temporary folder of this run. */
  readonly work: string;
  readonly rows: Row[];
  readonly behaviours: Behaviour[];
}

/** Alembic can run on this dialect (psycopg2 is needed for PostgreSQL). */
export const alembicOn = (ctx: BenchContext, dialect: 'sqlite' | 'postgresql'): boolean =>
  ctx.alembic !== undefined && (dialect === 'sqlite' || ctx.alembic.psycopg2);

/** A database for a command: a SQLite file path or a PostgreSQL URL, with its dialect. */
export interface Db {
  readonly dialect: 'sqlite' | 'postgresql';
  /** The SQLite file (absolute) or the PostgreSQL URL. */
  readonly target: string;
}

const athanorUrl = (db: Db): string =>
  db.dialect === 'sqlite' ? `sqlite:${db.target}` : db.target;

/** `athanor <args>` in `project`, on `db` (DATABASE_URL); throws unless the exit is in `expect`. */
export function athanor(
  project: string,
  args: readonly string[],
  db: Db | undefined,
  expect: readonly number[] = [0],
): Promise<ProcessResult> {
  const [cmd, argv] = athanorCommand(args);
  return runChecked(`athanor ${args.join(' ')}`, cmd, argv, {
    cwd: project,
    env: db ? { DATABASE_URL: athanorUrl(db) } : {},
    expect,
  });
}

/** `alembic <args>` with the project's alembic.ini, on `db` (BENCH_DB_URL). */
export function alembic(
  project: string,
  args: readonly string[],
  db: Db | undefined,
  expect: readonly number[] = [0],
): Promise<ProcessResult> {
  const [cmd, argv] = alembicCommand(project, args);
  return runChecked(`alembic ${args.join(' ')}`, cmd, argv, {
    cwd: project,
    env: db
      ? {
          BENCH_DB_URL: sqlalchemyUrl(
            db.dialect === 'sqlite' ? `sqlite:${db.target}` : db.target,
            project,
          ),
        }
      : {},
    expect,
  });
}

/** The same, without checking the exit status (scenarios d and e look at it themselves). */
export function rawTool(
  side: 'athanor' | 'alembic',
  project: string,
  args: readonly string[],
  db: Db,
): Promise<ProcessResult> {
  if (side === 'athanor') {
    const [cmd, argv] = athanorCommand(args);
    return runProcess(cmd, argv, { cwd: project, env: { DATABASE_URL: athanorUrl(db) } });
  }
  const [cmd, argv] = alembicCommand(project, args);
  const url = sqlalchemyUrl(db.dialect === 'sqlite' ? `sqlite:${db.target}` : db.target, project);
  return runProcess(cmd, argv, { cwd: project, env: { BENCH_DB_URL: url } });
}

export const dir = (ctx: BenchContext, ...parts: string[]): string => join(ctx.work, ...parts);
