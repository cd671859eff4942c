// The parts of a checklist item's first line: `- [x] Title (completed: 2026-11-02)`.
// Read from the original text (not from markdown-it's normalized copy) so
// every offset is exact in the file as it is, CRLF and BOM included.
//
// Decision: the completion stamp at the end of the line is `(completed: …)`,
// the tool's own spelling, whatever it holds, or `(done …)` / `(finished …)`
// holding a date. Anything else in parentheses (`(Done)`, `(finished:
// awaiting review)`) is the title's own words: listed, kept by every move.
// The stamp is left out of the title so ticking keeps the id, and is removed
// on unticking only when it holds a date: other words in it may be the
// author's.
import type { Problem, Span, TextEdit } from '../model';
import { readTimestamp } from '../worklog/readTimestamp';

export interface ItemLine {
  /** Offset of the bullet (`-`, `*`, `+`, `1.`), after the indentation. */
  readonly bulletStart: number;
  readonly checked: boolean;
  /** The three characters `[ ]` / `[x]` / `[X]`. */
  readonly checkbox: Span;
  /** Where the item text ends: the line end minus trailing blanks. */
  readonly textEnd: number;
  /** The item text without the checkbox and without the completed suffix, trimmed. */
  readonly title: string;
  /** `(completed: …)` at the end of the line, with the blanks before it. */
  readonly completed?: {
    readonly span: Span;
    /** The date as written inside the parentheses. */
    readonly written: string;
    /** `YYYY-MM-DD` when `written` is one. */
    readonly date?: string;
    /** Whether `written` is a date, however written (`02/11/2026`): only then is the stamp removed on unticking. */
    readonly dated: boolean;
  };
}

const ITEM_RE = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(\[[ xX]\])(?=[ \t]|$)/;
/** The stamp ends the line, but for emoji an agent adds after it (`(completed: 2026-01-02) ✅`). */
const COMPLETED_RE = /[ \t]*\((completed|done|finished)\b[ \t]*(:?)[ \t]*([^()]*?)[ \t]*\)(?=(?:[ \t]*[\p{Extended_Pictographic}\u{FE0F}\u{200D}])*$)/iu;
export const ISO_DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the item line `line` that starts at `offset` in the file. Returns
 * undefined when the line is not a checkbox list item.
 */
export function readItemLine(line: string, offset: number): ItemLine | undefined {
  let skip = 0;
  if (line.charCodeAt(0) === 0xfeff) skip = 1;
  const body = skip ? line.slice(skip) : line;
  const m = ITEM_RE.exec(body);
  if (!m) return undefined;
  const base = offset + skip;
  const boxAt = base + m[0].length - 3;
  const trimmed = body.replace(/[ \t\r]+$/, '');
  const textEnd = base + trimmed.length;
  let rest = trimmed.slice(m[0].length);
  let completed: ItemLine['completed'];
  const c = COMPLETED_RE.exec(rest);
  const written = c?.[3] ?? '';
  const iso = ISO_DAY_RE.test(written);
  // Read only when not ISO (most stamps are): this runs for every item of every parse.
  const read = c && !iso ? readTimestamp(written) : undefined;
  // A stamp is dated by a real day, or by two (`02/11/2026`, ambiguous: still a date, which one is lint's question).
  const dated = iso || (read !== undefined && read.timeText === written && (read.ambiguous !== undefined || (read.date !== undefined && !read.unreadable)));
  if (c && (dated || (c[1]!.toLowerCase() === 'completed' && c[2] === ':'))) {
    const start = base + m[0].length + c.index;
    completed = { span: { start, end: start + c[0].length }, written, date: iso ? written : undefined, dated };
    rest = rest.slice(0, c.index) + rest.slice(c.index + c[0].length);
  }
  return {
    bulletStart: base + m[1]!.length,
    checked: m[2] !== '[ ]',
    checkbox: { start: boxAt, end: boxAt + 3 },
    textEnd,
    title: rest.trim(),
    completed,
  };
}

/**
 * Edits that make an item line say done (ticked, with a completed date) or
 * not done (unticked, no dated completion stamp). Offsets are those of `item`.
 * A stamp that is already there is kept when ticking, whatever its date.
 */
export function itemStateEdits(item: ItemLine, done: boolean, today: string, tick = '[x]'): TextEdit[] {
  const edits: TextEdit[] = [];
  if (item.checked !== done) edits.push({ ...item.checkbox, newText: done ? tick : '[ ]' });
  if (done && !item.completed) edits.push({ start: item.textEnd, end: item.textEnd, newText: ` (completed: ${today})` });
  if (!done && item.completed?.dated) edits.push({ ...item.completed.span, newText: '' });
  return edits;
}

/**
 * Where the struck-out run that the title at `from` is (`~~Add OAuth~~`) closes, when it is the whole title up to
 * `end` but for a note after it (`(out of scope)`, `— moved to v2`, `: later`); else undefined. A title that goes on
 * after its struck words (`~~Fix~~ Rewrite the login page`) is a correction, not a dropped item.
 */
export function struckRunEnd(text: string, from: number, end: number): number | undefined {
  if (!text.startsWith('~~', from)) return undefined;
  const run = STRUCK_RUN.exec(text.slice(from, end));
  if (!run) return undefined;
  const rest = text.slice(from + run[0].length, end).trim();
  return rest === '' || /^[(:—–-]/.test(rest) ? from + run[0].length - 2 : undefined;
}

const STRUCK_RUN = /^~~[^~\s](?:[^~]|~(?!~))*~~/;

/**
 * Struck-out open items not read as tasks (the lifecycle has no droppedStatus), said once, as information, at the
 * first of them; `where` leads the message (`file:line: `, or nothing).
 */
export function struckOutNote(where: string, count: number, first: Span): Problem {
  return {
    code: 'unrecognized-block',
    severity: 'info',
    message:
      `${where}${count} struck-out item(s) (~~…~~) are not read as tasks: struck out, they were dropped. With a final side ` +
      'status in .agent-task-board.yml (side_statuses: cancelled: any), they are read as it.',
    span: first,
    fixes: [],
  };
}
