// A parsed file crossing between threads (the store's parse worker and the
// extension host). Structured clone keeps plain objects, arrays, Maps and
// Dates, but not classes: a fast-path board task's CompactFieldSpans would
// arrive as a bare object. The worker packs each slice of tasks (`TaskPacker`)
// and the host revives it (`TaskReviver`), so the host holds the same model
// as a parse made there.
//
// The packing also spares the host work. Structured clone copies every string
// it carries, and a 50 MB board's 344,000 tasks each came with their own copy
// of the file's URI, their status, priority, field names and short values;
// the host then looked each one up in a map to keep a single copy (270 ms of a
// load's host time, one hash per string). Now the worker, off the host's
// thread, numbers the strings that repeat: the first task with a string
// carries it as it is, the slice where it comes again carries it once, and
// every later task its number. A string used once (a timestamp) is never
// numbered, so the host's table of them does not grow with the board: it grew
// by a string per task of a 50 MB board, copied whole in one turn each time it
// filled. The numbers (each task's spans, its record) go as characters too, two
// to a number, in one string per run of slices (see PackedSlice.numbers).
import { CompactFieldSpans, isCompactFieldSpans, numberAt } from './board/compactFieldSpans';
import type { TaskSink } from './board/parseBoard';
import type { BoardTask, FieldSpan, ParsedFile, Span, Task } from './model';

/** One slice of tasks as the worker posts it (see TaskPacker). */
export interface PackedSlice {
  /** The tasks, their repeated strings as numbers into the strings sent so far. */
  readonly tasks: unknown[];
  /** The strings first repeated in this slice, numbered on from those of the slices before. */
  readonly strings: string[];
  /** The lists of field names after the first first used in this slice, numbered likewise. */
  readonly rests: string[][];
  /**
   * Where this slice's span numbers start in its run's `numbers`: every compact-spans task's four numbers per field,
   * one after another (key start, value start, value end, line end; see CompactFieldSpans).
   */
  readonly offsetsAt: number;
  /**
   * Where this slice's records start in its run's `numbers`: a record per sliced task (see SlicedBoardTask). Where a
   * task of `tasks` is a number, it is its record's start from there.
   */
  readonly recordsAt: number;
  /**
   * The numbers of this slice and of the slices after it in its run, each as two UTF-16 code units (its low half,
   * then its high half; see numberAt), set on the run's first slice like `chars`. Not Int32Arrays, moved: V8 counts
   * an array buffer's memory apart from its heap, and a 50 MB board's arrays, 83 MB, took it past the 64 MB over its
   * last full collection from which it marks the heap in steps of 5-10 ms on the host's thread, each time more
   * arrived. As one string per run they are heap memory, which no collection reads through, and a large object
   * (over 128 KB) that a scavenge promotes by moving its page.
   */
  readonly numbers?: string;
  /**
   * The sliced tasks' strings that are not numbered, one after another: ids,
   * titles, values used once, the text of numbers, and the first use of each
   * string that repeats. This slice's and those of the slices after it in its
   * run (see TaskPacker.addToRun); unset for those slices: they read the last
   * one sent.
   */
  readonly chars?: string;
}

/** What a board task's `fieldSpans` is while packed. */
interface PackedSpans {
  /** Which of the task's fields (by their order, up to the 31st) hold a number into the strings (the others hold their value). */
  readonly sharedFields: number;
  /** Spans that were not compact, as structured clone carries a Map. */
  readonly map?: ReadonlyMap<string, FieldSpan>;
  /** Whether the task has exactly the keys `revivePlain` writes (then its spans are compact). */
  readonly plain?: boolean;
  /** Compact spans: the first name, its other names (a number into the rests), where its numbers start, its base. */
  readonly first?: string;
  readonly rest?: number;
  readonly at?: number;
  readonly base?: number;
}

/** The task keys whose strings repeat across tasks (the others, an id or a title, rarely do). */
const SHARED_KEYS = ['file', 'kind', 'status', 'statusText', 'priority', 'assignedAgent', 'group', 'shape', 'agent'] as const;
/** Field values longer than this are sent as they are: they are rarely repeated (titles, notes). */
const SHARED_VALUE_CHARS = 40;
/** Fields past this many are sent as they are (one bit each in PackedSpans.sharedFields). */
const SHARED_FIELDS = 31;

/** The worker's side, one per file's parse: numbers strings as they first repeat, and name lists as it first sends them. */
export class TaskPacker {
  private readonly strings = new Map<string, number>();
  /** Strings sent once, as they are: numbered if they come again. */
  private readonly seenOnce = new Set<string>();
  private newStrings: string[] = [];
  private readonly rests = new Map<readonly string[], number>();
  /** The rests' numbers of lists of field names that are not a spans' own (see fieldNames), by the names. */
  private readonly nameLists = new Map<string, number>();
  /** The numbers of the lists of field names that are a spans' first name and its other names, by the latter. */
  private readonly withFirst = new Map<readonly string[], Map<string, number>>();
  private newRests: string[][] = [];
  /** The numbered strings, by their numbers (what the reviver's table holds once it has every slice so far). */
  readonly numbered: string[] = [];
  /** The lists of field names, by their numbers in the rests. */
  readonly restLists: (readonly string[])[] = [];
  /** The run being packed (see addToRun): its characters so far and its slices. */
  private run: { readonly chars: CharRun; readonly slices: PackedSlice[]; readonly numbers: Int32Array[]; length: number } | undefined;

  /**
   * Packs `tasks` as the next slice of the run under way (a new one when none
   * is), and says whether the run is now full: its characters one large string
   * (LARGE_CHARS), or SLICES_PER_RUN slices. The first slice of a run carries
   * that string for them all (see PackedSlice.chars).
   */
  addToRun(tasks: readonly Task[]): boolean {
    const run = (this.run ??= { chars: new CharRun(), slices: [], numbers: [], length: 0 });
    const { offsets, records, ...slice } = this.packSlice(tasks, run.chars);
    run.slices.push({ ...slice, offsetsAt: run.length, recordsAt: run.length + offsets.length });
    run.numbers.push(offsets, records);
    run.length += offsets.length + records.length;
    return run.slices.length >= SLICES_PER_RUN || run.chars.length >= LARGE_CHARS;
  }

  /** The run under way's slices, the first carrying the run's characters (none when no run is under way). */
  closeRun(): PackedSlice[] {
    const run = this.run;
    this.run = undefined;
    if (!run) return [];
    run.slices[0] = { ...run.slices[0]!, chars: run.chars.text(), numbers: numbersText(run.numbers) };
    return run.slices;
  }

  private packSlice(tasks: readonly Task[], chars: CharRun): Omit<PackedSlice, 'offsetsAt' | 'recordsAt'> & { readonly offsets: Int32Array; readonly records: Int32Array } {
    let numbers = 0;
    for (const task of tasks) if (task.kind === 'board' && isCompactFieldSpans(task.fieldSpans)) numbers += task.fieldSpans.numberCount();
    const offsets = new Int32Array(numbers);
    let at = 0;
    const records = new RecordWriter(chars);
    const packed = tasks.map((task): unknown => {
      if (isSliceable(task)) {
        const record = this.record(records, task, task.fieldSpans, at);
        at += task.fieldSpans.copyOffsets(offsets, at);
        return record;
      }
      const out: Record<string, unknown> = { ...task };
      for (const key of SHARED_KEYS) {
        const value = out[key];
        const n = typeof value === 'string' ? this.number(value) : undefined;
        if (n !== undefined) out[key] = n;
      }
      if (task.kind !== 'board') return out;
      let sharedFields = 0;
      // A copy by spread: a field named `__proto__` stays an own key, which the writes below then set.
      const fields: Record<string, unknown> = { ...task.fields };
      let k = 0;
      for (const key in fields) {
        const value = fields[key];
        const n = k < SHARED_FIELDS && typeof value === 'string' && value.length <= SHARED_VALUE_CHARS ? this.number(value) : undefined;
        if (n !== undefined) {
          fields[key] = n;
          sharedFields |= 1 << k;
        }
        k++;
      }
      out['fields'] = fields;
      const spans = task.fieldSpans;
      let wrapped: PackedSpans;
      if (isCompactFieldSpans(spans)) {
        wrapped = { sharedFields, plain: isPlainBoardTask(task), first: spans.firstKey(), rest: this.rest(spans.restNames()), at, base: spans.base };
        at += spans.copyOffsets(offsets, at);
      } else {
        wrapped = { sharedFields, map: spans };
      }
      out['fieldSpans'] = wrapped;
      return out;
    });
    const slice = { tasks: packed, strings: this.newStrings, rests: this.newRests, offsets, records: records.numbers() };
    this.newStrings = [];
    this.newRests = [];
    return slice;
  }

  /** Writes `task`'s record (its layout: see SlicedBoardTask) and says where it starts; its spans' numbers go to `offsets` from `at`. */
  private record(out: RecordWriter, task: BoardTask, spans: CompactFieldSpans, at: number): number {
    const start = out.length;
    out.text(task.id);
    out.text(task.title);
    out.push(task.span.start, task.span.end, task.line, task.idSpan.start, task.idSpan.end, task.titleSpan.start, task.titleSpan.end);
    out.push(at, spans.base, this.rest(spans.restNames()));
    // An `id-key` item's first field is named by its id: the id's characters, not a copy of them.
    const first = spans.firstKey();
    if (first === task.id) out.copy(start + R_ID, 2);
    else this.shared(out, first);
    out.push(this.fieldNames(task.fields, spans));
    for (const key of SLICED_KEYS) this.shared(out, task[key]);
    for (const name in task.fields) {
      const value = task.fields[name];
      if (typeof value === 'string') {
        out.push(VALUE_STRING);
        this.shared(out, value.length <= SHARED_VALUE_CHARS ? value : undefined, value);
      } else if (typeof value === 'number') {
        out.push(VALUE_NUMBER);
        out.text(String(value));
      } else out.push(value === null ? VALUE_NULL : value ? VALUE_TRUE : VALUE_FALSE, 0, 0);
    }
    return start;
  }

  /** A string reference to `value` (see RecordWriter.text): its number when it repeats, else its characters. */
  private shared(out: RecordWriter, value: string | undefined, unshared?: string): void {
    if (value === undefined && unshared === undefined) return out.push(NO_STRING, 0);
    const n = value === undefined ? undefined : this.number(value);
    if (n === undefined) out.text((value ?? unshared)!);
    else out.push(FIRST_NUMBERED - n, 0);
  }

  /**
   * The number of the list of `fields`' names, in the rests. Most tasks' names are their spans' (an `id-key`
   * item's without the id key first): that list's number, found without making a list per task.
   */
  private fieldNames(fields: Readonly<Record<string, unknown>>, spans: CompactFieldSpans): number {
    const first = spans.firstKey();
    const rest = spans.restNames();
    let all = true; // the names are first's and rest's
    let tail = true; // the names are rest's
    let i = 0;
    for (const key in fields) {
      all &&= key === (i === 0 ? first : rest[i - 1]);
      tail &&= key === rest[i];
      if (!all && !tail) return this.names(Object.keys(fields));
      i++;
    }
    if (tail && i === rest.length) return this.rest(rest);
    if (all && i === rest.length + 1) {
      let byFirst = this.withFirst.get(rest);
      if (!byFirst) this.withFirst.set(rest, (byFirst = new Map()));
      let n = byFirst.get(first!);
      if (n === undefined) byFirst.set(first!, (n = this.names([first!, ...rest])));
      return n;
    }
    return this.names(Object.keys(fields));
  }

  /** The number of a list of field names, in the rests (a board's tasks are written alike: a few lists in all). */
  private names(names: readonly string[]): number {
    const key = JSON.stringify(names);
    let n = this.nameLists.get(key);
    if (n === undefined) {
      n = this.rest(names);
      this.nameLists.set(key, n);
    }
    return n;
  }

  /** The number of `value`, undefined the first time it is seen (it is then sent as it is). */
  private number(value: string): number | undefined {
    let n = this.strings.get(value);
    if (n === undefined) {
      if (!this.seenOnce.has(value)) {
        this.seenOnce.add(value);
        return undefined;
      }
      this.seenOnce.delete(value);
      n = this.strings.size;
      this.strings.set(value, n);
      this.newStrings.push(value);
      this.numbered.push(value);
    }
    return n;
  }

  private rest(names: readonly string[]): number {
    let n = this.rests.get(names);
    if (n === undefined) {
      n = this.rests.size;
      this.rests.set(names, n);
      this.newRests.push([...names]);
      this.restLists.push(names);
    }
    return n;
  }
}

/**
 * The worker's packing while a board is parsed (parseFile's sink). Every
 * TASKS_PER_SLICE tasks read are packed as a slice of a run (TaskPacker.addToRun),
 * and when the run is full its tasks in the parse's array are put back
 * as sliced tasks over their records; the tasks a record cannot hold stay as
 * they are. A 50 MB board's 344,000 tasks so never all live in the worker as
 * objects, some ten each: they were, until its parse ended, and the young
 * generation's collections copied them all, on V8's threads that the extension
 * host's thread shares its CPUs with. The slices are then posted as they are.
 */
export class TaskStream implements TaskSink {
  /** The slices packed so far, in order. */
  private readonly slices: PackedSlice[] = [];
  /** How many of the tasks are in a slice; those of the run under way from `runStart` on are still the parse's. */
  private taken = 0;
  private runStart = 0;
  /** The array the parse tells of. */
  private seen: Task[] | undefined;

  constructor(private readonly packer = new TaskPacker()) {}

  grew(tasks: BoardTask[]): void {
    this.seen = tasks;
    if (tasks.length - this.taken >= TASKS_PER_SLICE) this.take(tasks, TASKS_PER_SLICE);
  }

  /**
   * Packs the tasks not packed yet (every one when the parse told of none, as
   * a checklist's does); `tasks` then holds sliced tasks where it can. The
   * slices, in order, hold every task of `tasks`: the caller's from then on.
   */
  finish(tasks: Task[]): PackedSlice[] {
    if (this.seen !== undefined && tasks !== this.seen) throw new Error('the parse returned other tasks than it told of');
    while (this.taken < tasks.length) this.take(tasks, Math.min(TASKS_PER_SLICE, tasks.length - this.taken));
    this.close(tasks);
    return this.slices;
  }

  private take(tasks: Task[], count: number): void {
    const full = this.packer.addToRun(tasks.slice(this.taken, this.taken + count));
    this.taken += count;
    if (full) this.close(tasks);
  }

  private close(tasks: Task[]): void {
    const run = this.packer.closeRun();
    const chars = run[0]?.chars ?? '';
    const numbers = run[0]?.numbers ?? '';
    let at = this.runStart;
    for (const slice of run) {
      const data: SliceData = { numbers, offsetsAt: slice.offsetsAt, chars, strings: this.packer.numbered, rests: this.packer.restLists };
      slice.tasks.forEach((record, i) => {
        if (typeof record === 'number') tasks[at + i] = slicedTask(data, slice.recordsAt + record);
      });
      at += slice.tasks.length;
      this.slices.push(slice);
    }
    this.runStart = at;
  }
}

/** The string keys of a sliced task, kept on it as strings (its record holds a reference to each). */
const SLICED_KEYS = ['file', 'status', 'statusText', 'priority', 'assignedAgent', 'group', 'shape'] as const;
/** A string reference in a record, two numbers: a start and an end in the slice's `chars`, or one of these and 0. */
const NO_STRING = -1;
/** (A number into the strings `n` is written `-2 - n`.) */
const FIRST_NUMBERED = -2;
/** A field value in a record: one of these, then a string reference (a number's is its characters; the rest's, 0 0). */
const VALUE_STRING = 0;
const VALUE_NUMBER = 1;
const VALUE_NULL = 2;
const VALUE_TRUE = 3;
const VALUE_FALSE = 4;
/** Where a record's parts start (see SlicedBoardTask). */
const R_ID = 0;
const R_TITLE = 2;
const R_SPAN = 4;
const R_LINE = 6;
const R_ID_SPAN = 7;
const R_TITLE_SPAN = 9;
const R_SPANS_AT = 11;
const R_SPANS_BASE = 12;
const R_SPANS_REST = 13;
const R_SPANS_FIRST = 14;
const R_NAMES = 16;
const R_KEYS = 17;
const R_FIELDS = R_KEYS + 2 * SLICED_KEYS.length;

/** Whether `task` travels as a record and lives in the host as a sliced task (see SlicedBoardTask). */
function isSliceable(task: Task): task is BoardTask & { readonly fieldSpans: CompactFieldSpans } {
  return task.kind === 'board' && isCompactFieldSpans(task.fieldSpans) && isPlainBoardTask(task) && hasSimpleFields(task.fields);
}

/** Tasks per slice: what the host takes in one turn (when they are kept as objects, in a few milliseconds). */
export const TASKS_PER_SLICE = 500;
/**
 * Characters that make a run's `chars` a large object to V8 (over 128 KB):
 * one the host's young generation holds in a page of its own, which a
 * scavenge promotes by moving that page, not by copying it. A slice of 500
 * tasks of a large board has some 37 KB of them: as a string per slice (a
 * trial while runs were made), every scavenge that found them young copied
 * them, 11 MB in one.
 */
export const LARGE_CHARS = 132 * 1024;
/**
 * The most slices a run holds (see TaskPacker.addToRun): the worker packs them
 * all before it sends the first. Tasks of 9 characters in all (`T1234` and
 * `Todo`) fill 31; fewer characters than that leave a run's string small.
 */
export const SLICES_PER_RUN = 32;

/** A plain task's fields, when each value is one a record holds: a string, a number, true, false or null. */
function hasSimpleFields(fields: Readonly<Record<string, unknown>>): boolean {
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) continue;
    // -0 would come back as 0 from its characters.
    if (typeof value !== 'number' || !Object.is(Number(String(value)), value)) return false;
  }
  return true;
}

/** The characters a run of slices' string references point into, as they are written. */
class CharRun {
  private readonly pieces: string[] = [];
  length = 0;

  /** Adds `value`; where it starts. */
  add(value: string): number {
    const start = this.length;
    this.pieces.push(value);
    this.length += value.length;
    return start;
  }

  text(): string {
    return this.pieces.join('');
  }
}

/** A slice's records as they are written: numbers, and string references into its run's characters. */
class RecordWriter {
  private readonly ints: number[] = [];

  constructor(private readonly chars: CharRun) {}

  get length(): number {
    return this.ints.length;
  }

  /** The `count` numbers from `from` again. */
  copy(from: number, count: number): void {
    for (let i = 0; i < count; i++) this.ints.push(this.ints[from + i]!);
  }

  push(...numbers: number[]): void {
    for (const n of numbers) this.ints.push(n);
  }

  /** A string reference to `value`'s characters, which are added to the run's. */
  text(value: string): void {
    const start = this.chars.add(value);
    this.ints.push(start, start + value.length);
  }

  numbers(): Int32Array {
    return Int32Array.from(this.ints);
  }
}

/** Code units per string of numbersText: String.fromCharCode takes them as arguments. */
const UNITS_PER_CALL = 8192;

/** `arrays`' numbers one after another, two code units each (see PackedSlice.numbers). */
function numbersText(arrays: readonly Int32Array[]): string {
  let count = 0;
  for (const a of arrays) count += a.length;
  const units = new Uint16Array(2 * count);
  let u = 0;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const n = a[i]!;
      units[u++] = n & 0xffff;
      units[u++] = n >>> 16;
    }
  }
  const parts: string[] = [];
  for (let at = 0; at < units.length; at += UNITS_PER_CALL) parts.push(String.fromCharCode(...units.subarray(at, at + UNITS_PER_CALL)));
  return parts.join('');
}

/** What the sliced tasks of one slice read from: its run's characters and numbers, and the reviver's tables as they grow. */
interface SliceData {
  readonly numbers: string;
  /** Where the slice's span numbers start in `numbers` (a task's `at` counts from there). */
  readonly offsetsAt: number;
  readonly chars: string;
  readonly strings: readonly string[];
  readonly rests: readonly (readonly string[])[];
}

/** The string a reference at `at` of a record stands for (see RecordWriter.text and TaskPacker.shared). */
function stringAt(slice: SliceData, at: number): string | undefined {
  const a = numberAt(slice.numbers, at);
  if (a >= 0) return slice.chars.slice(a, numberAt(slice.numbers, at + 1));
  return a === NO_STRING ? undefined : slice.strings[FIRST_NUMBERED - a];
}

/**
 * A plain board task that the host holds as one small object: its slice and
 * where its record starts. Every key is read from the record when asked (a
 * fresh object or string each time, but a repeated string is the table's).
 * The tasks that travel so are the plain ones (isPlainBoardTask) with compact
 * field spans whose field values are strings, numbers but -0, booleans or
 * null (hasSimpleFields). A 50 MB board's 340,000 tasks were each some ten objects
 * (the task, its fields, three spans, field spans, the id, the title, values
 * used once), made in the young generation as the slices came and copied by
 * every scavenge while they lived there: the longest turns of such a load
 * were those scavenges. A sliced task is one object; its slice's strings and
 * numbers are three. The record of a task, at its start in `records`:
 *
 *   id, title (string references, two numbers each: see RecordWriter.text);
 *   span start and end, line, id span, title span;
 *   its field spans' start in `offsets`, base, other names (a number into the
 *   rests) and first name (a string reference);
 *   its fields' names (a number into the rests);
 *   a string reference for each of SLICED_KEYS;
 *   each field's value: its kind (VALUE_*) and a string reference.
 *
 * A spread or `Object.keys` sees only the kept keys: `taskData` makes the
 * whole task as plain data, and JSON sees that.
 */
export type SlicedBoardTask = BoardTask & SlicedTaskData;

/** What a sliced task holds: its slice, and where its record starts. */
interface SlicedTaskData {
  readonly slice: SliceData;
  readonly at: number;
}

/** A sliced task: one object literal, so that V8 places those that live long in the old generation from the start. */
function slicedTask(slice: SliceData, at: number): SlicedBoardTask {
  return { __proto__: SLICED_TASK, slice, at } as unknown as SlicedBoardTask;
}

/** The prototype of every sliced task: what it reads from its record. */
const SLICED_TASK: ThisType<SlicedTaskData> & Record<string, unknown> = {
  get kind(): 'board' {
    return 'board';
  },
  get line(): number {
    return numberAt(this.slice.numbers, this.at + R_LINE);
  },
  get id(): string {
    return stringAt(this.slice, this.at + R_ID)!;
  },
  get title(): string {
    return stringAt(this.slice, this.at + R_TITLE)!;
  },
  get span(): Span {
    return spanAt(this.slice, this.at + R_SPAN);
  },
  get idSpan(): Span {
    return spanAt(this.slice, this.at + R_ID_SPAN);
  },
  get titleSpan(): Span {
    return spanAt(this.slice, this.at + R_TITLE_SPAN);
  },
  get fields(): Record<string, unknown> {
    const slice = this.slice;
    const numbers = slice.numbers;
    const names = slice.rests[numberAt(numbers, this.at + R_NAMES)]!;
    const fields: Record<string, unknown> = {};
    let at = this.at + R_FIELDS;
    for (const name of names) {
      const kind = numberAt(numbers, at);
      const text = kind === VALUE_STRING || kind === VALUE_NUMBER ? stringAt(slice, at + 1)! : undefined;
      fields[name] = kind === VALUE_STRING ? text : kind === VALUE_NUMBER ? Number(text) : kind === VALUE_NULL ? null : kind === VALUE_TRUE;
      at += 3;
    }
    return fields;
  },
  get fieldSpans(): CompactFieldSpans {
    const slice = this.slice;
    const n = slice.numbers;
    const at = this.at;
    return CompactFieldSpans.fromNumbers(stringAt(slice, at + R_SPANS_FIRST)!, slice.rests[numberAt(n, at + R_SPANS_REST)]!, n, slice.offsetsAt + numberAt(n, at + R_SPANS_AT), numberAt(n, at + R_SPANS_BASE));
  },
  toJSON(): BoardTask {
    return taskData(this as unknown as SlicedBoardTask);
  },
};

// The kept strings (file, status, ...): each key of SLICED_KEYS reads its reference, in the list's order in the record.
SLICED_KEYS.forEach((key, k) => {
  Object.defineProperty(SLICED_TASK, key, {
    get(this: SlicedTaskData): string | undefined {
      return stringAt(this.slice, this.at + R_KEYS + 2 * k);
    },
    enumerable: true,
  });
});

function spanAt(slice: SliceData, at: number): Span {
  return { start: numberAt(slice.numbers, at), end: numberAt(slice.numbers, at + 1) };
}

function isSliced(task: Task): task is SlicedBoardTask {
  return Object.getPrototypeOf(task) === SLICED_TASK;
}

/** `task` as plain data: a sliced task's every key made once (a spread of one would see only the kept keys); any other task as it is. */
export function taskData<T extends Task>(task: T): T;
export function taskData(task: Task): Task {
  if (!isSliced(task)) return task;
  const data: Record<string, unknown> = {};
  for (const key of PLAIN_BOARD_KEYS) data[key] = task[key as keyof BoardTask];
  return data as unknown as BoardTask;
}

/** The host's side, one per file's parse: the inverse of TaskPacker, slice by slice in the order they were packed. */
export class TaskReviver {
  /** The repeated strings received so far, by their numbers: the host holds one copy of each (and of each first use). */
  readonly strings: string[] = [];
  private readonly rests: (readonly string[])[] = [];
  /** The characters and numbers of the run of slices being revived (see PackedSlice.chars and .numbers). */
  private chars = '';
  private numbers = '';

  /** The tasks of `slice` (freshly received: revived in place where they are kept). */
  revive(slice: PackedSlice): Task[] {
    const strings = this.strings;
    if (slice.chars !== undefined) this.chars = slice.chars;
    if (slice.numbers !== undefined) this.numbers = slice.numbers;
    for (const s of slice.strings) strings.push(s);
    for (const r of slice.rests) this.rests.push(r);
    const tasks = slice.tasks as Task[];
    const data: SliceData = { numbers: this.numbers, offsetsAt: slice.offsetsAt, chars: this.chars, strings, rests: this.rests };
    for (let i = 0; i < tasks.length; i++) {
      const record = tasks[i] as unknown;
      if (typeof record === 'number') {
        tasks[i] = slicedTask(data, slice.recordsAt + record);
        continue;
      }
      const task = tasks[i]! as unknown as Record<string, unknown>;
      const packed = task['fieldSpans'] as PackedSpans | undefined;
      if (packed?.plain) {
        tasks[i] = this.revivePlain(task as unknown as PackedTask, packed, slice.offsetsAt);
        continue;
      }
      for (const key of SHARED_KEYS) {
        const value = task[key];
        if (typeof value === 'number') task[key] = strings[value];
      }
      if (task['kind'] !== 'board') continue;
      const spans = packed!;
      if (spans.sharedFields !== 0) {
        const fields = task['fields'] as Record<string, unknown>;
        let k = 0;
        for (const key in fields) if (isNumbered(spans.sharedFields, k++)) fields[key] = strings[fields[key] as number];
      }
      task['fieldSpans'] = spans.map ?? this.spans(spans, slice.offsetsAt);
    }
    return tasks;
  }

  /** The spans of a task packed with its numbers at `offsetsAt + packed.at` in the run's numbers. */
  private spans(packed: PackedSpans, offsetsAt: number): CompactFieldSpans {
    return CompactFieldSpans.fromNumbers(packed.first!, this.rests[packed.rest!]!, this.numbers, offsetsAt + packed.at!, packed.base!);
  }

  /**
   * A plain task made again here by an object literal, its strings read from
   * the table. A large board's tasks outlive many young-generation
   * collections, and each collection copied every one still young: as
   * structured clone makes them, V8 always puts them there. Objects from a
   * literal that keep surviving are placed in the old generation from the
   * start (V8's allocation-site pretenuring). In plain node this halved what
   * the scavenges of a 50 MB board's load copied, and the time they took; the
   * clone's objects die young, which costs a scavenge next to nothing. One
   * named read per key: a loop over the names would make each a keyed lookup.
   */
  private revivePlain(task: PackedTask, packed: PackedSpans, offsetsAt: number): BoardTask {
    const strings = this.strings;
    const fields: Record<string, unknown> = {};
    let k = 0;
    for (const key in task.fields) {
      const value = task.fields[key];
      fields[key] = isNumbered(packed.sharedFields, k++) ? strings[value as number] : value;
    }
    return {
      kind: 'board',
      file: stringOf(strings, task.file)!,
      id: task.id,
      title: task.title,
      status: stringOf(strings, task.status),
      statusText: stringOf(strings, task.statusText),
      priority: stringOf(strings, task.priority),
      assignedAgent: stringOf(strings, task.assignedAgent),
      group: stringOf(strings, task.group),
      span: { start: task.span.start, end: task.span.end },
      line: task.line,
      shape: stringOf(strings, task.shape) as BoardTask['shape'],
      fields,
      fieldSpans: this.spans(packed, offsetsAt),
      idSpan: { start: task.idSpan.start, end: task.idSpan.end },
      titleSpan: { start: task.titleSpan.start, end: task.titleSpan.end },
    };
  }
}

/** Whether the `k`th field is one of those `sharedFields` numbers (a shift counts modulo 32: fields past them are not). */
function isNumbered(sharedFields: number, k: number): boolean {
  return k < SHARED_FIELDS && (sharedFields & (1 << k)) !== 0;
}

/** A plain board task as packed: its repeated strings as numbers into the strings sent. */
type PackedTask = { readonly [K in keyof BoardTask]: K extends (typeof SHARED_KEYS)[number] ? number | string | undefined : BoardTask[K] };

/** A shared key's value as packed: its number into the strings, or the string itself (its first use). */
function stringOf(strings: readonly string[], value: number | string | undefined): string | undefined {
  return typeof value === 'number' ? strings[value] : value;
}

/**
 * The keys of a board task read from a YAML item without an agent key (itemToTask): most tasks of a large board.
 * `revivePlain` writes the same keys as a literal (a list it cannot be made from); a key added to itemToTask's tasks
 * makes them all kept as received, which offThreadParse.test.ts's plain-shape test catches.
 */
const PLAIN_BOARD_KEYS: ReadonlySet<string> = new Set(['kind', 'file', 'id', 'title', 'status', 'statusText', 'priority', 'assignedAgent', 'group', 'span', 'line', 'shape', 'fields', 'fieldSpans', 'idSpan', 'titleSpan']);

function isPlainBoardTask(task: object): boolean {
  let keys = 0;
  for (const key in task) {
    if (!PLAIN_BOARD_KEYS.has(key)) return false;
    keys++;
  }
  // A field named `__proto__` (yaml makes it an own key) would set the copy's prototype instead: kept as received.
  return keys === PLAIN_BOARD_KEYS.size && !Object.hasOwn((task as BoardTask).fields, '__proto__');
}

/** A parsed file without its tasks (they travel separately, in slices), and the tasks. */
export function splitParsed(parsed: ParsedFile): { rest: ParsedFile; tasks: readonly Task[] } {
  if (parsed.kind !== 'board' && parsed.kind !== 'checklist') return { rest: parsed, tasks: [] };
  return { rest: { ...parsed, tasks: [] }, tasks: parsed.tasks };
}

/** The parsed file again, with the tasks received. */
export function joinParsed(rest: ParsedFile, tasks: Task[]): ParsedFile {
  if (rest.kind === 'board') return { ...rest, tasks: tasks as BoardTask[] };
  if (rest.kind === 'checklist') return { ...rest, tasks: tasks as typeof rest.tasks[number][] };
  return rest;
}
