// Minimal edits on one field of a task item, shared by the lint fixes.
import type { BoardTask, Span, TextEdit } from '../model';
import { breakAt } from '../text';

/**
 * Replaces a written value, keeping its quotes when it has them. An empty
 * span (`key:` with nothing after it) gets a space before the new value.
 */
export function replaceValue(text: string, span: Span, value: string): TextEdit {
  if (span.start === span.end) return { start: span.start, end: span.end, newText: ` ${value}` };
  const q = text.charCodeAt(span.start);
  if ((q === 34 || q === 39) && span.end - span.start >= 2 && text.charCodeAt(span.end - 1) === q) {
    return { start: span.start + 1, end: span.end - 1, newText: value };
  }
  return { start: span.start, end: span.end, newText: value };
}

/** The column the item's fields are written at (2 for `- TASK_001: ...`). */
export function fieldIndent(task: BoardTask): number {
  for (const span of task.fieldSpans.values()) return span.keySpan.start - span.lineSpan.start;
  return 2;
}

/** Where the item's last field line ends: a new field line goes right after it. */
export function lastFieldEnd(task: BoardTask): number {
  let end = task.span.start;
  for (const span of task.fieldSpans.values()) if (span.lineSpan.end > end) end = span.lineSpan.end;
  return end;
}

/**
 * Inserts `key: value` into the item: as a new field line after its last field, or, in a flow-style item
 * (`- {TASK_001: "Title", status: todo}`), before its closing brace. Undefined for a flow item whose closing
 * brace cannot be found: a new line there would break the item.
 */
export function insertField(text: string, task: BoardTask, eol: string, key: string, value: string): TextEdit | undefined {
  if (isFlowItem(text, task)) {
    const range = flowInsertRange(text, task);
    return range && flowInsert(text, range, [`${key}: ${value}`]);
  }
  const at = lastFieldEnd(task);
  return { start: at, end: at, newText: `${breakAt(text, at, eol)}${' '.repeat(fieldIndent(task))}${key}: ${value}` };
}

/** Whether the item is written as a flow mapping: `- {TASK_001: "Title", status: todo}`. */
export function isFlowItem(text: string, task: BoardTask): boolean {
  let at = task.span.start;
  if (text.charCodeAt(at) !== 45) return false; // `-`
  at++;
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  return text.charCodeAt(at) === 123; // `{`
}

/**
 * Where a flow item takes new fields: from the end of its last entry up to its closing brace (the spaces or line
 * break between them, which the insert keeps after the new fields). Undefined when no brace closes the item with
 * only a comment after it.
 */
export function flowInsertRange(text: string, task: BoardTask): Span | undefined {
  for (let close = text.lastIndexOf('}', task.span.end - 1); close > task.span.start; close = text.lastIndexOf('}', close - 1)) {
    const after = text.slice(close + 1, task.span.end).trim();
    if (after !== '' && !after.startsWith('#')) continue;
    let from = close;
    while (from > task.span.start && /\s/.test(text.charAt(from - 1))) from--;
    return { start: from, end: close };
  }
  return undefined;
}

/** The edit adding `entries` (each `key: value`) to a flow item at `range` (see flowInsertRange). */
export function flowInsert(text: string, range: Span, entries: readonly string[]): TextEdit {
  return { start: range.start, end: range.end, newText: entries.map((e) => `, ${e}`).join('') + text.slice(range.start, range.end) };
}
