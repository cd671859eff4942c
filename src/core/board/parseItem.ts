// One item through the three readers in turn: the fast path, `yaml`, and the
// tolerant scan for items that are not valid YAML.
import type { BoardTask, Problem, Span } from '../model';
import type { FastItemReader } from './fastItem';
import { itemToTask } from './itemToTask';
import type { ParsedItem } from './parsedItem';
import { recoverItem } from './recoverItem';
import { parseItemWithYaml } from './yamlItem';

/** The item could not even be scanned for an id: report yaml's message on its line. */
function unreadable(text: string, start: number, end: number, message: string, offset: number): Problem {
  const at = Math.min(Math.max(offset, start), end);
  const lineStart = Math.max(start, text.lastIndexOf('\n', at - 1) + 1);
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1 || lineEnd > end) lineEnd = end;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  // From where yaml stopped, so line:column name the error, not its line's start.
  const from = Math.min(at, lineEnd);
  return { code: 'yaml-syntax', severity: 'error', message: `Not valid YAML: ${first}`, span: { start: from, end: lineEnd }, fixes: [] };
}

/**
 * An item the fast path did not read: `yaml`, then the tolerant scan, within
 * the size bound. Kept out of `readItem` so the hot loop's function stays small.
 */
function readItemSlow(text: string, start: number, end: number, eol: string, problems: Problem[]): ParsedItem | undefined {
  if (end - start > MAX_SLOW_ITEM_CHARS) {
    problems.push(tooLarge(text, start, end));
    return undefined;
  }
  const slow = parseItemWithYaml(text, start, end);
  if (slow.kind === 'ok') return slow.item;
  if (slow.kind === 'not-a-map') return undefined;
  const item = recoverItem(text, start, end, eol, slow.message, slow.offset);
  if (!item) problems.push(unreadable(text, start, end, slow.message, slow.offset));
  return item;
}

/**
 * The largest item handed to `yaml` and the tolerant scan. The fast path
 * reads an item of the canonical shape at any size in time linear in its
 * length; the others cost far more per character when the text is odd (one
 * 5 MB line of `- T: x: x: x: …` made yaml report an error per colon: 14 s
 * and 1.4 GB to list). No task item worth reading is this long and odd at
 * once, so a larger one is reported instead of read: its time stays bounded.
 */
export const MAX_SLOW_ITEM_CHARS = 64 * 1024;

function tooLarge(text: string, start: number, end: number): Problem {
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1 || lineEnd > end) lineEnd = end;
  const size = end - start >= 1024 * 1024 ? `${((end - start) / (1024 * 1024)).toFixed(1)} MB` : `${Math.round((end - start) / 1024)} KB`;
  return {
    code: 'item-too-large',
    severity: 'error',
    message:
      `This item is ${size} and not in the plain shape (an id line, then key: value fields); items over ` +
      `${MAX_SLOW_ITEM_CHARS / 1024} KB are read only in that shape, so it was not read. Split or shorten it.`,
    span: { start, end: Math.min(lineEnd, start + 200) },
    fixes: [],
  };
}

/**
 * Reads the item at `span` of the reader's text (parseBoard's hot loop): its syntax
 * problems are pushed onto `problems`, and no result or place object is made per task.
 */
export function readItem(reader: FastItemReader, file: string, group: string | undefined, span: Span, line: number, eol: string, problems: Problem[]): BoardTask | undefined {
  const { start, end } = span;
  const text = reader.text;
  const item = reader.read(start, end) ?? readItemSlow(text, start, end, eol, problems);
  if (!item) return undefined;
  const task = itemToTask(item, file, group, span, line);
  const found = item.problems;
  if (found) for (const p of found) problems.push(task ? { ...p, taskId: task.id } : p);
  return task;
}
