// Minimal edits on one field of a task item, shared by the lint fixes.
import type { BoardTask, Span, TextEdit } from '../model';

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

/** Inserts `key: value` as a new field line after the item's last field. */
export function insertField(task: BoardTask, eol: string, key: string, value: string): TextEdit {
  const at = lastFieldEnd(task);
  return { start: at, end: at, newText: `${eol}${' '.repeat(fieldIndent(task))}${key}: ${value}` };
}
