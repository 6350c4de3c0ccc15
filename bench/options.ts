/**
 * Command-line flags (and BENCH_* environment variables) of `npm run bench`.
 *
 *   (default)        N = 1,000 revisions; M = 100, 500 tables; 5 runs after a warm-up
 *   --quick          N = 100; M = 50; 3 runs (a smoke test: not figures to publish)
 *   --full           N = 1,000 and 10,000; M = 100, 500, 5,000 (Alembic takes tens of minutes)
 *   --runs R         timed runs per figure (BENCH_RUNS), after one warm-up run
 *   --big-runs R     runs for the giant sizes (N or M >= 5,000; BENCH_BIG_RUNS; default 3)
 *   --alembic-big-runs R  Alembic runs for the giant sizes (default 1, no warm-up: 100+ s each)
 *   --n 1000,10000   revision counts for scenario b (BENCH_N)
 *   --m 100,500      table counts for scenario c (BENCH_M)
 *   --only a,b       scenarios to run (BENCH_ONLY); default a,b,c,d,e
 *   --no-alembic     skip the Alembic side even when it is installed
 *   --no-write       do not write bench/results/<date>.json
 *   --keep           keep the generated projects (their folder is printed)
 */
export interface BenchOptions {
  readonly profile: 'quick' | 'default' | 'full';
  readonly runs: number;
  readonly bigRuns: number;
  readonly alembicBigRuns: number;
  readonly revisionCounts: readonly number[];
  readonly tableCounts: readonly number[];
  readonly only: ReadonlySet<string>;
  readonly alembic: boolean;
  readonly write: boolean;
  readonly keep: boolean;
}

/** Sizes at or above this count as giant: fewer runs (see --big-runs). */
export const GIANT = 5000;

export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions {
  const value = (flag: string, envName: string): string | undefined => {
    const at = argv.indexOf(flag);
    if (at >= 0) {
      const v = argv[at + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    }
    return env[envName] || undefined;
  };
  const count = (flag: string, envName: string, fallback: number): number => {
    const v = value(flag, envName);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`${flag}: expected a positive integer, got ${v}`);
    return n;
  };
  const list = (flag: string, envName: string, fallback: readonly number[]): readonly number[] => {
    const v = value(flag, envName);
    if (v === undefined) return fallback;
    const ns = v.split(',').map((s) => Number(s.replace(/_/g, '')));
    if (ns.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error(`${flag}: expected numbers, got ${v}`);
    return ns;
  };
  const known = new Set(['--quick', '--full', '--no-alembic', '--no-write', '--keep']);
  const valued = new Set(['--runs', '--big-runs', '--alembic-big-runs', '--n', '--m', '--only']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (valued.has(a)) i++;
    else if (!known.has(a)) throw new Error(`unknown option ${a} (see bench/README.md)`);
  }
  const profile = argv.includes('--quick') ? 'quick' : argv.includes('--full') ? 'full' : 'default';
  const sizes = {
    quick: { runs: 3, n: [100], m: [50] },
    default: { runs: 5, n: [1000], m: [100, 500] },
    full: { runs: 5, n: [1000, 10000], m: [100, 500, 5000] },
  }[profile];
  const only = (value('--only', 'BENCH_ONLY') ?? 'a,b,c,d,e')
    .split(',')
    .map((s) => s.trim().toLowerCase());
  for (const s of only)
    if (!['a', 'b', 'c', 'd', 'e'].includes(s))
      throw new Error(`--only: unknown scenario ${s} (a to e)`);
  return {
    profile,
    runs: count('--runs', 'BENCH_RUNS', sizes.runs),
    bigRuns: count('--big-runs', 'BENCH_BIG_RUNS', 3),
    alembicBigRuns: count('--alembic-big-runs', 'BENCH_ALEMBIC_BIG_RUNS', 1),
    revisionCounts: list('--n', 'BENCH_N', sizes.n),
    tableCounts: list('--m', 'BENCH_M', sizes.m),
    only: new Set(only),
    alembic: !argv.includes('--no-alembic'),
    write: !argv.includes('--no-write'),
    keep: argv.includes('--keep'),
  };
}
