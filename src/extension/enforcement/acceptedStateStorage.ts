// Where accepted snapshots live: workspace storage, one key per file uri, so
// the accepted state survives a restart and a violation made while VS Code was
// closed is still caught.
//
// Enforcement reads and replaces a file's snapshot on every change, so the
// snapshots live in memory and reach storage later, packed (one array per
// field) and batched: VS Code clones a stored value and serialises it on the
// extension host's thread, which for a 350,000-task board froze the host for
// seconds per write. Every write to storage sends all of the extension's
// workspace values to VS Code again (400 KB for a 10,000-task board), so a
// burst of changes is written once, when the files have been quiet for
// PERSIST_DELAY_MS, or at the latest MAX_PERSIST_WAIT_MS after its first. A snapshot over MAX_PERSISTED_TASKS is kept in memory
// only (its stored copy is removed, never left stale): after a restart such a
// board is accepted as found.
import type * as vscode from 'vscode';
import { packSnapshot, unpackSnapshot, type AcceptedSnapshot } from '../../core/acceptedState';

const KEY_PREFIX = 'agentTaskBoard.accepted:';
/** Writes to storage wait until no snapshot has changed for this long... */
const PERSIST_DELAY_MS = 1000;
/** ...or until the oldest change not yet written is this old. */
const MAX_PERSIST_WAIT_MS = 15_000;
/** Bigger snapshots are not written to workspace storage (see above). */
export const MAX_PERSISTED_TASKS = 50_000;

export class AcceptedStates implements vscode.Disposable {
  private readonly memory = new Map<string, AcceptedSnapshot | undefined>();
  private readonly dirty = new Set<string>();
  /** How many times each file's snapshot was replaced (tests read it through a hook). */
  private readonly sets = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet written came (Date.now()), while one waits. */
  private dirtySince: number | undefined;

  constructor(
    private readonly storage: vscode.Memento,
    private readonly persistDelayMs = PERSIST_DELAY_MS,
    private readonly maxPersistWaitMs = MAX_PERSIST_WAIT_MS,
  ) {}

  get(file: string): AcceptedSnapshot | undefined {
    if (this.memory.has(file)) return this.memory.get(file);
    const snapshot = unpackSnapshot(this.storage.get<unknown>(KEY_PREFIX + file));
    this.memory.set(file, snapshot);
    return snapshot;
  }

  /** Takes effect at once for `get`; resolves before storage has it (see `flush`). */
  set(file: string, snapshot: AcceptedSnapshot): Thenable<void> {
    this.memory.set(file, snapshot);
    this.sets.set(file, (this.sets.get(file) ?? 0) + 1);
    this.schedule(file);
    return Promise.resolve();
  }

  delete(file: string): Thenable<void> {
    this.memory.set(file, undefined);
    this.schedule(file);
    return Promise.resolve();
  }

  /** The snapshot of `file` in memory, if any (`get` also reads storage). */
  held(file: string): AcceptedSnapshot | undefined {
    return this.memory.get(file);
  }

  /**
   * `to` in place of `from`, when `from` is still the snapshot of `file` in
   * memory: the same state held another way (see AcceptedTexts.forget), so
   * nothing is written.
   */
  swap(file: string, from: AcceptedSnapshot, to: AcceptedSnapshot): void {
    if (this.memory.get(file) === from) this.memory.set(file, to);
  }

  /** How many times `set` replaced the snapshot of `file`. */
  timesSet(file: string): number {
    return this.sets.get(file) ?? 0;
  }

  /** Writes every pending snapshot to storage now. */
  flush(): Thenable<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirtySince = undefined;
    const writes: Thenable<void>[] = [];
    for (const file of this.dirty) {
      const snapshot = this.memory.get(file);
      const stored = snapshot === undefined || snapshot.tasks.length > MAX_PERSISTED_TASKS ? undefined : packSnapshot(snapshot);
      // Removing what is not stored is no write: each update sends every value again, and a 50 MB board's
      // snapshot (never stored) held the host for some 80 ms in VS Code's serialisation of the others.
      if (stored === undefined && this.storage.get(KEY_PREFIX + file) === undefined) continue;
      writes.push(this.storage.update(KEY_PREFIX + file, stored));
    }
    this.dirty.clear();
    return Promise.all(writes).then(() => undefined);
  }

  /** Pending snapshots are written before the instance goes (a restart reads them). */
  dispose(): void {
    void this.flush();
  }

  private schedule(file: string): void {
    this.dirty.add(file);
    const now = Date.now();
    this.dirtySince ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.persistDelayMs, this.dirtySince + this.maxPersistWaitMs - now));
    this.timer = setTimeout(() => void this.flush(), delay);
  }
}
