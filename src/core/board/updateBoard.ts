// Re-reading a board after one edit (a keystroke): only the item the edit
// falls in is re-read; every other task is kept, its offsets shifted. Any
// edit that could change the board's structure (a fence, a heading, a new
// top-level item, an edit across items) falls back to a full parse.
import type { BoardTask, FieldSpan, HistoryEntry, ParsedBoard, Problem, Span, TextEdit } from '../model';
import { detectEol } from '../text';
import { isCompactFieldSpans } from './compactFieldSpans';
import { isBareItemStart, isBareTask, parseBoard } from './parseBoard';
import { parseItem } from './parseItem';

function shift(span: Span, by: number): Span {
  return { start: span.start + by, end: span.end + by };
}

function shiftField(field: FieldSpan, by: number): FieldSpan {
  return { key: field.key, keySpan: shift(field.keySpan, by), valueSpan: shift(field.valueSpan, by), lineSpan: shift(field.lineSpan, by) };
}

function shiftTask(task: BoardTask, by: number, lines: number): BoardTask {
  let fieldSpans: ReadonlyMap<string, FieldSpan>;
  if (isCompactFieldSpans(task.fieldSpans)) {
    fieldSpans = task.fieldSpans.shifted(by);
  } else {
    const map = new Map<string, FieldSpan>();
    for (const [key, field] of task.fieldSpans) map.set(key, shiftField(field, by));
    fieldSpans = map;
  }
  return {
    ...task,
    span: shift(task.span, by),
    line: task.line + lines,
    fieldSpans,
    idSpan: shift(task.idSpan, by),
    titleSpan: shift(task.titleSpan, by),
  };
}

function shiftProblem(problem: Problem, by: number): Problem {
  return {
    ...problem,
    span: shift(problem.span, by),
    fixes: problem.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })) })),
  };
}

function shiftHistory(entry: HistoryEntry, by: number): HistoryEntry {
  return { ...entry, span: shift(entry.span, by) };
}

function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** The index of the task whose span holds `[start, end]`, or -1. */
function taskAt(tasks: readonly BoardTask[], start: number, end: number): number {
  let lo = 0;
  let hi = tasks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = tasks[mid]!.span;
    if (span.end < start) lo = mid + 1;
    else if (span.start > start) hi = mid - 1;
    else return end <= span.end ? mid : -1;
  }
  return -1;
}

/**
 * True when `text[start, end)` still reads as exactly one item with the
 * same boundaries: every line after the first is indented or blank, none
 * opens or closes a fence, the last line is content and ends at `end`.
 */
function stillOneItem(text: string, start: number, end: number, bare: boolean): boolean {
  const after = text.charCodeAt(end);
  if (end < text.length && after !== 10 && !(after === 13 && text.charCodeAt(end + 1) === 10)) return false;
  if (end > start && text.charCodeAt(end - 1) === 13) return false;
  let nl = text.indexOf('\n', start);
  const firstEnd = nl === -1 || nl > end ? end : nl;
  // A bare item must still be a task: its id, or the task field that made it one, may be what changed.
  if (bare && !(isBareItemStart(text, start, firstEnd) && isBareTask(text, start, firstEnd, end))) return false;
  let lastContent = true;
  while (nl !== -1 && nl < end) {
    const lineStart = nl + 1;
    nl = text.indexOf('\n', lineStart);
    const lineEnd = nl === -1 || nl > end ? end : nl;
    let i = lineStart;
    while (i < lineEnd && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const c = i < lineEnd ? text.charCodeAt(i) : -1;
    if (c === 13 && i + 1 === lineEnd) lastContent = false;
    else if (c === -1) lastContent = false;
    else if (i === lineStart) return false; // column 0: a new item, a heading or prose
    else if ((c === 96 || c === 126) && i - lineStart <= 3) return false; // maybe a fence
    else lastContent = c !== 35;
  }
  return lastContent;
}

/** The board after `edit` turned `prevText` into `nextText`; equal to `parseBoard` of `nextText`. */
export function updateBoard(prev: ParsedBoard, prevText: string, edit: TextEdit, nextText: string): ParsedBoard {
  const full = (): ParsedBoard => parseBoard({ file: prev.file, text: nextText });
  const by = edit.newText.length - (edit.end - edit.start);
  if (nextText.length !== prevText.length + by || edit.start < 0 || edit.end > prevText.length || edit.start > edit.end) return full();
  const index = taskAt(prev.tasks, edit.start, edit.end);
  if (index < 0) return full();
  const old = prev.tasks[index]!;
  // The `- ` that makes the line an item must stay untouched.
  if (edit.start < old.span.start + 2) return full();
  if (detectEol(nextText) !== prev.eol) return full();
  const start = old.span.start;
  const end = old.span.end + by;
  // A bare item must still look like one; a fenced item may be any `- ` line.
  const prevFirstEnd = prevText.indexOf('\n', start);
  const bare = isBareItemStart(prevText, start, prevFirstEnd === -1 || prevFirstEnd > old.span.end ? old.span.end : prevFirstEnd);
  if (!stillOneItem(nextText, start, end, bare)) return full();

  const result = parseItem(nextText, { file: prev.file, group: old.group, span: { start, end }, line: old.line }, prev.eol);
  if (!result.task) return full();
  const lines = countLineBreaks(edit.newText, 0, edit.newText.length) - countLineBreaks(prevText, edit.start, edit.end);

  const tasks: BoardTask[] = prev.tasks.slice(0, index);
  tasks.push(result.task);
  for (let i = index + 1; i < prev.tasks.length; i++) tasks.push(shiftTask(prev.tasks[i]!, by, lines));

  // Parse problems come in file order and each sits inside its item.
  const problems: Problem[] = [];
  let p = 0;
  for (; p < prev.problems.length && prev.problems[p]!.span.start < start; p++) problems.push(prev.problems[p]!);
  while (p < prev.problems.length && prev.problems[p]!.span.start <= old.span.end) p++;
  for (const q of result.problems) problems.push(q);
  for (; p < prev.problems.length; p++) problems.push(shiftProblem(prev.problems[p]!, by));

  const history = prev.history.map((h) => (h.span.start > old.span.end ? shiftHistory(h, by) : h));
  const historyInsertAt = prev.historyInsertAt !== undefined && prev.historyInsertAt > old.span.end ? prev.historyInsertAt + by : prev.historyInsertAt;
  return { kind: 'board', file: prev.file, tasks, problems, history, historyInsertAt, eol: prev.eol };
}
