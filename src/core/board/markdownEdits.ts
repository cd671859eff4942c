// Minimal edits on checkbox items and table rows (docs/architecture.md, "Writing files"): a box ticked or
// unticked, an item cut and pasted under another status heading, a table cell rewritten with the column's
// padding kept. Every other byte stays.
import type { BoardSection, BoardTask, Status, TextEdit } from '../model';
import { rowCells } from './tableCells';

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
): TextEdit[] {
  const box = task.checkbox!;
  const newBox = target === 'done' ? '[x]' : '[ ]';
  const agentText = agent && !task.assignedAgent ? ` @${agent}` : '';
  const section = task.statusFrom === 'heading' && task.status !== target ? sections?.get(target) : undefined;
  if (!section) {
    const edits: TextEdit[] = [];
    if ((text.slice(box.span.start, box.span.end) !== '[ ]') !== (target === 'done')) edits.push({ ...box.span, newText: newBox });
    if (agentText) edits.push({ start: task.titleSpan.end, end: task.titleSpan.end, newText: agentText });
    return edits;
  }
  const lineStart = text.lastIndexOf('\n', task.span.start - 1) + 1;
  const end = task.span.end;
  const breakLen = text.startsWith('\r\n', end) ? 2 : text.startsWith('\n', end) ? 1 : 0;
  let lines = text.slice(lineStart, end);
  const at = (offset: number): number => offset - lineStart;
  lines = lines.slice(0, at(task.titleSpan.end)) + agentText + lines.slice(at(task.titleSpan.end));
  lines = lines.slice(0, at(box.span.start)) + newBox + lines.slice(at(box.span.end));
  // The last line of the file has no break after it: the break before it goes instead.
  const cut: TextEdit =
    breakLen > 0 || lineStart === 0
      ? { start: lineStart, end: end + breakLen, newText: '' }
      : { start: lineStart - (text[lineStart - 2] === '\r' ? 2 : 1), end, newText: '' };
  return [cut, { start: section.insertAt, end: section.insertAt, newText: eol + lines }].sort((a, b) => a.start - b.start);
}

interface RowPlace {
  readonly start: number;
  readonly end: number;
}

/** The lines of the table the offset's row belongs to: the run of `|` lines around it. */
function tableRows(text: string, offset: number): RowPlace[] {
  const isRow = (start: number, end: number): boolean => /^[ \t]{0,3}\|/.test(text.slice(start, end));
  const lineAt = (from: number): RowPlace => {
    const start = text.lastIndexOf('\n', from - 1) + 1;
    let end = text.indexOf('\n', from);
    if (end === -1) end = text.length;
    if (end > start && text[end - 1] === '\r') end--;
    return { start, end };
  };
  const rows: RowPlace[] = [lineAt(offset)];
  for (let prev = rows[0]!.start - 1; prev > 0; ) {
    const row = lineAt(prev);
    if (!isRow(row.start, row.end)) break;
    rows.unshift(row);
    prev = row.start - 1;
  }
  for (let next = text.indexOf('\n', rows[rows.length - 1]!.end); next !== -1 && next + 1 < text.length; ) {
    const row = lineAt(next + 1);
    if (!isRow(row.start, row.end)) break;
    rows.push(row);
    next = text.indexOf('\n', row.end);
  }
  return rows;
}

/**
 * Edits writing `value` into the task row's `key` cell. In an aligned table (every row's cell in that column
 * equally wide) the cell keeps its width, padded with spaces; a value too wide for it widens the column in
 * every row, the separator with dashes. Otherwise only the cell's text changes.
 */
export function tableCellEdits(text: string, task: BoardTask, key: string, value: string): TextEdit[] {
  const field = task.fieldSpans.get(key);
  if (!field) return [];
  const rows = tableRows(text, task.span.start);
  const cellsOf = rows.map((r) => rowCells(text, r.start, r.end));
  const mine = rowCells(text, task.span.start, task.span.end);
  const column = mine.findIndex((c) => c.span.start === field.keySpan.start);
  if (column < 0) return [];
  const width = field.keySpan.end - field.keySpan.start;
  const aligned = cellsOf.every((cells) => cells[column] !== undefined && cells[column]!.span.end - cells[column]!.span.start === width);
  const current = text.slice(field.valueSpan.start, field.valueSpan.end);
  if (current === value) return [];
  if (!aligned) {
    if (field.valueSpan.start === field.valueSpan.end) return [{ ...field.keySpan, newText: value === '' ? text.slice(field.keySpan.start, field.keySpan.end) : ` ${value} ` }];
    return [{ ...field.valueSpan, newText: value }];
  }
  const needed = value.length + 2;
  if (needed <= width) return [{ ...field.keySpan, newText: ` ${value}`.padEnd(width) }];
  const edits: TextEdit[] = [{ ...field.keySpan, newText: ` ${value} ` }];
  const extra = needed - width;
  cellsOf.forEach((cells, i) => {
    const cell = cells[column]!;
    if (rows[i]!.start === task.span.start) return;
    const raw = text.slice(cell.span.start, cell.span.end);
    const separator = i === 1 && /^\s*:?-+:?\s*$/.test(raw);
    const at = separator && raw.endsWith(' ') ? cell.span.end - 1 : cell.span.end;
    edits.push({ start: at, end: at, newText: (separator ? '-' : ' ').repeat(extra) });
  });
  return edits.sort((a, b) => a.start - b.start);
}
