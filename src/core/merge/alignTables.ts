// Aligned tables after a merge. A claim on an aligned table that writes a
// value wider than its column widens that column in every row, so two agents
// who claim two rows each pad the whole table their own way. The merge takes
// each row from the side that changed it and the header from ours, which
// leaves the columns ragged. A table the merge made (its text is neither
// side's) that a side keeps aligned (the same header words and a row of the
// same first cell) and the merge left ragged is aligned again at its widest
// cells, by adding blanks (dashes in the separator) to the narrower ones:
// nothing is taken out.
import { headerWords, tableAlignment, widenColumn } from '../board/markdownEdits';
import { isSeparatorRow, rowCells, type Cell, type Measure } from '../board/tableCells';
import type { TextEdit } from '../model';
import { applyEdits } from '../text';

interface Row {
  readonly start: number;
  readonly end: number;
  readonly cells: readonly Cell[];
}

/** A table's rows: its header, its separator, then its body. */
type Table = readonly Row[];

/** A row with a pipe at each end, indented at most three columns (more would make it code). */
const PIPED_ROW = /^ {0,3}\|.*[^\\]\|[ \t]*$/;
const FENCE = /^ {0,3}(?:```|~~~)/;

/**
 * The text of a line that is a table row (ends `|`) with its padding made one: its cells trimmed, a separator
 * cell's dashes made one. Two sides that padded a header or separator differently write the same line by this;
 * any other line is itself.
 */
export function paddingFree(line: string): string {
  if (!PIPED_ROW.test(line)) return line;
  const cells = rowCells(line, 0, line.length).map((c) => line.slice(c.content.start, c.content.end).replace(/^(:?)-+(:?)$/, '$1-$2'));
  return `${line.slice(0, line.indexOf('|'))}|${cells.join('|')}|`;
}

/** `merged` with each table that a side (ours first) keeps aligned, and the merge left ragged, aligned again (see the top). */
export function realignTables(merged: string, sides: readonly string[]): string {
  const ragged = tablesOf(merged).filter((table) => !alignment(merged, table));
  if (ragged.length === 0) return merged;
  const sideTables = sides.map((side) => ({ side, tables: tablesOf(side) }));
  /** As a side wrote it: a table the merge took whole from one side is left as it is, ragged or not. */
  const written = new Set(sideTables.flatMap(({ side, tables }) => tables.map((table) => tableText(side, table))));
  const aligned = sideTables.flatMap(({ side, tables }) =>
    tables.flatMap((table) => {
      const measure = alignment(side, table);
      return measure ? [{ key: headerWords(side, table[0]!), rows: firstCells(side, table), measure }] : [];
    }),
  );
  const edits: TextEdit[] = [];
  for (const table of ragged) {
    if (written.has(tableText(merged, table))) continue;
    const key = headerWords(merged, table[0]!);
    const rows = firstCells(merged, table);
    // The same table on a side: its header words, and a row it shares (another table of the board may have the header).
    const measure = aligned.find((a) => a.key === key && [...rows].some((row) => a.rows.has(row)))?.measure;
    if (!measure) continue;
    const cells = table.map((row) => row.cells);
    const width = (cell: Cell): number => measure(merged.slice(cell.span.start, cell.span.end));
    cells[0]!.forEach((_, column) => {
      // Loops, not spreads (Math.max(...), push(...)): a spread of a 130,000-row table's cells overflows the stack.
      let target = 0;
      for (const row of cells) target = Math.max(target, width(row[column]!));
      for (const edit of widenColumn(merged, cells, column, (i) => target - width(cells[i]![column]!))) edits.push(edit);
    });
  }
  return edits.length === 0 ? merged : applyEdits(merged, edits);
}

/** The tables of `text` outside code fences whose every row has a pipe at each end and the header's cells. */
function tablesOf(text: string): Table[] {
  const tables: Table[] = [];
  if (!/^ {0,3}\|/m.test(text)) return tables;
  let block: Row[] = [];
  let fenced = false;
  const close = (): void => {
    const [header, separator] = block;
    if (header && separator && isSeparatorRow(text, separator.start, separator.end) && block.every((r) => r.cells.length === header.cells.length)) tables.push(block);
    block = [];
  };
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = text[end - 1] === '\r' ? end - 1 : end;
    const line = text.slice(start, lineEnd);
    if (FENCE.test(line)) fenced = !fenced;
    if (!fenced && PIPED_ROW.test(line)) block.push({ start, end: lineEnd, cells: rowCells(text, start, lineEnd) });
    else close();
    start = end + 1;
  }
  close();
  return tables;
}

/** What every column of `table` is aligned by (tableAlignment); undefined when ragged. */
function alignment(text: string, table: Table): Measure | undefined {
  return tableAlignment(text, table.map((row) => row.cells))?.measure;
}

/** The table's text, from its header's start to its last row's end. */
function tableText(text: string, table: Table): string {
  return text.slice(table[0]!.start, table[table.length - 1]!.end);
}

/** The first cell of each body row (the id, on a task table). */
function firstCells(text: string, table: Table): Set<string> {
  const cells = new Set<string>();
  for (let i = 2; i < table.length; i++) {
    const cell = table[i]!.cells[0]!;
    cells.add(text.slice(cell.content.start, cell.content.end));
  }
  return cells;
}
