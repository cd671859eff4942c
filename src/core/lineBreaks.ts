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

/**
 * The text with every CR that ends a line alone (not part of a CRLF) read as LF, one character for one: a file
 * that mixes CR-only lines with LF lines as VS Code and git's users see it, line for line. For comparing two
 * texts' tasks (`check`), where a line-end fix between them must not make the tasks it makes readable look new;
 * never for a text written back, whose CRs stay (loneCrProblems offers to change them).
 */
export function withLoneCrsAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
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
 *
 * When every such CR stands right before a CRLF (`\r\r\n`, a CRLF written again through a conversion to CRLF),
 * the CRs join no lines: each line reads with a CR at its end, which a value on it keeps (`high\r`, a quoted title
 * that no longer parses). The warning says so, and its fix removes those CRs: the line ends become the CRLF they
 * were, not a CRLF and a blank line as VS Code, which breaks lines at a CR too, shows and saves them.
 */
export function loneCrProblems(file: string, text: string): Problem[] {
  const first = text.indexOf('\r');
  if (first === -1) return [];
  const lone: number[] = [];
  let crlf = 0;
  /** Line ends that are CRs and a CRLF (`\r\r\n`, `\r\r\r\n`): counted once each. */
  let doubledEnds = 0;
  let allDoubled = true;
  for (let at = first; at !== -1; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) === 10) {
      crlf++;
      continue;
    }
    lone.push(at);
    let next = at + 1;
    while (text.charCodeAt(next) === 13) next++;
    if (text.charCodeAt(next) !== 10) allDoubled = false;
    else if (text.charCodeAt(at - 1) !== 13) doubledEnds++;
  }
  if (lone.length === 0) return [];
  let lf = -crlf;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lf++;
  // The ending most of the file's other lines have.
  const eol = crlf > lf ? '\r\n' : '\n';
  const line = new LineIndex(text).lineAt(lone[0]!) + 1;
  if (allDoubled) {
    const count = doubledEnds === 1 ? 'a line ends' : `${doubledEnds} lines end`;
    return [
      {
        code: 'lone-cr',
        severity: 'warning',
        message: `${file}:${line}: ${count} in CR CR LF (a CRLF line end converted to CRLF a second time); the extra CR reads as the line's last character, so a value on such a line ends in a CR`,
        span: { start: lone[0]!, end: lone[0]! + 1 },
        fixes: [{ title: `Remove the extra CR from ${doubledEnds === 1 ? 'that line end' : `those ${doubledEnds} line ends`}`, edits: [withoutLoneCrs(text, lone, '')], preferred: true, alone: true }],
      },
    ];
  }
  const count = lone.length === 1 ? 'a line ends' : `${lone.length} lines end`;
  return [
    {
      code: 'lone-cr',
      severity: 'warning',
      message: `${file}:${line}: ${count} in a CR alone (an old Mac line end) where the file's other lines end in ${eol === '\n' ? 'LF' : 'CRLF'}; the lines such a CR ends read as one, so the tasks on them are not seen`,
      span: { start: lone[0]!, end: lone[0]! + 1 },
      fixes: [{ title: `End ${lone.length === 1 ? 'that line' : `those ${lone.length} lines`} in ${eol === '\n' ? 'LF' : 'CRLF'} like the others`, edits: [withoutLoneCrs(text, lone, eol)], preferred: true, alone: true }],
    },
  ];
}

/**
 * One edit from the first of the `lone` CRs to the last, each replaced by `by`: a board of a million CR-only lines
 * is not a million edit objects.
 */
function withoutLoneCrs(text: string, lone: readonly number[], by: string): TextEdit {
  const start = lone[0]!;
  const parts: string[] = [];
  let from = start;
  for (const at of lone) {
    parts.push(text.slice(from, at), by);
    from = at + 1;
  }
  return { start, end: from, newText: parts.join('') };
}
