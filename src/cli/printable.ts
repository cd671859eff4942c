// Text from task files shown to a person in a terminal. A title may hold ESC
// (a colour or cursor sequence the terminal would obey), BEL, NUL, a line break
// that would split one row into two, or a bidirectional override that makes
// the row read differently from its bytes. Each is shown as an escape instead:
// `\n`, `\e`, `\x00`, `\u202e`. JSON output needs none of this (JSON escapes).

// After the C0/C1 controls and the line separators, every bidirectional control: the marks (U+061C, U+200E,
// U+200F), the embeddings and overrides (U+202A-E) and the isolates (U+2066-9).
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED[c] ?? escapeCode(c.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
