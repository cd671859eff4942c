// What git is doing to a working tree, read from its git dir and, where that
// is not enough, from the `git` command. Enforcement asks it whether a new
// text of a task file came from a git operation (a checkout, a pull, a
// rebase, a reset, a stash): such a text is the repository's, not an agent's
// illegal write, and must never be reverted (docs/architecture.md, "Git
// operations and conflicted files").
//
// Three signs, any one enough:
// - an operation is in progress: a merge, rebase, cherry-pick or revert has
//   stopped (MERGE_HEAD, rebase-merge/, ...). A bare lock (`index.lock`,
//   `HEAD.lock`) is no sign by itself: it is a checkout at work, whose reflog
//   entry comes when it ends, as well as a `git status` refreshing the index or
//   a `git commit -a` running its pre-commit hook (a formatter, the tests)
//   while an agent writes. The text is judged by the other signs once the lock
//   is gone;
// - the text is what git has for the file: its blob in HEAD or in the index,
//   written to the object store before the file was (git wrote the file from
//   it), or a blob git made just before it wrote the file (the stash that
//   `pull --rebase --autostash` applies after its last reflog entry, merged
//   with what the pull brought); a blob made seconds before the file and staged
//   again after it is an agent's text git once had;
// - git recorded a move of HEAD or of the stash at or after the file was
//   written: every operation writes the working tree first and its reflog
//   last, so a reflog younger than the file means git wrote the file
//   (`git stash pop` leaves a text that is in neither HEAD nor the index; its
//   drop of the stash entry is what shows it).
// A commit writes no working tree, so it is no sign: an agent that writes an
// illegal move and commits it at once (`git commit -am`) made a new HEAD, a
// new index and a fresh blob of its own text, all after the file, and none of
// it says git wrote the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitOutput as git } from './git';
import { gitPlaceOf, stoppedAfterLock, type GitPlace } from './gitPlace';
import { realRoot } from './withinRoot';

/** A reflog written this long before the file still counts as after it (file systems round times). */
const CLOCK_SLACK_MS = 20;
/** A reflog written more than this after the file is another operation's. */
const REFLOG_AFTER_FILE_MS = 10_000;
/**
 * After a rebase's last entry, its autostash is applied: in a large repository more than 100 ms later. A file
 * written this long after a rebase finished is taken as that stash.
 */
const AUTOSTASH_AFTER_REBASE_MS = 2_000;
/**
 * A blob made more than this before the file was not made to write it. Git makes a merge's result, or the stash it
 * applies, milliseconds before the file; a stash applied unmerged is the text the file had before, already judged.
 */
const BLOB_BEFORE_FILE_MS = 2_000;

/**
 * How long a bare lock is waited for before the text is judged with it still held (a git that died leaves its lock):
 * a pre-commit hook that runs the tests can hold `index.lock` for minutes, a checkout seconds.
 */
export const LOCK_WAIT_MS = 60_000;

/** One line of a reflog: HEAD went from `old` to `new`, and why. */
export interface ReflogEntry {
  readonly old: string;
  readonly new: string;
  readonly message: string;
}

/** How a git operation brought a new text of a file. */
export interface GitChange {
  /** Said after the move: `with the checkout of \`old\``, `with git stash`, `during a merge`. */
  readonly how: string;
  /** HEAD before and after, when the operation moved HEAD. */
  readonly oldHead?: string;
  readonly newHead?: string;
  /** The only sign was the text itself, a blob git has (no operation, no reflog entry): a Discard Changes looks so. */
  readonly byTextOnly?: true;
}

/**
 * Whether the text `text` of `file` (as read from disk now) was written by
 * git: see the head of this file. Undefined when it was not, or when `file`
 * is not in a repository or git cannot be run.
 */
export async function gitChangeOf(file: string, text: string, options: { readonly lockWaitMs?: number } = {}): Promise<GitChange | undefined> {
  const place = gitPlaceOf(file);
  if (!place) return undefined;
  // A command that holds a lock has not written its reflog yet: what it leaves is looked at once it ends.
  const during = await stoppedAfterLock(place, options.lockWaitMs ?? LOCK_WAIT_MS);
  if (during) return { how: `during ${during}` };
  let written: number;
  try {
    written = fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const moved = reflogMoveSince(place, written);
  if (moved) return moved;
  if (await isGitsText(place, file, text, written)) return { ...headMove(headReflog(place)), byTextOnly: true };
  return undefined;
}

/** The move of HEAD or of the stash recorded at or after `since` (a file's mtime), if there is one. */
function reflogMoveSince(place: GitPlace, since: number): GitChange | undefined {
  const inWindow = (mtime: number | undefined): boolean =>
    mtime !== undefined && mtime >= since - CLOCK_SLACK_MS && mtime <= since + REFLOG_AFTER_FILE_MS;
  // A stash entry pushed or dropped: the stash's reflog, or its folder when the last entry went.
  const stash = [path.join(place.commonDir, 'logs', 'refs', 'stash'), path.join(place.commonDir, 'logs', 'refs')];
  if (stash.some((f) => inWindow(mtimeOf(f)))) return { how: 'with git stash' };
  const headWritten = mtimeOf(path.join(place.gitDir, 'logs', 'HEAD'));
  // Read only when HEAD moved about when the file was written: the newest entries say by what.
  if (headWritten === undefined || headWritten < since - AUTOSTASH_AFTER_REBASE_MS || headWritten > since + REFLOG_AFTER_FILE_MS) return undefined;
  const entries = headReflog(place);
  const last = entries[entries.length - 1]?.message ?? '';
  if (inWindow(headWritten) && !COMMIT.test(last)) return headMove(entries);
  if (REBASE_FINISHED.test(last) && headWritten <= since) return headMove(entries);
  return undefined;
}

/** The last reflog entry of a rebase (`rebase (finish): returning to refs/heads/main`, and pull --rebase's). */
const REBASE_FINISHED = /\(finish\): returning to /;

/** A reflog entry of `git commit` (`commit:`, `commit (amend):`, `commit (merge):`, `commit (cherry-pick):`...): HEAD moved, the working tree was not written. */
const COMMIT = /^commit(?: \([a-z-]+\))?: /;

function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function headReflog(place: GitPlace): ReflogEntry[] {
  return reflogTail(path.join(place.gitDir, 'logs', 'HEAD'));
}

/** The last move of HEAD in `entries` (its reflog's newest), described; a rebase's moves are taken together, from its start. */
function headMove(entries: readonly ReflogEntry[]): GitChange {
  const last = entries[entries.length - 1];
  if (!last) return { how: 'with git' };
  let first = last;
  if (STEP_OF_SEQUENCE.test(last.message)) {
    for (let i = entries.length - 1; i >= 0; i--) {
      first = entries[i]!;
      if (/\(start\)/.test(first.message) || !STEP_OF_SEQUENCE.test(first.message)) break;
    }
  }
  return { how: describeOperation(last.message), oldHead: first.old, newHead: last.new };
}

const STEP_OF_SEQUENCE = /^[\w -]*\((start|pick|continue|finish|fixup|squash|reword|edit|skip)\)/;

/** The last entries of a reflog (its last 64 KiB: enough for one operation's entries). */
export function reflogTail(file: string): ReflogEntry[] {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
  const entries: ReflogEntry[] = [];
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64}) [^\t]*\t(.*)$/.exec(line);
    if (match) entries.push({ old: match[1]!, new: match[2]!, message: match[3]! });
  }
  return entries;
}

/** A reflog message as the end of a sentence: `with the checkout of \`old\``. */
export function describeOperation(message: string): string {
  const checkout = /^checkout: moving from .* to (.+)$/.exec(message);
  if (checkout) return `with the checkout of \`${checkout[1]}\``;
  const merge = /^merge (\S+):/.exec(message);
  if (merge) return `with the merge of \`${merge[1]}\``;
  const command = /^([a-z-]+)/.exec(message)?.[1];
  if (command === 'pull') return message.includes('rebase') ? 'with git pull --rebase' : 'with git pull';
  if (command === 'rebase') return 'with the rebase';
  if (command === 'reset') return 'with git reset';
  if (command === 'cherry-pick') return 'with a cherry-pick';
  if (command === 'commit') return 'with a commit';
  return command ? `with git ${command}` : 'with git';
}

/**
 * Whether `text` (the file's text on disk, written at `written`) is its blob in HEAD or in the index, and that blob
 * was in the object store before the file was written; or a blob in neither, made shortly before the file.
 */
async function isGitsText(place: GitPlace, file: string, text: string, written: number): Promise<boolean> {
  const real = realRoot(file);
  // Both real paths: a workspace opened through a symbolic link (macOS's /tmp, a linked project folder) made the
  // path relative to the link `..`-something, and the text was never found to be git's.
  const relative = path.relative(realRoot(place.workTree), real).split(path.sep).join('/');
  if (relative.startsWith('..')) return false;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(real);
  } catch {
    return false;
  }
  // The bytes are hashed, not the text: only when they still are that text (a BOM is not part of it).
  if (bytes.toString('utf8').replace(/^\uFEFF/, '') !== text.replace(/^\uFEFF/, '')) return false;
  const [own, head, staged] = await Promise.all([
    git(place.workTree, ['hash-object', `--path=${relative}`, '--stdin'], { input: bytes }),
    git(place.workTree, ['rev-parse', '-q', '--verify', `HEAD:${relative}`]),
    git(place.workTree, ['ls-files', '-s', '--', relative]),
  ]);
  const sha = own?.trim();
  if (!sha) return false;
  const blob = looseObject(place, sha);
  // A blob made after the file was made from it (`git add`, `git commit -a`): git makes a blob before the file it
  // writes. One made as the file was counts as before, since coarse file times can tie them, and a text git wrote
  // must never be taken for an agent's.
  if (blob && blob.made > written) return false;
  // Git made it for this write: an applied stash, a merge's result, just before the file. Git makes the blob first
  // and then the file anew, so a file that was there before the blob was made was not written from it: `git add`
  // made the blob from the file, in the same tick of a coarse file clock (one write-and-stage in ten here).
  const madeForThisWrite = blob !== undefined && blob.made >= written - BLOB_BEFORE_FILE_MS && !bornBefore(real, blob.made);
  // Made before the file and touched after it, or as it was: staged again (`git add` and `git commit -a` touch a blob
  // they find). Then git wrote the text only if it made the blob for this write (`git pull --rebase --autostash &&
  // git commit -am`); else an agent wrote a text git once had and staged it (a ticked box unticked again).
  if (blob && blob.touched >= written) return madeForThisWrite;
  // `<mode> <sha> <stage>\t<path>`: stage 0 is the merged entry.
  const inHeadOrIndex = head?.trim() === sha || (staged ?? '').split('\n').some((line) => line.split(/\s+/)[1] === sha && line.split(/\s+/)[2] === '0');
  return inHeadOrIndex || madeForThisWrite;
}

/**
 * Whether `file` was made before `time`, by its birth time. False where the file system keeps none, and on Windows,
 * which gives a file made under a name deleted moments before that file's birth time (tunnelling): there the file
 * git makes anew would read as old.
 */
function bornBefore(file: string, time: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    const born = fs.statSync(file).birthtimeMs;
    return born > 0 && born < time;
  } catch {
    return false;
  }
}

/**
 * When the loose object `sha` was made (its birth time; its mtime where the file system keeps none) and last touched
 * (its mtime: git touches a blob it is asked to write again). Undefined for a packed object, or one in another
 * object store (alternates), which have no times of their own here.
 */
function looseObject(place: GitPlace, sha: string): { readonly made: number; readonly touched: number } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path.join(place.commonDir, 'objects', sha.slice(0, 2), sha.slice(2)));
  } catch {
    return undefined;
  }
  const born = stat.birthtimeMs;
  return { made: born > 0 && born <= stat.mtimeMs ? born : stat.mtimeMs, touched: stat.mtimeMs };
}

/** The text of `file` (a path in the working tree) at `rev`, or undefined when it is not there. */
export async function fileAt(place: GitPlace, rev: string, file: string): Promise<string | undefined> {
  const relative = path.relative(realRoot(place.workTree), realRoot(file)).split(path.sep).join('/');
  return git(place.workTree, ['show', `${rev}:${relative}`]);
}
