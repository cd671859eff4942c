// The cells of a markdown table row, with where each one is, which lines make a table, and what each header word
// names (its column's field key).
import type { Span } from '../model';

/** One cell of a table row: between its pipes, and its trimmed content. */
export interface Cell {
  readonly span: Span;
  readonly content: Span;
}

/** The cells of a table row `text[start, end)`, split on pipes that are not escaped. */
export function rowCells(text: string, start: number, end: number): Cell[] {
  let from = start;
  while (from < end && (text[from] === ' ' || text[from] === '\t')) from++;
  let to = end;
  while (to > from && (text[to - 1] === ' ' || text[to - 1] === '\t')) to--;
  if (text[from] === '|') from++;
  if (to > from && text[to - 1] === '|' && text[to - 2] !== '\\') to--;
  const cells: Cell[] = [];
  let cellStart = from;
  for (let i = from; i <= to; i++) {
    if (i === to || (text[i] === '|' && text[i - 1] !== '\\')) {
      let a = cellStart;
      let b = i;
      while (a < b && (text[a] === ' ' || text[a] === '\t')) a++;
      while (b > a && (text[b - 1] === ' ' || text[b - 1] === '\t')) b--;
      cells.push({ span: { start: cellStart, end: i }, content: { start: a, end: b } });
      cellStart = i + 1;
    }
  }
  return cells;
}

/**
 * Characters a monospace editor shows two columns wide: the East Asian wide and fullwidth ranges (CJK, kana,
 * Hangul, fullwidth forms) and emoji shown as emoji. Formatters that align tables (Prettier, the editors'
 * own) count these twice, so a column they aligned is as wide in every row by this count, not by length.
 */
const WIDE =
  /[\u1100-\u115F\u231A\u231B\u2329\u232A\u23E9-\u23EC\u23F0\u23F3\u25FD\u25FE\u2614\u2615\u2648-\u2653\u267F\u2693\u26A1\u26AA\u26AB\u26BD\u26BE\u26C4\u26C5\u26CE\u26D4\u26EA\u26F2\u26F3\u26F5\u26FA\u26FD\u2705\u270A\u270B\u2728\u274C\u274E\u2753-\u2755\u2757\u2795-\u2797\u27B0\u27BF\u2B1B\u2B1C\u2B50\u2B55\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{1B2FF}\u{1F004}\u{1F0CF}\u{1F18E}\u{1F191}-\u{1F19A}\u{1F200}-\u{1F2FF}\u{1F300}-\u{1F64F}\u{1F680}-\u{1F6FF}\u{1F7E0}-\u{1F7EB}\u{1F90C}-\u{1F9FF}\u{1FA70}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;
/** Characters shown in no column of their own: combining marks, format characters (the emoji joiner), variation selectors. */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}\uFE00-\uFE0F]/u;
/** Plain printable ASCII: one column a character, the common case, counted without a look at each one. */
const NARROW = /^[\x20-\x7E]*$/;

/**
 * How many columns `text` takes in a monospace editor: a wide character two, a combining one none, and an
 * emoji joined to the one before it (`👩‍💻`, one picture) none of its own.
 */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let width = 0;
  let joined = false;
  for (const char of text) {
    if (!joined) width += WIDE.test(char) ? 2 : ZERO_WIDTH.test(char) ? 0 : 1;
    joined = char === '\u200D';
  }
  return width;
}

/** How wide a cell's text is, by which a table's columns are aligned. */
export type Measure = (text: string) => number;

/**
 * What an aligned table's cells can be equally wide by, in the order tried: their display width, as formatters
 * and editors align a column (and as a column of plain ASCII is, by either count, so a wide value written into
 * it is padded as it shows), else their length, as a tool that pads by characters writes them.
 */
export const ALIGNMENT_MEASURES: readonly Measure[] = [displayWidth, (text) => text.length];

/** `text` with blanks after it up to `width` by `measure`, as `padEnd` does by length. */
export function padTo(text: string, width: number, measure: Measure): string {
  return text + ' '.repeat(Math.max(0, width - measure(text)));
}

const SEPARATOR_CELL = /^:?-+:?$/;

/** Whether the row `text[start, end)` is a table's separator: every cell dashes, with a colon at either end for the alignment. */
export function isSeparatorRow(text: string, start: number, end: number): boolean {
  return rowCells(text, start, end).every((c) => SEPARATOR_CELL.test(text.slice(c.content.start, c.content.end)));
}

/** A list item, a quote, a heading or a code fence: a line that starts a block of its own, so no table row. */
const OWN_BLOCK = /^(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|>|#{1,6}(?:[ \t]|$)|```|~~~)/;

/** Whether the line `text[from, end)` (from its first non-blank) may be a table line: one with a leading pipe, or a row written without (pipelessRow). */
export function mayBeTableLine(text: string, from: number, end: number): boolean {
  return text[from] === '|' || pipelessRow(text, from, end);
}

/** Whether the line `text[from, end)` (from its first non-blank) may be a row written without a leading pipe (`T-1 | Docs | todo`). */
function pipelessRow(text: string, from: number, end: number): boolean {
  let pipe = false;
  for (let k = from; k < end && !pipe; k++) pipe = text.charCodeAt(k) === 124 && text.charCodeAt(k - 1) !== 92;
  return pipe && !OWN_BLOCK.test(text.slice(from, Math.min(end, from + 12)));
}

/** Whether `separator` confirms `header` as a table's first line: a separator row holding a pipe, with as many cells. */
function confirms(text: string, header: Span, separator: Span): boolean {
  let from = separator.start;
  while (from < separator.end && from - separator.start <= 3 && (text[from] === ' ' || text[from] === '\t')) from++;
  if (from - separator.start > 3 || !mayBeTableLine(text, from, separator.end)) return false;
  return isSeparatorRow(text, from, separator.end) && rowCells(text, from, separator.end).length === rowCells(text, header.start, header.end).length;
}

/**
 * What the line `text[from, end)` (from its first non-blank, at most three blanks in) is to the table whose lines
 * `rows` were read just above it (none when there is none): `'row'` when it goes on with that table, `'new'` when
 * it starts one, undefined when it is no table line. A line with a leading pipe is a table line (the reader checks
 * the separator once the table ends). One without is a table line only where a separator confirms it, as GitHub
 * renders it: a row of a table whose separator is read, the separator under its header, or a header whose next line
 * is its separator with as many cells. Without that, `Use a | b for alternatives` is a paragraph.
 */
export function tableLine(text: string, from: number, end: number, rows: readonly Span[]): 'row' | 'new' | undefined {
  if (text[from] === '|') return rows.length > 0 ? 'row' : 'new';
  if (!pipelessRow(text, from, end)) return undefined;
  const line = { start: from, end };
  if (rows.length >= 2 ? isSeparatorRow(text, rows[1]!.start, rows[1]!.end) : rows.length === 1 && confirms(text, rows[0]!, line)) return 'row';
  const nl = text.indexOf('\n', end);
  if (nl === -1) return undefined;
  let nextEnd = text.indexOf('\n', nl + 1);
  if (nextEnd === -1) nextEnd = text.length;
  if (text[nextEnd - 1] === '\r') nextEnd--;
  return confirms(text, line, { start: nl + 1, end: nextEnd }) ? 'new' : undefined;
}

const ROLE_WORDS: Readonly<Record<string, 'id' | 'title' | 'status' | 'priority' | 'agent'>> = {
  id: 'id',
  '#': 'id',
  key: 'id',
  taskid: 'id',
  ticket: 'id',
  title: 'title',
  task: 'title',
  tasktitle: 'title',
  name: 'title',
  summary: 'title',
  description: 'title',
  item: 'title',
  status: 'status',
  state: 'status',
  priority: 'priority',
  prio: 'priority',
  owner: 'agent',
  assignee: 'agent',
  assignedto: 'agent',
  assignedagent: 'agent',
  agent: 'agent',
  who: 'agent',
};

/**
 * Header words that name what a row is for (`| ID | Feature | Status |`, `| Story | Owner | Status |`): the row's title
 * when no Title, Task, Name, Summary or Item column names the row itself. Beside a Task column they are what its
 * tasks serve (`| Story | Task | Status |`), and a Description beside them describes the feature.
 */
const PURPOSE_WORDS = new Set(['feature', 'story', 'userstory']);

/** A header word as a field key: `Assigned To` → `assigned_to`. */
function fieldKey(header: string): string {
  return header.trim().toLowerCase().replace(/[^\p{L}\p{N}#]+/gu, '_').replace(/^_+|_+$/g, '') || 'column';
}

/** Header words for a field the tools read under its own name: when a task was made (`Created`, `Date Added`). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  created: 'created_at',
  createdon: 'created_at',
  createddate: 'created_at',
  datecreated: 'created_at',
  added: 'created_at',
  dateadded: 'created_at',
};

/**
 * The field key of each column of a table with header cells `header` (`Assigned To` → `assigned_to`; the id, title,
 * status and priority columns by their role, the first column naming each), and the column of each role.
 */
export function columnKeys(text: string, header: readonly Cell[]): { keys: string[]; roles: Map<string, number> } {
  const roles = new Map<string, number>();
  const loose = header.map((c) => text.slice(c.content.start, c.content.end).toLowerCase().replace(/[^a-z#]/g, ''));
  const named = loose.some((w) => ROLE_WORDS[w] === 'title' && w !== 'description');
  const keys = header.map((c, i) => {
    const word = text.slice(c.content.start, c.content.end);
    const role = PURPOSE_WORDS.has(loose[i]!) && !named ? 'title' : ROLE_WORDS[loose[i]!];
    if (role && !roles.has(role)) roles.set(role, i);
    // A second column of a role (a Description beside the Title) is a field of its own name, not a second title.
    const keyed = role === 'status' || role === 'title' || role === 'id' || role === 'priority';
    return keyed && roles.get(role) === i ? role : (FIELD_WORDS[loose[i]!] ?? fieldKey(word));
  });
  return { keys, roles };
}
