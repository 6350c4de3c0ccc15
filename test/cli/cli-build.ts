/**
 * Makes sure dist/ is built before tests spawn `node bin/athanor.js`. `npm test` builds first,
 * so this only builds when dist/cli/main.js is missing or older than a file under src/ (a bare
 * `vitest run` after an edit). tsc emits even when other parts of the tree have type errors.
 * bin/athanor.js runs dist/bundle/ (esbuild) when it is not older than dist/cli/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binPath = join(repoRoot, 'bin', 'athanor.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  const main = join(repoRoot, 'dist', 'cli', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(repoRoot, 'src'))) return;
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'tsconfig.build.json')], { cwd: repoRoot, stdio: 'ignore' });
  // the esbuild bundle bin/athanor.js prefers (scripts/bundle-cli.mjs, as `npm run build` does)
  spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle-cli.mjs')], { cwd: repoRoot, stdio: 'ignore' });
  if (!existsSync(main)) throw new Error('npm run build did not produce dist/cli/main.js');
}
