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
 * The text with its lone CRs read as its lines mean them, one character for one: a CR that ends a line alone (not
 * part of a CRLF) as LF, the line VS Code and git's users see; a CR right before a CRLF (`\r\r\n`, a CRLF
 * converted again) as a space, so the line ends once and its value carries no CR. For comparing two texts' tasks
 * (`check`), where a line-end fix between them must not make the tasks it makes readable look new; never for a
 * text written back, whose CRs stay (loneCrProblems offers to change them).
 */
export function withLoneCrsAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r+(?=\r\n)/g, (crs) => ' '.repeat(crs.length)).replace(/\r(?!\n)/g, '\n') : text;
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
 * A CR right before a CRLF (`\r\r\n`, a CRLF written again through a conversion to CRLF) joins no lines: the line
 * reads with a CR at its end, which a value on it keeps (`high\r`, a quoted title that no longer parses). The
 * warning counts such line ends apart, and the fix removes those CRs: each line end becomes the CRLF it was, not a
 * CRLF and a blank line as VS Code, which breaks lines at a CR too, shows and saves it.
 */
export function loneCrProblems(file: string, text: string): Problem[] {
  const first = text.indexOf('\r');
  if (first === -1) return [];
  const lone: number[] = [];
  /** For each of `lone`, whether it stands in a run of CRs right before a CRLF (it is then removed). */
  const extra: boolean[] = [];
  let crlf = 0;
  let alone = 0;
  /** Line ends that are CRs and a CRLF (`\r\r\n`, `\r\r\r\n`): counted once each. */
  let doubledEnds = 0;
  for (let at = first; at !== -1; at = text.indexOf('\r', at + 1)) {
    if (text.charCodeAt(at + 1) === 10) {
      crlf++;
      continue;
    }
    let next = at + 1;
    while (text.charCodeAt(next) === 13) next++;
    const doubled = text.charCodeAt(next) === 10;
    lone.push(at);
    extra.push(doubled);
    if (!doubled) alone++;
    else if (text.charCodeAt(at - 1) !== 13) doubledEnds++;
  }
  if (lone.length === 0) return [];
  let lf = -crlf;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lf++;
  // The ending most of the file's other lines have.
  const eol = crlf > lf ? '\r\n' : '\n';
  const eolName = eol === '\n' ? 'LF' : 'CRLF';
  const line = new LineIndex(text).lineAt(lone[0]!) + 1;
  const lines = (n: number) => (n === 1 ? 'a line ends' : `${n} lines end`);
  const saysAlone = `${lines(alone)} in a CR alone (an old Mac line end) where the file's other lines end in ${eolName}; the lines such a CR ends read as one, so the tasks on them are not seen`;
  const saysDoubled = `${lines(doubledEnds)} in CR CR LF (a CRLF line end converted to CRLF a second time); the extra CR reads as the line's last character, so a value on such a line ends in a CR`;
  const message = alone === 0 ? saysDoubled : doubledEnds === 0 ? saysAlone : `${saysAlone}; and ${saysDoubled.replace(/^a line ends/, 'one more ends').replace(/^(\d+) lines end/, '$1 more end')}`;
  const ends = alone === 0 ? '' : `End ${alone === 1 ? 'that line' : `those ${alone} lines`} in ${eolName} like the others`;
  const removes = doubledEnds === 0 ? '' : `${ends ? 'remove' : 'Remove'} the extra CR from ${doubledEnds === 1 ? 'the line end in CR CR LF' : `the ${doubledEnds} line ends in CR CR LF`}`;
  return [
    {
      code: 'lone-cr',
      severity: 'warning',
      message: `${file}:${line}: ${message}`,
      span: { start: lone[0]!, end: lone[0]! + 1 },
      fixes: [{ title: [ends, removes].filter(Boolean).join(', and '), edits: [withoutLoneCrs(text, lone, (i) => (extra[i] ? '' : eol))], preferred: true, alone: true }],
    },
  ];
}

/**
 * One edit from the first of the `lone` CRs to the last, the i-th replaced by `by(i)`: a board of a million CR-only
 * lines is not a million edit objects.
 */
function withoutLoneCrs(text: string, lone: readonly number[], by: (i: number) => string): TextEdit {
  const start = lone[0]!;
  const parts: string[] = [];
  let from = start;
  for (let i = 0; i < lone.length; i++) {
    parts.push(text.slice(from, lone[i]), by(i));
    from = lone[i]! + 1;
  }
  return { start, end: from, newText: parts.join('') };
}
