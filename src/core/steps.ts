// Passes over every task written as generators that yield every
// TASKS_PER_STEP tasks: the extension runs them a few milliseconds per turn of
// its event loop (see src/extension/laterTurns.ts), everything else runs them
// to their end here.

/**
 * Tasks a pass reads between two of its yields. The runner checks its clock
 * only at a yield, so a step is the least a turn can cost: in the extension
 * host a task's check took 2-3 µs (a step of 16,384 tasks held a turn for
 * some 50 ms), while a yield costs about what one task does.
 */
export const TASKS_PER_STEP = 1024;

/** Calls `visit` on every item of `lists`, one list after another, yielding every TASKS_PER_STEP items. */
export function* eachInSteps<T>(lists: readonly (readonly T[])[], visit: (item: T) => void): Generator<void, void, void> {
  let sinceYield = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      if (++sinceYield === TASKS_PER_STEP) {
        sinceYield = 0;
        yield;
      }
      visit(list[i]!);
    }
  }
}

/** Runs a pass written in steps to its end, and gives its result. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Runs a pass's steps until it ends or the clock (`performance.now()`) passes
 * `deadline`, at least one step: what one turn of the extension's event loop
 * gives a pass. `done` with the result when the pass ended.
 */
export function stepUntil<T>(steps: Iterator<unknown, T>, deadline: number): { done: true; value: T } | { done: false } {
  do {
    const step = steps.next();
    if (step.done) return { done: true, value: step.value };
  } while (performance.now() < deadline);
  return { done: false };
}
