// Sets of text edits that must not overlap: what fix-all takes in one pass, and what a revert of illegal moves puts
// back.
import type { TextEdit } from './model';

/** Two edits overlap when their ranges share a character, or both insert at one point. */
function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Whether one edit inserts at an end of the range the other replaces: applied together, which text comes first is a
 * guess. Two renumbered ids of one aligned table each widen its column in every row, the other's row too: both in
 * one pass, that row was widened twice.
 */
function touches(a: TextEdit, b: TextEdit): boolean {
  const atEnd = (insert: TextEdit, range: TextEdit): boolean => insert.start === insert.end && range.start < range.end && (insert.start === range.start || insert.start === range.end);
  return atEnd(a, b) || atEnd(b, a);
}

/** Whether two of `edits` (one fix's) overlap each other: such a fix cannot be applied, and is not taken. */
function hasSelfOverlap(edits: readonly TextEdit[]): boolean {
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (editsOverlap(edits[i]!, edits[j]!)) return true;
  return false;
}

/**
 * Edits taken so far, by start (then end), so that each new one is compared with its neighbours only: compared with
 * all of them, a board with a fix on each of 200,000 tasks took some 2 x 10^10 comparisons (fix-all), and reverting a
 * rewrite of every task of a board was quadratic as well. Taken edits do not overlap, so in this order their ends
 * rise too.
 */
export class TakenEdits {
  private readonly sorted: TextEdit[] = [];

  /** The taken edits that can overlap, touch or equal `e`: those that end at or after its start and start at or before its end. */
  near(e: TextEdit): TextEdit[] {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]!.end < e.start) lo = mid + 1;
      else hi = mid;
    }
    const found: TextEdit[] = [];
    for (let i = lo; i < s.length && s[i]!.start <= e.end; i++) found.push(s[i]!);
    return found;
  }

  /**
   * Takes one fix's `edits`, those not taken yet, unless two of them overlap, or one overlaps a taken edit, or (with
   * `apart`) one of them and a taken edit is an insertion at an end of the other's range (see touches). The edits it
   * took, `[]` when all were taken already; undefined when it refused them.
   */
  take(edits: readonly TextEdit[], apart = false): TextEdit[] | undefined {
    const fresh = edits.filter((e) => !this.has(e));
    if (hasSelfOverlap(fresh) || fresh.some((e) => this.near(e).some((t) => editsOverlap(t, e) || (apart && touches(t, e))))) return undefined;
    for (const e of fresh) this.add(e);
    return fresh;
  }

  /** Whether `e` itself (the same range and text) is taken. */
  has(e: TextEdit): boolean {
    return this.near(e).some((t) => t.start === e.start && t.end === e.end && t.newText === e.newText);
  }

  /** The taken edits, by start then end. */
  inOrder(): TextEdit[] {
    return this.sorted.slice();
  }

  add(e: TextEdit): void {
    const s = this.sorted;
    const before = (t: TextEdit): boolean => t.start < e.start || (t.start === e.start && t.end <= e.end);
    // Fixes come in the order of their problems, mostly the text's: most go at the end.
    if (s.length === 0 || before(s[s.length - 1]!)) {
      s.push(e);
      return;
    }
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(s[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    s.splice(lo, 0, e);
  }
}
