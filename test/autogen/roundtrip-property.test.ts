/**
 * The autogenerate round trip as a property, on every engine (SQLite, PGlite, the PostgreSQL
 * server, MariaDB): for random schemas A and B (test/autogen/roundtrip-arbitrary.ts), a
 * database built at A, upgraded with compare(reflect(db), B) and downgraded with the downgrade
 * autogenerate writes, reflects as A, then B, then A again (normalised, up to names and column
 * order), and compare finds nothing left to do. A failure prints both schemas (shrunk).
 *
 * ATHANOR_ROUNDTRIP_RUNS sets the cases per engine (default 200), ATHANOR_ROUNDTRIP_SEED the
 * seed, ATHANOR_ROUNDTRIP_ENGINES the engines; `npm run fuzz:autogen` runs
 * many more without stopping at the first failure.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { targets, type Target } from '../helpers/databases.js';
import { roundTripCaseArb } from './roundtrip-arbitrary.js';
import { runRoundTrip } from './roundtrip-case.js';
import { openEngine } from './roundtrip-engine.js';

const runs = Number(process.env.ATHANOR_ROUNDTRIP_RUNS ?? 200);
const seed =
  process.env.ATHANOR_ROUNDTRIP_SEED === undefined
    ? undefined
    : Number(process.env.ATHANOR_ROUNDTRIP_SEED);

// One database per shard, reused across its cases. All shards run side by side: the servers'
// DDL waits on the disk, so two shards per server engine (two databases) nearly halve its time;
// SQLite and PGlite run in this process and get one. A failing case is shrunk, which runs more
// cases: allow for it.
vi.setConfig({ testTimeout: 900_000 });

const all = await targets();

interface Shard {
  readonly target: Target;
  readonly shard: number;
  readonly runs: number;
}

// Every engine by default; ATHANOR_ROUNDTRIP_ENGINES=sqlite,mysql (a comma list) runs some.
const engines = new Set(
  (process.env.ATHANOR_ROUNDTRIP_ENGINES ?? 'sqlite,pglite,postgresql,mysql').split(','),
);

const shards: Shard[] = all
  .filter((target) => engines.has(target.name))
  .flatMap((target) => {
    const count = target.name === 'postgresql' || target.name === 'mysql' ? 2 : 1;
    return Array.from({ length: count }, (_, shard) => ({
      target,
      shard,
      runs: Math.ceil(runs / count),
    }));
  });

async function property({ target, shard, runs: numRuns }: Shard): Promise<number> {
  const engine = await openEngine(target);
  let cases = 0;
  try {
    await fc.assert(
      fc.asyncProperty(roundTripCaseArb(engine.profile), async (c) => {
        cases++;
        await runRoundTrip(engine, c);
      }),
      {
        numRuns,
        ...(seed === undefined ? {} : { seed: seed + shard }),
        interruptAfterTimeLimit: 800_000,
        markInterruptAsFailure: true,
      },
    );
  } finally {
    await engine.close();
  }
  return cases;
}

describe('autogenerate round trip (property, real engines)', () => {
  it.concurrent.for(shards)(
    'build A, upgrade to B, downgrade to A on $target.name (shard $shard)',
    async (shard) => {
      if (!shard.target.available) return;
      const cases = await property(shard);
      expect(cases).toBeGreaterThanOrEqual(shard.runs);
    },
  );
});
