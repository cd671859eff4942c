// Files whose lines end in CR alone (classic Mac OS, some old exporters).
// Every reader here splits lines on LF, so such a file read as it is is one
// long line: no tasks, no problems, and `check` blind to its moves. It is
// read with each CR as LF instead (one character for one, so every offset
// still points at the same place in the file), and a text written back to it
// gets its CRs back, so the file keeps the line breaks it uses. Files with
// LF or CRLF are not touched: the test is one indexOf that finds an LF early.

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
