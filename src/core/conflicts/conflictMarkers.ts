// Git's conflict markers in a task file: a merge that could not be finished
// leaves `<<<<<<< ours`, `=======` (and `||||||| base` in diff3 style) and
// `>>>>>>> theirs` lines at column 0. Such a file holds two versions of some
// tasks at once. It is read as both: each side is parsed on its own from a
// copy of the text in which the other side and the marker lines are blanked
// (same length, so every span still points into the real text), and the
// tasks inside a conflict are marked with their side. Nothing may judge,
// move or rewrite such a file until a person resolves it.
import type { Problem, SourceText, Span, Task, TaskConflict } from '../model';
import { LineIndex } from '../text';

/** One `<<<<<<< … >>>>>>>` block. Offsets are into the text; each side runs from its first line to the next marker line. */
export interface ConflictRegion {
  /** From the `<<<<<<<` line's start to the end of the `>>>>>>>` line (its line break excluded). */
  readonly span: Span;
  /** 0-based line of the `<<<<<<<` marker. */
  readonly line: number;
  readonly ours: Span;
  readonly theirs: Span;
  /** The names after the markers: `HEAD`, `origin/main`. */
  readonly oursLabel: string;
  readonly theirsLabel: string;
}

const MARKER = /^(<{7}|={7}|\|{7}|>{7})(?:[ \t](.*?))?\r?$/gm;

/** Whether `text` has an opening and a closing conflict marker line. */
export function hasConflictMarkers(text: string): boolean {
  if (!text.includes('<<<<<<<') || !text.includes('>>>>>>>')) return false;
  return conflictRegions(text).length > 0;
}

/**
 * Whether the text `parsed` was read from has conflict markers, as
 * hasConflictMarkers says, from the parse alone: parseConflicted names each
 * conflict block with a merge-conflict problem, and nothing else does. A
 * large text is then not read again (on the extension host, reading a 50 MB
 * text that is still in pieces copies it whole first).
 */
export function readConflicts(parsed: { readonly problems: readonly Problem[] }): boolean {
  return parsed.problems.some((p) => p.code === 'merge-conflict');
}

/** The complete conflict blocks of `text`, in order. A marker line out of sequence is left as text. */
export function conflictRegions(text: string): ConflictRegion[] {
  const regions: ConflictRegion[] = [];
  let lines: LineIndex | undefined;
  let open: { start: number; label: string; oursStart: number } | undefined;
  let oursEnd = -1;
  let theirsStart = -1;
  for (const match of text.matchAll(MARKER)) {
    const start = match.index;
    const end = start + match[0].length - (match[0].endsWith('\r') ? 1 : 0);
    const next = nextLineStart(text, start + match[0].length);
    const kind = match[1]!;
    if (kind === '<<<<<<<') {
      open = { start, label: match[2]?.trim() || 'ours', oursStart: next };
      oursEnd = -1;
      theirsStart = -1;
    } else if (!open) continue;
    else if (kind === '|||||||' && oursEnd < 0) oursEnd = start;
    else if (kind === '=======' && theirsStart < 0) {
      if (oursEnd < 0) oursEnd = start;
      theirsStart = next;
    } else if (kind === '>>>>>>>' && theirsStart >= 0) {
      regions.push({
        span: { start: open.start, end },
        line: (lines ??= new LineIndex(text)).lineAt(open.start),
        ours: { start: open.oursStart, end: Math.max(open.oursStart, oursEnd) },
        theirs: { start: theirsStart, end: Math.max(theirsStart, start) },
        oursLabel: open.label,
        theirsLabel: match[2]?.trim() || 'theirs',
      });
      open = undefined;
    }
  }
  return regions;
}

function nextLineStart(text: string, at: number): number {
  return text[at] === '\n' ? at + 1 : at;
}


/** `text` as one side alone: the marker lines and the other side (and a diff3 base) blanked with spaces, line breaks kept. */
export function sideOf(text: string, regions: readonly ConflictRegion[], side: 'ours' | 'theirs'): string {
  let out = '';
  let at = 0;
  for (const region of regions) {
    const keep = region[side];
    out += text.slice(at, region.span.start);
    out += blank(text.slice(region.span.start, keep.start));
    out += text.slice(keep.start, keep.end);
    out += blank(text.slice(keep.end, region.span.end));
    at = region.span.end;
  }
  return out + text.slice(at);
}

/** The lines `sideOf` blanks for `side`: each region's marker lines and the other side's (and a diff3 base). */
function blankedLines(text: string, regions: readonly ConflictRegion[], side: 'ours' | 'theirs'): Set<number> {
  const lines = new LineIndex(text);
  const out = new Set<number>();
  const mark = (from: number, to: number): void => {
    if (to <= from) return;
    for (let l = lines.lineAt(from); l <= lines.lineAt(to - 1); l++) out.add(l);
  };
  for (const region of regions) {
    mark(region.span.start, region[side].start);
    mark(region[side].end, region.span.end);
  }
  return out;
}

function blank(part: string): string {
  return part.replace(/[^\r\n]/g, ' ');
}

/**
 * Whether a task read from one side is part of a conflict there: git marks
 * only the lines that differ, so an item often starts above the markers and
 * has some of its fields inside. A side that is empty (lines only the other
 * side has) touches the tasks around it.
 */
function touches(task: Span, side: Span, region: Span): boolean {
  if (side.end > side.start) return task.start < side.end && task.end > side.start;
  return task.start < region.start && task.end > region.end;
}

function within(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.start < Math.max(outer.end, outer.start + 1);
}

interface ParsedTasks<T extends Task> {
  readonly tasks: readonly T[];
  readonly problems: readonly Problem[];
}

/**
 * Parses a conflicted text as both its sides with `parse`: the tasks outside
 * every conflict once, and each conflict's tasks from both sides, in text
 * order, marked with their side. Problems: one `merge-conflict` error per
 * block, then each side's own parse problems inside its side.
 */
export function parseConflicted<T extends Task, P extends ParsedTasks<T>>(src: SourceText, regions: readonly ConflictRegion[], parse: (src: SourceText) => P): P {
  const ours = parse({ ...src, text: sideOf(src.text, regions, 'ours'), blankedLines: blankedLines(src.text, regions, 'ours') });
  const theirs = parse({ ...src, text: sideOf(src.text, regions, 'theirs'), blankedLines: blankedLines(src.text, regions, 'theirs') });
  const regionOf = (task: Task, side: 'ours' | 'theirs'): ConflictRegion | undefined => regions.find((r) => touches(task.span, r[side], r.span));
  const tasks: T[] = [];
  for (const task of ours.tasks) {
    const region = regionOf(task, 'ours');
    tasks.push(region ? withConflict(task, { side: 'ours', label: region.oursLabel }) : task);
  }
  for (const task of theirs.tasks) {
    const region = regionOf(task, 'theirs');
    if (region) tasks.push(withConflict(task, { side: 'theirs', label: region.theirsLabel }));
  }
  tasks.sort((a, b) => a.span.start - b.span.start);
  const problems = bothSidesProblems(regions.map((r) => conflictProblem(src.text, r, tasks)), regions, ours.problems, theirs.problems);
  return { ...ours, tasks, problems };
}

/** `first` (the conflict errors), then each side's own problems inside its side, appended to it and returned. */
function bothSidesProblems(first: Problem[], regions: readonly ConflictRegion[], ours: readonly Problem[], theirs: readonly Problem[]): Problem[] {
  // Not spread: a large board's problems overflow the call stack.
  for (const p of ours) if (!regions.some((r) => within(p.span, r.theirs))) first.push(p);
  for (const p of theirs) if (regions.some((r) => within(p.span, r.theirs))) first.push(p);
  return first;
}

function withConflict<T extends Task>(task: T, conflict: TaskConflict): T {
  return { ...task, conflict };
}

function conflictProblem(text: string, region: ConflictRegion, tasks: readonly Task[]): Problem {
  const ids = [...new Set(tasks.filter((t) => t.conflict && (touches(t.span, region.ours, region.span) || touches(t.span, region.theirs, region.span))).map((t) => t.id))];
  const lastLine = region.line + (text.slice(region.span.start, region.span.end).match(/\n/g)?.length ?? 0);
  const what = ids.length > 0 ? `${ids.join(', ')} differ${ids.length === 1 ? 's' : ''}` : 'the two versions differ';
  const markerEnd = text.indexOf('\n', region.span.start);
  return {
    code: 'merge-conflict',
    severity: 'error',
    message:
      `Merge conflict on lines ${region.line + 1}–${lastLine + 1}: ${what} between ${region.oursLabel} and ${region.theirsLabel}. ` +
      'Keep one version and remove the marker lines; until then nothing moves or rewrites this file.',
    span: { start: region.span.start, end: markerEnd < 0 || markerEnd > region.span.end ? region.span.end : markerEnd },
    taskId: ids[0],
    fixes: [],
  };
}

/**
 * A work log with conflict markers, read as both its sides as parseConflicted reads a board: the entries outside
 * every conflict once, each conflict's entries from both sides, in text order; one `merge-conflict` error per block
 * first, then each side's own problems inside its side.
 */
export function parseConflictedLog<P extends { readonly entries: readonly { readonly span: Span }[]; readonly problems: readonly Problem[] }>(
  src: SourceText,
  regions: readonly ConflictRegion[],
  parse: (src: SourceText) => P,
): P {
  const ours = parse({ ...src, text: sideOf(src.text, regions, 'ours') });
  const theirs = parse({ ...src, text: sideOf(src.text, regions, 'theirs') });
  const inTheirs = (span: Span): boolean => regions.some((r) => within(span, r.theirs));
  const entries = [...ours.entries.filter((e) => !inTheirs(e.span)), ...theirs.entries.filter((e) => inTheirs(e.span))].sort((a, b) => a.span.start - b.span.start);
  const problems = bothSidesProblems(regions.map((r) => conflictProblem(src.text, r, [])), regions, ours.problems, theirs.problems);
  return { ...ours, entries, problems };
}

/** Whether a parse came from a text with merge conflicts (parseConflicted puts their problems first). */
export function isConflicted(parsed: { readonly problems: readonly Problem[] }): boolean {
  return parsed.problems[0]?.code === 'merge-conflict';
}
