// The field spans of a fast-path item, stored as numbers and handed out as
// FieldSpan objects on demand. A board of 10,000 tasks would otherwise hold
// a Map and four objects per field (about 25 allocations per task, most of
// the parse time and of the re-parse after a keystroke); here it is one
// object and two arrays, and shifting a task after an edit elsewhere is
// `base + delta` with the arrays shared.
import type { FieldSpan, Span } from '../model';

export interface CompactFieldSpanParts {
  readonly names: readonly string[];
  readonly offsets: readonly number[];
  readonly base: number;
}

/** A read-only map from field name to FieldSpan: what `BoardTask.fieldSpans` promises, stored compactly. */
export class CompactFieldSpans implements ReadonlyMap<string, FieldSpan> {
  /**
   * @param first the first field's name (a task's id key: different in every task)
   * @param rest the other field names in source order; tasks written alike share one array
   * @param offsets six numbers per field, relative to `base`: key, value and line start/end
   * @param base the offset everything is relative to (the item's start)
   */
  constructor(
    private readonly first: string,
    private readonly rest: readonly string[],
    private readonly offsets: readonly number[],
    readonly base: number,
  ) {}

  get size(): number {
    return this.rest.length + 1;
  }

  private nameAt(i: number): string {
    return i === 0 ? this.first : this.rest[i - 1]!;
  }

  private indexOf(key: string): number {
    return key === this.first ? 0 : this.rest.indexOf(key) + 1 || -1;
  }

  /** The first field's name (the id key of an `id-key` item), without building anything. */
  firstKey(): string | undefined {
    return this.first;
  }

  /** The first field's key and value spans, without building its FieldSpan (read once per task while parsing). */
  firstKeySpan(): Span {
    return { start: this.base + this.offsets[0]!, end: this.base + this.offsets[1]! };
  }

  firstValueSpan(): Span {
    return { start: this.base + this.offsets[2]!, end: this.base + this.offsets[3]! };
  }

  /** What the spans are made of, as plain data (to cross to another thread; `fromParts` rebuilds them). */
  parts(): CompactFieldSpanParts {
    return { names: [this.first, ...this.rest], offsets: this.offsets, base: this.base };
  }

  static fromParts(parts: CompactFieldSpanParts): CompactFieldSpans {
    return new CompactFieldSpans(parts.names[0]!, parts.names.slice(1), parts.offsets, parts.base);
  }

  /** The same spans, `by` characters later in the text. */
  shifted(by: number): CompactFieldSpans {
    return new CompactFieldSpans(this.first, this.rest, this.offsets, this.base + by);
  }

  private spanAt(i: number): FieldSpan {
    const o = this.offsets;
    const b = this.base;
    const k = i * 6;
    return {
      key: this.nameAt(i),
      keySpan: { start: b + o[k]!, end: b + o[k + 1]! },
      valueSpan: { start: b + o[k + 2]!, end: b + o[k + 3]! },
      lineSpan: { start: b + o[k + 4]!, end: b + o[k + 5]! },
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
