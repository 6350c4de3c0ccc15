/**
 * docs/deploy.md must not promise commands that do not exist. Every `athanor ...` command in its
 * code blocks is parsed by the real CLI (`--help` appended: the verb must exist and every flag
 * must be accepted), the recipes' command chains (Dockerfile, GitHub Actions, Kubernetes) are run
 * in order against a SQLite project and must all exit 0, and every name its TypeScript imports
 * from 'athanor' must be exported by src/index.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import * as api from '../../src/index.js';
import type { RunProject } from '../runtime/run-fixture.js';
import { PHONE, createDeployProject, runCli, sqliteTarget } from './deploy-fixture.js';

const doc = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');

interface Block {
  readonly lang: string;
  readonly body: string;
}

function codeBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

/** Splits `athanor upgrade head --backup=/backups` into argv (no quoting is used in the recipes). */
function argvOf(command: string): string[] {
  return command.trim().split(/\s+/).slice(1);
}

/** Commands run by the recipes (Dockerfile, compose, Actions, Kubernetes), in document order. */
function recipeCommands(blocks: readonly Block[]): string[] {
  const commands: string[] = [];
  for (const block of blocks.filter((b) => b.lang === 'dockerfile' || b.lang === 'yaml')) {
    for (const line of block.body.split('\n')) {
      // `["npx", "athanor", "current", "--check-heads"]` exec arrays
      const exec = /\[\s*"npx",\s*"athanor",([^\]]*)\]/.exec(line);
      if (exec)
        commands.push(
          `athanor ${[...(exec[1] ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1]).join(' ')}`,
        );
      for (const m of line.matchAll(/npx (athanor [^"&\n]*)/g)) commands.push((m[1] ?? '').trim());
    }
  }
  return commands;
}

/** `athanor ...` lines of the shell examples (comments are output, not commands). */
function shellCommands(blocks: readonly Block[]): string[] {
  return blocks
    .filter((b) => b.lang === 'sh')
    .flatMap((b) => b.body.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('athanor '));
}

const blocks = codeBlocks(doc);
const recipes = recipeCommands(blocks);
const examples = shellCommands(blocks);

describe('docs/deploy.md', () => {
  let project: RunProject | undefined;
  afterAll(async () => project?.cleanup());

  test('the recipes use wait, upgrade --backup and current --check-heads (the extraction found them)', () => {
    expect(recipes.some((c) => c.startsWith('athanor wait'))).toBe(true);
    expect(recipes.some((c) => /^athanor upgrade head .*--backup/.test(c))).toBe(true);
    expect(recipes.some((c) => c === 'athanor current --check-heads')).toBe(true);
    expect(examples.some((c) => c.startsWith('athanor restore '))).toBe(true);
    expect(blocks.map((b) => b.body).join('\n')).not.toMatch(/\bsleep\b/); // `athanor wait` instead
    expect(doc).not.toContain('not wired');
  });

  test('every command parses: the verb exists and every flag is accepted', async () => {
    project ??= await createDeployProject(sqliteTarget);
    for (const command of [...recipes, ...examples]) {
      const run = await runCli(project.dir, ...argvOf(command), '--help');
      expect(run.err, command).toBe('');
      expect(run.code, command).toBe(0);
      expect(run.out, command).toMatch(/^usage: athanor /);
    }
  });

  test('the recipes run against a SQLite database, in order, and all exit 0', async () => {
    project ??= await createDeployProject(sqliteTarget);
    const backups = join(project.dir, 'abs-backups');
    for (const command of recipes) {
      // Absolute backup folders of the containers (/backups) go to the test's folder.
      const argv = argvOf(command).map((a) =>
        a.replace('--backup=/backups', `--backup=${backups}`),
      );
      const run = await runCli(project.dir, ...argv);
      expect(run.code, `${command}\n${run.err}`).toBe(0);
    }
    expect(await project.versionRows()).toEqual([PHONE]);
  });

  test("every name imported from 'athanor' in its TypeScript is exported", () => {
    const names = blocks
      .filter((b) => b.lang === 'ts')
      .flatMap((b) => [...b.body.matchAll(/import \{([^}]*)\} from 'athanor'/g)])
      .flatMap((m) =>
        (m[1] ?? '')
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean),
      );
    expect(names).toEqual(
      expect.arrayContaining(['assertUpToDate', 'loadConfig', 'readSchemaPosition']),
    );
    for (const name of names) expect(api, name).toHaveProperty(name);
  });
});
