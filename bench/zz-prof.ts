import fc from 'fast-check';
import { schemaPairArb } from '/work/main/test/autogen/roundtrip-arbitrary.js';
import { openEngine } from '/work/main/test/autogen/roundtrip-engine.js';
import { targets } from '/work/main/test/helpers/databases.js';
import { compare, compareBothWays } from '/work/main/src/autogen/compare.js';
import { emptySchema } from '/work/main/src/schema/model.js';
const name = process.argv[2] ?? 'sqlite';
const t = (await targets()).find((x) => x.name === name)!;
const e = await openEngine(t);
const pairs = fc.sample(schemaPairArb(e.profile), { numRuns: 30, seed: 5 });
const times = { reset: 0, build: 0, reflect: 0, compare: 0, up: 0, down: 0 };
let nops = 0;
for (const [a, b] of pairs) {
  let s = performance.now();
  const lap = (k: keyof typeof times) => { const n = performance.now(); times[k] += n - s; s = n; };
  await e.reset(); lap('reset');
  const na = e.dialect.normalize(a), nb = e.dialect.normalize(b);
  const ops = compare(emptySchema, na).operations; nops += ops.length;
  await e.apply(ops); lap('build');
  const ra = await e.reflect(); lap('reflect');
  const { upgrade, downgrade } = compareBothWays(ra, nb); lap('compare'); nops += upgrade.operations.length + downgrade.operations.length;
  try { await e.apply(upgrade.operations); } catch {} lap('up');
  await e.reflect(); lap('reflect');
  try { await e.apply(downgrade.operations); } catch {} lap('down');
  await e.reflect(); lap('reflect');
}
console.log(name, Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v / 30)])), 'ops/case', nops / 30);
await e.close();
