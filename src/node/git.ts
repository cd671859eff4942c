// Running the `git` command: the one place that spawns it. Output is read as
// UTF-8; a failure is a result (exit code and stderr), never a throw, so the
// callers can say in one line what went wrong.
import { execFile } from 'node:child_process';

export interface GitResult {
  /** 0 on success; -1 when git could not be started at all. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface GitOptions {
  readonly input?: string | Buffer;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `git args` in `cwd`. Our own reads never take git's optional locks
 * (GIT_OPTIONAL_LOCKS=0): a `status` of ours must not hold `index.lock`
 * while the agent's git runs. Prompts are off: a remote that wants a
 * password fails at once instead of waiting for a terminal nobody watches.
 */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'git',
      [...args],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.on('error', () => undefined); // git may exit before reading its input
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** `git args` in `cwd`: its stdout, or undefined when it fails. */
export async function gitOutput(cwd: string, args: readonly string[], options?: GitOptions): Promise<string | undefined> {
  const result = await runGit(cwd, args, options);
  return result.code === 0 ? result.stdout : undefined;
}

/** git's first line of complaint, for a one-line message. */
export function firstLine(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.replace(/^(fatal|error|hint|remote): ?/, '').trim())
    .find((l) => l !== '');
  return line ?? 'git failed';
}
