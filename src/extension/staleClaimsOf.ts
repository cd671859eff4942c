// Stale-claim checks shared by the Tasks tree and enforcement: both ask about
// the same file and text within one store change, and on a 350,000-task board
// each check took ~300 ms. Results are kept per file for one text, history,
// threshold and set of work-log entries, and reused for a second at most, so a
// claim that goes stale with the clock still shows at the next re-check.
import type { HistoryEntry, Problem, Task, WorkLogEntry } from '../core/model';
import { staleClaimSteps } from '../core/stale';
import type { Lifecycle } from '../core/lifecycleModel';
import { runToEnd } from '../core/steps';

/** A result older than this is computed again (claims age with the clock). */
export const STALE_REUSE_MS = 1_000;

export interface StaleQuery {
  readonly file: string;
  /** The file's tasks, parsed from `text`. */
  readonly tasks: readonly Task[];
  readonly text: string;
  readonly history: readonly HistoryEntry[];
  readonly thresholdMs: number;
  /** Every work-log entry the store knows (a new array whenever a log changes): links are part of the answer. */
  readonly entries: readonly WorkLogEntry[];
  readonly entriesFor: (task: Task) => readonly WorkLogEntry[];
  readonly textOf: (file: string) => string | undefined;
  /** The repository's lifecycle (which statuses hold a claim). */
  readonly lifecycle?: Lifecycle;
}

interface Known {
  readonly lifecycle?: Lifecycle;
  readonly text: string;
  readonly history: readonly HistoryEntry[];
  readonly thresholdMs: number;
  readonly entries: readonly WorkLogEntry[];
  readonly at: number;
  readonly problems: Problem[];
}

const known = new Map<string, Known>();

/** `staleClaims` of one file's text, computed once for the tree and enforcement. */
export function staleClaimsOf(query: StaleQuery, now: number = Date.now()): Problem[] {
  return runToEnd(staleClaimsOfSteps(query, now));
}

/** `staleClaimsOf` as steps (see staleClaimSteps); the result is kept as `staleClaimsOf` keeps it. */
export function* staleClaimsOfSteps(query: StaleQuery, now: number = Date.now()): Generator<void, Problem[], void> {
  const last = known.get(query.file);
  if (
    last &&
    last.history === query.history &&
    last.thresholdMs === query.thresholdMs &&
    last.entries === query.entries &&
    last.lifecycle === query.lifecycle &&
    now >= last.at &&
    now - last.at < STALE_REUSE_MS &&
    // Last: a new text has a new history (its own parse), and comparing two texts of one length reads both whole,
    // which copies a large one still in pieces (see decodeInTurns.ts).
    last.text === query.text
  ) {
    return last.problems;
  }
  const problems = yield* staleClaimSteps(query.tasks, {
    now: new Date(now),
    thresholdMs: query.thresholdMs,
    history: query.history,
    entriesFor: query.entriesFor,
    textOf: query.textOf,
    lifecycle: query.lifecycle,
  });
  known.set(query.file, { lifecycle: query.lifecycle, text: query.text, history: query.history, thresholdMs: query.thresholdMs, entries: query.entries, at: now, problems });
  return problems;
}

/** Drops what is known about `file` (or every file). */
export function forgetStaleClaims(file?: string): void {
  if (file === undefined) known.clear();
  else known.delete(file);
}
