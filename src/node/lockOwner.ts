// Who holds a lock file, and whether that holder still exists. A lock records
// its host, pid and the start time of its process. On the same host a lock
// whose pid is dead is left over, and so is one whose pid is alive but
// started at another time: the pid was reused by an unrelated process, which
// will never release it. Either is broken at once instead of blocking every
// writer until it is old. A lock from another host (a shared folder) cannot
// be checked from here and falls back to its age, and so can one from another
// PID namespace of this host (a sandboxed agent, a container given the host's
// name and the workspace): its pid means another process here, or none.
//
// Locks held by this process are released when it is stopped by SIGINT or
// SIGTERM (and on exit), so an interrupted move does not leave one behind.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { asOneLine } from '../core/oneLine';

export interface LockOwner {
  readonly host?: string;
  readonly pid: number;
  /** The process's start time as the system counts it (Linux: clock ticks since boot); absent where unknown. */
  readonly start?: string;
  /** Who that process is, in words, for whoever waits on the lock (VS Code saving a move, say). */
  readonly by?: string;
  /** The PID namespace its pid belongs to (Linux: `pid:[4026531836]`); absent where unknown. */
  readonly ns?: string;
}

let own: LockOwner | undefined;

export function ownLockOwner(): LockOwner {
  own ??= { host: os.hostname(), pid: process.pid, ...startOf(process.pid), ...pidNamespace() };
  return own;
}

/** The owner written in a lock file, or undefined when it names none (empty, not JSON, an old format without pid). */
export function parseLockOwner(content: string): LockOwner | undefined {
  try {
    const data = JSON.parse(content) as { host?: unknown; pid?: unknown; start?: unknown; by?: unknown; ns?: unknown };
    const pid = data.pid;
    if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return undefined;
    return {
      pid,
      ...(typeof data.host === 'string' ? { host: data.host } : {}),
      ...(typeof data.start === 'string' ? { start: data.start } : {}),
      ...(typeof data.ns === 'string' ? { ns: data.ns } : {}),
      ...(typeof data.by === 'string' && data.by.trim() !== '' ? { by: shortLine(data.by) } : {}),
    };
  } catch {
    return undefined;
  }
}

/** `alive`: the process that took the lock runs; `gone`: it does not; `unknown`: it cannot be told from this host. */
export function holderState(owner: LockOwner): 'alive' | 'gone' | 'unknown' {
  if (owner.host !== undefined && owner.host !== os.hostname()) return 'unknown';
  // Its pid is not ours to look up: the process it names here may be another one, or none.
  if (owner.ns !== undefined && owner.ns !== ownLockOwner().ns) return 'unknown';
  if (!isAlive(owner.pid)) return 'gone';
  if (owner.start !== undefined) {
    const now = startOf(owner.pid).start;
    if (now !== undefined && now !== owner.start) return 'gone';
  }
  return 'alive';
}

export function describeOwner(owner: LockOwner, since: Date): string {
  return `${owner.by ? `${owner.by}, ` : ''}pid ${owner.pid}${owner.host ? ` on ${owner.host}` : ''} since ${since.toISOString()}`;
}

/** A lock's own words about its holder, as one short line: they go into other processes' messages. */
function shortLine(text: string): string {
  const line = asOneLine(text);
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The start time of `pid` from /proc (Linux): field 22 of /proc/<pid>/stat,
 * read after the command name, which may itself hold spaces and parentheses.
 * Elsewhere there is no cheap way to ask, and the pid alone is checked.
 */
function startOf(pid: number): { start?: string } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start && /^\d+$/.test(start) ? { start } : {};
  } catch {
    return {};
  }
}

/** This process's PID namespace (Linux), which the pids of its locks belong to. */
function pidNamespace(): { ns?: string } {
  try {
    return { ns: fs.readlinkSync('/proc/self/ns/pid') };
  } catch {
    return {};
  }
}

// ------------------------------------------------------------ release on signals

const held = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function releaseAll(): void {
  for (const release of [...held]) release();
}

function onSignal(signal: NodeJS.Signals): void {
  releaseAll();
  stopListening();
  // With no other listener the signal's default action (ending the process) must still happen.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function startListening(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', releaseAll);
}

function stopListening(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', releaseAll);
}

/** A lock this process now holds: released if the process is stopped before it releases it. */
export function rememberHeldLock(release: () => void): void {
  held.add(release);
  if (held.size === 1) startListening();
}

export function forgetHeldLock(release: () => void): void {
  if (!held.delete(release)) return;
  if (held.size === 0) stopListening();
}
