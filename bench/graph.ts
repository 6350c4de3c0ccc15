/**
 * Benchmark: the CLI as whole processes (`node bin/athanor.js ...`) on large revision graphs.
 *
 *   npm run build && npx jiti bench/graph.ts [--runs 5] [--keep] [--skip-upgrade]
 *
 * Generates, in a temporary folder, projects with 1 revision, 1,000 and 10,000 linear revisions,
 * and 10,000 revisions in 100 branch/merge diamonds, then prints wall times (median and best of
 * N runs) for `--help`, `heads`, `history` and, when the upgrade command is built, `upgrade
 * head --sql` (plan resolution). Targets: heads/history on 10,000 under 1 s, cold start under 150 ms.
 * The cold-start rows are also timed on tsc's unbundled dist/cli/ (bin/athanor.js runs the esbuild
 * bundle in dist/bundle/), so the bundle's share shows in one run whatever the machine's load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_TEMPLATE, renderTemplate } from '../src/script/script-template.js';
import { slugify } from '../src/script/script-naming.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'athanor.js');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] ?? 5) || 5;
const keep = process.argv.includes('--keep');

interface Spec {
  readonly id: string;
  readonly down: readonly string[];
  readonly message: string;
}

const idOf = (n: number): string => n.toString(16).padStart(12, '0');

function linear(count: number): Spec[] {
  return Array.from({ length: count }, (_, i) => ({ id: idOf(i + 1), down: i === 0 ? [] : [idOf(i)], message: `linear step ${i + 1}` }));
}

/** `diamonds` times: a branch point, two chains, a merge; padded with a trunk to `count`. */
function branchy(count: number, diamonds: number): Spec[] {
  const specs: Spec[] = [];
  let n = 0;
  let tip: string | undefined;
  const add = (down: readonly string[], message: string): string => {
    const id = idOf(++n);
    specs.push({ id, down, message });
    return id;
  };
  const chain = Math.floor((count / diamonds - 2) / 2);
  for (let d = 0; d < diamonds; d++) {
    const point = add(tip ? [tip] : [], `branch point ${d}`);
    let left = point;
    let right = point;
    for (let i = 0; i < chain; i++) left = add([left], `left ${d}.${i}`);
    for (let i = 0; i < chain; i++) right = add([right], `right ${d}.${i}`);
    tip = add([left, right], `merge ${d}`);
  }
  while (specs.length < count) tip = add(tip ? [tip] : [], `trunk ${specs.length}`);
  return specs;
}

function project(base: string, name: string, specs: readonly Spec[]): string {
  const dir = join(base, name);
  const versions = join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  writeFileSync(join(dir, 'athanor.config.ts'), `import { defineConfig } from 'athanor';\n\nexport default defineConfig({\n  url: 'sqlite:./app.db',\n  migrations: './migrations',\n});\n`);
  specs.forEach((spec, i) => {
    const source = renderTemplate(DEFAULT_TEMPLATE, {
      revision: spec.id,
      downRevision: spec.down.length === 0 ? null : spec.down.length === 1 ? (spec.down[0] as string) : spec.down,
      message: spec.message,
      createDate: '2025-01-01T00:00:00.000Z',
    });
    writeFileSync(join(versions, `${String(i + 1).padStart(5, '0')}_${slugify(spec.message)}.ts`), source);
  });
  return dir;
}

function time(cwd: string, args: readonly string[], entry = bin): { median: number; best: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [entry, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`athanor ${args.join(' ')} failed in ${cwd}:\n${result.stderr.toString()}`);
    samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)] as number, best: samples[0] as number };
}

function baseline(): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] as number;
}

function main(): void {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  const base = mkdtempSync(join(tmpdir(), 'athanor-bench-'));
  const hasUpgrade = existsSync(join(root, 'dist', 'cli', 'commands', 'upgrade.js')) && !process.argv.includes('--skip-upgrade');
  try {
    const projects = {
      one: project(base, 'one', linear(1)),
      linear1k: project(base, 'linear-1000', linear(1000)),
      linear10k: project(base, 'linear-10000', linear(10000)),
      branchy10k: project(base, 'branchy-10000', branchy(10000, 100)),
    };
    // bin/athanor.js runs the esbuild bundle (dist/bundle/); the same without it, for comparison
    const plainBin = join(base, 'athanor-unbundled.mjs');
    writeFileSync(plainBin, `const { main } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist', 'cli', 'main.js')).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    const rows: [string, string, number | undefined][] = [
      ['node -e 0 (floor)', '', undefined],
      ['--help', projects.one, 150],
      ['heads, 1 revision', projects.one, 150],
      ['--help, unbundled dist/cli', projects.one, undefined],
      ['heads, 1 revision, unbundled dist/cli', projects.one, undefined],
    ];
    for (const [label, dir] of [['1,000 linear', projects.linear1k], ['10,000 linear', projects.linear10k], ['10,000 branchy', projects.branchy10k]] as const) {
      rows.push([`heads, ${label}`, dir, label.startsWith('10,000') ? 1000 : undefined]);
      rows.push([`history, ${label}`, dir, label.startsWith('10,000') ? 1000 : undefined]);
      rows.push([`history -r base:heads, ${label}`, dir, undefined]);
      if (hasUpgrade) rows.push([`upgrade head --sql, ${label}`, dir, undefined]);
    }
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    console.log(`athanor CLI wall times, ${runs} runs each (ms); node ${process.version}; ${cpus().length} CPUs, load ${load}\n`);
    console.log(`${'case'.padEnd(40)}${'median'.padStart(9)}${'best'.padStart(9)}${'target'.padStart(9)}  ok`);
    for (const [label, dir, target] of rows) {
      const args = commandOf(label);
      let measured: { median: number; best: number };
      try {
        const entry = label.includes('unbundled') ? plainBin : bin;
        measured = args === undefined ? { median: baseline(), best: Number.NaN } : time(dir, args, entry);
      } catch (error) {
        console.log(`${label.padEnd(40)}  failed: ${String((error as Error).message).split('\n')[1] ?? ''}`);
        continue;
      }
      const { median, best } = measured;
      const ok = target === undefined ? '' : median < target ? 'yes' : 'NO';
      console.log(`${label.padEnd(40)}${median.toFixed(0).padStart(9)}${Number.isNaN(best) ? ''.padStart(9) : best.toFixed(0).padStart(9)}${(target === undefined ? '' : `< ${target}`).padStart(9)}  ${ok}`);
    }
    if (!hasUpgrade) console.log('\n(upgrade head --sql skipped: --skip-upgrade, or the upgrade command is not built)');
  } finally {
    if (keep) console.log(`\nprojects kept in ${base}`);
    else rmSync(base, { recursive: true, force: true });
  }
}

function commandOf(label: string): string[] | undefined {
  if (label.startsWith('node -e')) return undefined;
  if (label.startsWith('--help')) return ['--help'];
  if (label.startsWith('heads')) return ['heads'];
  if (label.startsWith('history -r')) return ['history', '-r', 'base:heads'];
  if (label.startsWith('history')) return ['history'];
  return ['upgrade', 'head', '--sql', '--url', 'sqlite:./bench.db'];
}

main();
