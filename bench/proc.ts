/**
 * Whole-process timing: spawn a command, wait for it to exit, measure the wall time.
 * Output is collected (never inherited), so printing costs what it costs a user piping it.
 */
import { spawn } from 'node:child_process';

export interface ProcessResult {
  readonly ms: number;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Merged over process.env. */
  readonly env?: Readonly<Record<string, string>>;
  /** Text written to the child's stdin (then closed). */
  readonly input?: string;
}

export function runProcess(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    if (options.input !== undefined) child.stdin?.end(options.input);
    child.on('close', (status) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({
        ms,
        status,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** Thrown when a timed process exits with an unexpected status. */
export class ProcessFailed extends Error {
  constructor(
    readonly label: string,
    readonly result: ProcessResult,
  ) {
    const tail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
    super(`${label}: exit ${result.status}: ${tail.slice(0, 400)}`);
  }
}

/** Runs a process and throws ProcessFailed unless it exits with one of `expect` (default 0). */
export async function runChecked(
  label: string,
  command: string,
  args: readonly string[],
  options: RunOptions & { readonly expect?: readonly number[] } = {},
): Promise<ProcessResult> {
  const result = await runProcess(command, args, options);
  const expect = options.expect ?? [0];
  if (result.status === null || !expect.includes(result.status))
    throw new ProcessFailed(label, result);
  return result;
}
