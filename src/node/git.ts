// The few git commands the adapters run: git's own line merge (the fallback
// for a task file the task merge cannot read), and the repository's config.
import { spawnSync } from 'node:child_process';

export class GitError extends Error {}

interface GitRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function git(args: readonly string[], cwd: string): GitRun {
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
  const run = git([...args, oursPath, basePath, theirsPath], cwd);
  // The exit status is the number of conflicts (capped at 127); above that, an error.
  if (run.status < 0 || run.status > 127) throw new GitError(`git merge-file failed: ${run.stderr.trim() || `exit ${run.status}`}`);
  return run.status;
}

/** The top of the working tree `cwd` is in, or undefined outside a git repository. */
export function gitTopLevel(cwd: string): string | undefined {
  const run = git(['rev-parse', '--show-toplevel'], cwd);
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** A value of the repository's own config (`--local`), or undefined when unset. */
export function gitConfigGet(cwd: string, key: string): string | undefined {
  const run = git(['config', '--local', '--get', key], cwd);
  return run.status === 0 ? run.stdout.replace(/\n$/, '') : undefined;
}

export function gitConfigSet(cwd: string, key: string, value: string): void {
  const run = git(['config', '--local', key, value], cwd);
  if (run.status !== 0) throw new GitError(`git config ${key}: ${run.stderr.trim()}`);
}

/** Whether git ignores `dir` (a folder under an ignored one, such as a demo copy under `.cache/`). */
export function gitIgnores(dir: string): boolean {
  return git(['check-ignore', '-q', '.'], dir).status === 0;
}
