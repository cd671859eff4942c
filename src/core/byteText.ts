// Task files that are UTF-8 but for a few stray bytes (a Windows-1252 em dash,
// 0x97, pasted into a board that is otherwise UTF-8) are read, not refused,
// and written back byte for byte. Each byte that is not part of valid UTF-8
// becomes one lone surrogate, U+DC80 + (byte - 0x80), as Python's
// "surrogateescape" does: a decoder never produces a lone surrogate from valid
// UTF-8, so `encodeKeepingBytes` can tell them apart and restore the byte.
// Offsets stay one UTF-16 unit per stray byte, so spans and edits work as on
// any text; the parsers see an odd character where the byte was.
import type { Problem } from './model';
import { LineIndex } from './text';

const ESCAPE_BASE = 0xdc00;
/** A lone escape: not the low half of a surrogate pair. */
const LONE_ESCAPE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const LONE_ESCAPES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text of `bytes`, each byte that is not valid UTF-8 kept as its escape. */
export function decodeKeepingBytes(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    // Cut into runs of valid UTF-8 and single stray bytes.
  }
  let out = '';
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceAt(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    out += lenient.decode(bytes.subarray(runStart, i)) + String.fromCharCode(ESCAPE_BASE + bytes[i]!);
    i += 1;
    runStart = i;
  }
  return out + lenient.decode(bytes.subarray(runStart));
}

/** The bytes of `text`, each escape turned back into the byte it stands for. */
export function encodeKeepingBytes(text: string): Uint8Array {
  const encoder = new TextEncoder();
  if (!LONE_ESCAPE.test(text)) return encoder.encode(text);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const m of text.matchAll(LONE_ESCAPES)) {
    parts.push(encoder.encode(text.slice(at, m.index)), Uint8Array.of(m[0].charCodeAt(0) - ESCAPE_BASE));
    at = m.index + 1;
  }
  parts.push(encoder.encode(text.slice(at)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Whether `text` holds bytes that were not UTF-8 (escapes from `decodeKeepingBytes`). */
export function hasStrayBytes(text: string): boolean {
  return LONE_ESCAPE.test(text);
}

/**
 * One `invalid-utf8` warning per line that holds stray bytes, naming the line
 * and the bytes: the file is read and moves keep the bytes, but other tools
 * may not, and the text around them is shown with a replacement character.
 */
export function strayByteProblems(file: string, text: string): Problem[] {
  if (!LONE_ESCAPE.test(text)) return [];
  const lines = new LineIndex(text);
  const problems: Problem[] = [];
  let lastLine = -1;
  for (const m of text.matchAll(LONE_ESCAPES)) {
    const line = lines.lineAt(m.index);
    if (line === lastLine) continue;
    lastLine = line;
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    const bytes = [...text.slice(start, end).matchAll(LONE_ESCAPES)].map((b) => `0x${(b[0].charCodeAt(0) - ESCAPE_BASE).toString(16).toUpperCase()}`);
    const shown = [...new Set(bytes)].join(', ');
    problems.push({
      code: 'invalid-utf8',
      severity: 'warning',
      message:
        `${file}:${line + 1}: this line holds ${bytes.length === 1 ? 'a byte' : `${bytes.length} bytes`} that ${bytes.length === 1 ? 'is' : 'are'} not UTF-8 (${shown}` +
        `${shown === '0x97' ? ', an em dash in Windows-1252' : ''}); the line is read and kept byte for byte, but other tools may show or save it wrongly`,
      span: { start: m.index, end },
      fixes: [],
    });
  }
  return problems;
}

/** The length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function validSequenceAt(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((b0 >= 0xe1 && b0 <= 0xec) || b0 === 0xee || b0 === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
