// One item through the three readers in turn: the fast path, `yaml`, and the
// tolerant scan for items that are not valid YAML.
import type { BoardTask, Problem } from '../model';
import { parseItemFast } from './fastItem';
import { itemToTask, type ItemPlace } from './itemToTask';
import type { ParsedItem } from './parsedItem';
import { recoverItem } from './recoverItem';
import { parseItemWithYaml } from './yamlItem';

export interface ItemResult {
  readonly task: BoardTask | undefined;
  /** The item's syntax problems, in file order (none for a valid item). */
  readonly problems: readonly Problem[];
}

const NO_PROBLEMS: readonly Problem[] = [];
const NOTHING: ItemResult = { task: undefined, problems: NO_PROBLEMS };

/** The item could not even be scanned for an id: report yaml's message on its line. */
function unreadable(text: string, start: number, end: number, message: string, offset: number): Problem {
  const at = Math.min(Math.max(offset, start), end);
  const lineStart = Math.max(start, text.lastIndexOf('\n', at - 1) + 1);
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1 || lineEnd > end) lineEnd = end;
  if (lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return { code: 'yaml-syntax', severity: 'error', message: `Not valid YAML: ${first}`, span: { start: lineStart, end: lineEnd }, fixes: [] };
}

/** Reads the item `text[place.span)`; never throws. */
export function parseItem(text: string, place: ItemPlace, eol: string): ItemResult {
  const { start, end } = place.span;
  let item: ParsedItem | undefined = parseItemFast(text, start, end);
  if (!item) {
    const slow = parseItemWithYaml(text, start, end);
    if (slow.kind === 'ok') item = slow.item;
    else if (slow.kind === 'not-a-map') return NOTHING;
    else {
      item = recoverItem(text, start, end, eol, slow.message, slow.offset);
      if (!item) return { task: undefined, problems: [unreadable(text, start, end, slow.message, slow.offset)] };
    }
  }
  const task = itemToTask(item, place);
  const found = item.problems;
  if (!found) return { task, problems: NO_PROBLEMS };
  return { task, problems: task ? found.map((p) => ({ ...p, taskId: task.id })) : found };
}
