// Where a working tree's git data is, and whether git is in the middle of an
// operation there: plain file-system reads, no git process, so a save can
// ask synchronously and the command line can ask without loading more.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where a working tree keeps its git data. For a linked worktree, gitDir is `.git/worktrees/<name>`. */
export interface GitPlace {
  readonly workTree: string;
  /** The worktree's own git dir: its HEAD, index, and operation markers. */
  readonly gitDir: string;
  /** The repository's shared git dir: refs, the stash, objects. */
  readonly commonDir: string;
}

/** Files and folders whose presence in the worktree's git dir means git is in the middle of something. */
const IN_PROGRESS: readonly (readonly [string, string])[] = [
  ['index.lock', 'a git command'],
  ['HEAD.lock', 'a git command'],
  ['MERGE_HEAD', 'a merge'],
  ['rebase-merge', 'a rebase'],
  ['rebase-apply', 'a rebase'],
  ['REBASE_HEAD', 'a rebase'],
  ['CHERRY_PICK_HEAD', 'a cherry-pick'],
  ['REVERT_HEAD', 'a revert'],
];

/**
 * How long the answer for a folder is kept. Repositories come and go while the
 * extension runs (`git init` in an open folder, a clone or a linked worktree
 * removed and made again): an answer kept for good made enforcement take a
 * checkout in a repository made after start-up for an agent's write.
 */
export const PLACE_KEPT_MS = 2000;

const places = new Map<string, { readonly place: GitPlace | null; readonly at: number }>();

/**
 * The git working tree `file` belongs to, found by walking up to a `.git`
 * folder or file (a linked worktree's `.git` file names its git dir).
 * Undefined outside a repository. Kept per folder for PLACE_KEPT_MS (`now`:
 * the time to judge that by).
 */
export function gitPlaceOf(file: string, now = Date.now()): GitPlace | undefined {
  return placeOfDir(path.dirname(path.resolve(file)), now) ?? undefined;
}

function placeOfDir(dir: string, now: number): GitPlace | null {
  const known = places.get(dir);
  if (known !== undefined && now - known.at < PLACE_KEPT_MS) return known.place;
  let found: GitPlace | null = null;
  const dotGit = path.join(dir, '.git');
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dotGit);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) found = { workTree: dir, gitDir: dotGit, commonDir: commonDirOf(dotGit) };
  else if (stat?.isFile()) {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readOr(dotGit, ''));
    if (match) {
      const gitDir = path.resolve(dir, match[1]!);
      found = { workTree: dir, gitDir, commonDir: commonDirOf(gitDir) };
    }
  } else {
    const parent = path.dirname(dir);
    if (parent !== dir) found = placeOfDir(parent, now);
  }
  places.set(dir, { place: found, at: now });
  return found;
}

function commonDirOf(gitDir: string): string {
  const named = readOr(path.join(gitDir, 'commondir'), '').trim();
  return named ? path.resolve(gitDir, named) : gitDir;
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/**
 * What git is in the middle of in this worktree (`a merge`, `a rebase`, ...), or undefined. Synchronous: a few
 * stats. `locks: false` leaves out a lock held by a git command that is running (a merge under it still counts).
 */
export function operationInProgress(place: GitPlace, options: { readonly locks?: boolean } = {}): string | undefined {
  for (const [name, what] of IN_PROGRESS) {
    if (options.locks === false && name.endsWith('.lock')) continue;
    if (fs.existsSync(path.join(place.gitDir, name))) return what;
  }
  return undefined;
}

/** The branch a rebase stopped in this worktree is rebasing (`refs/heads/main`), or undefined. */
export function branchBeingRebased(place: GitPlace): string | undefined {
  for (const dir of ['rebase-merge', 'rebase-apply']) {
    const name = readOr(path.join(place.gitDir, dir, 'head-name'), '').trim();
    if (name.startsWith('refs/heads/')) return name;
  }
  return undefined;
}

/** Whether a git command holds a bare lock in this worktree (`index.lock`, `HEAD.lock`). */
export function lockHeld(place: GitPlace): boolean {
  return IN_PROGRESS.some(([name]) => name.endsWith('.lock') && fs.existsSync(path.join(place.gitDir, name)));
}

/** How often a bare lock is looked at while it is waited for. */
const LOCK_POLL_MS = 50;

/**
 * The operation stopped in this worktree (`a merge`, `a rebase`, ...), once a bare lock (`index.lock`, `HEAD.lock`:
 * a command at work) has gone, or `waitMs` has passed with it still held; undefined when none is stopped.
 */
export async function stoppedAfterLock(place: GitPlace, waitMs: number): Promise<string | undefined> {
  for (const until = Date.now() + waitMs; ; ) {
    const stopped = operationInProgress(place, { locks: false });
    if (stopped || !lockHeld(place) || Date.now() >= until) return stopped;
    await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
  }
}
