/**
 * Fuzzing autogenerate on real engines: N random schema pairs (A, B) per engine; each case
 * builds A, upgrades to B with compare's operations, downgrades with compare's downgrade, and
 * checks that the normalised reflection equals the normalised model after each step (the
 * property of test/autogen/roundtrip-property.test.ts, run longer and without stopping at the
 * first mismatch).
 *
 *   npx jiti bench/fuzz-autogen.ts [COUNT=200] [--dialect sqlite|pglite|postgresql|mysql] [--seed N] [--verbose]
 *
 * Prints, per engine: cases, mismatches, cases per second, and one example of each distinct
 * failure (step and first line of the reason) with both schemas. Exit status 1 on any mismatch.
 */
import fc from 'fast-check';
import { roundTripCaseArb } from '../test/autogen/roundtrip-arbitrary.js';
import { runRoundTrip, RoundTripError } from '../test/autogen/roundtrip-case.js';
import { openEngine } from '../test/autogen/roundtrip-engine.js';
import { targets, type Target } from '../test/helpers/databases.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const count = Number(
  args.find((a, i) => /^\d+$/.test(a) && !['--seed'].includes(args[i - 1] ?? '')) ?? 200,
);
const only = option('--dialect');
const seed = option('--seed') === undefined ? Date.now() % 2 ** 31 : Number(option('--seed'));
const verbose = args.includes('--verbose');

interface Tally {
  readonly name: string;
  cases: number;
  mismatches: number;
  seconds: number;
  readonly kinds: Map<string, { count: number; example: string }>;
}

async function fuzz(target: Target): Promise<Tally> {
  const engine = await openEngine(target);
  const tally: Tally = { name: target.name, cases: 0, mismatches: 0, seconds: 0, kinds: new Map() };
  const started = performance.now();
  try {
    const cases = fc.sample(roundTripCaseArb(engine.profile), { numRuns: count, seed });
    for (const c of cases) {
      tally.cases++;
      try {
        await runRoundTrip(engine, c);
      } catch (error) {
        tally.mismatches++;
        const message = error instanceof Error ? error.message : String(error);
        const step = error instanceof RoundTripError ? error.step : 'error';
        const key = `${step}: ${(message.split('\n')[0] ?? '').replace(/^round trip failed at "[^"]*": /, '').slice(0, 160)}`;
        const known = tally.kinds.get(key);
        if (known) known.count++;
        else tally.kinds.set(key, { count: 1, example: message });
        if (verbose) console.log(message);
      }
    }
  } finally {
    tally.seconds = (performance.now() - started) / 1000;
    await engine.close();
  }
  return tally;
}

const all = (await targets()).filter((t) => t.available && (only === undefined || t.name === only));
if (all.length === 0) throw new Error(`no engine to fuzz${only ? ` named '${only}'` : ''}`);
console.log(`fuzz-autogen: ${count} cases per engine, seed ${seed}`);
let failed = false;
for (const target of all) {
  const tally = await fuzz(target);
  failed ||= tally.mismatches > 0;
  console.log(
    `${tally.name.padEnd(10)} cases ${String(tally.cases).padStart(5)}  mismatches ${String(tally.mismatches).padStart(4)}  ` +
      `${tally.seconds.toFixed(1)} s (${(tally.cases / tally.seconds).toFixed(1)} cases/s)`,
  );
  for (const [key, { count: n, example }] of tally.kinds) {
    console.log(`  ${n} x ${key}`);
    if (!verbose)
      console.log(
        example
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n'),
      );
  }
}
process.exitCode = failed ? 1 : 0;
