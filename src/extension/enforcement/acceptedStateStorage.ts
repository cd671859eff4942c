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
// board is accepted as found. In the extension, such a write packs its
// snapshots a few milliseconds per turn and hands them all to VS Code in a turn
// of their own (VS Code then sends its values once): packed and handed over in
// one turn, a 7,000-task board's snapshot held the host for 8-19 ms after every
// burst of changes.
import type * as vscode from 'vscode';
import type { LaterTurns } from '../laterTurns';
import { packSnapshot, packSteps, unpackSnapshot, type AcceptedSnapshot, type PackedSnapshot } from '../../core/acceptedState';

const KEY_PREFIX = 'agentTaskBoard.accepted:';
/** Writes to storage wait until no snapshot has changed for this long... */
const PERSIST_DELAY_MS = 1000;
/** ...or until the oldest change not yet written is this old. */
const MAX_PERSIST_WAIT_MS = 15_000;
/** Bigger snapshots are not written to workspace storage (see above). */
export const MAX_PERSISTED_TASKS = 50_000;

/** Runs work in later turns of the event loop: the store's queue. */
export type Turns = Pick<LaterTurns, 'runSteps' | 'enqueue'>;

export interface AcceptedStatesOptions {
  readonly persistDelayMs?: number;
  readonly maxPersistWaitMs?: number;
  /** Where a timed write packs its snapshots and writes them, a turn at a time; without it, all in one turn. */
  readonly turns?: Turns;
}

export class AcceptedStates implements vscode.Disposable {
  private readonly memory = new Map<string, AcceptedSnapshot | undefined>();
  private readonly dirty = new Set<string>();
  /**
   * The files a timed write is packing in turns: still to be written, by that write unless a newer change came (then
   * by the write that change schedules, which takes these too), else by `flush`.
   */
  private readonly writing = new Set<string>();
  /** How many times each file's snapshot was set or deleted: a write in turns writes only the newest. */
  private readonly changes = new Map<string, number>();
  /** How many times each file's snapshot was replaced (tests read it through a hook). */
  private readonly sets = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the oldest change not yet written came (Date.now()), while one waits. */
  private dirtySince: number | undefined;
  private disposed = false;
  private readonly persistDelayMs: number;
  private readonly maxPersistWaitMs: number;
  private readonly turns: Turns | undefined;

  constructor(
    private readonly storage: vscode.Memento,
    options: AcceptedStatesOptions = {},
  ) {
    this.persistDelayMs = options.persistDelayMs ?? PERSIST_DELAY_MS;
    this.maxPersistWaitMs = options.maxPersistWaitMs ?? MAX_PERSIST_WAIT_MS;
    this.turns = options.turns;
  }

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

  /** Writes every pending snapshot to storage now, in this turn (those a timed write is packing too). */
  flush(): Thenable<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dirtySince = undefined;
    const writes: Thenable<void>[] = [];
    for (const file of this.unwritten()) {
      const snapshot = this.stored(file);
      const write = this.write(file, snapshot && packSnapshot(snapshot));
      if (write) writes.push(write);
    }
    this.dirty.clear();
    this.writing.clear();
    return Promise.all(writes).then(() => undefined);
  }

  /** Pending snapshots are written before the instance goes (a restart reads them). */
  dispose(): void {
    this.disposed = true;
    void this.flush();
  }

  /** The files whose snapshots storage does not have yet: changed since the last write, or still being packed. */
  private unwritten(): Set<string> {
    return new Set([...this.dirty, ...this.writing]);
  }

  /** The snapshot of `file` that storage is to keep: none when it has none, or one too big to store. */
  private stored(file: string): AcceptedSnapshot | undefined {
    const snapshot = this.memory.get(file);
    return snapshot === undefined || snapshot.tasks.length > MAX_PERSISTED_TASKS ? undefined : snapshot;
  }

  /** What storage is to keep of `file`; no write when that is nothing and it keeps nothing already. */
  private write(file: string, stored: PackedSnapshot | undefined): Thenable<void> | undefined {
    // Removing what is not stored is no write: each update sends every value again, and a 50 MB board's
    // snapshot (never stored) held the host for some 80 ms in VS Code's serialisation of the others.
    if (stored === undefined && this.storage.get(KEY_PREFIX + file) === undefined) return undefined;
    return this.storage.update(KEY_PREFIX + file, stored);
  }

  /**
   * The timer's write: `flush`, or with turns the batch's snapshots packed in steps and handed to storage together
   * in a turn of their own. The batch takes the files an earlier one is still packing: its pass replaces that one's.
   */
  private persist(): void {
    const turns = this.turns;
    if (!turns) return void this.flush();
    this.timer = undefined;
    this.dirtySince = undefined;
    const batch: { readonly file: string; readonly change: number; readonly snapshot: AcceptedSnapshot }[] = [];
    for (const file of this.unwritten()) {
      const snapshot = this.stored(file);
      if (snapshot) {
        this.writing.add(file);
        batch.push({ file, change: this.changes.get(file) ?? 0, snapshot });
      } else {
        this.writing.delete(file);
        void this.write(file, undefined);
      }
    }
    this.dirty.clear();
    if (batch.length === 0) return;
    const packing = function* () {
      const packed: PackedSnapshot[] = [];
      for (const { snapshot } of batch) packed.push(yield* packSteps(snapshot));
      return packed;
    };
    // A pass that throws leaves its files in `writing`: the next batch, or `flush`, writes them.
    void turns.runSteps('accepted states packed', packing).then(
      (packed) => {
        if (!packed) return;
        turns.enqueue('accepted states written', () => {
          batch.forEach(({ file, change }, i) => {
            // Written by `flush` meanwhile, or a newer change came, which its own batch will write.
            if (!this.writing.has(file) || this.changes.get(file) !== change) return;
            this.writing.delete(file);
            void this.write(file, packed[i]);
          });
        });
      },
      () => undefined,
    );
  }

  private schedule(file: string): void {
    this.changes.set(file, (this.changes.get(file) ?? 0) + 1);
    // After dispose a snapshot is kept in memory only: the storage is gone with the window.
    if (this.disposed) return;
    this.dirty.add(file);
    const now = Date.now();
    this.dirtySince ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.persistDelayMs, this.dirtySince + this.maxPersistWaitMs - now));
    this.timer = setTimeout(() => this.persist(), delay);
  }
}
