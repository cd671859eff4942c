// A parsed file crossing between threads (the store's parse worker and the
// extension host). Structured clone keeps plain objects, arrays, Maps and
// Dates, but not classes: a fast-path board task's CompactFieldSpans arrives
// as a bare object. `packParsed` turns those into their parts and
// `reviveParsed` rebuilds them, so the other side holds the same model as a
// parse made there.
import { CompactFieldSpans, isCompactFieldSpans, type CompactFieldSpanParts } from './board/compactFieldSpans';
import type { BoardTask, ParsedFile, Task } from './model';

interface PackedSpans {
  readonly compactFieldSpans: CompactFieldSpanParts;
}

/** Tasks as data a worker can post: board tasks' compact field spans as their parts. */
export function packTasks(tasks: readonly Task[]): Task[] {
  return tasks.map((task) => {
    if (task.kind !== 'board' || !isCompactFieldSpans(task.fieldSpans)) return task;
    const packed: PackedSpans = { compactFieldSpans: task.fieldSpans.parts() };
    return { ...task, fieldSpans: packed as unknown as BoardTask['fieldSpans'] };
  });
}

/**
 * Strings seen so far while reviving one file's tasks. Structured clone copies
 * every string it carries: each of a 50 MB board's 344,000 tasks came back
 * with its own copy of the file's URI, its status and priority.
 * Shared again, the host holds one of each (and its GC has less to walk).
 */
export type SharedStrings = Map<string, unknown>;

function share<T>(shared: SharedStrings, key: string, value: T): T {
  const known = shared.get(key);
  if (known !== undefined) return known as T;
  shared.set(key, value);
  return value;
}

const SHARED_KEYS = ['file', 'kind', 'status', 'statusText', 'priority', 'assignedAgent', 'group', 'shape', 'agent'] as const;
/** Field values longer than this are kept as they came: they are rarely repeated (titles, notes). */
const SHARED_VALUE_CHARS = 40;

/** The inverse of `packTasks`, in place on freshly received data. Pass the same `shared` for every slice of a file. */
export function reviveTasks(tasks: Task[], shared: SharedStrings = new Map()): Task[] {
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]! as unknown as Record<string, unknown>;
    for (const key of SHARED_KEYS) {
      const value = task[key];
      if (typeof value === 'string') task[key] = share(shared, value, value);
    }
    if (task['kind'] !== 'board') continue;
    const fields = task['fields'] as Record<string, unknown>;
    for (const key in fields) {
      const value = fields[key];
      if (typeof value === 'string' && value.length <= SHARED_VALUE_CHARS) fields[key] = share(shared, value, value);
    }
    const packed = (task['fieldSpans'] as Partial<PackedSpans>).compactFieldSpans;
    if (packed) task['fieldSpans'] = CompactFieldSpans.of(packed.names[0]!, restOf(shared, packed.names), packed.offsets, packed.base);
    if (isPlainBoardTask(task)) tasks[i] = rebuilt(task);
  }
  return tasks;
}

/**
 * The keys of a board task read from a YAML item without an agent key (itemToTask): most tasks of a large board.
 * `rebuilt` writes the same keys as a literal (a list it cannot be made from); a key added to itemToTask's tasks
 * makes them all kept as received, which offThreadParse.test.ts's plain-shape test catches.
 */
const PLAIN_BOARD_KEYS: ReadonlySet<string> = new Set(['kind', 'file', 'id', 'title', 'status', 'statusText', 'priority', 'assignedAgent', 'group', 'span', 'line', 'shape', 'fields', 'fieldSpans', 'idSpan', 'titleSpan']);

function isPlainBoardTask(task: Record<string, unknown>): task is Record<string, unknown> & BoardTask {
  let keys = 0;
  for (const key in task) {
    if (!PLAIN_BOARD_KEYS.has(key)) return false;
    keys++;
  }
  // A field named `__proto__` (yaml makes it an own key) would set the copy's prototype instead: kept as received.
  return keys === PLAIN_BOARD_KEYS.size && !Object.hasOwn(task['fields'] as object, '__proto__');
}

/**
 * The same task, made again here by an object literal. A large board's tasks
 * outlive many young-generation collections, and each collection copied every
 * one still young: as structured clone makes them, V8 always puts them there.
 * Objects from a literal that keep surviving are placed in the old generation
 * from the start (V8's allocation-site pretenuring). In plain node this halved
 * what the scavenges of a 50 MB board's load copied, and the time they took;
 * the clone's objects die young, which costs a scavenge next to nothing.
 */
function rebuilt(task: BoardTask): BoardTask {
  const fields: Record<string, unknown> = {};
  for (const key in task.fields) fields[key] = task.fields[key];
  return {
    kind: 'board',
    file: task.file,
    id: task.id,
    title: task.title,
    status: task.status,
    statusText: task.statusText,
    priority: task.priority,
    assignedAgent: task.assignedAgent,
    group: task.group,
    span: { start: task.span.start, end: task.span.end },
    line: task.line,
    shape: task.shape,
    fields,
    fieldSpans: task.fieldSpans,
    idSpan: { start: task.idSpan.start, end: task.idSpan.end },
    titleSpan: { start: task.titleSpan.start, end: task.titleSpan.end },
  };
}

/** Per `shared` (one file's revival), the field names after the first of the last task revived. */
const lastRests = new WeakMap<SharedStrings, readonly string[]>();

/**
 * `names` after the first, as the array the task before used when they are
 * the same (tasks written alike, most of a board): the host then keeps one
 * array for them, as a parse made there does, not one per task.
 */
function restOf(shared: SharedStrings, names: readonly string[]): readonly string[] {
  const last = lastRests.get(shared);
  if (last && last.length === names.length - 1 && last.every((name, i) => name === names[i + 1])) return last;
  const rest = names.slice(1);
  lastRests.set(shared, rest);
  return rest;
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
