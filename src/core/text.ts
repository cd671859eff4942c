// Offsets, lines and edits over plain text.
import type { Span, TextEdit } from './model';

/** Maps offsets to 0-based line/character positions and back. Built once per text. */
export class LineIndex {
  private readonly starts: ArrayLike<number>;

  /** `starts`: lineStartsOf(text), when they were found elsewhere (a worker that read the text). */
  constructor(
    private readonly text: string,
    starts?: ArrayLike<number>,
  ) {
    this.starts = starts ?? lineStartsOf(text);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line containing `offset`. */
  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; character: number } {
    const line = this.lineAt(offset);
    return { line, character: offset - this.starts[line]! };
  }

  offsetAt(line: number, character: number): number {
    if (line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[line]! + character, this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)]!;
  }

  /** Offset of the line's end, before its `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return next > this.lineStart(line) && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }
}

/** Where each line of `text` starts: 0, then after each `\n`. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** Applies non-overlapping edits (in any order) and returns the new text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new RangeError(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/**
 * The line break at `at` (`\r\n` or `\n`), where a line ends; `fallback` at the end of the text. What a line
 * inserted there ends its neighbour with, so a file whose lines end differently keeps each line's own ending.
 */
export function breakAt(text: string, at: number, fallback: string): string {
  return text.startsWith('\r\n', at) ? '\r\n' : text.charCodeAt(at) === 10 ? '\n' : fallback;
}

/** The line break that ends the line before offset `at` (a line start), `fallback` when there is none. */
export function breakBefore(text: string, at: number, fallback: string): string {
  const nl = text.lastIndexOf('\n', at - 1);
  return nl === -1 ? fallback : nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}

/**
 * A ticked box as the file writes them: `[X]` when its ticked items all use the capital, else `[x]`. It reads the
 * whole text: a caller that asks for many items of one text asks once.
 */
export function tickLike(text: string): '[x]' | '[X]' {
  return /^\ufeff?[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[X\]/m.test(text) && !/^\ufeff?[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[x\]/m.test(text) ? '[X]' : '[x]';
}

/** `\r\n` when the text's first line break is one, else `\n`. */
export function detectEol(text: string): '\n' | '\r\n' {
  const at = text.indexOf('\n');
  return at > 0 && text.charCodeAt(at - 1) === 13 ? '\r\n' : '\n';
}

/** `text` with every character a regular expression gives a meaning escaped, to match it as it is. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
