/**
 * The workloads, as plain data that each side renders in its own language: an athanor project
 * (TypeScript), an Alembic project (Python) and the floor (one SQL script). One definition, so
 * the three sides cannot drift apart.
 */

/** One step of a migration. */
export type Step =
  | { readonly kind: 'createTable'; readonly table: string }
  | { readonly kind: 'dropTable'; readonly table: string }
  | { readonly kind: 'sql'; readonly sql: string };

export interface RevisionSpec {
  readonly id: string;
  readonly down: string | null;
  readonly message: string;
  readonly upgrade: readonly Step[];
  readonly downgrade: readonly Step[];
}

export type Dialect = 'sqlite' | 'postgresql';

/** Revision ids: 12 hex digits, like both tools' generated ids. */
export const revisionId = (n: number): string => `b${n.toString(16).padStart(11, '0')}`;

/** File stems sort in revision order (`00001_create_t_1`). */
export const fileStem = (n: number, message: string): string =>
  `${String(n).padStart(5, '0')}_${message.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;

/** Scenario b: n revisions, revision i creating `t_i (id integer primary key, name varchar(50))`. */
export function linearRevisions(n: number): RevisionSpec[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return {
      id: revisionId(i),
      down: i === 1 ? null : revisionId(i - 1),
      message: `create t_${i}`,
      upgrade: [{ kind: 'createTable', table: `t_${i}` }],
      downgrade: [{ kind: 'dropTable', table: `t_${i}` }],
    };
  });
}

/** Scenario d: n revisions, each sleeping `seconds` in PostgreSQL and recording that it ran. */
export function sleepingRevisions(n: number, seconds: number): RevisionSpec[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const id = revisionId(i);
    return {
      id,
      down: i === 1 ? null : revisionId(i - 1),
      message: `sleep ${i}`,
      upgrade: [
        { kind: 'sql', sql: `SELECT pg_sleep(${seconds})` },
        { kind: 'sql', sql: `INSERT INTO bench_applied (revision) VALUES ('${id}')` },
      ],
      downgrade: [{ kind: 'sql', sql: `DELETE FROM bench_applied WHERE revision = '${id}'` }],
    };
  });
}

/** The table scenario d's revisions write to (created before the run, outside any migration). */
export const APPLIED_TABLE =
  'CREATE TABLE bench_applied (revision varchar(32) NOT NULL, at timestamp DEFAULT now())';

/** Scenario e: e_1, then a revision that creates e_2 and fails, then e_3. */
export function failingRevisions(): RevisionSpec[] {
  const table = (i: number): Step => ({ kind: 'createTable', table: `e_${i}` });
  return [
    {
      id: revisionId(1),
      down: null,
      message: 'create e_1',
      upgrade: [table(1)],
      downgrade: [{ kind: 'dropTable', table: 'e_1' }],
    },
    {
      id: revisionId(2),
      down: revisionId(1),
      message: 'create e_2 then fail',
      upgrade: [table(2), { kind: 'sql', sql: 'INSERT INTO no_such_table (x) VALUES (1)' }],
      downgrade: [{ kind: 'dropTable', table: 'e_2' }],
    },
    {
      id: revisionId(3),
      down: revisionId(2),
      message: 'create e_3',
      upgrade: [table(3)],
      downgrade: [{ kind: 'dropTable', table: 'e_3' }],
    },
  ];
}

/** The CREATE TABLE of a linear step, exactly as athanor compiles it for each dialect. */
export function createTableSql(dialect: Dialect, table: string): string {
  const [int, varchar] =
    dialect === 'sqlite' ? ['INTEGER', 'VARCHAR(50)'] : ['integer', 'varchar(50)'];
  return `CREATE TABLE "${table}" ("id" ${int} NOT NULL, "name" ${varchar}, CONSTRAINT "pk_${table}" PRIMARY KEY ("id"))`;
}

export function stepSql(dialect: Dialect, step: Step): string {
  switch (step.kind) {
    case 'createTable':
      return createTableSql(dialect, step.table);
    case 'dropTable':
      return `DROP TABLE "${step.table}"`;
    case 'sql':
      return step.sql;
  }
}

// ---- scenario c: M wide tables -------------------------------------------------------------

/** Table i of scenario c (0-based): `c_00000`, ... */
export const wideTable = (i: number): string => `c_${String(i).padStart(5, '0')}`;

/**
 * PostgreSQL DDL of M wide tables: 8 mixed columns, a primary key, an index, a unique
 * constraint and an FK to the previous table (one chain as long as the schema). Names follow
 * the naming convention both models use, so either tool finds a matching database equal.
 */
export function wideTablesSql(m: number): string {
  const out: string[] = [];
  for (let i = 0; i < m; i++) {
    const t = wideTable(i);
    const fk =
      i === 0
        ? ''
        : `,\n  CONSTRAINT "fk_${t}_prev_id_${wideTable(i - 1)}" FOREIGN KEY ("prev_id") REFERENCES "${wideTable(i - 1)}" ("id") ON DELETE SET NULL`;
    out.push(
      `CREATE TABLE "${t}" (\n  "id" serial NOT NULL,\n  "name" varchar(100) NOT NULL,\n  "email" varchar(255),\n` +
        `  "created_at" timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,\n  "amount" numeric(12,2),\n` +
        `  "active" boolean DEFAULT true NOT NULL,\n  "data" jsonb,\n  "prev_id" integer,\n` +
        `  CONSTRAINT "pk_${t}" PRIMARY KEY ("id"),\n  CONSTRAINT "uq_${t}_email" UNIQUE ("email")${fk}\n);`,
      `CREATE INDEX "ix_${t}_name" ON "${t}" ("name");`,
    );
  }
  // One transaction per 250 tables: 5,000 in one exceed max_locks_per_transaction (a setup step,
  // not timed).
  const chunks: string[] = [];
  for (let i = 0; i < out.length; i += 500) {
    chunks.push(`BEGIN;\n${out.slice(i, i + 500).join('\n')}\nCOMMIT;\n`);
  }
  return chunks.join('');
}
