// Files whose lines end in CR alone (classic Mac OS, some old exporters).
// Every reader here splits lines on LF, so such a file read as it is is one
// long line: no tasks, no problems, and `check` blind to its moves. It is
// read with each CR as LF instead (one character for one, so every offset
// still points at the same place in the file), and a text written back to it
// gets its CRs back, so the file keeps the line breaks it uses. Files with
// LF or CRLF are not touched: the test is one indexOf that finds an LF early.
// A file that mixes the two (LF lines and CR-only ones) is flagged by lint
// (`lone-cr`), with the fix that ends its CR-only lines like its others.
import type { Problem, TextEdit } from './model';
import { LineIndex } from './text';

/** Whether `text` breaks lines with CR alone: it holds a CR and no LF. */
export function isCrOnly(text: string): boolean {
  return isCrOnlyInPieces([text]);
}

/** The text as the parsers read it: a CR-only text with LF line breaks, any other text as it is. */
export function withLfBreaks(text: string): string {
  return withLfBreaksInPieces([text])[0]!;
}

/** withLfBreaks of the text `pieces` make together, still in pieces: none is joined to another to look. */
export function withLfBreaksInPieces(pieces: readonly string[]): readonly string[] {
  return isCrOnlyInPieces(pieces) ? pieces.map((p) => p.replace(/\r/g, '\n')) : pieces;
}

function isCrOnlyInPieces(pieces: readonly string[]): boolean {
  return !pieces.some((p) => p.includes('\n')) && pieces.some((p) => p.includes('\r'));
}

/** `change` made on `text` as the parsers read it (withLfBreaks); what it returns, with `text`'s own line breaks. */
export function withinLfBreaks(text: string, change: (lf: string) => string | undefined): string | undefined {
  const changed = change(withLfBreaks(text));
  return changed === undefined ? undefined : withBreaksOf(text, changed);
}

/** `text` (read through withLfBreaks from `original`) with the line breaks `original` uses. */
export function withBreaksOf(original: string, text: string): string {
  return isCrOnly(original) ? text.replace(/\r?\n/g, '\r') : text;
}

/**
 * A text whose lines end in LF (or CRLF) but for some that end in CR alone, as an old exporter or a tool that wrote
 * CR-only lines into an LF file leaves it: the lines those CRs end read as one, so the tasks on them are not seen.
 * One warning, at the first such CR, with the fix that ends each of them as most of the file's other lines end (LF,
 * or CRLF). A CR-only text is read with LF breaks before it gets here (withLfBreaks): none then.
 */
export function loneCrProblems(file: string, text: string): Problem[] {
  const first = text.indexOf('\r');
  if (first === -1) return [];
  const lone: number[] = [];
  let crlf = 0;
  for (let at = first; at !== -1; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) === 10) crlf++;
    else lone.push(at);
  }
  if (lone.length === 0) return [];
  let lf = -crlf;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lf++;
  // The ending most of the file's other lines have.
  const eol = crlf > lf ? '\r\n' : '\n';
  // One edit from the first to the last: a board of a million CR-only lines is not a million edit objects.
  const start = lone[0]!;
  const end = lone[lone.length - 1]! + 1;
  const edits: TextEdit[] = [{ start, end, newText: text.slice(start, end).replace(/\r(?!\n)/g, eol) }];
  const line = new LineIndex(text).lineAt(start) + 1;
  const count = lone.length === 1 ? 'a line ends' : `${lone.length} lines end`;
  return [
    {
      code: 'lone-cr',
      severity: 'warning',
      message: `${file}:${line}: ${count} in a CR alone (an old Mac line end) where the file's other lines end in ${eol === '\n' ? 'LF' : 'CRLF'}; the lines such a CR ends read as one, so the tasks on them are not seen`,
      span: { start, end: start + 1 },
      fixes: [{ title: `End ${lone.length === 1 ? 'that line' : `those ${lone.length} lines`} in ${eol === '\n' ? 'LF' : 'CRLF'} like the others`, edits, preferred: true, alone: true }],
    },
  ];
}
