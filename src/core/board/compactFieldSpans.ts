// The field spans of a fast-path item, stored as numbers and handed out as
// FieldSpan objects on demand. A board of 10,000 tasks would otherwise hold
// a Map and four objects per field (about 25 allocations per task, most of
// the parse time and of the re-parse after a keystroke). Here a task holds
// one object: its field names after the first are shared with the tasks
// written alike, and its numbers sit in a block of an Int32Array shared by
// many tasks (a number array per task was a third of what a parsed board
// kept alive, and copying it is what the young-generation GC spent its time
// on). Shifting a task after an edit elsewhere is `base + delta`.
//
// A fast-path item's lines are `- KEY: value` and `  key: value`, so per field
// only four numbers are stored: the key ends where its name does and its line
// starts two characters before it.
import type { FieldSpan, Span } from '../model';

/** The `i`th number of a string that holds numbers two UTF-16 code units each, its low half first (parsedTransfer's numbersText). */
export function numberAt(numbers: string, i: number): number {
  return numbers.charCodeAt(2 * i) | (numbers.charCodeAt(2 * i + 1) << 16);
}

/** Numbers per field, relative to `base`: key start, value start, value end, line end. */
const PER_FIELD = 4;
const BLOCK = 16384;
/**
 * The first block is small, so it runs out within the first board's first
 * items (a dozen of five fields, 32 of two): the fast path's reader then meets
 * a fresh block (rowBlock's rare branch) while V8 still interprets it and notes
 * what that branch does. From a full block, the first refill came some 800
 * items in, after V8 had optimized the reader without that branch, and threw
 * the optimized code away: a 50,000-task `lint` ran some 12 ms longer (15
 * interleaved runs of each).
 */
const FIRST_BLOCK = 256;
let block = new Int32Array(FIRST_BLOCK);
let blockUsed = 0;

/** Room for `count` numbers in the current shared block: its index. */
function reserve(count: number): number {
  if (blockUsed + count > block.length) {
    block = new Int32Array(Math.max(BLOCK, count));
    blockUsed = 0;
  }
  const at = blockUsed;
  blockUsed += count;
  return at;
}

/**
 * The block a fast-path item writes its numbers straight into, with room for
 * `fields` fields from `rowStart()` on: when the block runs out, the numbers
 * of the item's first `fields - 1` fields move to a fresh one. `claim` then
 * takes them, so an item's numbers are written once and never copied.
 */
export function rowBlock(fields: number): Int32Array {
  const need = fields * PER_FIELD;
  if (blockUsed + need > block.length) {
    const written = block.subarray(blockUsed, blockUsed + need - PER_FIELD);
    block = new Int32Array(Math.max(BLOCK, need * 2));
    block.set(written);
    blockUsed = 0;
  }
  return block;
}

/** Where the numbers of the item being read start in `rowBlock()`'s block. */
export function rowStart(): number {
  return blockUsed;
}

/** A read-only map from field name to FieldSpan: what `BoardTask.fieldSpans` promises, stored compactly. */
export class CompactFieldSpans implements ReadonlyMap<string, FieldSpan> {
  // Private (#) so that deep equality and spreads see only `base`: which block holds the numbers says nothing.
  readonly #first: string;
  readonly #rest: readonly string[];
  readonly #store: Int32Array;
  readonly #at: number;
  /** The offset everything is relative to (the item's start). */
  readonly base: number;

  private constructor(first: string, rest: readonly string[], store: Int32Array, at: number, base: number) {
    this.#first = first;
    this.#rest = rest;
    this.#store = store;
    this.#at = at;
    this.base = base;
  }

  get size(): number {
    return this.#rest.length + 1;
  }

  private nameAt(i: number): string {
    return i === 0 ? this.#first : this.#rest[i - 1]!;
  }

  private indexOf(key: string): number {
    return key === this.#first ? 0 : this.#rest.indexOf(key) + 1 || -1;
  }

  /**
   * The spans of the item whose numbers were just written through `rowBlock`:
   * `rest.length + 1` fields from `rowStart()` on, relative to `base`.
   */
  static claim(first: string, rest: readonly string[], base: number): CompactFieldSpans {
    const at = blockUsed;
    blockUsed += (rest.length + 1) * PER_FIELD;
    return new CompactFieldSpans(first, rest, block, at, base);
  }

  /** The first field's name (the id key of an `id-key` item), without building anything. */
  firstKey(): string | undefined {
    return this.#first;
  }

  /** The first field's key and value spans, without building its FieldSpan (read once per task while parsing). */
  firstKeySpan(): Span {
    const start = this.base + this.#store[this.#at]!;
    return { start, end: start + this.#first.length };
  }

  firstValueSpan(): Span {
    return { start: this.base + this.#store[this.#at + 1]!, end: this.base + this.#store[this.#at + 2]! };
  }

  /** The field names after the first: one array for every task written alike (see FastItemReader.restOfNames). */
  restNames(): readonly string[] {
    return this.#rest;
  }

  /** How many numbers `copyOffsets` writes: four per field (see PER_FIELD). */
  numberCount(): number {
    return this.size * PER_FIELD;
  }

  /** Writes the four numbers per field (see PER_FIELD) into `target` from `at`; how many it wrote. */
  copyOffsets(target: Int32Array, at: number): number {
    const count = this.numberCount();
    target.set(this.#store.subarray(this.#at, this.#at + count), at);
    return count;
  }

  /**
   * The spans of `first` and `rest` whose numbers (as copyOffsets wrote them) are numbers `from` to
   * `from + 4 × fields` of a string that holds them two code units each (numberAt).
   */
  static fromNumbers(first: string, rest: readonly string[], numbers: string, from: number, base: number): CompactFieldSpans {
    const count = (rest.length + 1) * PER_FIELD;
    const at = reserve(count);
    for (let i = 0; i < count; i++) block[at + i] = numberAt(numbers, from + i);
    return new CompactFieldSpans(first, rest, block, at, base);
  }

  /** The same spans, `by` characters later in the text. */
  shifted(by: number): CompactFieldSpans {
    return new CompactFieldSpans(this.#first, this.#rest, this.#store, this.#at, this.base + by);
  }

  private spanAt(i: number): FieldSpan {
    const o = this.#store;
    const b = this.base;
    const k = this.#at + i * PER_FIELD;
    const key = this.nameAt(i);
    const keyStart = b + o[k]!;
    return {
      key,
      keySpan: { start: keyStart, end: keyStart + key.length },
      valueSpan: { start: b + o[k + 1]!, end: b + o[k + 2]! },
      lineSpan: { start: keyStart - 2, end: b + o[k + 3]! },
    };
  }

  get(key: string): FieldSpan | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.spanAt(i);
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  forEach(callback: (value: FieldSpan, key: string, map: ReadonlyMap<string, FieldSpan>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.size; i++) callback.call(thisArg, this.spanAt(i), this.nameAt(i), this);
  }

  /** A real Map of the spans, for the iteration methods (rarely used on hot paths). */
  private toMap(): Map<string, FieldSpan> {
    const map = new Map<string, FieldSpan>();
    for (let i = 0; i < this.size; i++) map.set(this.nameAt(i), this.spanAt(i));
    return map;
  }

  entries(): MapIterator<[string, FieldSpan]> {
    return this.toMap().entries();
  }

  keys(): MapIterator<string> {
    return this.toMap().keys();
  }

  values(): MapIterator<FieldSpan> {
    return this.toMap().values();
  }

  [Symbol.iterator](): MapIterator<[string, FieldSpan]> {
    return this.toMap().entries();
  }

  /** Serialises like the Map it stands for would if Maps serialised: as an object of FieldSpans. */
  toJSON(): Record<string, FieldSpan> {
    const out: Record<string, FieldSpan> = {};
    for (let i = 0; i < this.size; i++) out[this.nameAt(i)] = this.spanAt(i);
    return out;
  }
}

/**
 * True for a CompactFieldSpans, also one from another copy of this module
 * (separately bundled entry points each carry their own class).
 */
export function isCompactFieldSpans(spans: ReadonlyMap<string, FieldSpan>): spans is CompactFieldSpans {
  return spans instanceof CompactFieldSpans || typeof (spans as Partial<CompactFieldSpans>).shifted === 'function';
}
