// The board branch: the one git branch that holds the board's truth when
// agents work in several worktrees, containers or clones. A synced move reads
// the task file from the branch's tip, commits its change on top with git
// plumbing (a temporary index: the agent's working tree, index and branch are
// not touched) and publishes it with a compare-and-swap on the branch: a push,
// which the remote refuses unless it fast-forwards, or, with no remote,
// `git update-ref NEW OLD` on the ref every worktree shares.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withLfBreaks } from '../../core/lineBreaks';
import type { SyncSettings } from '../../core/settings/repoSettings';
import { firstLine, gitBytes, gitOutput, runGit, type GitResult } from '../git';

import { SyncError } from './syncError';

export { SyncError };

export interface BoardBranch {
  /** The remote moves are pushed to; undefined when the branch is local (no remote). */
  readonly remote?: string;
  readonly branch: string;
  /** Where its tip is read: `refs/remotes/<remote>/<branch>` after a fetch, or `refs/heads/<branch>`. */
  readonly ref: string;
  /** `origin/main`, or `main`: how messages name it. */
  readonly name: string;
}

/** The repository's top folder for `dir`, or a SyncError saying it is not in one. */
export async function workTreeOf(dir: string): Promise<string> {
  const top = await gitOutput(dir, ['rev-parse', '--show-toplevel']);
  if (top === undefined) throw new SyncError(`${dir} is not in a git repository: --sync needs one.`);
  return top.trim();
}

/**
 * Refuses what a synced move cannot work in, before anything is fetched or
 * written: no commits yet, a detached HEAD, a shallow clone.
 */
export async function checkSyncable(workTree: string): Promise<void> {
  // Three questions at once (a synced move is a dozen git processes; each one waited for adds up), judged in order.
  const [head, branch, shallow] = await Promise.all([
    gitOutput(workTree, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']),
    gitOutput(workTree, ['symbolic-ref', '-q', 'HEAD']),
    gitOutput(workTree, ['rev-parse', '--is-shallow-repository']),
  ]);
  if (head === undefined) {
    throw new SyncError(`${workTree} has no commits yet: commit the task files once before moving tasks with --sync.`);
  }
  if (branch === undefined) {
    throw new SyncError(`HEAD is detached in ${workTree}: check out a branch before moving tasks with --sync.`);
  }
  if (shallow?.trim() === 'true') {
    throw new SyncError(`${workTree} is a shallow clone: run \`git fetch --unshallow\` before moving tasks with --sync.`);
  }
}

/** Which branch holds the board: the settings' remote and branch, else origin's default branch, else the local default branch. */
export async function boardBranchOf(workTree: string, settings: SyncSettings | undefined): Promise<BoardBranch> {
  const remotes = ((await gitOutput(workTree, ['remote'])) ?? '').split('\n').filter(Boolean);
  if (settings?.remote && !remotes.includes(settings.remote)) {
    throw new SyncError(`There is no remote "${settings.remote}" (sync.remote in .agent-task-board.yml); remotes here: ${remotes.join(', ') || 'none'}.`);
  }
  const remote = settings?.remote ?? (remotes.includes('origin') ? 'origin' : undefined);
  if (remote) {
    const branch = settings?.branch ?? (await remoteDefaultBranch(workTree, remote));
    return { remote, branch, ref: `refs/remotes/${remote}/${branch}`, name: `${remote}/${branch}` };
  }
  const branch = settings?.branch ?? (await localDefaultBranch(workTree));
  return { branch, ref: `refs/heads/${branch}`, name: branch };
}

/**
 * The remote's default branch, asked of the remote itself each time. A clone's
 * `refs/remotes/<remote>/HEAD` is set once, when it is cloned, and no fetch
 * moves it: after the remote's default changed (master to main, both kept), an
 * older clone and a newer one would claim on two different branches, and two
 * agents would win one task. The clone's own record is the answer only when the
 * remote cannot be asked (the fetch that follows then says why).
 */
async function remoteDefaultBranch(workTree: string, remote: string): Promise<string> {
  const asked = await runGit(workTree, ['ls-remote', '--symref', remote, 'HEAD']);
  const match = asked.code === 0 ? /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(asked.stdout) : null;
  if (match) return match[1]!;
  const known = await gitOutput(workTree, ['symbolic-ref', '-q', '--short', `refs/remotes/${remote}/HEAD`]);
  if (known?.trim()) return known.trim().slice(remote.length + 1);
  if (asked.code !== 0) throw remoteError(remote, asked);
  throw new SyncError(`${remote} does not say which branch is its default: set sync.branch in .agent-task-board.yml.`);
}

/**
 * The default local branch, read from what every worktree of the repository shares: the repository's own
 * init.defaultBranch (not a user's, which two agents' homes may set two ways), else main, else master. Not the main
 * worktree's checked-out branch, which a checkout there moves: two agents then published the same claim on two
 * branches, and both won.
 */
async function localDefaultBranch(workTree: string): Promise<string> {
  const configured = (await gitOutput(workTree, ['config', '--local', 'init.defaultBranch']))?.trim();
  for (const name of [configured, 'main', 'master']) {
    if (name && (await gitOutput(workTree, ['rev-parse', '-q', '--verify', `refs/heads/${name}`])) !== undefined) return name;
  }
  throw new SyncError('No board branch: no main or master branch here; set sync.branch in .agent-task-board.yml.');
}

/** A remote that did not answer, or refused who we are, in one line. */
export function remoteError(remote: string, result: GitResult): SyncError {
  const said = firstLine(result.stderr);
  if (refusedCredentials(result.stderr)) {
    return new SyncError(`${remote} refused the credentials (${said}); nothing was written.`);
  }
  return new SyncError(`Cannot reach the remote ${remote} (${said}); nothing was written.`);
}

/**
 * Whether git's `stderr` says the remote refused who we are (or asked and could not be told), in git's own words:
 * a bare 401 or "permission denied" also turns up in a port, a task id or a hook's own output.
 */
function refusedCredentials(stderr: string): boolean {
  return /authentication failed|could not read (username|password)|permission denied \((publickey|keyboard-interactive|password)|returned error: 40[13]\b|invalid username or password/i.test(stderr);
}

/** How many times a fetch that lost a ref lock to another fetch of this clone is tried. */
const FETCH_ATTEMPTS = 8;

/** Fetches the board branch (when it has a remote) and returns its tip. */
export async function fetchTip(workTree: string, board: BoardBranch): Promise<string> {
  if (board.remote) {
    const fetched = await fetchBranch(workTree, board.remote, board);
    if (fetched.code !== 0) {
      if (/couldn't find remote ref/i.test(fetched.stderr)) throw new SyncError(`The board branch ${board.name} does not exist on ${board.remote}; push it once, or set sync.branch.`);
      throw remoteError(board.remote, fetched);
    }
  }
  const tip = (await gitOutput(workTree, ['rev-parse', '-q', '--verify', `${board.ref}^{commit}`]))?.trim();
  if (!tip) throw new SyncError(`The board branch ${board.name} has no commits; commit the task files to it once.`);
  return tip;
}

/** Fetches the board branch into `board.ref`; a fetch that lost the ref's lock to another fetch of this clone is tried again. */
async function fetchBranch(workTree: string, remote: string, board: BoardBranch): Promise<GitResult> {
  for (let attempt = 1; ; attempt++) {
    const fetched = await runGit(workTree, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', remote, `+refs/heads/${board.branch}:${board.ref}`]);
    if (fetched.code === 0 || !/cannot lock ref|unable to update local ref|\.lock/i.test(fetched.stderr) || attempt >= FETCH_ATTEMPTS) return fetched;
    await pause(attempt);
  }
}

/** A short random pause that grows with the attempt: racing agents spread out instead of colliding again. */
export function pause(attempt: number): Promise<void> {
  const ms = Math.min(20 * 2 ** Math.min(attempt, 5), 500) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}

/** The text of `file` (a path from the repository's top) at `commit`, or undefined when it is not there. */
export function textAt(workTree: string, commit: string, file: string): Promise<string | undefined> {
  return gitOutput(workTree, ['show', `${commit}:${file}`]);
}

/**
 * The texts of several files at `commit`, in the order asked (undefined for
 * one that is not there), read by one `git cat-file --batch` rather than a
 * `git show` each: a board branch with many checklists is read in one process.
 */
export async function textsAt(workTree: string, commit: string, files: readonly string[]): Promise<(string | undefined)[]> {
  const oneByOne = (): Promise<(string | undefined)[]> => Promise.all(files.map((f) => textAt(workTree, commit, f)));
  // The batch reads one name per line, as a C string: a path with a line break or a NUL in it (never a task file
  // in practice) is read the one-by-one way.
  if (files.length <= 1 || files.some((f) => /[\r\n\0]/.test(f))) return oneByOne();
  const out = await gitBytes(workTree, ['cat-file', '--batch'], { input: files.map((f) => `${commit}:${f}\n`).join('') });
  return (out && cutBatch(out, files.length)) ?? oneByOne();
}

/**
 * `files` that are there at `commit`, in their order, each with its text as the parsers read it (`text`: a CR-only
 * file with LF breaks, see lineBreaks.ts) and as git has it (`raw`, read as `textsAt` reads it: what a change is
 * written back over).
 */
export async function withTextsAt<F extends { readonly path: string }>(
  workTree: string,
  commit: string,
  files: readonly F[],
): Promise<(F & { readonly text: string; readonly raw: string })[]> {
  const texts = await textsAt(workTree, commit, files.map((f) => f.path));
  return files.flatMap((f, i) => {
    const raw = texts[i];
    return raw === undefined ? [] : [{ ...f, text: withLfBreaks(raw), raw }];
  });
}

/** The texts in `git cat-file --batch` output for `count` names; undefined when it is not whole. */
function cutBatch(out: Buffer, count: number): (string | undefined)[] | undefined {
  const texts: (string | undefined)[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const end = out.indexOf(0x0a, at);
    if (end < 0) return undefined;
    // `<oid> <type> <size>`, then the content and a line break; `<name> missing` (or ambiguous) alone.
    const header = /^[0-9a-f]+ (\w+) (\d+)$/.exec(out.toString('utf8', at, end));
    at = end + 1;
    if (!header) {
      texts.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    if (out[at + size] !== 0x0a) return undefined;
    texts.push(header[1] === 'blob' ? out.toString('utf8', at, at + size) : undefined);
    at += size + 1;
  }
  return texts;
}

/** Every path in the tree of `commit`. */
export async function pathsAt(workTree: string, commit: string): Promise<{ readonly path: string; readonly link: boolean }[]> {
  // `<mode> <type> <oid>\t<path>`: a symbolic link (120000) holds its target's name, not the file's text.
  return ((await gitOutput(workTree, ['ls-tree', '-r', '-z', commit])) ?? '')
    .split('\0')
    .filter(Boolean)
    .map((entry) => {
      const tab = entry.indexOf('\t');
      return { path: entry.slice(tab + 1), link: entry.startsWith('120000 ') };
    });
}

/**
 * A commit on top of `parent` whose only change is `file` := `text`, made
 * without the agent's index or working tree: the blob is written, a temporary
 * index is read from `parent`, changed in that one entry, and written as a tree.
 * `identity`: from `committerIdentity`, so a sandbox without a git identity still commits.
 */
export async function commitFileChange(workTree: string, parent: string, file: string, text: string, message: string, identity: Record<string, string>): Promise<string> {
  const index = path.join(os.tmpdir(), `atb-index-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const env = { GIT_INDEX_FILE: index };
  try {
    // The blob, the file's mode and the temporary index do not wait on each other: the time between the
    // fetch and the push is when another agent can publish first, so it is kept short. (A git run never
    // rejects, so all three have ended before the temporary index is removed.)
    const [blob, listed, read] = await Promise.all([
      // The text is the blob's own bytes changed (read with `git show`, which applies no filter): stored as it is. With
      // `--path`, a clone's core.autocrlf or the file's eol attribute would convert every line end of the board.
      gitOutput(workTree, ['hash-object', '-w', '--stdin', '--no-filters'], { input: text }),
      gitOutput(workTree, ['ls-tree', parent, '--', file]),
      runGit(workTree, ['read-tree', parent], { env }),
    ]);
    if (!blob?.trim()) throw new SyncError(`git could not store the new ${file}.`);
    if (read.code !== 0) throw new SyncError(`git read-tree failed: ${firstLine(read.stderr)}`);
    const mode = /^(\d{6}) /.exec(listed ?? '')?.[1] ?? '100644';
    // A symbolic link's blob is the name it points to: the new text would become the link's target.
    if (mode !== '100644' && mode !== '100755') {
      throw new SyncError(`${file} is ${mode === '120000' ? 'a symbolic link' : 'not a plain file'} on the board branch, which synced writes do not follow; nothing was written.`);
    }
    const updated = await runGit(workTree, ['update-index', '--add', '--cacheinfo', `${mode},${blob.trim()},${file}`], { env });
    if (updated.code !== 0) throw new SyncError(`git update-index failed: ${firstLine(updated.stderr)}`);
    const tree = (await gitOutput(workTree, ['write-tree'], { env }))?.trim();
    if (!tree) throw new SyncError('git write-tree failed.');
    const commit = await runGit(workTree, ['commit-tree', tree, '-p', parent, '-F', '-'], { input: message, env: identity });
    if (commit.code !== 0) throw new SyncError(`git commit-tree failed: ${firstLine(commit.stderr)}`);
    return commit.stdout.trim();
  } finally {
    fs.rmSync(index, { force: true });
  }
}

/**
 * The environment `commit-tree` runs in: none of its own where git has an
 * identity, else the agent as author and committer. Asked once per move, not
 * per attempt: the configuration does not change between two attempts.
 */
export async function committerIdentity(workTree: string, agent: string): Promise<Record<string, string>> {
  // One process for both keys; the last value of each wins, as with `git config user.name`.
  const listed = (await gitOutput(workTree, ['config', '--get-regexp', '^user\\.(name|email)$'])) ?? '';
  let name: string | undefined;
  let email: string | undefined;
  for (const line of listed.split('\n')) {
    const match = /^user\.(name|email) ?(.*)$/i.exec(line);
    if (match?.[1]!.toLowerCase() === 'name') name = match[2]!.trim();
    else if (match) email = match[2]!.trim();
  }
  if (name && email) return {};
  const who = agent.trim() || 'agent-task-board';
  const mail = `${who.replace(/[^\w.-]+/g, '-')}@agent-task-board.invalid`;
  return {
    GIT_AUTHOR_NAME: name || who,
    GIT_AUTHOR_EMAIL: email || mail,
    GIT_COMMITTER_NAME: name || who,
    GIT_COMMITTER_EMAIL: email || mail,
  };
}

/** `lock`: the ref's lock file git could not take, when that is why (a publish under way, or one left by a git that died). */
export type Published = { readonly ok: true } | { readonly ok: false; readonly moved: true; readonly lock?: string };

/** The lock file git says it could not create (`Unable to create '<file>.lock': File exists`), if that is what it says. */
function heldLock(said: string): string | undefined {
  return /Unable to create '([^']+\.lock)': File exists/.exec(said)?.[1];
}

/**
 * The compare-and-swap: the board branch goes from `tip` to `commit`, or
 * nothing happens. A push is refused unless it fast-forwards, so a rejected
 * non-fast-forward means someone published first (`moved`); any other
 * refusal is a SyncError naming the setting that picks another branch.
 */
export async function publish(workTree: string, board: BoardBranch, tip: string, commit: string): Promise<Published> {
  if (!board.remote) {
    const done = await runGit(workTree, ['update-ref', '-m', 'agent-task-board: synced move', `refs/heads/${board.branch}`, commit, tip]);
    if (done.code === 0) return { ok: true };
    if (/cannot lock ref|is at .* but expected|unable to resolve/i.test(done.stderr)) return { ok: false, moved: true, lock: heldLock(done.stderr) };
    throw new SyncError(`git update-ref ${board.branch} failed: ${firstLine(done.stderr)}`);
  }
  const pushed = await runGit(workTree, ['push', '--porcelain', '--quiet', board.remote, `${commit}:refs/heads/${board.branch}`]);
  if (pushed.code === 0) {
    // The push moved the remote's branch; our view of it follows without another fetch.
    await runGit(workTree, ['update-ref', board.ref, commit]);
    return { ok: true };
  }
  const said = `${pushed.stdout}\n${pushed.stderr}`;
  if (/\[rejected\].*\((non-fast-forward|fetch first|stale info)\)/.test(said) || /\[remote rejected\].*(cannot lock ref|failed to update ref|incorrect old value)/i.test(said)) {
    return { ok: false, moved: true, lock: heldLock(said) };
  }
  const reason = /\[remote rejected\] .*?\((.*)\)/.exec(said)?.[1] ?? /\[rejected\] .*?\((.*)\)/.exec(said)?.[1];
  if (reason === 'unpacker error') {
    // The remote could not store the objects (`remote unpack failed`): its disk, its permissions, a size limit. Another
    // branch would not help; the remote's own words say which, when it gave them.
    const why = /remote: (?:fatal|error): (.*?)\s*$/m.exec(pushed.stderr)?.[1] ?? /remote unpack failed: (.*)/.exec(pushed.stderr)?.[1] ?? reason;
    throw new SyncError(`${board.remote} could not store the pushed objects (${why}): its disk space, its permissions or a size limit? Nothing was written.`);
  }
  if (reason) {
    throw new SyncError(
      `${board.remote} refused the push to ${board.branch} (${reason}): a protected branch? Point sync.branch in .agent-task-board.yml at a branch of the board's own; nothing was written.`,
    );
  }
  // No answer from the remote. The push may still have landed (the connection dropped after the remote moved its
  // branch, before it said so): the remote is asked where the branch is before anyone is told nothing was written.
  const asked = await runGit(workTree, ['ls-remote', board.remote, `refs/heads/${board.branch}`]);
  // ls-remote matches the end of a ref's name (`a/refs/heads/main` too): the line of the branch itself.
  const now = asked.code === 0 ? asked.stdout.split('\n').find((l) => l.endsWith(`\trefs/heads/${board.branch}`))?.split('\t')[0] : undefined;
  if (now === commit) {
    await runGit(workTree, ['update-ref', board.ref, commit]);
    return { ok: true };
  }
  // Another agent may have published on top of it before the remote was asked: made, if the branch holds it.
  if (now !== undefined && (await holds(workTree, board.remote, board, commit))) return { ok: true };
  // A remote that asks for credentials only for the push itself ends it as a hook below does: said first.
  if (refusedCredentials(pushed.stderr)) throw remoteError(board.remote, pushed);
  // Git stopped it here, with the remote reachable: a pre-push hook said no. Git names no hook, only its output,
  // which may itself start with `fatal:`; but git exits 1 for a refusing hook and 128 for a remote it lost.
  if (asked.code === 0 && pushed.stdout.trim() === '' && (pushed.code === 1 || !/^fatal:/m.test(pushed.stderr))) {
    throw new SyncError(`The push to ${board.remote} was stopped here before it was sent (${firstLine(pushed.stderr)}): a pre-push hook? Nothing was written.`);
  }
  if (asked.code !== 0 && /hung up|unexpected disconnect|early EOF|connection (was )?reset|broken pipe/i.test(pushed.stderr)) {
    throw new SyncError(
      `The push to ${board.remote} lost its connection (${lastFatal(pushed.stderr)}), and ${board.remote} cannot be asked now: the change may be on ${board.name}. Run the command again; it reads the branch first.`,
    );
  }
  throw remoteError(board.remote, pushed);
}

/** Whether the board branch, fetched again, has `commit` in its history. */
async function holds(workTree: string, remote: string, board: BoardBranch, commit: string): Promise<boolean> {
  await fetchBranch(workTree, remote, board);
  // Asked even when the fetch failed: another fetch of this clone may have brought the branch meanwhile.
  return (await runGit(workTree, ['merge-base', '--is-ancestor', commit, board.ref])).code === 0;
}

/** The last `fatal:` line git wrote (the one that says why it stopped), or its first line. */
function lastFatal(stderr: string): string {
  return stderr.split('\n').filter((l) => l.startsWith('fatal:')).pop() ?? firstLine(stderr);
}
