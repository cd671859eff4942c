// The cells of a markdown table row, with where each one is.
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
