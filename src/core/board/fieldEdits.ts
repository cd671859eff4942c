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
 * Inserts `key: value` into the item: as a new field line at the line end `at` (after its last field unless told),
 * or, in a flow-style item (`- {TASK_001: "Title", status: todo}`), inside its braces. Undefined for a flow item whose
 * closing brace cannot be found: a new line there would break the item.
 */
export function insertField(text: string, task: BoardTask, eol: string, key: string, value: string, at = lastFieldEnd(task)): TextEdit | undefined {
  const flow = flowFieldsEdit(text, task, [`${key}: ${value}`]);
  if (flow !== false) return flow;
  return { start: at, end: at, newText: `${breakAt(text, at, eol)}${' '.repeat(fieldIndent(task))}${key}: ${value}` };
}

/**
 * For a flow-style item (`- {TASK_001: "Title", status: todo}`), the edit adding `entries` (each `key: value`)
 * inside its braces, after its last entry, or undefined when its closing brace cannot be found; `false` for an
 * item written as a block, whose new fields go on lines of their own.
 */
export function flowFieldsEdit(text: string, task: BoardTask, entries: readonly string[]): TextEdit | undefined | false {
  const at = flowOpen(text, task);
  if (at === undefined) return false;
  const end = flowEnd(text, at, task.span.end);
  if (!end) return undefined;
  // After the last entry; before a trailing comma (`{a: 1,}`), which then still ends the map.
  const insertAt = text.charCodeAt(end.lastContent - 1) === 44 ? end.lastContent - 1 : end.lastContent;
  const first = insertAt === at + 1; // `{}`: no entry to follow
  return { start: insertAt, end: insertAt, newText: entries.map((e, i) => (first && i === 0 ? e : `, ${e}`)).join('') };
}

/** Where a flow-style item's `{` is (`- {TASK_001: "Title", status: todo}`); undefined for an item written as a block. */
export function flowOpen(text: string, task: BoardTask): number | undefined {
  let at = task.span.start;
  if (text.charCodeAt(at) !== 45) return undefined; // `-`
  at++;
  while (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9) at++;
  return text.charCodeAt(at) === 123 ? at : undefined; // `{`
}

/**
 * The flow map opening at `open`, read up to `limit` (the item's end): where its closing brace is, and where its
 * last entry ends (not counting blanks and comments before the brace). Quoted scalars (a quote that starts a value:
 * `It's` is a plain word) and `#` comments are skipped, nested `{}`/`[]` counted.
 */
function flowEnd(text: string, open: number, limit: number): { close: number; lastContent: number } | undefined {
  let depth = 0;
  let lastContent = open + 1;
  /** The last character that was not a blank: a quote after one of `{[,:?` opens a quoted scalar. */
  let previous = 0;
  for (let i = open; i < limit; i++) {
    const c = text.charCodeAt(i);
    const opensValue = previous === 123 || previous === 91 || previous === 44 || previous === 58 || previous === 63;
    const comment = c === 35 && (i === 0 || /\s/.test(text.charAt(i - 1)));
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && !comment) previous = c;
    if ((c === 34 || c === 39) && opensValue) {
      // "…" with backslash escapes, '…' with '' for a quote.
      let j = i + 1;
      for (; j < limit; j++) {
        const d = text.charCodeAt(j);
        if (c === 34 && d === 92) j++;
        else if (d === c) {
          if (c === 39 && text.charCodeAt(j + 1) === 39) j++;
          else break;
        }
      }
      if (j >= limit) return undefined;
      i = j;
      lastContent = j + 1;
    } else if (comment) {
      const nl = text.indexOf('\n', i);
      if (nl === -1 || nl >= limit) return undefined;
      i = nl;
    } else if (c === 123 || c === 91) {
      depth++;
      lastContent = i + 1;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return c === 125 ? { close: i, lastContent } : undefined;
      lastContent = i + 1;
    } else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      lastContent = i + 1;
    }
  }
  return undefined;
}
