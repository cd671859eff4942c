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

/** The inverse of `packTasks`, in place on freshly received data. */
export function reviveTasks(tasks: Task[]): Task[] {
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!;
    if (task.kind !== 'board') continue;
    const packed = (task.fieldSpans as unknown as Partial<PackedSpans>).compactFieldSpans;
    if (packed) (task as { fieldSpans: BoardTask['fieldSpans'] }).fieldSpans = CompactFieldSpans.fromParts(packed);
  }
  return tasks;
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
