// Passes over every task written as generators that yield every few thousand
// tasks: the extension runs them a slice per turn of its event loop (see
// src/extension/laterTurns.ts), everything else runs them to their end here.

/** Runs a pass written in steps to its end, and gives its result. */
export function runToEnd<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
