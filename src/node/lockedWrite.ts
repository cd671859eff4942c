// Writing a task file when several agents may write it at the same moment
// (docs/architecture.md, "The command line and MCP write path"): take `<file>.lock` (created only if absent), re-read the file, let the
// caller re-plan against that fresh text (its compare-and-swap), write a temp
// file beside it, fsync, rename over the original, release the lock. Readers
// never see a half-written file and no update is lost.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeKeepingBytes, encodeKeepingBytes } from '../core/byteText';
import { withBreaksOf, withLfBreaks } from '../core/lineBreaks';
import { describeOwner, forgetHeldLock, holderState, ownLockOwner, parseLockOwner, rememberHeldLock } from './lockOwner';
import { realPathWithin, realRoot } from './withinRoot';

export interface LockOptions {
  /** How long to keep retrying a held lock before giving up. */
  readonly timeoutMs?: number;
  /** A lock older than this whose owner process is gone is broken. */
  readonly staleMs?: number;
  /** How long a read must stay unchanged (size, mtime, inode) to count as a whole file. */
  readonly settleMs?: number;
  /** How many reads to try before refusing a file that keeps changing. */
  readonly readAttempts?: number;
  /** The workspace root: a file whose real path (symlinks resolved) leaves it is refused, never written. */
  readonly root?: string;
  /** Who takes the lock, in words, written into it for whoever waits on it (see LockOwner.by). */
  readonly by?: string;
}

export interface UpdateOptions extends LockOptions {
  /**
   * Other files whose locks are held too while `decide` runs, as writers of those files take them: what `decide`
   * reads of them does not change under it. All the locks are taken in one order (by real path), so two updates
   * that lock the same files cannot each wait for the other.
   */
  readonly alsoLock?: readonly string[];
}

/**
 * How long an update waits for the lock of a file in `alsoLock` before it goes on without it: another writer holds
 * such a lock for milliseconds, and one held longer (a save VS Code has not finished) must not stop this file's write.
 */
const ALSO_LOCK_TIMEOUT_MS = 2_000;

/** What to do under the lock: write `text` (when `write` and the text differs), and what to return. */
export interface UpdateDecision<T> {
  readonly write: boolean;
  readonly text?: string;
  readonly result: T;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(readonly file: string, readonly lockFile: string, readonly waitedMs: number, holder?: string) {
    super(
      `${file}: could not take the lock ${path.basename(lockFile)} (waited ${(waitedMs / 1000).toFixed(1)} s); ` +
        `${holder ? `it is held by ${holder}` : 'another writer holds it'}. Try again, or delete ${lockFile} if no agent is running.`,
    );
  }
}

/** The file must not be written: read-only, binary, or gone. Nothing was changed. */
export class WriteRefusedError extends Error {
  override readonly name = 'WriteRefusedError';
  constructor(readonly file: string, why: string) {
    super(`${file}: ${why}; nothing was written.`);
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_RETRY_DELAY_MS = 25;
const MIN_RETRY_DELAY_MS = 2;
const PATIENT_AFTER_MS = 1_000;
const DEFAULT_STALE_MS = 30_000;
const DEFAULT_SETTLE_MS = 40;
const DEFAULT_READ_ATTEMPTS = 5;

/**
 * Runs `decide` on the file's current text under the file's lock and writes
 * what it returns. `decide` must be pure with respect to the text: it is the
 * place for compare-and-swap checks.
 */
export async function lockedUpdate<T>(
  file: string,
  decide: (text: string) => UpdateDecision<T>,
  options: UpdateOptions = {},
): Promise<T> {
  // Write through a symlink to its target rather than replacing the link.
  const target = writeTarget(file, options.root);
  const release = await acquireLocks(target, alsoTargets(options), options);
  try {
    const { text: onDisk, version } = await readStableText(file, target, options);
    // A CR-only file is decided on as LF and written back with CRs (see lineBreaks.ts).
    const text = withLfBreaks(onDisk);
    const decision = decide(text);
    if (decision.write && decision.text !== undefined && decision.text !== text) {
      // rename() would replace a read-only file without a complaint: its owner said no writes.
      if (!isWritable(target)) throw new WriteRefusedError(file, 'is read-only (no write permission)');
      writeAtomically(target, withBreaksOf(onDisk, decision.text), () => {
        // A writer that ignores the lock may have written since the read: replacing its text would lose it.
        if (!sameVersion(version, statVersion(file, target))) throw new WriteRefusedError(file, CHANGED_MEANWHILE);
      });
    }
    return decision.result;
  } finally {
    release();
  }
}

const CHANGED_MEANWHILE =
  'changed while it was being updated (another program is writing it without the lock); try again when that write is done';

/** What identifies one state of a file's bytes, cheaply: a write in place changes size or mtime, a replace the inode. */
interface FileVersion {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

function sameVersion(a: FileVersion, b: FileVersion): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

function statVersion(file: string, target: string): FileVersion {
  try {
    const st = fs.statSync(target);
    return { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new WriteRefusedError(file, 'no longer exists (deleted or renamed meanwhile)');
    throw err;
  }
}

/**
 * The file's text, read only when it holds still. A program that writes
 * without the lock (truncate, write, pause, write) leaves a truncated file
 * for a moment; a write based on that read would put the truncated text
 * back for good (an empty or truncated read is transient, never the basis
 * of a write). So: stat, read, wait until the file has been quiet (no new
 * mtime) for `settleMs`, stat again; the read counts when size, mtime and
 * inode did not move and the bytes are the size the stat gave. A file that
 * keeps changing is refused by name.
 */
async function readStableText(file: string, target: string, options: LockOptions): Promise<{ text: string; version: FileVersion }> {
  const { bytes, version } = await readStableBytes(file, target, options);
  // Decode only a stable read: a write cut in the middle of a character is not "not UTF-8".
  return { text: decodeTaskFile(file, bytes), version };
}

async function readStableBytes(file: string, target: string, options: LockOptions): Promise<{ bytes: Buffer; version: FileVersion }> {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const attempts = Math.max(1, options.readAttempts ?? DEFAULT_READ_ATTEMPTS);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const before = statVersion(file, target);
    const bytes = readBytes(file, target);
    // Only the part of the window the file has not been quiet for yet: a file last written long ago
    // would have shown a write in progress by a recent mtime, so it needs no wait at all. (An mtime
    // in the future, another machine's clock on a shared folder, waits the whole window, no more.)
    const window = settleMs * attempt;
    await sleep(Math.min(window, Math.max(0, window - (Date.now() - before.mtimeMs))));
    const after = statVersion(file, target);
    if (sameVersion(before, after) && bytes.length === before.size) return { bytes, version: before };
  }
  throw new WriteRefusedError(
    file,
    `kept changing while it was read (${attempts} tries): another program is writing it without the lock; try again when that write is done`,
  );
}

/**
 * The bytes of `file` once it holds still, without taking its lock: for
 * finding a task before a move, so a file caught halfway through another
 * program's write is not read as the whole board. `shown` names the file in
 * a refusal.
 */
export async function readWhenStill(file: string, shown: string = file, options: LockOptions = {}): Promise<Buffer> {
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch {
    target = file;
  }
  return (await readStableBytes(shown, target, options)).bytes;
}

function readBytes(file: string, target: string): Buffer {
  try {
    return fs.readFileSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new WriteRefusedError(file, 'no longer exists (deleted or renamed meanwhile)');
    throw err;
  }
}

/**
 * The text of a task file: UTF-8, with any stray byte that is not UTF-8 kept
 * as an escape that `writeAtomically` turns back into that byte
 * (src/core/byteText.ts). NUL bytes (a binary file) are refused.
 */
export function decodeTaskFile(file: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw new WriteRefusedError(file, 'is binary (it holds NUL bytes), not a task file');
  return decodeKeepingBytes(bytes);
}

/**
 * Whether the file may be written: the process may write it, and some write
 * bit is set. The second half matters for root, whom access() always allows:
 * `chmod 444` still says "do not write this".
 */
export function isWritable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return (fs.statSync(file).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

/**
 * Takes `lockFile`, retrying with jitter until `timeoutMs`, breaking a lock
 * whose owner is gone; returns the release function. The extension takes the
 * same lock around its saves, so editor and agents never overwrite each other.
 *
 * The lock appears with its owner already written in it (a hard link to a
 * finished temp file, which fails when the lock exists, like O_EXCL): a lock
 * created empty and filled a moment later could be judged ownerless in
 * between, and broken while its owner held it, if the clock jumped. The owner
 * is host, pid and the process's start time (see lockOwner.ts), so a lock
 * whose process died, or whose pid now belongs to another process, is broken
 * at once rather than after `staleMs`. A lock held when the process gets
 * SIGINT or SIGTERM is released before it ends.
 */
/** The real paths of `options.alsoLock` that exist and stay inside `options.root`: the others have no writer to wait for. */
function alsoTargets(options: UpdateOptions): string[] {
  return (options.alsoLock ?? []).flatMap((file) => {
    try {
      const target = writeTarget(file, options.root);
      return fs.existsSync(target) ? [target] : [];
    } catch {
      return [];
    }
  });
}

/**
 * The lock of `target` and of each of `others`, taken in the order of their paths and released together. `target`'s
 * is the update's own: not taking it fails the update. One of the others not taken within ALSO_LOCK_TIMEOUT_MS
 * (or not at all: a read-only folder) is gone on without.
 */
async function acquireLocks(target: string, others: readonly string[], options: LockOptions): Promise<() => void> {
  const releases: (() => void)[] = [];
  const releaseAll = () => {
    for (const release of releases.reverse()) release();
  };
  // The lock files taken, by device and inode: one file reached by a second name (a bind mount, another case on a
  // file system that ignores case) is the same lock, which this process would otherwise wait on until it gave up.
  const held = new Set<string>();
  const identity = (lockFile: string): string | undefined => {
    try {
      const st = fs.statSync(lockFile);
      return `${st.dev}:${st.ino}`;
    } catch {
      return undefined;
    }
  };
  const take = async (file: string, lockOptions: LockOptions): Promise<void> => {
    const lockFile = `${file}.lock`;
    const known = identity(lockFile);
    if (known !== undefined && held.has(known)) return;
    releases.push(await acquireLock(file, lockFile, lockOptions));
    const taken = identity(lockFile);
    if (taken !== undefined) held.add(taken);
  };
  try {
    for (const file of [...new Set([target, ...others])].sort()) {
      if (file === target) await take(file, options);
      else {
        const timeoutMs = Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, ALSO_LOCK_TIMEOUT_MS);
        await take(file, { ...options, timeoutMs }).catch(() => undefined);
      }
    }
  } catch (err) {
    releaseAll();
    throw err;
  }
  return releaseAll;
}

export async function acquireLock(file: string, lockFile: string, options: LockOptions): Promise<() => void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const started = Date.now();
  const token = Math.random().toString(36).slice(2, 12);
  let content = '';
  for (;;) {
    content = JSON.stringify({ ...ownLockOwner(), ...(options.by !== undefined && { by: options.by }), at: new Date().toISOString(), token });
    if (createFileOnce(lockFile, content)) {
      const release = (): void => {
        forgetHeldLock(release);
        try {
          // Only our own lock: if it was broken and someone else holds the file now, theirs stays.
          if (fs.readFileSync(lockFile, 'utf8') === content) fs.unlinkSync(lockFile);
        } catch {
          // Already gone (broken as stale by someone else): nothing to release.
        }
      };
      rememberHeldLock(release);
      return release;
    }
    const holder = breakIfStale(lockFile, staleMs);
    const waited = Date.now() - started;
    if (waited >= timeoutMs) throw new LockTimeoutError(file, lockFile, waited, holder);
    if (holder === undefined) continue; // broken or released: try again at once
    await sleep(retryDelay(waited));
  }
}

/**
 * How long to sleep before looking at a held lock again. Whoever looks first
 * after a release takes the lock, so the writer that has waited longest looks
 * most often: a newcomer polls every 25 ms or so, a writer waiting for a
 * second every 2 ms. (Growing the delay with the wait, as a backoff does,
 * starved the longest waiter: 7 writers saw waits past 10 s.) Jitter keeps
 * writers from retrying in lockstep.
 */
function retryDelay(waitedMs: number): number {
  const delay = Math.max(MIN_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS * (1 - waitedMs / PATIENT_AFTER_MS));
  return delay * (0.5 + Math.random());
}

/**
 * Creates `file` holding `text`, whole and at most once; false (nothing written) when it exists. The text goes into
 * a temp file beside it, hard-linked into place: `link` fails when the name exists, so two writers creating the
 * same file cannot overwrite each other, and a watcher sees either no file or the complete one. Where there are no
 * hard links, an exclusive create, then the text (see createExclusive).
 */
export function createFileOnce(file: string, text: string): boolean {
  const temp = besideName(file, 'tmp');
  try {
    // A folder we may not write fails here, with the same error an O_EXCL create would give.
    fs.writeFileSync(temp, text, { flag: 'wx' });
    try {
      fs.linkSync(temp, file);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      // No hard links here (FAT and exFAT drives, some network shares; Windows reports some of these
      // as EISDIR or EPERM): O_EXCL, then the text. Where that cannot work either, it throws the real error.
      return createExclusive(file, text);
    }
  } finally {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Never created, or already removed.
    }
  }
}

/**
 * `file` made empty with O_EXCL, then `text` written into it. Meanwhile the file is there and empty, and another
 * writer may take it as made and replace it (a locked update renames its own text over it): then what was written
 * here is in a file nobody sees, and the answer is false, as if the file had been there, so the caller goes the way
 * of a file that exists. A write that fails takes its file away again.
 */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  let ours: fs.Stats | undefined;
  try {
    ours = fs.fstatSync(fd);
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } catch (err) {
    if (!ours || isSameFile(file, ours)) fs.rmSync(file, { force: true });
    throw err;
  } finally {
    fs.closeSync(fd);
  }
  return isSameFile(file, ours);
}

/** Whether `file` is still the file `stats` are of (not replaced by a rename, not gone). */
function isSameFile(file: string, stats: fs.Stats): boolean {
  try {
    const now = fs.statSync(file);
    return now.ino === stats.ino && now.dev === stats.dev;
  } catch {
    return false;
  }
}

/**
 * Removes a lock whose holder is gone: a process of this host that is dead or
 * is not the one that took the lock (its pid reused), or, when the holder
 * cannot be checked (another host, an old or unreadable lock), a lock older
 * than `staleMs`. Returns who holds the lock when it stays, undefined when it
 * was broken or is gone.
 */
function breakIfStale(lockFile: string, staleMs: number): string | undefined {
  let stat: fs.Stats;
  let content: string;
  try {
    stat = fs.statSync(lockFile);
    content = fs.readFileSync(lockFile, 'utf8');
  } catch {
    return undefined; // released meanwhile
  }
  const owner = parseLockOwner(content);
  const verdict = owner ? holderState(owner) : 'unknown';
  if (verdict === 'alive') return describeOwner(owner!, stat.mtime);
  if (verdict === 'unknown' && Date.now() - stat.mtimeMs < staleMs) {
    return owner ? describeOwner(owner, stat.mtime) : `an unreadable lock since ${stat.mtime.toISOString()}`;
  }
  // The look and the removal are two steps: two writers breaking one stale lock could each pass the look, the first
  // remove it and take the lock, and the second then remove the first's live lock. One breaker at a time.
  const guard = `${lockFile}.break`;
  if (!takeBreakGuard(guard)) return `another writer breaking a stale lock since ${stat.mtime.toISOString()}`;
  try {
    // Only remove the lock we judged: if it was replaced meanwhile, leave the new one.
    if (fs.readFileSync(lockFile, 'utf8') === content && fs.statSync(lockFile).mtimeMs === stat.mtimeMs) {
      fs.unlinkSync(lockFile);
    }
  } catch {
    // Someone else broke or released it first.
  } finally {
    fs.rmSync(guard, { force: true });
  }
  return undefined;
}

/** How old a break guard must be to be taken as left by a writer that died while breaking a lock. */
const BREAK_GUARD_STALE_MS = 5_000;

/** Takes the guard file that lets one writer at a time break a stale lock; false while another holds it. */
function takeBreakGuard(guard: string): boolean {
  try {
    fs.closeSync(fs.openSync(guard, 'wx'));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return true; // no guard possible here: break as before
  }
  try {
    if (Date.now() - fs.statSync(guard).mtimeMs > BREAK_GUARD_STALE_MS) fs.rmSync(guard, { force: true });
  } catch {
    // Gone meanwhile.
  }
  return false;
}

/**
 * Temp file in the same directory (same file system, so rename is atomic),
 * fsync, rename. `beforeRename` runs last, right before the rename, and may
 * throw to leave the file as it is. The new file keeps the old one's mode, and
 * its owner and group where the writer may give them (an agent run as root in a
 * container would otherwise leave the user a file only root can write). A file
 * with other hard links is written in place instead: a rename would leave the
 * other names with the old text.
 */
export function writeAtomically(file: string, text: string, beforeRename?: () => void): void {
  const dir = path.dirname(file);
  let old: fs.Stats | undefined;
  try {
    old = fs.statSync(file);
  } catch {
    old = undefined;
  }
  if (old && old.nlink > 1) return writeInPlace(file, text, beforeRename);
  const mode = old ? old.mode & 0o7777 : undefined;
  const temp = besideName(file, 'tmp');
  // Stray bytes read from the file go back as they were (src/core/byteText.ts).
  writeNewFile(temp, encodeKeepingBytes(text), mode ?? 0o644, (fd) => {
    if (old) keepOwner(fd, old);
    // After the owner: chown clears the set-id bits.
    if (mode !== undefined) fs.fchmodSync(fd, mode);
  });
  try {
    beforeRename?.();
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
  try {
    const dirFd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(dirFd);
    } finally {
      fs.closeSync(dirFd);
    }
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename already happened.
  }
}

/** Gives the temp file `old`'s owner and group; a writer not allowed to (not root, not in the group) leaves its own. */
function keepOwner(fd: number, old: fs.Stats): void {
  if (process.platform === 'win32' || (old.uid === process.getuid?.() && old.gid === process.getgid?.())) return;
  try {
    fs.fchownSync(fd, old.uid, old.gid);
  } catch {
    try {
      fs.fchownSync(fd, -1, old.gid);
    } catch {
      // The writer's own, as any program that saves by rename leaves it.
    }
  }
}

/**
 * The whole text written over the file's own bytes, then cut to its length: every hard link sees it. The old bytes
 * are kept in a file beside it until then (`besideName(file, 'old')`): a write that fails part way (a full disk, a
 * size limit) puts them back and throws, and a process killed part way, or a put-back that fails too, leaves them there.
 */
function writeInPlace(file: string, text: string, beforeWrite?: () => void): void {
  const bytes = encodeKeepingBytes(text);
  const old = fs.readFileSync(file);
  const backup = besideName(file, 'old');
  writeNewFile(backup, old, 0o600);
  // Removed however the write ends, unless the old text could not be put back: then it is the only copy.
  let keepBackup = false;
  try {
    beforeWrite?.();
    const fd = fs.openSync(file, 'r+');
    try {
      replaceContents(fd, bytes);
    } catch (err) {
      try {
        replaceContents(fd, old);
      } catch (putBack) {
        keepBackup = true;
        throw new Error(`${file}: the write failed (${describeError(err)}) and putting the old text back failed too (${describeError(putBack)}); the old text is in ${backup}.`);
      }
      throw err;
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    if (!keepBackup) fs.rmSync(backup, { force: true });
  }
}

/** The file's bytes made `bytes`, whole, on disk. */
function replaceContents(fd: number, bytes: Uint8Array): void {
  writeAllAt(fd, bytes);
  fs.ftruncateSync(fd, bytes.length);
  fs.fsyncSync(fd);
}

/** A name for a file of this process's beside `file`, hidden, that no other writer picks: `.<name>.<pid>.<random>.<ext>`. */
export function besideName(file: string, ext: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.${ext}`);
}

function describeError(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * `bytes` in a new file (made only if absent, with `mode`), given to `finish` before it is fsynced: nothing is left
 * behind when any of that fails.
 */
function writeNewFile(file: string, bytes: Uint8Array, mode: number, finish?: (fd: number) => void): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    writeAllAt(fd, bytes);
    finish?.(fd);
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw err;
  }
  fs.closeSync(fd);
}

/** Every byte of `bytes` from the file's start: writeSync may write fewer than asked. */
function writeAllAt(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    const wrote = fs.writeSync(fd, bytes, at, bytes.length - at, at);
    if (wrote <= 0) throw Object.assign(new Error('the file took no more bytes'), { code: 'EIO' });
    at += wrote;
  }
}

/**
 * The real path to write: a symlink to nothing is refused by name (rather
 * than failing on a bare ENOENT), and so is a file that resolves outside
 * `root` when one is given.
 */
function writeTarget(file: string, root: string | undefined): string {
  const real = realPathWithin(root === undefined ? path.parse(path.resolve(file)).root : realRoot(root), file);
  if (real.ok) return real.real;
  if (real.why === 'missing') return file;
  throw new WriteRefusedError(file, real.reason);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
