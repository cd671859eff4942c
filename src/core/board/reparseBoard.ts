// Reading a board again after an edit inside one of its yaml items, without
// reading the rest: the item is read again and every task after it is moved
// by the edit's length. An agent's write or a keystroke changes one task of a
// 10,000-task board; reading all of them again made a write's cost grow with
// the board.
//
// The result is what parseBoard gives for the new text, or nothing (the
// caller then parses the whole text). It is given only when the rest of the
// text cannot read differently: the edit lies inside one fenced item (the
// lines from its `- ` line up to the next item or the fence's end), the new
// text of that window still reads, on the fast path, as one task that ends
// where the window ends, and nothing the whole text decides (front matter,
// line breaks, conflict markers, checkbox notes) changes. Everything before
// the window is the same text, read from the same state; everything after
// it starts from the same state (inside the same fence, just after an item),
// so it reads the same, `delta` characters and `lineDelta` lines later.
import type { BoardTask, FieldSpan, HistoryEntry, ParsedBoard, Problem, SourceText, Span, TextEdit } from '../model';
import { DEFAULT_LIFECYCLE } from '../lifecycleModel';
import { detectEol } from '../text';
import { taskData } from '../parsedTransfer';
import { isCompactFieldSpans } from './compactFieldSpans';
import { FastItemReader } from './fastItem';
import { frontMatterEnd } from './frontMatter';
import { itemToTask } from './itemToTask';
import { taskUnderLifecycle, withYamlFences, yamlFencesOf, type YamlFence } from './parseBoard';

/** What an edit moved: everything from `from` (an offset of the old text) on is `delta` characters and `lineDelta` lines later. */
interface Move {
  readonly from: number;
  readonly delta: number;
  readonly lineDelta: number;
}

/**
 * The parse of `src.text`, made from `previous` (the parse of `previousText`
 * under the same lifecycle) when the edit between them lies inside one yaml
 * item; undefined when the whole text must be read.
 */
export function reparseBoard(previousText: string, previous: ParsedBoard, src: SourceText): ParsedBoard | undefined {
  return rereadBoard(previousText, previous, src)?.board;
}

/**
 * `reparseBoard`'s board, with the index of the one task it read again. Every task before it is `previous`'s own;
 * every task after it is `previous`'s, or (when the edit moved them) its copy, moved, with the same `fields`.
 */
export function rereadBoard(previousText: string, previous: ParsedBoard, src: SourceText): { readonly board: ParsedBoard; readonly index: number } | undefined {
  const fences = yamlFencesOf(previous);
  const text = src.text;
  if (!fences || previous.sections || src.file !== previous.file || text.includes('<<<<<<<')) return undefined;
  const tasks = previous.tasks;
  const p = commonPrefix(previousText, text);
  const e0 = previousText.length - commonSuffix(previousText, text, p);
  const delta = text.length - previousText.length;
  const e1 = e0 + delta;

  // The item the edit starts in: the last one whose `- ` lies wholly before the edit.
  const k = lastStartingBy(tasks, p - 2);
  if (k < 0) return undefined;
  const task = tasks[k]!;
  const fence = fences.find((f) => f.start <= task.span.start && task.span.start < f.end);
  if (!fence) return undefined;
  // The window: up to the next task in the same fence, else to the fence's end.
  const next = tasks[k + 1];
  const windowEnd = next && next.span.start < fence.end ? next.span.start : fence.end;
  if (e0 > windowEnd) return undefined;
  const front = frontMatterEnd(text);
  if (detectEol(text) !== previous.eol || front !== frontMatterEnd(previousText) || task.span.start < front) return undefined;
  if (hasCheckbox(previousText, task.span.start, windowEnd) || hasCheckbox(text, task.span.start, windowEnd + delta)) return undefined;
  if (previous.problems.some((problem) => problem.code === 'unrecognized-block')) return undefined;

  const reader = new FastItemReader(text);
  const resume = reader.readFenced(task.span.start, fence.char, fence.len);
  if (resume !== windowEnd + delta) return undefined;
  let read = itemToTask(reader.item, src.file, task.group, { start: task.span.start, end: reader.itemEnd }, task.line);
  if (!read) return undefined;
  if (src.lifecycle !== undefined && src.lifecycle !== DEFAULT_LIFECYCLE) read = taskUnderLifecycle(read, src.lifecycle);

  const move: Move = { from: windowEnd, delta, lineDelta: lineBreaks(text, p, e1) - lineBreaks(previousText, p, e0) };
  const moved = tasks.slice();
  moved[k] = read;
  if (delta !== 0 || move.lineDelta !== 0) for (let i = k + 1; i < moved.length; i++) moved[i] = movedTask(moved[i]!, move);
  const problems: Problem[] = [];
  for (const problem of previous.problems) {
    if (problem.span.start < task.span.start) problems.push(problem);
    else if (problem.span.start >= windowEnd) problems.push(movedProblem(problem, move));
  }
  const history = previous.history.map((entry): HistoryEntry => (entry.span.start >= windowEnd ? { ...entry, span: movedSpan(entry.span, move) } : entry));
  const historyInsertAt = previous.historyInsertAt !== undefined && previous.historyInsertAt >= windowEnd ? previous.historyInsertAt + delta : previous.historyInsertAt;
  const board: ParsedBoard = { kind: 'board', file: src.file, tasks: moved, problems, history, historyInsertAt, eol: previous.eol };
  withYamlFences(board, fences.map((f): YamlFence => (f.end < windowEnd ? f : { ...f, start: f.start >= windowEnd ? f.start + delta : f.start, end: f.end + delta })));
  return { board, index: k };
}

/** The index of the last task starting at or before `at` (tasks are in text order); -1 when none does. */
function lastStartingBy(tasks: readonly BoardTask[], at: number): number {
  let lo = 0;
  let hi = tasks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tasks[mid]!.span.start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Characters compared at once while looking for where two texts part: comparing slices is a memory compare. */
const CHUNK = 4096;

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters `a` and `b` share at their ends, not reaching back past `prefix` in either. */
function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let n = 0;
  while (n + CHUNK <= max && a.slice(a.length - n - CHUNK, a.length - n) === b.slice(b.length - n - CHUNK, b.length - n)) n += CHUNK;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/** Whether `[from, to)` of `text` holds a checkbox (which parseBoard reports on as a note of the whole board). */
function hasCheckbox(text: string, from: number, to: number): boolean {
  const window = text.slice(from, to);
  return window.includes('[ ]') || window.includes('[x]') || window.includes('[X]');
}

function movedSpan(span: Span, move: Move): Span {
  return span.start >= move.from ? { start: span.start + move.delta, end: span.end + move.delta } : span;
}

function movedTask(task: BoardTask, move: Move): BoardTask {
  const { delta } = move;
  const spans = task.fieldSpans;
  const data = taskData(task);
  const span = { start: task.span.start + delta, end: task.span.end + delta };
  const line = task.line + move.lineDelta;
  const idSpan = { start: task.idSpan.start + delta, end: task.idSpan.end + delta };
  const titleSpan = { start: task.titleSpan.start + delta, end: task.titleSpan.end + delta };
  const fieldSpans = isCompactFieldSpans(spans) ? spans.shifted(delta) : movedFieldSpans(spans, delta);
  // A yaml item's task as itemToTask makes it is written out key by key, in its order. Spread, the copies of a
  // 10,000-task board's tasks took some 10 ms (V8 copied each the slow way), written out under 1 ms; and they keep the
  // shape of the tasks a parse makes. Any other task (one with an agent key, a checkbox, a conflict) is spread.
  if (data.agentKey !== undefined || data.conflict !== undefined || (data.shape !== 'id-key' && data.shape !== 'id-field' && data.shape !== 'shorthand')) {
    return { ...data, span, line, idSpan, titleSpan, fieldSpans };
  }
  return {
    kind: 'board',
    file: data.file,
    id: data.id,
    title: data.title,
    status: data.status,
    statusText: data.statusText,
    priority: data.priority,
    assignedAgent: data.assignedAgent,
    group: data.group,
    span,
    line,
    shape: data.shape,
    fields: data.fields,
    fieldSpans,
    idSpan,
    titleSpan,
  };
}

function movedFieldSpans(spans: ReadonlyMap<string, FieldSpan>, delta: number): ReadonlyMap<string, FieldSpan> {
  const out = new Map<string, FieldSpan>();
  const by = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  for (const [key, f] of spans) out.set(key, { key: f.key, keySpan: by(f.keySpan), valueSpan: by(f.valueSpan), lineSpan: by(f.lineSpan) });
  return out;
}

function movedProblem(problem: Problem, move: Move): Problem {
  const edit = (e: TextEdit): TextEdit => (e.start >= move.from ? { start: e.start + move.delta, end: e.end + move.delta, newText: e.newText } : e);
  return { ...problem, span: movedSpan(problem.span, move), fixes: problem.fixes.map((fix) => ({ ...fix, edits: fix.edits.map(edit) })) };
}
