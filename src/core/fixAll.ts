// "Fix all": apply the preferred fix of every fixable problem of one file.
// Fixes are planned against one text; two fixes may touch the same characters
// (a status that is both unknown and illegal) or one fix may change what
// another problem is about, so a pass applies only fixes whose edits do not
// overlap, then the text is linted again, until nothing fixable is left or a
// small cap is reached (a rule whose fix does not fix it must not loop).
// Fix-all repairs text; it makes no lifecycle decisions: problems whose fix
// would move a status or an agent (DECISION_CODES) are fixed only one at a
// time, or when their code is asked for by name.
import { DECISION_CODES } from './acceptedState';
import { TakenEdits } from './takenEdits';
import type { Fix, Problem, ProblemCode, TextEdit } from './model';
import { applyEdits } from './text';
import { pushAll } from './arrays';

export interface FixAllOptions {
  /** At most this many lint → fix rounds. */
  readonly maxPasses?: number;
  /** Only problems with these codes (the CLI's `fix --code`). */
  readonly codes?: ReadonlySet<ProblemCode>;
}

export interface AppliedFix {
  readonly code: ProblemCode;
  readonly taskId?: string;
  readonly title: string;
  /** Where the problem started in the text given to `fixAll` (a later pass's problem, mapped back through the earlier passes). */
  readonly at: number;
}

export interface FixAllResult {
  readonly text: string;
  /** Edits on the ORIGINAL text giving `text`; empty when nothing changed. */
  readonly edits: readonly TextEdit[];
  readonly applied: readonly AppliedFix[];
  readonly passes: number;
}

export const DEFAULT_FIX_PASSES = 5;

/**
 * The fix "fix all" applies for a problem: its preferred one, or its only one.
 * An only fix marked `preferred: false` is a decision (a lifecycle move such as
 * releasing a claim), not a repair: it is applied only when the problem's code
 * was asked for by name (`requested`, the CLI's `fix --code`).
 */
export function fixToApply(problem: Problem, requested = false): Fix | undefined {
  const preferred = problem.fixes.find((f) => f.preferred);
  if (preferred) return preferred;
  const only = problem.fixes.length === 1 ? problem.fixes[0] : undefined;
  return only && (only.preferred !== false || requested) ? only : undefined;
}

/** One pass: the fixes of `problems` that can be applied together, in problem order. */
export function compatibleFixEdits(problems: readonly Problem[], codes?: ReadonlySet<ProblemCode>): { edits: TextEdit[]; applied: AppliedFix[] } {
  const edits: TextEdit[] = [];
  const taken = new TakenEdits();
  const applied: AppliedFix[] = [];
  for (const problem of problems) {
    if (codes ? !codes.has(problem.code) : DECISION_CODES.has(problem.code)) continue;
    const fix = fixToApply(problem, codes !== undefined);
    if (!fix || fix.edits.length === 0) continue;
    const fresh = taken.take(fix.edits, true);
    if (!fresh) continue;
    pushAll(edits, fresh);
    applied.push({ code: problem.code, taskId: problem.taskId, title: fix.title, at: problem.span.start });
  }
  return { edits, applied };
}


/**
 * Lint, fix, re-lint until stable. `lint` gives the problems of a text; it is
 * called once per pass plus once at the end of each pass that changed the text.
 * Never throws on user text: a lint that throws ends the loop with what was fixed so far.
 */
export function fixAll(text: string, lint: (text: string) => readonly Problem[], options: FixAllOptions = {}): FixAllResult {
  const maxPasses = Math.max(1, options.maxPasses ?? DEFAULT_FIX_PASSES);
  let current = text;
  const applied: AppliedFix[] = [];
  let passes = 0;
  const passEdits: TextEdit[][] = [];
  while (passes < maxPasses) {
    let problems: readonly Problem[];
    try {
      problems = lint(current);
    } catch {
      break;
    }
    // A fix that changes how the rest reads (Fix.alone: line ends that join lines) goes first, by itself: the other
    // fixes were planned on the text before it and would land inside the joined lines. Not asked for, nothing is.
    const alone = problems.find((p) => p.fixes.some((f) => f.alone));
    if (alone && options.codes && !options.codes.has(alone.code)) break;
    const pass = compatibleFixEdits(alone ? [alone] : problems, options.codes);
    if (pass.edits.length === 0) break;
    const next = applyEdits(current, pass.edits);
    passes++;
    if (next === current) break;
    // Where each problem was in the text given: back through the earlier passes, all of a pass's at once.
    let ats = pass.applied.map((a) => a.at);
    for (let k = passEdits.length - 1; k >= 0; k--) ats = offsetsBefore(passEdits[k]!, ats);
    pass.applied.forEach((a, i) => applied.push({ ...a, at: ats[i]! }));
    passEdits.push([...pass.edits].sort((a, b) => a.start - b.start));
    current = next;
  }
  if (current === text) return { text, edits: [], applied: [], passes };
  // One pass: its own minimal edits. Several: the edits of later passes were
  // planned on intermediate texts, so give one edit spanning what changed.
  const edits = passes === 1 ? passEdits[0]! : [spanningEdit(text, current)];
  return { text: current, edits, applied, passes };
}

/** The single edit turning `before` into `after`: everything between their common prefix and suffix. */
export function spanningEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}

/**
 * Where each of `ats`, offsets in the text `sorted` (edits by start) made, was before them, in the same order: an
 * offset inside a replacement maps to its start. One sweep over the edits for all of them, so a pass of many fixes
 * is not mapped fix by fix through every edit.
 */
function offsetsBefore(sorted: readonly TextEdit[], ats: readonly number[]): number[] {
  const order = ats.map((_, i) => i).sort((a, b) => ats[a]! - ats[b]!);
  const out = new Array<number>(ats.length);
  let shift = 0;
  let next = 0;
  for (const i of order) {
    const at = ats[i]!;
    // Past every edit that ends (in the new text) at or before `at`.
    while (next < sorted.length && at >= sorted[next]!.start + shift + sorted[next]!.newText.length) {
      shift += sorted[next]!.newText.length - (sorted[next]!.end - sorted[next]!.start);
      next++;
    }
    const e = sorted[next];
    out[i] = e !== undefined && at >= e.start + shift ? e.start : at - shift;
  }
  return out;
}
