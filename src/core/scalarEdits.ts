// Minimal edits on one `key: value` field of a task item. Each touches only the
// value's characters (or inserts one line), so comments, spacing and the
// quoting the author chose survive.
import type { FieldSpan, TextEdit } from './model';

/**
 * A YAML plain scalar when `value` reads back as the same string, else a double-quoted one. It reads back the same
 * in a flow map or list too (`- {TASK_001: …}`, `assigned_to: […]`), where `,[]{}` end a plain value: a bot's
 * `name[bot]` is quoted.
 */
export function plainOrQuoted(value: string): string {
  const plainSafe =
    value !== '' &&
    !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/[\s:]$/.test(value) &&
    !/: |\s#|[\r\n\t,[\]{}]/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(value);
  return plainSafe ? value : JSON.stringify(value);
}

/** `value` written in the quote style of `raw` (the value as it is written now). */
export function quoteLike(raw: string, value: string): string {
  if (raw.startsWith('"')) return JSON.stringify(value);
  if (raw.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return plainOrQuoted(value);
}

/** Replace a field's value with `value`, keeping the quote style of what is there. */
export function setScalarEdit(text: string | undefined, field: FieldSpan, value: string): TextEdit {
  const { start, end } = field.valueSpan;
  if (text === undefined) return { start, end, newText: plainOrQuoted(value) };
  const raw = text.slice(start, end);
  let newText = raw === '' ? plainOrQuoted(value) : quoteLike(raw, value);
  if (start !== end) return { start, end, newText };
  // An empty value: the blanks after it, up to the line's end or a flow item's `,`, were the empty value's; left, they
  // would trail the new one (`assigned_agent: q `). Before a comment they stay, keeping it a comment, and before a
  // flow item's `}` too (`{a: 1 }`: its own spacing, where a move may add fields).
  let to = end;
  while (text[to] === ' ' || text[to] === '\t') to++;
  const next = text[to];
  const blanksEnd = to > end && (next === undefined || next === '\r' || next === '\n' || next === ',') ? to : end;
  // `key:` with nothing after it: the value needs a space after the colon.
  if (text.charCodeAt(start - 1) === 58 /* : */) newText = ` ${newText}`;
  return { start, end: blanksEnd, newText };
}

/**
 * Empty a field's value, keeping its key (`assigned_agent: x` → `assigned_agent:`).
 * The whitespace between the colon and the value goes too; a trailing comment
 * keeps the whitespace that follows the value, so it stays a comment. This is
 * the inverse of `setScalarEdit` on an empty value.
 */
export function clearValueEdit(text: string | undefined, field: FieldSpan): TextEdit | undefined {
  const { start, end } = field.valueSpan;
  if (start === end) return undefined;
  if (text === undefined) return { start, end, newText: '' };
  let from = start;
  while (from > field.keySpan.end && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { start: text[from - 1] === ':' ? from : start, end, newText: '' };
}

/**
 * The indentation a new field line of the same item needs: the column of the
 * field's key, as spaces. For a key on the item's first line (`- status: todo`)
 * the text before it holds the `- ` marker; copying it would start a new item.
 */
export function indentOf(text: string, field: FieldSpan): string {
  const prefix = text.slice(text.lastIndexOf('\n', field.keySpan.start - 1) + 1, field.keySpan.start);
  return /^[ \t]*$/.test(prefix) ? prefix : ' '.repeat(prefix.length);
}

/** Offset of the end of the line holding `offset`, before its `\r\n` or `\n`. */
export function lineEndAt(text: string, offset: number): number {
  let at = text.indexOf('\n', offset);
  if (at === -1) at = text.length;
  return at > offset && text.charCodeAt(at - 1) === 13 ? at - 1 : at;
}
