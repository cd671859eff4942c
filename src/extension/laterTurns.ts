// Work that follows a change of a large file, one job per turn of the event
// loop. A 50 MB board is hundreds of thousands of tasks, and every pass over
// them (the status-bar counts, the diagnostics, the tree) takes tens of
// milliseconds; run back to back after the same change they held the
// extension host for most of a second. Queued here, each pass is its own
// turn, and timers, I/O and VS Code's messages run in between.
//
// Jobs with the same key coalesce: the newest replaces a waiting one, which
// keeps its place in the queue.
export class LaterTurns {
  private readonly jobs = new Map<string, () => void>();
  private handle: ReturnType<typeof setImmediate> | undefined;

  /** Runs `job` in a later turn (after anything queued before it). */
  enqueue(key: string, job: () => void): void {
    this.jobs.set(key, job);
    this.schedule();
  }

  /** Whether a job under `key` is waiting. */
  has(key: string): boolean {
    return this.jobs.has(key);
  }

  /** Runs the job waiting under `key` now, if any (a reader that must see its effect). */
  runNow(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    this.jobs.delete(key);
    job();
  }

  dispose(): void {
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
        try {
          job();
        } catch (error) {
          // One view's failure must not stop the others' updates; the extension host log keeps it.
          console.error(`Agent Task Board: ${key} failed`, error);
        }
        this.schedule();
      }
    });
  }
}
