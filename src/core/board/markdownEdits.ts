// Minimal edits on checkbox items and table rows (docs/architecture.md, "Writing files"): a box ticked or
// unticked, an item cut and pasted under another status heading, a table cell rewritten with the column's
// padding kept. Every other byte stays.
import { DEFAULT_LIFECYCLE, lastStatus, statusTitleCase, type Lifecycle } from '../lifecycleModel';
import type { BoardSection, BoardTask, ParsedBoard, Span, Status, TextEdit } from '../model';
import { breakAt, tickLike } from '../text';
import { ALIGNMENT_MEASURES, columnKeys, mayBeTableLine, padTo, rowCells, tableLine, type Cell, type Measure } from './tableCells';
import { holderMention } from './agentMention';
import { pushAll } from '../arrays';
import { statusMarkOf } from '../checklist/sectionHeadings';

/**
 * A checkbox item moved to `target`: its box ticked for done and unticked otherwise, `@agent` added to its
 * first line when given and it names none, and, when its status is its heading and the board has a heading
 * for `target`, its lines cut and pasted after the last item of that section.
 */
export function checkboxMoveEdits(
  text: string,
  task: BoardTask,
  target: Status,
  sections: ReadonlyMap<Status, BoardSection> | undefined,
  eol: string,
  agent?: string,
  lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
  dropAgent = false,
): TextEdit[] {
  const box = task.checkbox!;
  const done = target === lastStatus(lifecycle);
  // An item already ticked keeps its own box; a new tick is written as the file writes them.
  const newBox = !done ? '[ ]' : box.checked ? text.slice(box.span.start, box.span.end) : tickLike(text);
  // An item that names another agent is given to `agent` as a table row or a YAML item is: the other's mention
  // goes (as a release takes it out) and `agent`'s is added.
  // A mention inside the title is the author's words: a claim leaves it and adds its own at the end, which is read
  // as the holder then; only a release takes its `@` out.
  const other = agent !== undefined && task.assignedAgent !== undefined && task.assignedAgent !== agent;
  const mention = dropAgent || other ? agentMention(text, task) : undefined;
  const drop = mention && (dropAgent || mention.last) ? mention.span : undefined;
  const agentText = agent && (!task.assignedAgent || other) ? ` @${agent}` : '';
  const section = task.statusFrom === 'heading' && task.status !== target ? sections?.get(target) : undefined;
  if (!section) {
    const edits: TextEdit[] = [];
    if ((text.slice(box.span.start, box.span.end) !== '[ ]') !== done) edits.push({ ...box.span, newText: newBox });
    if (agentText) edits.push({ start: task.titleSpan.end, end: task.titleSpan.end, newText: agentText });
    if (drop) edits.push({ ...drop, newText: '' });
    return edits;
  }
  const lineStart = text.lastIndexOf('\n', task.span.start - 1) + 1;
  const end = task.span.end;
  let lines = text.slice(lineStart, end);
  const at = (offset: number): number => offset - lineStart;
  // From the end back, so that each edit's offsets still hold: the mention added, the old one taken out, the box.
  lines = lines.slice(0, at(task.titleSpan.end)) + agentText + lines.slice(at(task.titleSpan.end));
  if (drop) lines = lines.slice(0, at(drop.start)) + lines.slice(at(drop.end));
  lines = lines.slice(0, at(box.span.start)) + newBox + lines.slice(at(box.span.end));
  return [cutLines(text, lineStart, end), { start: section.insertAt, end: section.insertAt, newText: breakAt(text, section.insertAt, eol) + lines }].sort((a, b) => a.start - b.start);
}

/**
 * What a release takes out so that a checkbox item is free again: the `@agent` naming its holder at the end of its
 * title, with the blank before it (what a claim or start wrote); for a mention inside the title, only its `@`, so the
 * author's words stay (`Pair with @bob on auth` becomes `Pair with bob on auth`).
 */
function agentMention(text: string, task: BoardTask): { readonly span: Span; readonly last: boolean } | undefined {
  const from = task.checkbox!.span.end;
  // The holder's mention, found as the parse finds it (see markdownTasks.ts).
  const mention = holderMention(text.slice(from, task.titleSpan.end));
  if (!mention || mention.name !== task.assignedAgent) return undefined;
  const at = from + mention.at;
  if (mention.last && /\s/.test(text[at - 1] ?? '')) return { span: { start: at - 1, end: from + mention.end }, last: true };
  return { span: { start: at, end: at + 1 }, last: mention.last };
}

/** Removes the whole lines `[lineStart, end)` with their line break; the last line of the file takes the break before it. */
function cutLines(text: string, lineStart: number, end: number): TextEdit {
  const breakLen = text.startsWith('\r\n', end) ? 2 : text.startsWith('\n', end) ? 1 : 0;
  if (breakLen > 0 || lineStart === 0) return { start: lineStart, end: end + breakLen, newText: '' };
  return { start: lineStart - (text[lineStart - 2] === '\r' ? 2 : 1), end, newText: '' };
}

interface RowPlace {
  readonly start: number;
  readonly end: number;
}

/**
 * The lines of the table the offset's line belongs to, none when it is no table line. Read as the parse reads them
 * (tableLine): from the first of the lines around it that may belong to a table, down to the end of its table.
 */
function tableRows(text: string, offset: number): RowPlace[] {
  const lineAt = (from: number): RowPlace => {
    let start = text.lastIndexOf('\n', from - 1) + 1;
    if (start === 0 && text.startsWith('\ufeff')) start = 1; // the row starts after the file's BOM
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    if (end > start && text[end - 1] === '\r') end--;
    return { start, end };
  };
  const indented = (row: RowPlace): number => row.start + /^[ \t]*/.exec(text.slice(row.start, row.end))![0].length;
  const kind = (row: RowPlace, rows: readonly RowPlace[]): 'row' | 'new' | undefined => {
    const from = indented(row);
    return from - row.start <= 3 ? tableLine(text, from, row.end, rows) : undefined;
  };
  const mine = lineAt(offset);
  let first = mine;
  // Up over the lines that may be table lines: where the table starts is read going down.
  for (let prev = first.start - 1; prev > 0; ) {
    const row = lineAt(prev);
    const from = indented(row);
    if (from - row.start > 3 || !mayBeTableLine(text, from, row.end)) break;
    first = row;
    prev = row.start - 1;
  }
  let rows: RowPlace[] = [];
  for (let row: RowPlace | undefined = first; row; ) {
    const k = kind(row, rows);
    if (row.start > mine.start && k !== 'row') break;
    if (k === 'row') rows.push(row);
    else rows = k === 'new' ? [row] : [];
    const nl = text.indexOf('\n', row.end);
    row = nl === -1 ? undefined : lineAt(nl + 1);
  }
  return rows;
}

/**
 * What the task's table writes in an empty `key` cell: `-` (or a dash like it) when its other rows write one there
 * and none leaves it blank, else nothing.
 */
export function emptyCellWord(text: string, task: BoardTask, key: string): string {
  const field = task.fieldSpans.get(key);
  if (!field) return '';
  const column = rowCells(text, task.span.start, task.span.end).findIndex((c) => c.span.start === field.keySpan.start);
  if (column < 0) return '';
  return emptyWordOfColumn(text, task, column);
}

/** What column `column` of `task`'s table writes in an empty cell (see emptyCellWord); `ownRowToo`: `task`'s row counts. */
export function emptyWordOfColumn(text: string, task: BoardTask, column: number, ownRowToo = false): string {
  const words = new Set<string>();
  // The header and the separator are no rows of tasks.
  for (const row of tableRows(text, task.span.start).slice(2)) {
    if (row.start === task.span.start && !ownRowToo) continue;
    const cell = rowCells(text, row.start, row.end)[column];
    if (cell) words.add(text.slice(cell.content.start, cell.content.end).trim());
  }
  if (words.has('')) return '';
  return ['-', '—', '–'].find((dash) => words.has(dash)) ?? '';
}

/**
 * Edits writing `value` into the task row's `key` cell. In an aligned table (every row's cell in that column
 * equally wide) the cell keeps its width, padded with spaces; a value too wide for it widens the column in
 * every row, the separator with dashes. Otherwise only the cell's text changes.
 */
export function tableCellEdits(text: string, task: BoardTask, key: string, value: string): TextEdit[] {
  const field = task.fieldSpans.get(key);
  if (!field) return missingCellEdits(text, task, key, value);
  const rows = tableRows(text, task.span.start);
  const cellsOf = rows.map((r) => rowCells(text, r.start, r.end));
  const mine = rowCells(text, task.span.start, task.span.end);
  const column = mine.findIndex((c) => c.span.start === field.keySpan.start);
  if (column < 0) return [];
  const raw = (cell: Cell): string => text.slice(cell.span.start, cell.span.end);
  const own = text.slice(field.keySpan.start, field.keySpan.end);
  const measure = ALIGNMENT_MEASURES.find((m) => cellsOf.every((cells) => cells[column] !== undefined && m(raw(cells[column]!)) === m(own)));
  const current = text.slice(field.valueSpan.start, field.valueSpan.end);
  if (current === value) return [];
  // A row written without outer pipes (`kim | Docs | todo`) has none before its first cell and none after its last:
  // no blank to keep there, and nothing after the last to keep in line. Emptied, such a cell would be no cell at all
  // (the next one would take its place): it gets the pipe it lacks.
  const opened = text[field.keySpan.start - 1] === '|';
  const closed = text[field.keySpan.end] === '|';
  if (value === '' && !(opened && closed)) return [{ ...field.keySpan, newText: opened ? ' |' : '| ' }];
  if (!closed) return [{ ...field.keySpan, newText: ` ${value}` }];
  if (!measure) {
    if (field.valueSpan.start === field.valueSpan.end) return [{ ...field.keySpan, newText: value === '' ? text.slice(field.keySpan.start, field.keySpan.end) : ` ${value} ` }];
    if (value !== '') return [{ ...field.valueSpan, newText: value }];
    // Emptied, the cell is written as the column's other empty cells are (`| |` when none is), not as the blanks
    // that stood around its text.
    const empty = cellsOf.map((cells) => cells[column]).find((c) => c !== undefined && c.content.start === c.content.end && c.span.start !== field.keySpan.start);
    return [{ ...field.keySpan, newText: empty ? text.slice(empty.span.start, empty.span.end) : ' ' }];
  }
  const cell = opened ? ` ${value}` : value;
  const width = measure(own);
  const needs = measure(cell) + 1;
  if (needs <= width) return [{ ...field.keySpan, newText: padTo(cell, width, measure) }];
  const others = cellsOf.filter((_, i) => rows[i]!.start !== task.span.start);
  const edits = [{ ...field.keySpan, newText: `${cell} ` }, ...widenColumn(text, others, column, needs - width)];
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * A row written with fewer cells than its header (`| T-1 | Docs | Todo |` under `| ID | Task | Status | Owner |`)
 * given `value` in a column it lacks: the cells up to it are added at the row's end, empty but for that one, in the
 * row's style (its closing pipe, or none). Nothing when the table has no such column, or `value` is empty.
 */
function missingCellEdits(text: string, task: BoardTask, key: string, value: string): TextEdit[] {
  if (value === '') return [];
  const column = headerKeys(text, task).indexOf(key);
  const cells = rowCells(text, task.span.start, task.span.end).length;
  if (column < cells) return [];
  let end = task.span.end;
  while (end > task.span.start && /[ \t\r]/.test(text[end - 1]!)) end--;
  const closed = text[end - 1] === '|';
  let added = '';
  for (let i = cells; i <= column; i++) added += closed ? (i === column ? ` ${value} |` : ' |') : i === column ? ` | ${value}` : ' |';
  return [{ start: end, end, newText: added }];
}

/** The field key of each column of `task`'s table, read from its header as the parse reads it (columnKeys). */
function headerKeys(text: string, task: BoardTask): string[] {
  const header = tableRows(text, task.span.start)[0];
  return header && header.start !== task.span.start ? columnKeys(text, rowCells(text, header.start, header.end)).keys : [];
}

/**
 * The edits widening column `column` of a table by `extra` characters in each of `rows` (each a row's cells, the
 * table's header first and its separator second), or by `extra(i)` in row `i`: blanks at a cell's end, dashes in the
 * separator.
 */
export function widenColumn(text: string, rows: readonly (readonly Cell[])[], column: number, extra: number | ((row: number) => number)): TextEdit[] {
  const edits: TextEdit[] = [];
  rows.forEach((cells, i) => {
    const cell = cells[column];
    const by = typeof extra === 'number' ? extra : extra(i);
    if (!cell || by <= 0) return;
    const raw = text.slice(cell.span.start, cell.span.end);
    const separator = i === 1 && /^\s*:?-+:?\s*$/.test(raw);
    // A separator's dashes go after its last dash: before an alignment colon (`:---:`, `---:`) and any blank.
    const at = separator ? cell.span.start + raw.lastIndexOf('-') + 1 : cell.span.end;
    edits.push({ start: at, end: at, newText: (separator ? '-' : ' ').repeat(by) });
  });
  return edits;
}

/**
 * What every column of a table's `rows` is aligned by (see ALIGNMENT_MEASURES): each cell as wide as the
 * separator's (the second row's) in its column, between its pipes. Undefined when the table is not aligned.
 */
export function tableAlignment(text: string, rows: readonly (readonly Cell[])[]): { measure: Measure; widths: number[] } | undefined {
  const raw = (cell: Cell): string => text.slice(cell.span.start, cell.span.end);
  for (const measure of ALIGNMENT_MEASURES) {
    const widths = rows[1]!.map((c) => measure(raw(c)));
    if (rows.every((cells) => cells.every((c, i) => measure(raw(c)) === widths[i]))) return { measure, widths };
  }
  return undefined;
}

/** The cell texts of a row, lowercased and trimmed: two tables with the same header take each other's rows. */
export function headerWords(text: string, row: RowPlace): string {
  return rowCells(text, row.start, row.end).map((c) => text.slice(c.content.start, c.content.end).trim().toLowerCase()).join('|');
}

/**
 * A table row moved to the table under another status heading, with `cells` (key → value) written into it:
 * the row is cut, and pasted after the last row of the table at `target`, each cell padded to that table's
 * column when it is aligned and the text fits. Undefined when there is no table there or its header differs:
 * the caller then rewrites the cells in place.
 */
export function tableRowMoveEdits(
  text: string,
  task: BoardTask,
  target: BoardSection,
  cells: ReadonlyArray<readonly [string, string]>,
  eol: string,
): TextEdit[] | undefined {
  // The row's new cell texts (no column of the old table is widened).
  const mine = rowCells(text, task.span.start, task.span.end);
  const written = new Map(cells.map(([key, value]) => [task.fieldSpans.get(key)?.keySpan.start, value]));
  const contents = mine.map((c) => written.get(c.span.start) ?? text.slice(c.content.start, c.content.end));
  // A value for a column the row is too short to hold (`| T-1 | Docs | Todo |` under an Owner column): cells up to it.
  const keys = headerKeys(text, task);
  for (const [key, value] of cells) {
    const column = keys.indexOf(key);
    if (task.fieldSpans.has(key) || value === '' || column < contents.length) continue;
    while (contents.length < column) contents.push('');
    contents[column] = value;
  }
  const placed = tableRowInsertEdits(text, task, target.insertAt, contents, eol);
  if (!placed) return undefined;
  const lineStart = text.lastIndexOf('\n', task.span.start - 1) + 1;
  return [cutLines(text, lineStart, task.span.end), ...placed].sort((a, b) => a.start - b.start);
}

/**
 * A row of `contents` (one per column of `model`'s table) inserted at `insertAt`, the end of a line: after the row
 * there when it ends a table of the same header, padded to its columns when they are aligned (a cell too wide widens
 * its column in every row, the separator with dashes); else as the first row of a new table, under `model`'s header
 * and separator, after a blank line. The row has `model`'s outer pipes, or their absence (`T-1 | Docs | todo`); an
 * outer cell left empty takes its pipe, without which it would be no cell. Undefined when `model` is in no table.
 */
export function tableRowInsertEdits(text: string, model: BoardTask, insertAt: number, contents: readonly string[], eol: string): TextEdit[] | undefined {
  const from = tableRows(text, model.span.start);
  if (from.length < 2) return undefined;
  const there = tableRows(text, insertAt - 1);
  // No table of this header there (none yet, or another one): the row starts one. Written into the other table,
  // it would be read by that table's columns.
  const joins = there.length >= 2 && headerWords(text, from[0]!) === headerWords(text, there[0]!);
  const to = joins ? there : from;
  const mine = rowCells(text, model.span.start, model.span.end);
  const toCells = to.map((r) => rowCells(text, r.start, r.end));
  const alignment = joins ? tableAlignment(text, toCells) : undefined;
  const lead = /^[ \t]*/.exec(text.slice(model.span.start, model.span.end))![0];
  const opened = text[model.span.start + lead.length] === '|' || contents[0] === '';
  const closed = text[mine[mine.length - 1]!.span.end] === '|' || contents[contents.length - 1] === '';
  const widen: TextEdit[] = [];
  const cellsOf = toCells.slice(2);
  const parts = contents.map((content, i) => {
    const cell = i > 0 || opened ? ` ${content}` : content;
    if (i === contents.length - 1 && !closed) return cell;
    if (!alignment && content === '') {
      // Empty, as the column's other empty cells are written (`| |` when none is).
      const empty = cellsOf.map((cells) => cells[i]).find((c) => c !== undefined && c.content.start === c.content.end && (i > 0 || opened));
      return empty ? text.slice(empty.span.start, empty.span.end) : ' ';
    }
    const width = alignment?.widths[i];
    if (!alignment || width === undefined) return `${cell} `;
    const needs = alignment.measure(cell) + 1;
    if (needs <= width) return padTo(cell, width, alignment.measure);
    pushAll(widen, widenColumn(text, toCells, i, needs - width));
    return `${cell} `;
  });
  const newRow = `${lead}${opened ? '|' : ''}${parts.join('|')}${closed ? '|' : ''}`;
  const lineBreak = breakAt(text, insertAt, eol);
  const line = (row: RowPlace): string => text.slice(row.start, row.end).replace(/\r$/, '');
  const table = joins ? newRow : `${lineBreak}${line(from[0]!)}${lineBreak}${line(from[1]!)}${lineBreak}${newRow}`;
  return [{ start: insertAt, end: insertAt, newText: lineBreak + table }, ...widen];
}

/** The board's own word for a status in its tables (`In Progress`), else the canonical one in the case its cells use. */
export function tableStatusWord(board: ParsedBoard, status: Status): string {
  const rows = board.tasks.filter((t) => t.shape === 'table-row' && t.statusFrom === 'cell');
  // A cell of words alone: `Todo (after T-2)` says more than the status, which is not another row's to copy.
  // Or a mark alone (`✅`), where the cells are written so.
  const same = rows.find((t) => t.status === status && (/^[\p{L} _-]+$/u.test(t.statusText ?? '') || statusMarkOf(t.statusText ?? '') !== undefined));
  if (same?.statusText) return same.statusText;
  // In the case the cells use, and with a blank between words where they write one (`in progress`).
  const lower = rows.map((t) => t.statusText ?? '').filter((w) => /^[a-z][a-z _-]*$/.test(w));
  if (lower.length > 0) return lower.some((w) => w.includes(' ')) ? status.replace(/_/g, ' ') : status;
  return statusTitleCase(status);
}
