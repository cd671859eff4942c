// Loops where a spread would pass every element as an argument: `push(...items)` and `Math.max(...values)` put each
// one on the call stack, and some 120,000 overflow it (a board of 200,000 items, a log of 200,000 entries).

/** Appends `items` to `into`. */
export function pushAll<T>(into: T[], items: readonly T[]): void {
  for (const item of items) into.push(item);
}

/** The least of `values`; Infinity when there is none, as `Math.min()` gives. */
export function leastOf(values: Iterable<number>): number {
  let least = Infinity;
  for (const v of values) if (v < least) least = v;
  return least;
}

/** The greatest of `values`; -Infinity when there is none, as `Math.max()` gives. */
export function greatestOf(values: Iterable<number>): number {
  let greatest = -Infinity;
  for (const v of values) if (v > greatest) greatest = v;
  return greatest;
}
