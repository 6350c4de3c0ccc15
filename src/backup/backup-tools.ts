import { spawn } from 'node:child_process';
import { AthanorError } from '../errors.js';

/** Result of running an external client tool (pg_dump, mysqldump, ...). */
export interface ToolRun {
  readonly code: number;
  readonly stderr: string;
}

/**
 * Runs a database client tool with secrets passed through the environment (PGPASSWORD,
 * MYSQL_PWD), never on the command line where `ps` would show them. Optional stdin/stdout files
 * stream through without buffering the dump in memory.
 */
export async function runTool(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; stdinFile?: string; stdoutFile?: string } = {},
): Promise<ToolRun> {
  const { createReadStream, createWriteStream } = await import('node:fs');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      env: { ...process.env, ...options.env },
      stdio: [
        options.stdinFile ? 'pipe' : 'ignore',
        options.stdoutFile ? 'pipe' : 'ignore',
        'pipe',
      ],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.stdoutFile && child.stdout)
      child.stdout.pipe(createWriteStream(options.stdoutFile));
    if (options.stdinFile && child.stdin) createReadStream(options.stdinFile).pipe(child.stdin);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new AthanorError(
            'E_CONNECT',
            `${command} is not installed or not on PATH; it is needed for backups of this database`,
          ),
        );
      } else reject(error);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stderr: stderr.trim() }));
  });
}

/** Major version printed by `<tool> --version` (e.g. "pg_dump (PostgreSQL) 15.20" -> 15). */
export async function toolMajorVersion(command: string): Promise<number | undefined> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(command, ['--version'], (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new AthanorError(
            'E_CONNECT',
            `${command} is not installed or not on PATH; it is needed for backups of this database`,
          ),
        );
        return;
      }
      const match = /(\d+)\.\d+/.exec(String(stdout));
      resolve(match ? Number(match[1]) : undefined);
    });
  });
}

/**
 * Runs a client tool and collects its stdout (small outputs only: `pg_restore -l`).
 *
 * @example
 * const { stdout } = await toolOutput('pg_restore', ['-l', file]);
 */
export async function toolOutput(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string> } = {},
): Promise<ToolRun & { readonly stdout: string }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') {
          reject(
            new AthanorError(
              'E_CONNECT',
              `${command} is not installed or not on PATH; it is needed for backups of this database`,
            ),
          );
          return;
        }
        const exit = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? Number((error as { code?: unknown }).code)
            : 1
          : 0;
        resolve({ code: exit, stdout: String(stdout), stderr: String(stderr).trim() });
      },
    );
  });
}
