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
// filled. Each task's span numbers go in one Int32Array per slice, moved, not
// copied.
import { CompactFieldSpans, isCompactFieldSpans } from './board/compactFieldSpans';
import type { BoardTask, FieldSpan, ParsedFile, Task } from './model';

/** One slice of tasks as the worker posts it (see TaskPacker). */
export interface PackedSlice {
  /** The tasks, their repeated strings as numbers into the strings sent so far. */
  readonly tasks: unknown[];
  /** The strings first repeated in this slice, numbered on from those of the slices before. */
  readonly strings: string[];
  /** The lists of field names after the first first used in this slice, numbered likewise. */
  readonly rests: string[][];
  /** Every compact-spans task's four numbers per field, one after another (key start, value start, value end, line end; see CompactFieldSpans). */
  readonly offsets: Int32Array;
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
  private newRests: string[][] = [];

  /** `tasks` as one slice to post; its `offsets` buffer may be transferred. */
  pack(tasks: readonly Task[]): PackedSlice {
    let numbers = 0;
    for (const task of tasks) if (task.kind === 'board' && isCompactFieldSpans(task.fieldSpans)) numbers += task.fieldSpans.numberCount();
    const offsets = new Int32Array(numbers);
    let at = 0;
    const packed = tasks.map((task) => {
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
    const slice: PackedSlice = { tasks: packed, strings: this.newStrings, rests: this.newRests, offsets };
    this.newStrings = [];
    this.newRests = [];
    return slice;
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
    }
    return n;
  }

  private rest(names: readonly string[]): number {
    let n = this.rests.get(names);
    if (n === undefined) {
      n = this.rests.size;
      this.rests.set(names, n);
      this.newRests.push([...names]);
    }
    return n;
  }
}

/** The host's side, one per file's parse: the inverse of TaskPacker, slice by slice in the order they were packed. */
export class TaskReviver {
  /** The repeated strings received so far, by their numbers: the host holds one copy of each (and of each first use). */
  readonly strings: string[] = [];
  private readonly rests: (readonly string[])[] = [];

  /** The tasks of `slice` (freshly received: revived in place where they are kept). */
  revive(slice: PackedSlice): Task[] {
    const strings = this.strings;
    for (const s of slice.strings) strings.push(s);
    for (const r of slice.rests) this.rests.push(r);
    const tasks = slice.tasks as Task[];
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]! as unknown as Record<string, unknown>;
      const packed = task['fieldSpans'] as PackedSpans | undefined;
      if (packed?.plain) {
        tasks[i] = this.revivePlain(task as unknown as PackedTask, packed, slice.offsets);
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
      task['fieldSpans'] = spans.map ?? this.spans(spans, slice.offsets);
    }
    return tasks;
  }

  private spans(packed: PackedSpans, offsets: Int32Array): CompactFieldSpans {
    return CompactFieldSpans.fromOffsets(packed.first!, this.rests[packed.rest!]!, offsets, packed.at!, packed.base!);
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
  private revivePlain(task: PackedTask, packed: PackedSpans, offsets: Int32Array): BoardTask {
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
      fieldSpans: this.spans(packed, offsets),
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
