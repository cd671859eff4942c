// One change to a task file, made on the board branch: fetch, plan against the
// branch's copy (the caller's compare-and-swap on the task), commit only that
// change on top, publish with the branch's compare-and-swap, and when someone
// published first, start again from their tip. Then the agent's own copy is
// made to agree without blocking its next pull (agreeWorkingCopy).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitBytes, gitOutput, runGit } from '../git';
import { acquireLock, isWritable, lockedUpdate, writeAtomically } from '../lockedWrite';
import { commitFileChange, committerIdentity, fetchTip, pause, publish, SyncError, type BoardBranch } from './boardBranch';
import { branchBeingRebased, gitPlaceOf, operationInProgress } from '../gitPlace';
import { withinLfBreaks, withLfBreaks } from '../../core/lineBreaks';
import { decodeKeepingBytes, encodeKeepingBytes } from '../../core/byteText';
import { escapeRegExp } from '../../core/text';

/** What one attempt decided, on the board branch's tip. */
export interface SyncedStep<T> {
  /** The file changed, as a path from the repository's top (`/` separators). */
  readonly file: string;
  /** The new text of `file`; undefined when nothing is to be written (a refusal, or no change). */
  readonly text?: string;
  readonly result: T;
  /** The commit message: what the change did (`agent-b claims TASK_007`). */
  readonly message?: string;
  /** The same change applied to another copy of the file (undefined when it does not apply there). */
  readonly edit?: (text: string) => string | undefined;
}

export interface SyncedOutcome<T> {
  readonly result: T;
  /** Set when a commit was published: the tip it went on, the commit, and how many attempts it took. */
  readonly published?: { readonly file: string; readonly tip: string; readonly commit: string; readonly attempts: number };
}

/**
 * How long a move keeps trying while others publish first. A budget of time,
 * not of attempts: with dozens of agents on one branch an attempt that keeps
 * losing is normal, and how many fit in a minute depends on the machine.
 */
const GIVE_UP_AFTER_MS = 120_000;

export async function syncedUpdate<T>(
  workTree: string,
  board: BoardBranch,
  agent: string,
  step: (tip: string) => Promise<SyncedStep<T>>,
): Promise<SyncedOutcome<T>> {
  const started = Date.now();
  // Asked while the first fetch runs (a git run never rejects, so a refusal that never awaits it leaves nothing behind).
  const identity = committerIdentity(workTree, agent);
  // Since when publishing has failed on the branch's lock file with the tip unmoved (see STALE_REF_LOCK_MS).
  let locked: { readonly tip: string; readonly since: number } | undefined;
  for (let attempt = 1; attempt === 1 || Date.now() - started < GIVE_UP_AFTER_MS; attempt++) {
    const attemptStarted = Date.now();
    const tip = await fetchTip(workTree, board);
    const decided = await step(tip);
    if (decided.text === undefined) return { result: decided.result };
    if (decided.text.includes('\uFFFD')) refuseStrayBytes(workTree, tip, decided.file);
    // `[skip ci]`: hosted CI services do not start a pipeline for a claim.
    const message = `${decided.message ?? `agent-task-board: update ${decided.file}`}\n\n[skip ci]\n`;
    const commit = await commitFileChange(workTree, tip, decided.file, decided.text, message, await identity);
    if (!board.remote) await refuseUnfollowable(workTree, board, tip, decided.file, decided.edit);
    const published = await publish(workTree, board, tip, commit);
    if (published.ok) return { result: decided.result, published: { file: decided.file, tip, commit, attempts: attempt } };
    if (!published.lock || locked?.tip !== tip) locked = published.lock ? { tip, since: attemptStarted } : undefined;
    else if (Date.now() - locked.since > STALE_REF_LOCK_MS) {
      throw new SyncError(
        `${board.name} has not moved while its lock ${published.lock} stayed for ${Math.round((Date.now() - locked.since) / 1000)} s: a git command that stopped left it? Remove it if no git command is running there; nothing was written.`,
      );
    }
    // A move that has lost for half its time goes back to the shortest wait: the others' waits have grown, so it
    // gets its turn instead of giving up while they win.
    await backOff(Date.now() - started > GIVE_UP_AFTER_MS / 2 ? 1 : attempt, Date.now() - attemptStarted);
  }
  throw new SyncError(`The board branch ${board.name} kept moving: gave up after ${GIVE_UP_AFTER_MS / 1000} s of others publishing first; nothing was written.`);
}

/**
 * The wait after losing the branch to another publisher: a random number of
 * slots, up to twice as many after each loss (binary exponential backoff), a
 * slot being as long as the attempt that lost. With dozens of agents on one
 * branch, a wait shorter than an attempt kept nearly all of them in flight at
 * once, and each publish made every other attempt a lost one.
 */
function backOff(attempt: number, attemptMs: number): Promise<void> {
  const slot = Math.min(Math.max(attemptMs, 20), 2000);
  const ms = Math.min(slot * Math.random() * 2 ** Math.min(attempt, 6), MAX_BACK_OFF_MS);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * How long the branch's ref lock may stand in the way while the branch does not move. A publish holds it for
 * milliseconds and then moves the branch; git never takes away a lock a dead process left, so a move would
 * otherwise read it as others publishing first for all of GIVE_UP_AFTER_MS.
 */
const STALE_REF_LOCK_MS = 10_000;

/** The longest single wait between two attempts: well inside GIVE_UP_AFTER_MS. */
const MAX_BACK_OFF_MS = 10_000;

/**
 * With no remote, the board branch is a local branch some worktree may have
 * checked out, and publishing moves it under that worktree's feet
 * (followBranch then brings its copy along). Refused before anything is
 * published where that cannot be done without the worktree's next commit
 * undoing the change: git is in the middle of a merge, rebase, cherry-pick or
 * revert there (its commit is made from its own index), the file has
 * unresolved conflicts there, or its copy has local changes the same change
 * does not apply to.
 */
async function refuseUnfollowable(workTree: string, board: BoardBranch, tip: string, file: string, edit?: (text: string) => string | undefined): Promise<void> {
  const { holder, rebasing } = await worktreesOf(workTree, board.branch);
  if (!holder) {
    // A rebase of the branch detaches its worktree's HEAD until it ends, and then moves the branch from the tip it
    // started on: it would fail, or an abort would put the branch back, this change gone.
    if (rebasing) {
      const where = samePath(rebasing, workTree) ? 'this worktree' : rebasing;
      throw new SyncError(`${board.branch} is being rebased in ${where}: the rebase would undo this change. Finish it there first; nothing was written.`);
    }
    return;
  }
  const where = samePath(holder, workTree) ? 'this worktree' : holder;
  const place = gitPlaceOf(path.join(holder, '.git'));
  // A lock is a git command that ends: the branch's own compare-and-swap and followBranch wait for it.
  const doing = place ? operationInProgress(place, { locks: false }) : undefined;
  if (doing) {
    throw new SyncError(`${board.branch} is checked out in ${where}, which is in the middle of ${doing}: its commit would undo this change. Finish it there first; nothing was written.`);
  }
  if ((await gitOutput(holder, ['ls-files', '-u', '--', file]))?.trim()) {
    throw new SyncError(`${file} has unresolved conflicts in ${where}, which has ${board.branch} checked out: resolve them first; nothing was written.`);
  }
  const full = path.join(holder, ...file.split('/'));
  if (!fs.existsSync(full)) return;
  // Its index would follow the branch and its file could not: the next `commit -a` there would undo the change.
  if (!isWritable(full)) {
    throw new SyncError(`${file} in ${where}, which has ${board.branch} checked out, is read-only: make it writable there first; nothing was written.`);
  }
  if (!edit) return;
  // Read under the file's lock, as followBranch writes it: another agent's move being followed there moves the index
  // first and the file after, and a file caught in between, or brought to a newer tip than this attempt's, is no local change.
  const target = fs.realpathSync(full);
  const release = await acquireLock(target, `${target}.lock`, {});
  try {
    const text = decodeKeepingBytes(fs.readFileSync(target));
    const stagedText = await gitOutput(holder, ['show', `:${file}`]);
    // Local changes are what the file holds beyond its index entry; what is staged gets the edit in followBranch.
    if (text !== stagedText && edit(text) === undefined) {
      throw new SyncError(
        `${file} in ${where}, which has ${board.branch} checked out, has local changes this change does not apply to: commit or stash them there first; nothing was written.`,
      );
    }
    // A staged change the edit does not apply to stays staged as it is, and the next commit there would undo the
    // change. A copy the branch has had, staged before the branch moved past it, is no one's change: an index an
    // earlier follow left behind, or one another agent's move, published after this attempt's tip, has just brought
    // along (this attempt then loses the branch).
    if (stagedText !== undefined && !stagedText.includes('\ufffd') && edit(stagedText) === undefined && stagedText !== (await gitOutput(holder, ['show', `${tip}:${file}`]))) {
      const staged = (await gitOutput(holder, ['rev-parse', `:${file}`]))?.trim();
      if (!staged || !(await leftBehind(holder, `refs/heads/${board.branch}`, file, staged))) {
        throw new SyncError(
          `${file} in ${where}, which has ${board.branch} checked out, has staged changes this change does not apply to: commit or unstage them there first; nothing was written.`,
        );
      }
    }
  } finally {
    release();
  }
}

/**
 * git's output is read as UTF-8 text, so a byte that is not UTF-8 arrives as
 * U+FFFD and a commit would write U+FFFD in its place. Such a file is not
 * moved through the branch (the plain write path keeps the bytes).
 */
function refuseStrayBytes(workTree: string, tip: string, file: string): void {
  const blob = spawnSync('git', ['show', `${tip}:${file}`], { cwd: workTree, maxBuffer: 256 * 1024 * 1024 });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(blob.stdout);
  } catch {
    throw new SyncError(
      `${file} holds bytes that are not UTF-8 on the board branch; a synced move would replace them, so nothing was written. ` +
        'Move it without --sync (which keeps the bytes), or re-save the file as UTF-8.',
    );
  }
}

/**
 * Makes the working copies agree with a published commit, so that nobody's
 * next pull is blocked by a stray edit:
 * - the worktree that has the board branch checked out (the agent's own, or,
 *   with no remote, whichever has it) moves with it: a fast-forward of its
 *   files from the old tip to the commit;
 * - any other working copy of the agent's (another branch, or a fast-forward
 *   refused by local edits) gets the same minimal edit, `edit` applied to its
 *   own text, so merging it later is clean.
 * Returns what it did, for the command's output.
 */
export async function agreeWorkingCopy(
  workTree: string,
  board: BoardBranch,
  published: { readonly file: string; readonly tip: string; readonly commit: string },
  edit: (text: string) => string | undefined,
): Promise<string> {
  // Published is published: a copy that cannot be brought along (its file's lock held past the wait, a read-only
  // file) is said in the report, and the command still says what the board branch now has. Failing here made an
  // agent take a claim it had won for one it had lost.
  try {
    return await agreeCopies(workTree, board, published, edit);
  } catch (error) {
    return `${published.file} not brought to match here (${error instanceof Error ? error.message : String(error)}); the board branch has the change`;
  }
}

async function agreeCopies(
  workTree: string,
  board: BoardBranch,
  published: { readonly file: string; readonly tip: string; readonly commit: string },
  edit: (text: string) => string | undefined,
): Promise<string> {
  const head = (await gitOutput(workTree, ['symbolic-ref', '-q', 'HEAD']))?.trim();
  const ownBranch = head?.replace(/^refs\/heads\//, '');
  if (board.remote) {
    if (ownBranch === board.branch && (await fastForward(workTree, published.commit))) return `fast-forwarded ${ownBranch}`;
  } else {
    // The ref itself moved; the worktree that has it checked out still shows the old tip.
    const { holder } = await worktreesOf(workTree, board.branch);
    if (holder) {
      const clean = await followBranch(holder, board.branch, published.file, edit);
      if (samePath(holder, workTree)) return clean ? `${board.branch} is at the new commit` : `${published.file} edited to match (local changes kept)`;
    }
  }
  const edited = await editWorkingFile(workTree, published.file, edit);
  return edited ? `${published.file} edited to match (commit it with your work)` : `${published.file} left as it is here (the task differs on ${ownBranch ?? 'this branch'})`;
}

/** `git merge --ff-only` to `commit`; false when it cannot (local commits, or local edits in the way). */
async function fastForward(workTree: string, commit: string): Promise<boolean> {
  for (let attempt = 1; attempt <= 8; attempt++) {
    const merged = await runGit(workTree, ['merge', '--ff-only', '--quiet', commit]);
    if (merged.code === 0) return true;
    // Another synced move of this clone holds the index: wait for it rather than fall back to an edit.
    if (!/index\.lock|unable to create .*\.lock/i.test(merged.stderr)) return false;
    await pause(attempt);
  }
  return false;
}

/**
 * The worktrees (of this repository) that hold `branch`, from one `git worktree list`: the one that has it checked
 * out, and one in the middle of a rebase of it (its HEAD is detached meanwhile).
 */
async function worktreesOf(workTree: string, branch: string): Promise<{ readonly holder?: string; readonly rebasing?: string }> {
  const list = (await gitOutput(workTree, ['worktree', 'list', '--porcelain'])) ?? '';
  const checkedOut = new RegExp(`^branch refs/heads/${escapeRegExp(branch)}$`, 'm');
  let rebasing: string | undefined;
  for (const block of list.split('\n\n')) {
    const tree = /^worktree (.+)$/m.exec(block)?.[1];
    if (!tree) continue;
    if (checkedOut.test(block)) return { holder: tree };
    const place = /^detached$/m.test(block) ? gitPlaceOf(path.join(tree, '.git')) : undefined;
    if (place && branchBeingRebased(place) === `refs/heads/${branch}`) rebasing ??= tree;
  }
  return { rebasing };
}

function samePath(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return path.resolve(a) === path.resolve(b);
  }
}


/**
 * The worktree that has the board branch checked out, after the branch moved
 * under it: its copy of `file` (index entry and working file) is brought to
 * the branch's newest tip, under the file's lock, so moves finishing out of
 * order still leave the newest state. The index entry moves only when it held
 * a version the branch had, staged before the branch moved past it (`leftBehind`); a change someone staged (an
 * older version too) gets the same minimal edit
 * (else their next commit, made on the branch itself, would take the move back).
 * The working file is replaced only when it was clean, else it gets the edit.
 * Returns whether the worktree is clean for `file` afterwards.
 */
async function followBranch(holder: string, branch: string, file: string, edit: (text: string) => string | undefined): Promise<boolean> {
  const full = path.join(holder, ...file.split('/'));
  if (!fs.existsSync(full)) return addNewFile(holder, branch, file, full);
  // The git reads happen under the lock too: a move that read an older tip must not write after a newer one.
  const target = fs.realpathSync(full);
  const release = await acquireLock(target, `${target}.lock`, {});
  try {
    // Stray bytes (not UTF-8) kept as their escapes, which writeAtomically writes back as the bytes they were.
    const text = decodeKeepingBytes(fs.readFileSync(target));
    const tip = (await gitOutput(holder, ['rev-parse', '-q', '--verify', `refs/heads/${branch}`]))?.trim();
    const entry = tip ? await gitOutput(holder, ['ls-tree', tip, '--', file]) : undefined;
    const [mode, , blob] = entry?.trim().split(/\s+/) ?? [];
    const tipText = tip ? await gitOutput(holder, ['show', `${tip}:${file}`]) : undefined;
    const staged = (await gitOutput(holder, ['ls-files', '-s', '--', file]))?.split(/\s+/)[1];
    if (!tip || !blob || tipText === undefined || !staged) return false;
    const stagedText = await gitOutput(holder, ['cat-file', 'blob', staged]);
    let indexFollows = staged === blob;
    if (!indexFollows && (await leftBehind(holder, tip, file, staged))) {
      indexFollows = await withIndex(holder, ['update-index', '--cacheinfo', `${mode},${blob},${file}`]);
    } else if (!indexFollows && stagedText !== undefined && !stagedText.includes('\ufffd')) {
      // (A staged copy that is no UTF-8 reads with U+FFFD for its bytes: written back, they would be lost. Left as it is.)
      const nextStaged = edit(stagedText);
      const stagedBlob = nextStaged !== undefined && nextStaged !== stagedText ? (await gitOutput(holder, ['hash-object', '-w', '--stdin', '--no-filters'], { input: nextStaged }))?.trim() : undefined;
      if (stagedBlob) await withIndex(holder, ['update-index', '--cacheinfo', `${mode},${stagedBlob},${file}`]);
    }
    if (indexFollows && text === stagedText) {
      if (text !== tipText) writeAtomically(target, tipText);
      return true;
    }
    const next = edit(text);
    if (next !== undefined && next !== text) writeAtomically(target, next);
    return false;
  } finally {
    release();
  }
}

/**
 * A file the branch's new tip added, in the worktree that has the branch
 * checked out: written there and added to its index, as a checkout would.
 * Left alone, the index (which never had it) would hold its deletion, and the
 * next commit made there would delete it from the branch. A file that worktree
 * still has in its index (deleted by hand) is left to whoever deleted it.
 */
async function addNewFile(holder: string, branch: string, file: string, full: string): Promise<boolean> {
  if ((await gitOutput(holder, ['ls-files', '-s', '--', file]))?.trim()) return false;
  const entry = (await gitOutput(holder, ['ls-tree', `refs/heads/${branch}`, '--', file]))?.trim().split(/\s+/) ?? [];
  const [mode, , blob] = entry;
  const text = blob ? await gitBytes(holder, ['cat-file', 'blob', blob]) : undefined;
  if (!mode || !blob || text === undefined) return false;
  fs.mkdirSync(path.dirname(full), { recursive: true });
  try {
    fs.writeFileSync(full, text, { flag: 'wx' });
  } catch {
    // Made there meanwhile: someone else's file, not replaced.
    return false;
  }
  return withIndex(holder, ['update-index', '--add', '--cacheinfo', `${mode},${blob},${file}`]);
}

/**
 * Whether the staged `blob` of `file` is a copy an earlier follow left behind (its index update gave up on a lock, or
 * the process ended between publishing and following): `file`'s content in one of the branch's recent commits, staged
 * before the branch moved past it. The same content staged after that is a person's choice, not a leftover: a
 * `git checkout HEAD~1 -- TODO.md` made there to have the older board back is a change of theirs, kept and edited,
 * never replaced by the tip. The index says when an entry was staged: the file's modification time it recorded (none,
 * 0, for an entry a follow wrote with `--cacheinfo`), in whole seconds as commit times are; a copy staged in the same
 * second as the branch moved on is taken for a leftover.
 */
async function leftBehind(workTree: string, tip: string, file: string, blob: string): Promise<boolean> {
  const commits = ((await gitOutput(workTree, ['log', '--max-count=200', '--format=%H %ct', tip, '--', file])) ?? '').split('\n').filter(Boolean);
  for (let i = 0; i < commits.length; i++) {
    const [commit] = commits[i]!.split(' ');
    if ((await gitOutput(workTree, ['rev-parse', `${commit}:${file}`]))?.trim() !== blob) continue;
    // The commit after it on the branch (listed before it) changed the file from this content.
    const movedOn = Number(commits[i - 1]?.split(' ')[1] ?? Infinity);
    const debug = await gitOutput(workTree, ['ls-files', '--debug', '--', file]);
    const staged = Number(/^\s*mtime: (\d+):/m.exec(debug ?? '')?.[1] ?? 0);
    return staged <= movedOn;
  }
  return false;
}

/** A git command that writes the worktree's index, retried while another holds `index.lock`. */
async function withIndex(workTree: string, args: readonly string[]): Promise<boolean> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    const done = await runGit(workTree, args);
    if (done.code === 0) return true;
    if (!/index\.lock|unable to create .*\.lock/i.test(done.stderr)) return false;
    await pause(attempt);
  }
  return false;
}

/** The same minimal edit in a working copy's file; false when the edit does not apply there. */
async function editWorkingFile(workTree: string, file: string, edit: (text: string) => string | undefined): Promise<boolean> {
  const full = path.join(workTree, ...file.split('/'));
  if (!fs.existsSync(full)) return false;
  return lockedUpdate(full, (text) => {
    const next = edit(text);
    return next === undefined || next === text ? { write: false, result: next === text } : { write: true, text: next, result: true };
  });
}

/**
 * The change from `base` to `changed` applied to another text of the same
 * file, as git's three-way line merge does it (`git merge-file`); undefined
 * when it does not apply cleanly there. For changes with no rule of their
 * own (an added task, a work-log entry, a fix).
 */
export function sameChange(base: string, changed: string): (text: string) => string | undefined {
  // Line by line: a CR-only text (one line to git) is merged with LF breaks, and keeps its CRs.
  const [lfBase, lfChanged] = [withLfBreaks(base), withLfBreaks(changed)];
  return (own) => withinLfBreaks(own, (text) => {
    if (text === lfBase) return lfChanged;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atb-merge-'));
    try {
      const files = ['current', 'base', 'changed'].map((name) => path.join(dir, name));
      // As bytes: a stray byte of the agent's copy (kept as its escape) goes through the merge as that byte.
      [text, lfBase, lfChanged].forEach((t, i) => fs.writeFileSync(files[i]!, encodeKeepingBytes(t)));
      const merged = spawnSync('git', ['merge-file', '-p', '--quiet', ...files], { maxBuffer: 256 * 1024 * 1024 });
      return merged.status === 0 ? decodeKeepingBytes(merged.stdout) : undefined;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
