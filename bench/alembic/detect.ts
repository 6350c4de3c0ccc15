/** Whether Debian's Alembic is importable by /usr/bin/python3, and which versions. */
import { runProcess } from '../proc.js';
import { PYTHON } from './project.js';

export const NOT_INSTALLED =
  'alembic: not installed (apt-get install python3-alembic python3-sqlalchemy python3-psycopg2)';

export interface AlembicInfo {
  readonly alembic: string;
  readonly sqlalchemy: string;
  /** psycopg2 is needed for the PostgreSQL scenarios only. */
  readonly psycopg2: boolean;
}

export async function detectAlembic(): Promise<AlembicInfo | undefined> {
  const code =
    'import alembic, sqlalchemy\ntry:\n import psycopg2; p = "1"\nexcept ImportError:\n p = "0"\nprint(alembic.__version__, sqlalchemy.__version__, p)';
  try {
    const r = await runProcess(PYTHON, ['-c', code]);
    if (r.status !== 0) return undefined;
    const [alembic, sqlalchemy, p] = r.stdout.trim().split(/\s+/);
    if (!alembic || !sqlalchemy) return undefined;
    return { alembic, sqlalchemy, psycopg2: p === '1' };
  } catch {
    return undefined;
  }
}
