// The slow, exact path: one item through `yaml`'s parseDocument. Only plain
// data and offsets are kept; the Document is dropped before returning.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { FieldSpan } from '../model';
import type { ParsedItem } from './parsedItem';

export type YamlItemResult =
  | { readonly kind: 'ok'; readonly item: ParsedItem }
  /** Valid YAML, but not a map item (`- just text`): not a task. */
  | { readonly kind: 'not-a-map' }
  /** yaml's first error, with its offset into the file. */
  | { readonly kind: 'error'; readonly message: string; readonly offset: number };

function lineEndAt(text: string, at: number): number {
  let nl = text.indexOf('\n', at);
  if (nl === -1) nl = text.length;
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

function trimEnd(text: string, from: number, to: number): number {
  while (to > from) {
    const c = text.charCodeAt(to - 1);
    // A CR is a line break only before an LF; yaml reads a lone CR as part of the value.
    if (c !== 32 && c !== 9 && c !== 10 && !(c === 13 && text.charCodeAt(to) === 10)) break;
    to--;
  }
  return to;
}

/** Parses `text[start, end)` as one YAML item. Never throws. */
export function parseItemWithYaml(text: string, start: number, end: number): YamlItemResult {
  // The item ends at the end of its last content line; the line break after it is given too,
  // as in the file: yaml 2.9 reports no error for `- T: "ab\"` (an escaped quote, never closed)
  // when the input ends right after it, but does with the line break.
  const length = end - start;
  const source = `${text.slice(start, end)}\n`;
  try {
    const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true });
    const firstError = doc.errors[0];
    if (firstError) {
      return { kind: 'error', message: firstError.message, offset: start + Math.min(firstError.pos[0], length) };
    }
    const seq = doc.contents;
    if (!isSeq(seq) || seq.items.length !== 1 || !isMap(seq.items[0])) return { kind: 'not-a-map' };
    const map = seq.items[0];
    const js = doc.toJS({ maxAliasCount: 100 }) as unknown[];
    const fields = js[0] as Record<string, unknown>;
    const spans = new Map<string, FieldSpan>();
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode | null;
      if (!isScalar(keyNode) || !keyNode.range) continue;
      const key = String(keyNode.value);
      if (spans.has(key)) continue;
      const keyStart = start + keyNode.range[0];
      const keyEnd = start + keyNode.range[1];
      const valueNode = pair.value as YamlNode | null;
      let valueStart: number;
      let valueEnd: number;
      if (valueNode && valueNode.range && !(isScalar(valueNode) && valueNode.range[0] === valueNode.range[1])) {
        valueStart = start + valueNode.range[0];
        valueEnd = trimEnd(text, valueStart, Math.min(end, start + valueNode.range[1]));
      } else {
        // `key:` with nothing written: an empty span right after the colon.
        const colon = text.indexOf(':', keyEnd);
        valueStart = valueEnd = colon === -1 || colon >= end ? keyEnd : colon + 1;
      }
      const lineStart = Math.max(start, text.lastIndexOf('\n', keyStart - 1) + 1);
      spans.set(key, {
        key,
        keySpan: { start: keyStart, end: keyEnd },
        valueSpan: { start: valueStart, end: valueEnd },
        lineSpan: { start: lineStart, end: Math.min(end, lineEndAt(text, Math.max(valueEnd, keyEnd))) },
      });
    }
    return { kind: 'ok', item: { fields, spans } };
  } catch (error) {
    // Deep nesting throws RangeError in some yaml versions; any throw is a diagnostic, not a crash.
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'error', message: `YAML could not be read: ${message}`, offset: start };
  }
}
