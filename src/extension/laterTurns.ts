// Work that follows a change, one job per turn of the event loop (the
// status bar for every change, diagnostics for large files). A 50 MB board is hundreds of thousands of tasks, and every pass over
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
  private disposed = false;

  /** Runs `job` in a later turn (after anything queued before it); never after dispose. */
  enqueue(key: string, job: () => void): void {
    if (this.disposed) return;
    this.jobs.set(key, job);
    this.schedule();
  }

  dispose(): void {
    this.disposed = true;
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
