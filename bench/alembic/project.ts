/**
 * Writes the Alembic side of a workload: alembic.ini, alembic/env.py, alembic/script.py.mako,
 * alembic/versions/*.py and, for scenario c, models.py (SQLAlchemy tables equal to athanor's
 * models). env.py runs each migration in its own transaction (`transaction_per_migration=True`),
 * the same boundaries as athanor and the floor; the URL comes from BENCH_DB_URL at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileStem, wideTable, type RevisionSpec, type Step } from '../workload.js';

export const PYTHON = '/usr/bin/python3';

/** `python3 -m alembic -c <dir>/alembic.ini <args>`. */
export function alembicCommand(dir: string, args: readonly string[]): [string, string[]] {
  return [PYTHON, ['-m', 'alembic', '-c', join(dir, 'alembic.ini'), ...args]];
}

/** A database URL in SQLAlchemy's spelling (psycopg2 for PostgreSQL, an absolute SQLite path). */
export function sqlalchemyUrl(url: string, cwd: string): string {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return `sqlite:///${path.startsWith('/') ? path : join(cwd, path)}`;
  }
  return url.replace(/^postgres(ql)?:\/\//, 'postgresql+psycopg2://');
}

const INI = `[alembic]
script_location = %(here)s/alembic
sqlalchemy.url = sqlite:///%(here)s/app.db

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
`;

const ENV_PY = `import os
import sys
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

url = os.environ.get("BENCH_DB_URL") or config.get_main_option("sqlalchemy.url")
config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))

here = os.path.dirname(os.path.abspath(config.config_file_name))
target_metadata = None
if os.path.exists(os.path.join(here, "models.py")):
    sys.path.insert(0, here)
    import models

    target_metadata = models.metadata


def run_migrations_offline():
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;

const MAKO = `"""\${message}

Revision ID: \${up_revision}
Revises: \${down_revision | comma,n}
Create Date: \${create_date}

"""
from alembic import op
import sqlalchemy as sa
\${imports if imports else ""}

revision = \${repr(up_revision)}
down_revision = \${repr(down_revision)}
branch_labels = \${repr(branch_labels)}
depends_on = \${repr(depends_on)}


def upgrade() -> None:
    \${upgrades if upgrades else "pass"}


def downgrade() -> None:
    \${downgrades if downgrades else "pass"}
`;

const py = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function renderStep(step: Step): string {
  switch (step.kind) {
    case 'createTable':
      return (
        `op.create_table(${py(step.table)}, sa.Column('id', sa.Integer(), autoincrement=False, nullable=False), ` +
        `sa.Column('name', sa.String(length=50), nullable=True), sa.PrimaryKeyConstraint('id', name=${py(`pk_${step.table}`)}))`
      );
    case 'dropTable':
      return `op.drop_table(${py(step.table)})`;
    case 'sql':
      return `op.execute(${py(step.sql)})`;
  }
}

export function renderRevision(spec: RevisionSpec): string {
  const body = (steps: readonly Step[]): string =>
    steps.map((s) => `    ${renderStep(s)}`).join('\n') || '    pass';
  return [
    `"""${spec.message}`,
    '',
    `Revision ID: ${spec.id}`,
    `Revises: ${spec.down ?? ''}`,
    'Create Date: 2025-01-01 00:00:00.000000',
    '',
    '"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    `revision = ${py(spec.id)}`,
    `down_revision = ${spec.down === null ? 'None' : py(spec.down)}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade() -> None:',
    body(spec.upgrade),
    '',
    '',
    'def downgrade() -> None:',
    body(spec.downgrade),
    '',
  ].join('\n');
}

export function writeAlembicProject(
  dir: string,
  revisions: readonly RevisionSpec[],
  options: { readonly modelTables?: number } = {},
): void {
  const versions = join(dir, 'alembic', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'alembic.ini'), INI);
  writeFileSync(join(dir, 'alembic', 'env.py'), ENV_PY);
  writeFileSync(join(dir, 'alembic', 'script.py.mako'), MAKO);
  if (options.modelTables !== undefined)
    writeFileSync(join(dir, 'models.py'), renderModels(options.modelTables));
  revisions.forEach((spec, k) =>
    writeFileSync(join(versions, `${fileStem(k + 1, spec.message)}.py`), renderRevision(spec)),
  );
}

/** SQLAlchemy tables equal to athanor-project.renderModels and workload.wideTablesSql. */
export function renderModels(m: number): string {
  const lines = [
    'import sqlalchemy as sa',
    'from sqlalchemy.dialects.postgresql import JSONB',
    '',
    'metadata = sa.MetaData(naming_convention={',
    '    "ix": "ix_%(column_0_label)s",',
    '    "uq": "uq_%(table_name)s_%(column_0_name)s",',
    '    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",',
    '    "pk": "pk_%(table_name)s",',
    '})',
    '',
  ];
  for (let i = 0; i < m; i++) {
    const t = wideTable(i);
    const fk = i === 0 ? '' : `, sa.ForeignKey('${wideTable(i - 1)}.id', ondelete='SET NULL')`;
    lines.push(
      `${t} = sa.Table('${t}', metadata,`,
      "    sa.Column('id', sa.Integer, primary_key=True),",
      "    sa.Column('name', sa.String(100), nullable=False),",
      "    sa.Column('email', sa.String(255)),",
      "    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP')),",
      "    sa.Column('amount', sa.Numeric(12, 2)),",
      "    sa.Column('active', sa.Boolean, nullable=False, server_default=sa.true()),",
      "    sa.Column('data', JSONB),",
      `    sa.Column('prev_id', sa.Integer${fk}),`,
      `    sa.Index('ix_${t}_name', 'name'),`,
      `    sa.UniqueConstraint('email', name='uq_${t}_email'),`,
      ')',
    );
  }
  return `${lines.join('\n')}\n`;
}
