// Internal measurement commands (`_agentTaskBoard.*`, hidden from the palette)
// for the integration tests and `npm run bench`, which run inside the real
// extension host and need what only that process knows: what the store holds
// right now, when it last told the views about a change, how much heap the
// host uses, and how long its event loop was blocked. They only read. This
// file is the entry of its own bundle, dist/testHooks.js, registered only
// under test (testHooks.ts): the inspector and `--expose-gc` never load in a
// user's VS Code.
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { FileKind, Status } from '../core/model';
import type { TaskStore } from './taskStore';
import { preciseNow } from './testHooks';

export const STORE_STATE_COMMAND = '_agentTaskBoard.storeState';
export const STORE_CHANGED_COMMAND = '_agentTaskBoard.storeChanged';
export const MEMORY_COMMAND = '_agentTaskBoard.memory';
export const EVENT_LOOP_START_COMMAND = '_agentTaskBoard.eventLoop.start';
export const EVENT_LOOP_STOP_COMMAND = '_agentTaskBoard.eventLoop.stop';
export const PROFILE_START_COMMAND = '_agentTaskBoard.profile.start';
export const PROFILE_STOP_COMMAND = '_agentTaskBoard.profile.stop';

export interface StoreStateTask {
  readonly file: string;
  readonly id: string;
  readonly status: Status | undefined;
  readonly agent: string | undefined;
}

export interface StoreState {
  readonly files: readonly { readonly file: string; readonly kind: FileKind; readonly length: number }[];
  readonly unreadable: readonly { readonly file: string; readonly message: string }[];
  readonly taskCount: number;
  /** The tasks themselves, only when asked for (`{ tasks: true }`): ten thousand of them are a large reply. */
  readonly tasks?: readonly StoreStateTask[];
  readonly entryCount: number;
  /** How many times the store fired onDidChange since activation. */
  readonly changeCount: number;
  /** `Date.now()` when the store last fired onDidChange, and the files it named. */
  readonly lastChange: { readonly at: number; readonly files: readonly string[] } | undefined;
  /** Files whose off-thread parse is under way, with the tasks taken so far: a test waits on this, not a clock. */
  readonly parsing: readonly { readonly file: string; readonly tasks: number }[];
  /** Scans of the whole workspace, numbered as they start (see TaskStore.scans): a test that changes the file settings waits for one started after. */
  readonly scans: { readonly started: number; readonly done: number };
  /** Reads from disk of files over 1 MB (or not local), and how many were decoded (TaskStore.largeReads). */
  readonly largeReads: { readonly read: number; readonly decoded: number };
  /** Jobs in the store's queue of later turns (views' passes, enforcement's steps): 0 once the host has caught up. */
  readonly queued: number;
}

export interface MemoryReport {
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly rss: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** Whether a full GC ran before the reading (else the caller should take medians). */
  readonly collected: boolean;
}

export interface EventLoopReport {
  /** Longest single block of the event loop while monitoring, in ms (to within 1-2 ms: the monitor's resolution is 1 ms). */
  readonly maxMs: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly durationMs: number;
}

/** One function's share of a CPU profile: where it is, and the ms spent in it (self) and under it (total). */
export interface ProfileHotspot {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
}

export interface ProfileReport {
  readonly durationMs: number;
  readonly hotspots: readonly ProfileHotspot[];
  /** Where the whole profile (.cpuprofile, for Chrome DevTools) was written, when a path was given. */
  readonly savedTo?: string;
}

export function registerDiagnosticsCommands(store: TaskStore): vscode.Disposable {
  let profiler: Session | undefined;
  let changeCount = 0;
  let lastChange: StoreState['lastChange'];
  /** Callers of STORE_CHANGED_COMMAND waiting for the next change. */
  const waiting = new Set<() => void>();
  let histogram: IntervalHistogram | undefined;
  let monitorStarted = 0;

  return vscode.Disposable.from(
    store.onDidChange(({ files }) => {
      changeCount++;
      lastChange = { at: preciseNow(), files };
      for (const wake of [...waiting]) wake();
    }),
    { dispose: () => [...waiting].forEach((wake) => wake()) },
    // The store's change count once it is past `after`, or as it is after `timeoutMs`. A caller waiting for the
    // store to take a file waits on this between two looks at STORE_STATE_COMMAND: each command run sends
    // VS Code's window an activation event and a telemetry event, and polled every 20 ms through a 50 MB board's
    // load, those messages were most of what the host wrote to its socket then, each write a wake-up of the
    // server's process competing with the host for a CPU.
    vscode.commands.registerCommand(STORE_CHANGED_COMMAND, (after = changeCount, timeoutMs = 500): Promise<number> | number => {
      if (changeCount > after) return changeCount;
      return new Promise<number>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          waiting.delete(wake);
          resolve(changeCount);
        };
        const timer = setTimeout(wake, Math.max(10, timeoutMs));
        waiting.add(wake);
      });
    }),
    vscode.commands.registerCommand(STORE_STATE_COMMAND, async (options?: { tasks?: boolean }): Promise<StoreState> => {
      await store.ready;
      // Counted by file: one list of a 50 MB board's tasks is a copy of them all, in the turn of this poll.
      const taskCount = store.taskLists().reduce((sum, list) => sum + list.length, 0);
      return {
        files: store.files().map(({ file, kind }) => ({ file, kind, length: store.text(file)?.length ?? 0 })),
        unreadable: store.unreadableFiles(),
        taskCount,
        ...(options?.tasks
          ? { tasks: store.tasks().map((t) => ({ file: t.file, id: t.id, status: t.status, agent: t.kind === 'board' ? t.assignedAgent : t.agent })) }
          : {}),
        entryCount: store.entries().length,
        changeCount,
        lastChange,
        parsing: store.parsing(),
        scans: store.scans,
        largeReads: store.largeReads,
        queued: store.later.size,
      };
    }),
    vscode.commands.registerCommand(MEMORY_COMMAND, (): MemoryReport => {
      const gc = fullGc();
      if (gc) {
        gc();
        gc();
      }
      const m = process.memoryUsage();
      return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, collected: gc !== undefined };
    }),
    vscode.commands.registerCommand(EVENT_LOOP_START_COMMAND, () => {
      histogram?.disable();
      // Each sample is the whole interval between two of the monitor's timer turns, so the longest one is the
      // longest block plus up to one resolution. At 10 ms that added 0-10 ms at random to every block: a 5-12 ms
      // block read as 12-18 ms. The shorter a machine's blocks, the more of each reading was that padding, and
      // a ratio of two blocks came out nearer 1 than it was. At 1 ms a block reads within 1-2 ms of its length
      // (libuv's timers run on a millisecond clock).
      histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      monitorStarted = Date.now();
    }),
    vscode.commands.registerCommand(EVENT_LOOP_STOP_COMMAND, (): EventLoopReport | undefined => {
      if (!histogram) return undefined;
      histogram.disable();
      const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
      const report = { maxMs: ms(histogram.max), p99Ms: ms(histogram.percentile(99)), meanMs: ms(histogram.mean), durationMs: Date.now() - monitorStarted };
      histogram = undefined;
      return report;
    }),
    vscode.commands.registerCommand(PROFILE_START_COMMAND, async () => {
      profiler?.disconnect();
      const session = new Session();
      session.connect();
      profiler = session;
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(session, 'Profiler.start');
    }),
    vscode.commands.registerCommand(PROFILE_STOP_COMMAND, async (savePath?: string): Promise<ProfileReport | undefined> => {
      const session = profiler;
      if (!session) return undefined;
      profiler = undefined;
      const { profile } = (await post(session, 'Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      if (savePath) await vscode.workspace.fs.writeFile(vscode.Uri.file(savePath), new TextEncoder().encode(JSON.stringify(profile)));
      return { ...summarize(profile), ...(savePath ? { savedTo: savePath } : {}) };
    }),
    { dispose: () => (histogram?.disable(), profiler?.disconnect()) },
  );
}

let gcFunction: (() => void) | null | undefined;

/** `global.gc` when the host exposes it; else V8's, reached the way Node's own tests do; null when neither works. */
function fullGc(): (() => void) | undefined {
  if (gcFunction === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') gcFunction = exposed;
    else {
      try {
        setFlagsFromString('--expose-gc');
        gcFunction = runInNewContext('gc') as () => void;
      } catch {
        gcFunction = null;
      }
    }
  }
  return gcFunction ?? undefined;
}

interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

function post(session: Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
}

/** Self time per function (by name and place), the top 40. */
function summarize(profile: CpuProfile): { durationMs: number; hotspots: ProfileHotspot[] } {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i]);
    if (!frame) continue;
    const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
    const key = `${frame.functionName || '(anonymous)'}\t${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const hotspots = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([key, ms]) => {
      const [name, where] = key.split('\t');
      return { name, where, selfMs: Math.round(ms * 10) / 10 };
    });
  return { durationMs: Math.round((profile.endTime - profile.startTime) / 1000), hotspots };
}
