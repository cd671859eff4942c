// The fast path: the canonical item shape read by hand, without `yaml`.
//
// Accepted: `- KEY: scalar` then `key: scalar` lines all at the key's column,
// where a scalar is empty, plain, "double" without escapes or 'single' without
// '' — each optionally followed by ` # comment`; blank and comment-only lines
// anywhere. Everything else returns undefined and goes to `yaml`. The property
// test in test/unit/boardProperties.test.ts holds this to `yaml`'s answers.
import { CompactFieldSpans, rowBlock, rowStart } from './compactFieldSpans';
import { isFieldName } from './itemToTask';
import type { ParsedItem } from './parsedItem';
import { resolvePlainScalar } from './plainScalar';

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const CR = 13;
const LF = 10;
const PIPE = 124;

/**
 * Where a key ends (the colon), or -1 when the key is not a simple one; whether
 * it looks like a task id (looksLikeTaskId) is counted on the way and left in `reader`.
 */
function scanKey(reader: FastItemReader, text: string, at: number, lineEnd: number): number {
  const c = text.charCodeAt(at);
  // A letter or `_` first: digits would resolve to numbers, punctuation means syntax.
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return -1;
  let upper = c >= 65 && c <= 90 ? 1 : 0;
  let lower = c >= 97 && c <= 122 ? 1 : 0;
  let dot = false;
  let i = at + 1;
  for (; i < lineEnd; i++) {
    const k = text.charCodeAt(i);
    if (k >= 65 && k <= 90) upper++;
    else if (k >= 97 && k <= 122) lower++;
    else if ((k >= 48 && k <= 57) || k === 95 || k === 45) continue;
    else if (k === 46) dot = true;
    else break;
  }
  if (i >= lineEnd || text.charCodeAt(i) !== COLON) return -1;
  if (i + 1 < lineEnd && text.charCodeAt(i + 1) !== SPACE) return -1;
  reader.keyLooksLikeTaskId = c !== 95 && !dot && upper > 0 && upper >= lower;
  return i;
}

// The keys and plain values nearly every item repeats. Reusing these strings
// instead of slicing new ones saves an allocation and a hash per field.
const COMMON_KEYS = [
  'status', 'priority', 'assigned_agent', 'created_at', 'title', 'id', 'description', 'claimed_at',
  'started_at', 'completed_at', 'updated_at', 'depends_on', 'tags', 'estimated_hours', 'progress',
];

/** True when `text[at, at + word.length)` is `word`. */
function isAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(at + i) !== word.charCodeAt(i)) return false;
  return true;
}

function common(list: readonly string[], text: string, start: number, end: number): string | undefined {
  const length = end - start;
  const first = text.charCodeAt(start);
  for (let i = 0; i < list.length; i++) {
    const word = list[i]!;
    if (word.length === length && word.charCodeAt(0) === first && isAt(text, start, word)) return word;
  }
  return undefined;
}

/** A word's character codes: compared against the text without reading the word's characters through a string each time. */
function codesOf(word: string): readonly number[] {
  const codes: number[] = [];
  for (let i = 0; i < word.length; i++) codes.push(word.charCodeAt(i));
  return codes;
}

/** True when `text[at, at + codes.length)` has these character codes. */
function hasCodesAt(text: string, at: number, codes: readonly number[]): boolean {
  for (let i = 0; i < codes.length; i++) if (text.charCodeAt(at + i) !== codes[i]) return false;
  return true;
}

const TODO = codesOf('todo');
const CLAIMED = codesOf('claimed');
const IN_PROGRESS = codesOf('in_progress');
const DONE = codesOf('done');
const HIGH = codesOf('high');
const MEDIUM = codesOf('medium');
const LOW = codesOf('low');

/** A status or priority word (each starts with a letter of its own), or undefined. */
function commonValue(text: string, start: number, end: number): string | undefined {
  const length = end - start;
  switch (text.charCodeAt(start)) {
    case 116: return length === 4 && hasCodesAt(text, start, TODO) ? 'todo' : undefined;
    case 99: return length === 7 && hasCodesAt(text, start, CLAIMED) ? 'claimed' : undefined;
    case 105: return length === 11 && hasCodesAt(text, start, IN_PROGRESS) ? 'in_progress' : undefined;
    case 100: return length === 4 && hasCodesAt(text, start, DONE) ? 'done' : undefined;
    case 104: return length === 4 && hasCodesAt(text, start, HIGH) ? 'high' : undefined;
    case 109: return length === 6 && hasCodesAt(text, start, MEDIUM) ? 'medium' : undefined;
    case 108: return length === 3 && hasCodesAt(text, start, LOW) ? 'low' : undefined;
  }
  return undefined;
}

function isReservedKey(key: string): boolean {
  // Reserved words are 4, 5 or 9 characters long: a task id (TASK_00001) skips the ten comparisons.
  const n = key.length;
  if (n !== 4 && n !== 5 && n !== 9) return false;
  switch (key) {
    case 'null': case 'Null': case 'NULL':
    case 'true': case 'True': case 'TRUE':
    case 'false': case 'False': case 'FALSE':
    case '__proto__':
      return true;
  }
  return false;
}

/** True when the end of a quoted value is followed only by spaces and maybe ` # comment`. */
function tailIsClean(text: string, at: number, lineEnd: number): boolean {
  let i = at;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
  if (i === lineEnd) return true;
  return text.charCodeAt(i) === HASH && i > at;
}

/**
 * Whether `text[from, to)` holds a backslash. A reader of a whole text finds the next backslash
 * at or after `backslashFrom` once and reuses it while the values read lie before it, so that
 * looking for one stays linear over the board (most boards have none, and an indexOf per value
 * would scan to the end of the text every time). A reader of one item looks only between its quotes.
 */
function hasBackslash(reader: FastItemReader, text: string, from: number, to: number): boolean {
  if (!reader.wholeText) {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 92) return true;
    return false;
  }
  if (from < reader.backslashFrom || from > reader.backslashAt) {
    const at = text.indexOf('\\', from);
    reader.backslashFrom = from;
    reader.backslashAt = at === -1 ? text.length : at;
  }
  return reader.backslashAt < to;
}

/** Reads the value after the colon at `colon` into `reader`; false when it is not a simple scalar. */
function scanValue(reader: FastItemReader, text: string, colon: number, lineEnd: number): boolean {
  let i = colon + 1;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
  if (i === lineEnd || text.charCodeAt(i) === HASH) {
    reader.valueStart = reader.valueEnd = colon + 1;
    reader.value = null;
    return true;
  }
  const c = text.charCodeAt(i);
  if (c === DQUOTE || c === SQUOTE) {
    // indexOf stops at the next quote of the same kind, at worst another value's opening
    // quote: the searches of a whole parse cover the text about once.
    const close = text.indexOf(c === DQUOTE ? '"' : "'", i + 1);
    if (close === -1 || close >= lineEnd) return false;
    if (c === DQUOTE && hasBackslash(reader, text, i + 1, close)) return false; // escapes: yaml's job
    if (!tailIsClean(text, close + 1, lineEnd)) return false;
    reader.valueStart = i;
    reader.valueEnd = close + 1;
    reader.value = text.slice(i + 1, close);
    return true;
  }
  if (c === 91) return scanIdList(reader, text, i, lineEnd);
  // Indicators that start something other than a plain scalar.
  switch (c) {
    case 93: case 123: case 125: // ] { }
    case 38: case 42: case 33: case 124: case 62: // & * ! | >
    case 37: case 64: case 96: case 44: case 63: case COLON: // % @ ` , ? :
      return false;
    case 45: { // '-' alone or '- ' starts a sequence
      const n = i + 1 < lineEnd ? text.charCodeAt(i + 1) : SPACE;
      if (n === SPACE) return false;
    }
  }
  // One pass over the line: find a ` #` comment, and give up on `: ` (a
  // nested map), a `:` at the end, tabs and control characters: yaml's job.
  let end = lineEnd;
  for (let k = i; k < lineEnd; k++) {
    const ch = text.charCodeAt(k);
    if (ch === HASH && text.charCodeAt(k - 1) === SPACE) {
      end = k;
      break;
    }
    if (ch < SPACE || ch === 127) return false;
    if (ch === COLON && (k + 1 === lineEnd || text.charCodeAt(k + 1) === SPACE)) return false;
  }
  while (text.charCodeAt(end - 1) === SPACE) end--;
  // `x:  #c` leaves `x:` once the comment is cut: still a map.
  if (text.charCodeAt(end - 1) === COLON) return false;
  reader.valueStart = i;
  reader.valueEnd = end;
  reader.value = commonValue(text, i, end) ?? resolvePlainScalar(text.slice(i, end));
  return true;
}

/**
 * Reads `[A, B]` at `open`: a flow list on one line of plain words (letters,
 * digits, `_`, `-`, starting with a letter) that yaml reads as strings, the
 * way `depends_on` is usually written. Anything else in it (quotes, numbers,
 * `true`, a trailing comma, a list over several lines) is yaml's.
 */
function scanIdList(reader: FastItemReader, text: string, open: number, lineEnd: number): boolean {
  const ids: string[] = [];
  let i = open + 1;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
  if (text.charCodeAt(i) !== 93) {
    for (;;) {
      const start = i;
      if (!isLetter(text.charCodeAt(i))) return false;
      for (i++; i < lineEnd && isWordChar(text.charCodeAt(i)); i++);
      const id = text.slice(start, i);
      if (resolvePlainScalar(id) !== id) return false;
      ids.push(id);
      while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === 93) break;
      if (c !== 44) return false;
      for (i++; i < lineEnd && text.charCodeAt(i) === SPACE; i++);
    }
  }
  if (i >= lineEnd || !tailIsClean(text, i + 1, lineEnd)) return false;
  reader.valueStart = open;
  reader.valueEnd = i + 1;
  reader.value = ids;
  return true;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isWordChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** True for `key: |` (a literal block, clipped, indentation found from its first line) and nothing more on the line. */
function isBlockHeader(text: string, colon: number, lineEnd: number): boolean {
  let i = colon + 1;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
  if (i === lineEnd || text.charCodeAt(i) !== PIPE) return false;
  for (i++; i < lineEnd; i++) if (text.charCodeAt(i) !== SPACE) return false;
  return true;
}

/**
 * Reads the lines of the literal block whose header `key: |` ends with the
 * line break at `headerNl`: its value is its lines without their common
 * indentation, each ending in a line break (yaml's clip: trailing empty
 * lines dropped). Only the plain case: lines of printable ASCII, empty lines
 * with no spaces, nothing that parseBoard might read as a comment or a fence,
 * at least one line indented deeper than the item's keys. False otherwise;
 * besides the value, where the block ends is left in `reader` (blockNl, ...).
 */
function scanBlock(reader: FastItemReader, text: string, colon: number, headerNl: number, end: number): boolean {
  let nl = headerNl;
  let indent = 0;
  let blanks = 0;
  let passed = 0;
  let out = '';
  let lastNl = -1;
  let lastLineEnd = -1;
  let lastPassed = 0;
  while (nl !== -1 && nl < end) {
    const lineStart = nl + 1;
    nl = text.indexOf('\n', lineStart);
    const cut = nl === -1 || nl > end ? end : nl;
    const lineEnd = cut > lineStart && text.charCodeAt(cut - 1) === CR && (cut === nl || cut === text.length) ? cut - 1 : cut;
    passed++;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    if (i === lineEnd) {
      if (i > lineStart) return false; // spaces only: yaml weighs them against the indentation
      blanks++;
      continue;
    }
    const depth = i - lineStart;
    if (indent === 0) {
      if (depth <= 2) break;
      indent = depth;
    } else if (depth < indent) {
      if (depth > 2) return false;
      break;
    }
    const first = text.charCodeAt(i);
    if (first === HASH || first === 96 || first === 126) return false; // a comment or a fence to parseBoard
    for (let k = i; k < lineEnd; k++) {
      const ch = text.charCodeAt(k);
      if (ch < SPACE || ch > 126) return false;
    }
    for (; blanks > 0; blanks--) out += '\n';
    out += `${text.slice(lineStart + indent, lineEnd)}\n`;
    lastNl = nl;
    lastLineEnd = lineEnd;
    lastPassed = passed;
  }
  if (indent === 0) return false; // no lines: yaml's empty string, rare enough to leave to it
  let valueStop = lastLineEnd;
  while (text.charCodeAt(valueStop - 1) === SPACE) valueStop--;
  reader.valueStart = text.indexOf('|', colon);
  reader.valueEnd = valueStop;
  reader.value = out;
  reader.blockNl = lastNl === -1 || lastNl >= end ? -1 : lastNl;
  reader.blockLineEnd = lastLineEnd;
  reader.blockLines = lastPassed;
  return true;
}

/**
 * The fields of the item whose names and values are in the reader's scratch arrays, the
 * first left out when it is the id key. The reference shape (the one `createTodo` writes: priority,
 * assigned_agent, status, created_at) is built as a literal, with the hidden class
 * known in advance, rather than one keyed store at a time.
 */
function fieldsOf(names: readonly string[], values: readonly unknown[], count: number, from: number): Record<string, unknown> {
  if (from === 1 && count === 5 && names[1] === 'priority' && names[2] === 'assigned_agent' && names[3] === 'status' && names[4] === 'created_at') {
    return { priority: values[1], assigned_agent: values[2], status: values[3], created_at: values[4] };
  }
  const fields: Record<string, unknown> = {};
  for (let k = from; k < count; k++) fields[names[k]!] = values[k];
  return fields;
}

/** What a reader found: one record reused for every item, read before the next call. */
interface FastItem {
  fields: Record<string, unknown>;
  spans: CompactFieldSpans;
  idKey: string | undefined;
  idValue: unknown;
  firstKeyIsTaskId: boolean;
}

/**
 * Reads the canonical items of one text, one after another: parseBoard makes one per parse.
 * Its fields carry what each step found to the next (a value's span, where a block ended) and
 * the scratch space of an item, so that the hot loop makes no result object per field or per
 * task; everything it holds lives as long as the parse.
 */
export class FastItemReader {
  /**
   * The item of the last successful read; the next read reuses it. After a `readFenced` of -1 it may hold the item
   * that read refused (see there): callers read it only after a read that succeeded.
   */
  readonly item: FastItem = { fields: {}, spans: undefined as unknown as CompactFieldSpans, idKey: undefined, idValue: undefined, firstKeyIsTaskId: false };
  /** Where the item `readFenced` read last ends (the end of its last field line), and how many line breaks it passed. */
  itemEnd = 0;
  itemLines = 0;

  // What scanValue (and scanBlock) read last.
  valueStart = 0;
  valueEnd = 0;
  value: unknown = null;
  // Whether the key scanKey read last looks like a task id.
  keyLooksLikeTaskId = false;
  // What scanBlock found besides the value: the newline after its last line (-1 at the end of
  // the text), the end of its last line, and how many line breaks it passed.
  blockNl = 0;
  blockLineEnd = 0;
  blockLines = 0;
  // The next backslash at or after backslashFrom (see hasBackslash).
  backslashFrom = 0;
  backslashAt = -1;

  // Scratch space for one item, reused and never shrunk (an array set to length 0 drops its
  // store, and regrowing it was most of what a task allocated).
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  // The names after the first of the last item read: tasks written alike share this array
  // rather than each holding a copy, and each key is first checked against the name at its
  // place there (consecutive tasks nearly always have the same fields in the same order).
  sharedRest: readonly string[] = [];
  // The character codes of each of sharedRest's names (see codesOf).
  sharedRestCodes: ReadonlyArray<readonly number[]> = [];
  // The last shapes read (names after the first, and their codes), newest last: a board whose
  // items go back and forth between a few shapes (one task in fifty with a description) makes
  // each shape's arrays once, and its tasks share them.
  private readonly shapes: { readonly rest: readonly string[]; readonly codes: ReadonlyArray<readonly number[]> }[] = [];

  /** `wholeText`: the reader reads items all over `text` (a board), not one item of it. */
  constructor(
    readonly text: string,
    readonly wholeText = true,
  ) {}

  /**
   * The item `text[start, end)` (which starts with `- ` at its line's column 0 and ends at the
   * end of its last content line) if it has the canonical shape, in `item`; undefined otherwise.
   */
  read(start: number, end: number): ParsedItem | undefined {
    return readLines(this, this.text, start, end, 0) < 0 ? undefined : this.item;
  }

  /**
   * Reads the item starting at `start` inside a yaml fence of `fenceLen`
   * `fenceChar`s, finding where it ends as it goes, so that parseBoard does
   * not read its lines a second time: the item runs up to the next column-0
   * `- ` line, the fence's closing line or the end of the text. Returns where
   * parseBoard goes on (that line's start, or past the end of the text), the
   * item in `item`, its end in `itemEnd` and the line breaks passed in
   * `itemLines`; or -1 when any line is not in the canonical shape
   * (parseBoard then reads the item line by line).
   */
  readFenced(start: number, fenceChar: number, fenceLen: number): number {
    const text = this.text;
    const resume = readLines(this, text, start, text.length, fenceChar);
    // readLines stops at a line that starts (after up to three spaces) with the fence's character (see there); whether
    // it closes the fence is asked here. A line that does not is part of the item, which is then not in the canonical
    // shape. readLines has made the item by then: its fields object stays in `item` until the next read, and its field
    // numbers (four per field) stay unused in the shared block, which a board that writes such a line pays per item.
    return resume < 0 || resume >= text.length || text.charCodeAt(resume) === DASH || closesFenceAt(text, resume, fenceChar, fenceLen) ? resume : -1;
  }

  /** The shared names for the item in the scratch arrays (see sharedRest). */
  restOfNames(count: number): readonly string[] {
    const names = this.names;
    if (sameRest(this.sharedRest, names, count)) return this.sharedRest;
    for (const shape of this.shapes) {
      if (sameRest(shape.rest, names, count)) {
        this.sharedRest = shape.rest;
        this.sharedRestCodes = shape.codes;
        return shape.rest;
      }
    }
    const rest = names.slice(1, count);
    const codes = rest.map(codesOf);
    if (this.shapes.length === SHAPES_KEPT) this.shapes.shift();
    this.shapes.push({ rest, codes });
    this.sharedRest = rest;
    this.sharedRestCodes = codes;
    return rest;
  }
}

/** How many shapes a reader keeps besides the last (see FastItemReader.shapes). */
const SHAPES_KEPT = 8;

/** Whether `rest` holds `names[1, count)`. */
function sameRest(rest: readonly string[], names: readonly string[], count: number): boolean {
  if (rest.length !== count - 1) return false;
  for (let i = 1; i < count; i++) if (rest[i - 1] !== names[i]) return false;
  return true;
}

/**
 * Parses the item `text[start, end)` (which starts with `- ` at its line's
 * column 0 and ends at the end of its last content line) if it has the
 * canonical shape; undefined otherwise. A result of its own, for a single item.
 */
export function parseItemFast(text: string, start: number, end: number): ParsedItem | undefined {
  const item = new FastItemReader(text, false).read(start, end);
  if (!item) return undefined;
  const { fields, spans, idKey, idValue } = item;
  return idKey === undefined ? { fields, spans } : { fields, spans, idKey, idValue };
}

/** True when the line at `lineStart` (up to three spaces, then `fenceChar`s) closes a fence of `fenceLen`. */
function closesFenceAt(text: string, lineStart: number, fenceChar: number, fenceLen: number): boolean {
  let i = lineStart;
  while (text.charCodeAt(i) === SPACE) i++;
  return i - lineStart <= 3 && closesFence(text, i, fenceChar, fenceLen);
}

/** True when the line whose first non-space character `at` is a `fenceChar` closes a fence of `fenceLen`. */
function closesFence(text: string, at: number, fenceChar: number, fenceLen: number): boolean {
  let i = at;
  while (text.charCodeAt(i) === fenceChar) i++;
  if (i - at < fenceLen) return false;
  for (;; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) continue;
    // The line's end: a line break, a CR before one, or the end of the text (NaN).
    return c === LF || c !== c || (c === CR && (i + 1 === text.length || text.charCodeAt(i + 1) === LF));
  }
}

/**
 * The reader behind `read` and `readFenced`: with `fenceChar` 0 the item is `text[start, end)`;
 * otherwise `end` is the text's end and the item's own end is found (see
 * FastItemReader.readFenced). -1 when the item is not in the canonical shape.
 */
function readLines(reader: FastItemReader, text: string, start: number, end: number, fenceChar: number): number {
  if (text.charCodeAt(start) !== DASH || text.charCodeAt(start + 1) !== SPACE) return -1;
  // The id key is held apart (see ParsedItem.idKey), so tasks in the usual
  // shape share one hidden class for their fields.
  let idKey: string | undefined;
  let idValue: unknown;
  const names = reader.names;
  const values = reader.values;
  const shared = reader.sharedRest;
  const sharedCodes = reader.sharedRestCodes;
  // True while every key after the first is the one at its place in `shared`.
  let asBefore = true;
  let count = 0;
  const indent = 2;
  let lineStart = start;
  let keyAt = start + 2;
  let lastEnd = start;
  let lines = 0;
  let firstKeyIsTaskId = false;
  let resume: number;
  for (;;) {
    // The line's break, found once: it gives both where the line ends and where the next starts.
    let nl = text.indexOf('\n', lineStart);
    const cut = nl === -1 || nl > end ? end : nl;
    // A CR ends the line only before its LF (or at the end of the text, as parseBoard reads it);
    // one before `end` that is not is the item's last character.
    let lineEnd = cut > lineStart && text.charCodeAt(cut - 1) === CR && (cut === nl || cut === text.length) ? cut - 1 : cut;
    if (keyAt >= 0) {
      let key: string | undefined;
      let colon: number;
      const predicted = count > 0 && asBefore ? shared[count - 1] : undefined;
      if (predicted !== undefined && keyAt + predicted.length < lineEnd && text.charCodeAt(keyAt + predicted.length) === COLON && hasCodesAt(text, keyAt, sharedCodes[count - 1]!)) {
        // The name this place had in the item before: already known to be a simple, allowed key,
        // and different from the ones before it but the first.
        colon = keyAt + predicted.length;
        if (colon + 1 < lineEnd && text.charCodeAt(colon + 1) !== SPACE) return -1;
        key = predicted;
        if (key === names[0]) return -1;
      } else {
        if (count > 0) asBefore = false;
        colon = scanKey(reader, text, keyAt, lineEnd);
        if (colon < 0) return -1;
        if (count === 0) firstKeyIsTaskId = reader.keyLooksLikeTaskId;
        // Field names all start with a small letter; a task id (TASK_001) is sliced straight away.
        const first = text.charCodeAt(keyAt);
        if (first >= 97 && first <= 122) key = common(COMMON_KEYS, text, keyAt, colon);
        if (key === undefined) {
          key = text.slice(keyAt, colon);
          if (isReservedKey(key)) return -1;
        }
      }
      if (!asBefore) for (let n = 0; n < count; n++) if (names[n] === key) return -1;
      if (isBlockHeader(text, colon, lineEnd)) {
        // `key: |`: its lines are read here, and the item goes on after the last of them.
        if (!scanBlock(reader, text, colon, nl, end)) return -1;
        nl = reader.blockNl;
        lineEnd = reader.blockLineEnd;
        lines += reader.blockLines;
      } else if (!scanValue(reader, text, colon, lineEnd)) {
        return -1;
      }
      if (count === 0 && !isFieldName(key)) {
        idKey = key;
        idValue = reader.value;
      }
      values[count] = reader.value;
      // Four numbers (CompactFieldSpans): the key ends at the colon, its line starts 2 before it.
      const store = rowBlock(count + 1);
      const o = rowStart() + count * 4;
      names[count++] = key;
      store[o] = keyAt - start;
      store[o + 1] = reader.valueStart - start;
      store[o + 2] = reader.valueEnd - start;
      store[o + 3] = lineEnd - start;
      lastEnd = lineEnd;
    }
    // Next line.
    if (nl === -1 || nl >= end) {
      resume = end + 1;
      break;
    }
    lines++;
    lineStart = nl + 1;
    let i = lineStart;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    const c = i < end ? text.charCodeAt(i) : LF;
    const width = i - lineStart;
    if (fenceChar !== 0) {
      // What ends a fenced item, exactly as parseBoard sees it; anything else unusual is its to read. A line that
      // starts with the fence's character ends the read here, and readFenced asks whether it closes the fence. V8
      // optimizes this loop on a board's first items, and throws the optimized code away at the first step it has
      // not seen taken: here, when the first section's fence closes (a whole section in, on most boards), were
      // anything but a plain assignment done. Both tests run on every line for the same reason.
      if (width <= 3 && c === fenceChar) {
        resume = lineStart;
        break;
      }
      if (i === lineStart && c === DASH) {
        const n = text.charCodeAt(i + 1);
        if (!(n === SPACE || n === LF || n !== n || (n === CR && (i + 2 === end || text.charCodeAt(i + 2) === LF)))) return -1;
        resume = lineStart;
        break;
      }
    }
    if (c === CR && i + 1 < end && text.charCodeAt(i + 1) !== LF) return -1; // a lone CR is content, not a line break
    if (c === LF || c === CR) {
      keyAt = -1; // blank line
    } else if (c === TAB) {
      return -1;
    } else if (c === HASH) {
      keyAt = -1; // comment-only line
    } else if (width !== indent) {
      return -1;
    } else {
      keyAt = i;
    }
  }
  if (count === 0) return -1;
  const found = reader.item;
  found.fields = fieldsOf(names, values, count, idKey === undefined ? 0 : 1);
  found.spans = CompactFieldSpans.claim(names[0]!, asBefore && count - 1 === shared.length ? shared : reader.restOfNames(count), start);
  found.idKey = idKey;
  found.idValue = idValue;
  found.firstKeyIsTaskId = firstKeyIsTaskId;
  reader.itemEnd = lastEnd;
  reader.itemLines = lines;
  return resume;
}
