// Running the built command line (`dist/cli.js`, what `npx agent-task-board`
// runs) from tests, and making a workspace a git repository for `check`.
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const CLI = path.join(REPO, 'dist/cli.js');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Builds the bundles the tests run (`esbuild.mjs` with `args`): a file run on
 * its own needs them fresh. `npm test` has just built them in its build tier
 * and says so with ATB_BUNDLED=1, so its tiers do not build them again.
 */
export function buildBundles(...args: string[]): void {
  if (process.env.ATB_BUNDLED === '1') return;
  execFileSync(process.execPath, ['esbuild.mjs', ...args], { cwd: REPO, stdio: 'pipe' });
}

export function cli(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Makes `ws` a git repository whose first commit holds its files. */
export function gitRepo(ws: string): void {
  const git = (...args: string[]): Buffer =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: ws, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
}
