// The extension host's side of the parse worker (parseWorker.ts): hands a large
// text to the worker and puts its answer back together, one task slice per
// turn of the event loop (the next slice is asked for only after this one is
// taken and the loop has run), so no single step holds the host for long. When the
// worker cannot run (no bundle next to this one, a crash), the text is parsed
// here instead: slower to the eye, never wrong.
//
// A worker idle for WORKER_IDLE_MS is let go, and the next large text starts
// another (some 60 ms, on its own thread). An idle worker runs no collection:
// after a 50 MB board's parse it held some 345 MB of the host's memory for as
// long as the window was open.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileKind, ParsedFile, Problem, Task } from '../core/model';
import { joinParsed, TaskReviver } from '../core/parsedTransfer';
import { lintFile } from '../core/lintFile';
import { parseFile } from '../core/parseFile';
import { lineStartsOf } from '../core/text';
import type { Lifecycle } from '../core/lifecycleModel';
import type { ParseReply, ParseRequest } from './parseWorker';

/** How long the worker waits for another job before it is let go (see above). */
export const WORKER_IDLE_MS = 30_000;

/** Characters of a text per message to the worker: a copy of a few milliseconds. */
export const PIECE_CHARS = 1024 * 1024;

export interface OffThreadResult {
  readonly parsed: ParsedFile;
  readonly lint: readonly Problem[];
  /** Where each line of the text starts (lineStartsOf). */
  readonly lines: ArrayLike<number>;
  /**
   * Where the tasks that name dependencies are among `parsed`'s tasks, when
   * the worker found them: the host then does not walk a large board's tasks
   * for them (TaskIndex.setParsed).
   */
  readonly dependents?: ArrayLike<number>;
}

interface Pending {
  /**
   * The tasks taken so far: an array made at the first slice, as long as the
   * worker says the job is. Grown by `push` instead, a 50 MB board's array of
   * 344,000 tasks was copied whole, in one turn, each time it filled.
   */
  tasks: Task[] | undefined;
  taken: number;
  readonly reviver: TaskReviver;
  readonly wanted: () => boolean;
  readonly resolve: (result: OffThreadResult | undefined) => void;
  readonly reject: (error: Error) => void;
}

/** What `OffThreadParser.parse` may be told beside the text. */
export interface ParseOptions {
  /** The editor's version of the text, when it has one (the parse keeps it as a cache key). */
  readonly version?: number;
  /** Asked between slices: whether the job is still wanted (see `parse`). Always, when left out. */
  readonly wanted?: () => boolean;
  /** The repository's lifecycle, when it is not the default. */
  readonly lifecycle?: Lifecycle;
  /**
   * The text in pieces of about PIECE_CHARS, when it was made of them (a
   * rope: a slice of it would copy it whole first); they are sent as they are.
   */
  readonly pieces?: readonly string[];
}

export class OffThreadParser {
  private worker: Worker | undefined;
  private broken = false;
  private disposed = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The newest job of each file: a new text of a file makes the job before it moot. */
  private readonly latest = new Map<string, number>();
  /** Lets the idle worker go, once no job has been under way for `idleMs`. */
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private started = 0;

  constructor(
    private readonly workerFile = path.join(__dirname, 'parseWorker.js'),
    private readonly idleMs = WORKER_IDLE_MS,
  ) {}

  /**
   * Parses and lints `text`. `wanted` is asked between slices: once it says
   * no (a newer text of the file came), the job is dropped and the promise
   * settles with undefined; so does the job before it for the same file, and
   * every job left when the parser is disposed. When the worker fails, a job
   * still wanted is parsed here instead.
   */
  parse(file: string, kind: FileKind, text: string, options: ParseOptions = {}): Promise<OffThreadResult | undefined> {
    const { version, wanted = () => true, lifecycle, pieces } = options;
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(parseHere(file, kind, text, version, lifecycle));
    const id = this.nextId++;
    const before = this.latest.get(file);
    if (before !== undefined) this.drop(before);
    this.latest.set(file, id);
    return new Promise<OffThreadResult | undefined>((resolve, reject) => {
      this.pending.set(id, { tasks: undefined, taken: 0, reviver: new TaskReviver(), wanted, resolve, reject });
      // Copying a 50 MB text into the worker's message held the host for some 40 ms: a large text goes a piece
      // per turn. A lifecycle is plain data (its aliases a Map): structured clone carries it to the worker.
      const parts = pieces && pieces.length > 1 ? pieces : undefined;
      const count = parts ? parts.length : Math.ceil(text.length / PIECE_CHARS);
      const piece = (i: number): string => (parts ? parts[i]! : text.slice(i * PIECE_CHARS, (i + 1) * PIECE_CHARS));
      if (count <= 1) return worker.postMessage({ type: 'parse', id, file, kind, text, version, lifecycle } satisfies ParseRequest);
      worker.postMessage({ type: 'parse', id, file, kind, text: piece(0), version, lifecycle, pieces: count - 1 } satisfies ParseRequest);
      const send = (i: number): void => {
        // A dropped job (a newer text came) is sent no more of its text.
        if (!this.pending.has(id) || this.worker !== worker) return;
        worker.postMessage({ type: 'piece', id, text: piece(i) } satisfies ParseRequest);
        if (i + 1 < count) setImmediate(send, i + 1);
      };
      setImmediate(send, 1);
    })
      .catch(() => (!this.disposed && wanted() ? parseHere(file, kind, text, version, lifecycle) : undefined))
      .finally(() => {
        if (this.latest.get(file) === id) this.latest.delete(file);
        if (this.pending.size === 0) this.retireWhenIdle();
      });
  }

  /**
   * The jobs under way, the newest of each file, with how many tasks the host
   * has taken so far (0 while the worker still parses): what a caller waiting
   * for a large file can watch instead of a clock.
   */
  inFlight(): { readonly file: string; readonly tasks: number }[] {
    const jobs: { file: string; tasks: number }[] = [];
    for (const [file, id] of this.latest) {
      const job = this.pending.get(id);
      if (job) jobs.push({ file, tasks: job.taken });
    }
    return jobs;
  }

  /** How many workers this parser has started. */
  get workersStarted(): number {
    return this.started;
  }

  dispose(): void {
    this.disposed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    void this.worker?.terminate();
    this.worker = undefined;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.resolve(undefined);
  }

  private ensureWorker(): Worker | undefined {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.worker || this.broken) return this.worker;
    try {
      const worker = new Worker(this.workerFile);
      worker.unref();
      worker.on('message', (reply: ParseReply) => this.onReply(reply));
      // A reply that cannot be deserialized belongs to no job we can name: as if the worker failed.
      worker.on('messageerror', (error) => this.onWorkerGone(worker, error));
      worker.on('error', (error) => this.onWorkerGone(worker, error));
      worker.on('exit', () => this.onWorkerGone(worker, new Error('the parse worker exited')));
      this.worker = worker;
      this.started++;
    } catch {
      this.broken = true;
    }
    return this.worker;
  }

  /** Lets the worker go once it has had no job for `idleMs` (a job asked for meanwhile keeps it). */
  private retireWhenIdle(): void {
    if (this.disposed) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      // Every job starts in ensureWorker, which clears this timer: none is under way.
      const worker = this.worker;
      if (!worker) return;
      // Forgotten first: its exit is then no failure (onWorkerGone).
      this.worker = undefined;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private onReply(reply: ParseReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    switch (reply.type) {
      case 'tasks':
        if (!job.wanted()) return this.drop(reply.id);
        try {
          // Filled in order from the start: at the end, a hole is a task the worker announced and did not send.
          const tasks = (job.tasks ??= new Array<Task>(reply.total));
          for (const t of job.reviver.revive(reply.slice)) tasks[job.taken++] = t;
        } catch (error) {
          this.pending.delete(reply.id);
          this.worker?.postMessage({ type: 'drop', id: reply.id } satisfies ParseRequest);
          job.reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        // Asked for after this turn; the slice comes back as a message, so the loop runs timers and I/O in between.
        setImmediate(() => this.worker?.postMessage({ type: 'next', id: reply.id } satisfies ParseRequest));
        return;
      case 'done': {
        this.pending.delete(reply.id);
        const tasks = job.tasks ?? [];
        // Never a parse with holes in it: the job fails, and is parsed here instead.
        if (job.taken !== tasks.length) return job.reject(new Error('the parse worker sent fewer tasks than it announced'));
        job.resolve({ parsed: joinParsed(reply.rest as ParsedFile, tasks), lint: reply.lint as Problem[], lines: reply.lines, dependents: reply.dependents });
        return;
      }
      case 'failed':
        this.pending.delete(reply.id);
        job.reject(new Error(reply.message));
    }
  }

  /** Forgets job `id` on both sides; its promise settles with undefined. */
  private drop(id: number): void {
    const job = this.pending.get(id);
    if (!job) return;
    this.pending.delete(id);
    this.worker?.postMessage({ type: 'drop', id } satisfies ParseRequest);
    job.resolve(undefined);
  }

  private onWorkerGone(worker: Worker, error: Error): void {
    // A worker let go while idle, or one already given up on, fails nothing.
    if (this.worker !== worker) return;
    this.worker = undefined;
    // A worker that dies once (a missing bundle, a crash) is not started again: parse here from now on.
    this.broken = true;
    this.failAll(error);
  }

  private failAll(error: Error): void {
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.reject(error);
  }
}

function parseHere(file: string, kind: FileKind, text: string, version?: number, lifecycle?: Lifecycle): OffThreadResult {
  const parsed = parseFile(kind, lifecycle ? { file, text, version, lifecycle } : { file, text, version });
  return { parsed, lint: lintFile(parsed, text, undefined, lifecycle), lines: lineStartsOf(text) };
}
