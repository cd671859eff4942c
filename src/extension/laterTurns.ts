// Work that follows a change, in later turns of the event loop (the status bar
// for every change; diagnostics, dependency checks and the Tasks tree for
// large files). A 50 MB board is hundreds of thousands of tasks, and every
// pass over them (the status-bar counts, the diagnostics, the tree) takes tens
// of milliseconds; run back to back after the same change they held the
// extension host for most of a second. Queued here, each pass is its own
// turn, and timers, I/O and VS Code's messages run in between.
//
// A pass too long for one turn is written as a generator that yields every
// so many tasks: it runs for SLICE_MS, then gives the turn back and goes on in
// a later one, so what one turn costs does not grow with the board.
//
// Jobs with the same key coalesce: the newest replaces a waiting one, which
// keeps its place in the queue; it also replaces a sliced job under way
// (whose work is moot once a newer change came).
//
// Every pass the extension runs in turns goes through the store's one queue,
// a job per turn: two schedulers of their own, each with its SLICE_MS, ran in
// the same turn one after the other (Node runs the immediates queued before a
// turn together), and held the host twice as long.

import { stepUntil } from '../core/steps';

/**
 * What one turn spends on a sliced job before it gives the turn back. A
 * collection can fall in any turn, and on a 50 MB board a young-generation
 * one takes 6-12 ms: the longest turns of such a board's load were a slice
 * and a collection together. At 8 ms they were 15-21 ms; at 4 the turns are
 * about 4 ms shorter, and the passes as a whole take a few more turns.
 */
export const SLICE_MS = 4;

/** Who waits for a job's end (see `runSteps`). */
interface Waiter {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A job waiting: one call, or a sliced pass not started (`start`) or under way (`steps`); with whoever waits for it. */
type Job = ({ readonly run: () => unknown } | { readonly start: () => Iterator<unknown> } | { readonly steps: Iterator<unknown> }) & {
  readonly waiter?: Waiter;
};

export class LaterTurns {
  /** `onFailure` hears of a job that threw; the others go on. */
  constructor(private readonly onFailure: (key: string, error: unknown) => void = toConsole) {}

  private readonly jobs = new Map<string, Job>();
  private handle: ReturnType<typeof setImmediate> | undefined;
  private disposed = false;

  /** Runs `job` in a later turn (after anything queued before it); never after dispose. */
  enqueue(key: string, job: () => unknown): void {
    this.put(key, { run: job });
  }

  /** Runs the pass `start` returns, SLICE_MS per turn, from a later turn on (after anything queued before it). */
  enqueueSteps(key: string, start: () => Iterator<unknown>): void {
    this.put(key, { start });
  }

  /**
   * `enqueueSteps` for a caller that waits for the pass: settles with its
   * result; with undefined when a newer job under `key` replaced it, it was
   * cancelled or the queue disposed; rejects with what it threw.
   */
  runSteps<T>(key: string, start: () => Iterator<unknown, T>): Promise<T | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise<unknown>((resolve, reject) => this.put(key, { start, waiter: { resolve, reject } })) as Promise<T | undefined>;
  }

  /** How many jobs wait or are under way. */
  get size(): number {
    return this.jobs.size;
  }

  /** Whether a job under `key` waits or is under way. */
  has(key: string): boolean {
    return this.jobs.has(key);
  }

  /** Runs the job under `key` to its end now, if one waits or is under way (before a read that must see it). */
  finish(key: string): void {
    const job = this.jobs.get(key);
    if (job === undefined) return;
    this.jobs.delete(key);
    const steps = this.start(key, job);
    if (steps) this.step(key, job, steps, Infinity);
  }

  /** Forgets the job under `key`, waiting or under way. */
  cancel(key: string): void {
    this.jobs.get(key)?.waiter?.resolve(undefined);
    this.jobs.delete(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.jobs.values()) job.waiter?.resolve(undefined);
    this.jobs.clear();
    if (this.handle) clearImmediate(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    if (this.handle || this.jobs.size === 0) return;
    // setImmediate: one queued during a turn's check phase runs in the next turn, after its timers and I/O.
    this.handle = setImmediate(() => {
      this.handle = undefined;
      const next = this.jobs.entries().next();
      if (!next.done) {
        const [key, job] = next.value;
        this.jobs.delete(key);
        const steps = this.start(key, job);
        if (steps && !this.step(key, job, steps, performance.now() + SLICE_MS)) {
          // Not done: it goes on in a later turn, behind what was queued meanwhile, unless a newer job took its key.
          if (!this.jobs.has(key) && !this.disposed) this.jobs.set(key, { steps, waiter: job.waiter });
          else job.waiter?.resolve(undefined);
        }
        this.schedule();
      }
    });
  }

  private put(key: string, job: Job): void {
    if (this.disposed) return;
    // The job it replaces will not run: whoever waits for it hears so.
    this.jobs.get(key)?.waiter?.resolve(undefined);
    this.jobs.set(key, job);
    this.schedule();
  }

  /** Runs a one-call job, or starts a sliced one: its steps are returned, to be run. */
  private start(key: string, job: Job): Iterator<unknown> | undefined {
    if ('steps' in job) return job.steps;
    try {
      if ('start' in job) return job.start();
      job.run();
      return undefined;
    } catch (error) {
      this.failed(key, job, error);
      return undefined;
    }
  }

  /** Runs `job`'s steps until `deadline`; whether the pass ended (or failed). */
  private step(key: string, job: Job, steps: Iterator<unknown>, deadline: number): boolean {
    try {
      const ran = stepUntil(steps, deadline);
      if (ran.done) job.waiter?.resolve(ran.value);
      return ran.done;
    } catch (error) {
      this.failed(key, job, error);
      return true;
    }
  }

  private failed(key: string, job: Job, error: unknown): void {
    if (job.waiter) return job.waiter.reject(error);
    // One view's failure must not stop the others' updates.
    this.onFailure(key, error);
  }
}

function toConsole(key: string, error: unknown): void {
  console.error(`Agent Task Board: ${key} failed`, error);
}
