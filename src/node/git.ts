// Running the `git` command: the one place that spawns it. The synced moves
// and enforcement's questions run it asynchronously (runGit), where a failure
// is a result (exit code and stderr) so callers can say in one line what went
// wrong; the merge driver and git-setup run single commands synchronously
// (gitLineMerge, the config helpers) and throw GitError.
import { execFile, spawnSync } from 'node:child_process';

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
  return spawnGit(cwd, args, options, 'utf8');
}

/** `git args` in `cwd`: its stdout as bytes (output that holds several files, to be cut by byte counts), or undefined when it fails. */
export async function gitBytes(cwd: string, args: readonly string[], options?: GitOptions): Promise<Buffer | undefined> {
  const result = await spawnGit(cwd, args, options ?? {}, 'buffer');
  return result.code === 0 ? result.stdout : undefined;
}

function spawnGit<E extends 'utf8' | 'buffer'>(
  cwd: string,
  args: readonly string[],
  options: GitOptions,
  encoding: E,
): Promise<{ code: number; stdout: E extends 'utf8' ? string : Buffer; stderr: string }> {
  type Out = E extends 'utf8' ? string : Buffer;
  return new Promise((resolve) => {
    let child: ReturnType<typeof execFile>;
    try {
      child = execFile(
        'git',
        [...args],
        {
          cwd,
          encoding,
          maxBuffer: 256 * 1024 * 1024,
          env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', ...options.env },
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
          resolve({ code, stdout: stdout as Out, stderr: String(stderr) });
        },
      );
    } catch (error) {
      // A failure is a result, also one execFile throws at once (an argument holding a NUL): never a rejection.
      resolve({ code: -1, stdout: (encoding === 'utf8' ? '' : Buffer.alloc(0)) as Out, stderr: String(error) });
      return;
    }
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

export class GitError extends Error {
  override readonly name = 'GitError';
}

interface GitRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `git args` in `cwd`, waited for: for the merge driver and git-setup, which run one git command and are done. */
function gitSync(args: readonly string[], cwd: string): GitRun {
  const run = spawnSync('git', [...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new GitError(`git ${args[0]}: ${run.error.message} (is git installed?)`);
  return { status: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

export interface LineMergeOptions {
  readonly markerSize?: number;
  /** Labels of the three versions in conflict markers. */
  readonly labels?: { readonly ours: string; readonly base: string; readonly theirs: string };
}

/**
 * `git merge-file`: merges lines of `base → theirs` into the file `oursPath`,
 * in place. Returns the number of conflicts left in it (0 when clean).
 */
export function gitLineMerge(basePath: string, oursPath: string, theirsPath: string, cwd: string, options: LineMergeOptions = {}): number {
  const labels = options.labels ?? { ours: 'ours', base: 'base', theirs: 'theirs' };
  const args = ['merge-file', '-L', labels.ours, '-L', labels.base, '-L', labels.theirs];
  if (options.markerSize !== undefined) args.push(`--marker-size=${options.markerSize}`);
  const run = gitSync([...args, oursPath, basePath, theirsPath], cwd);
  // The exit status is the number of conflicts (capped at 127); above that, an error.
  if (run.status < 0 || run.status > 127) throw new GitError(`git merge-file failed: ${run.stderr.trim() || `exit ${run.status}`}`);
  return run.status;
}

/** The top of the working tree `cwd` is in, or undefined outside a git repository. */
export function gitTopLevel(cwd: string): string | undefined {
  const run = gitSync(['rev-parse', '--show-toplevel'], cwd);
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** The repository's own git directory, which its linked worktrees share (as git prints it: relative to `cwd` in the main worktree). */
export function gitCommonDir(cwd: string): string | undefined {
  const run = gitSync(['rev-parse', '--git-common-dir'], cwd);
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** A value of the repository's own config (`--local`), or undefined when unset. */
export function gitConfigGet(cwd: string, key: string): string | undefined {
  const run = gitSync(['config', '--local', '--get', key], cwd);
  return run.status === 0 ? run.stdout.replace(/\n$/, '') : undefined;
}

/** The files git tracks in the working tree of `cwd`, relative to its top with `/`; none when git cannot say. */
export function gitTrackedFiles(cwd: string): string[] {
  const run = gitSync(['ls-files', '-z', '--full-name'], cwd);
  return run.status === 0 ? run.stdout.split('\0').filter((f) => f !== '') : [];
}

/** The `merge` attribute git gives each of `paths` (relative to `cwd`): `unset`, `unspecified`, `set` or the driver's name. */
export function gitMergeAttributes(cwd: string, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const run = gitSync(['check-attr', '-z', 'merge', '--', ...paths], cwd);
  if (run.status !== 0) throw new GitError(`git check-attr: ${run.stderr.trim()}`);
  // -z: path NUL attribute NUL value NUL, for each path.
  const parts = run.stdout.split('\0');
  for (let i = 0; i + 2 < parts.length; i += 3) out.set(parts[i]!, parts[i + 2]!);
  return out;
}

export function gitConfigSet(cwd: string, key: string, value: string): void {
  const run = gitSync(['config', '--local', key, value], cwd);
  if (run.status !== 0) throw new GitError(`git config ${key}: ${run.stderr.trim()}`);
}

/** Whether git ignores `dir` (a folder under an ignored one, such as a demo copy under `.cache/`). */
export function gitIgnores(dir: string): boolean {
  return gitSync(['check-ignore', '-q', '.'], dir).status === 0;
}
