// Dependencies between tasks: `depends_on`, `dependencies` or `blocked_by` on
// a board task names other tasks, in the same file or any task file of the
// workspace, as a YAML list, one id, or one string of ids separated by commas
// (or spaces, semicolons, `and`, when every word is an id).
// A task waits while any of them is unfinished (see finished.ts) or names no
// task at all (it can never be shown finished). Callers that see the whole
// workspace (the index, the CLI, the board branch) build the statuses; moves
// are planned with the answer (MoveOptions.waitingOn in moves.ts).
import type { BoardTask, Status, Task } from '../model';
import { isCompactFieldSpans } from '../board/compactFieldSpans';
import { markedId } from '../board/taskId';
import { DEFAULT_LIFECYCLE, isFinished as finishedIn, type Lifecycle } from '../lifecycleModel';
import { eachInSteps, runToEnd } from '../steps';

export const DEPENDENCY_FIELDS = ['depends_on', 'dependencies', 'blocked_by'] as const;

/** A dependency a task still waits for: its id and, when a task has that id, its status. */
export interface UnfinishedDependency {
  readonly id: string;
  /** False when no task anywhere has this id. */
  readonly known: boolean;
  /** The status of the task with this id (the first unfinished one, when the id is on several tasks). */
  readonly status?: Status;
}

/**
 * Every key dependencyFieldOf reads as a dependency field starts so (`dep`, `blo`, in any case: its letters spell one
 * of DEPENDENCY_FIELD_OF's words, and its third character is the third letter), however it is spelled otherwise
 * (`dep_s`, `Block-Ed-By`). Letter classes, not the `i` flag: V8 scans a 50 MB text with them several times faster.
 */
const MAY_NAME_DEPENDENCIES = /[Dd][Ee][Pp]|[Bb][Ll][Oo]/;

/** Whether `text` says a word every dependency field's name holds: without one, none of its tasks names a dependency. */
export function textMayNameDependencies(text: string): boolean {
  return MAY_NAME_DEPENDENCIES.test(text);
}

const NONE: readonly string[] = Object.freeze([]);
/** What is written for "no dependency" (`depends_on: none`, a `Depends On` cell of `N/A` or `—`): no id to wait on. */
const NO_DEPENDENCY = /^(?:none|n\/?a|nil|null|tbd|-+|—|–)$/i;
const NO_IDS: ReadonlySet<string> = new Set();

/** The dependency field a key means, by its letters (`depends-on`, `dependsOn`, `Depends_On`, `deps` → depends_on). */
const DEPENDENCY_FIELD_OF: Readonly<Record<string, (typeof DEPENDENCY_FIELDS)[number]>> = {
  dependson: 'depends_on',
  depends: 'depends_on',
  deps: 'depends_on',
  blockedby: 'blocked_by',
  dependencies: 'dependencies',
};

/** The dependency field (DEPENDENCY_FIELDS) `key` names, however it is spelled; undefined for every other key. */
export function dependencyFieldOf(key: string): (typeof DEPENDENCY_FIELDS)[number] | undefined {
  // `dep…` or `blo…`, either case: most keys are decided here, with no string made (`description` neither).
  const c = key.charCodeAt(0) | 32;
  const third = key.charCodeAt(2) | 32;
  if (!(c === 100 && third === 112) && !(c === 98 && third === 111)) return undefined;
  return DEPENDENCY_FIELD_OF[key.toLowerCase().replace(/[^a-z]/g, '')];
}

/**
 * The ids a task depends on, as written: any of the three fields however spelled (dependencyFieldOf), each a list,
 * one id, or ids separated by commas or, see `idsIn`, spaces.
 */
export function dependenciesOf(task: Task): readonly string[] {
  if (task.kind !== 'board') return NONE;
  const keys = dependencyKeys(task);
  // Asked of every task after every change: most name none, get no array of their own, and their fields are not read.
  if (keys.length === 0) return NONE;
  const fields = task.fields;
  const ids: string[] = [];
  for (const key of keys) {
    const value = fields[key];
    for (const item of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) {
      if (item === null || typeof item === 'object') continue;
      for (const part of String(item).split(',')) {
        for (const written of idsIn(part.trim())) {
          const id = unmarked(written);
          if (id !== '' && !NO_DEPENDENCY.test(id) && !ids.includes(id)) ids.push(id);
        }
      }
    }
  }
  return ids;
}

/** An id without the marks a table cell may write around it (`` `T-1` ``, `**T-1**`), as its own ID cell is read. */
function unmarked(id: string): string {
  return markedId(id)?.id ?? id;
}

/** For each list of field names that tasks written alike share (CompactFieldSpans.restNames), those naming a dependency field. */
const keysOfShape = new WeakMap<readonly string[], readonly string[]>();

/**
 * The fields of a board task that name a dependency field, however spelled (dependencyFieldOf), in the item's order:
 * what dependenciesOf reads and what lint renames. Decided once per shape of task where the fast parse shares one
 * list of names between tasks written alike; else from the task's fields.
 */
export function dependencyKeys(task: BoardTask): readonly string[] {
  const spans = task.fieldSpans;
  if (isCompactFieldSpans(spans) && dependencyFieldOf(spans.firstKey() ?? '') === undefined) {
    const names = spans.restNames();
    let keys = keysOfShape.get(names);
    if (keys === undefined) keysOfShape.set(names, (keys = namingDependencies(names)));
    return keys;
  }
  return namingDependencies(Object.keys(task.fields));
}

function namingDependencies(keys: Iterable<string>): readonly string[] {
  let found: string[] | undefined;
  for (const key of keys) if (dependencyFieldOf(key) !== undefined) (found ??= []).push(key);
  return found ?? NONE;
}

/** A task id as boards write them (`TASK_001`, `BE-12`): letters, then `_` or `-` parts, a digit among them. */
const ID_WORD = /^[A-Za-z][A-Za-z0-9]*(?:[_-][A-Za-z0-9]+)+$/;
/** What joins ids in one text besides a comma: spaces, a semicolon, `and`, `&`, `+`. */
const ID_JOINS = /\s*;\s*|\s+(?:(?:and|&|\+)\s+)?/i;

/**
 * The ids of one comma-separated part: `TASK_001 TASK_002`, `TASK_001; BE-12` or `TASK_001 and TASK_002` are two
 * when every word is an id; anything else (`Write tests`, a checklist item's title) is one name, as written.
 */
function idsIn(part: string): readonly string[] {
  if (!/[\s;]/.test(part)) return [part];
  const words = part.split(ID_JOINS);
  return words.length > 1 && words.every((w) => ID_WORD.test(unmarked(w)) && /\d/.test(w)) ? words : [part];
}

/** Where in `tasks` the tasks that name dependencies are (the parse worker finds them for the host, off its thread). */
export function dependentIndexes(tasks: readonly Task[]): Int32Array {
  const found: number[] = [];
  for (let i = 0; i < tasks.length; i++) if (dependenciesOf(tasks[i]!).length > 0) found.push(i);
  return Int32Array.from(found);
}

/**
 * What a workspace says of every id its tasks depend on: for each, whether all
 * its tasks are finished, else the first unfinished status. Only ids some task
 * names are kept: a workspace of 350,000 tasks with a few dependencies keeps a
 * few entries, not a map of every id.
 */
export class DependencyStatuses {
  private readonly byId = new Map<string, { finished: boolean; status: Status | undefined }>();
  /** A number some task depends on → the id with leading zeros a task has (`7` → `007`), when no task is the number. */
  private readonly padded = new Map<string, string>();

  /** Whether a status finishes a dependency: the lifecycle's last status or a final side status (a cancelled task will not be done). */
  private readonly isFinished: (status: Status | undefined) => boolean;

  /** `named`: the ids the tasks depend on, when the caller knows them already (found from `tasks` otherwise). */
  constructor(tasks: readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE, named?: ReadonlySet<string>) {
    this.isFinished = (status) => finishedIn(lifecycle, status);
    if (!named) {
      const found = new Set<string>();
      for (const task of tasks) for (const id of dependenciesOf(task)) found.add(id);
      named = found;
    }
    runToEnd(this.read([tasks], named));
  }

  /**
   * The statuses of the ids `named` among the tasks of `lists` (a list per
   * file), built a slice of tasks per step (a 300,000-task workspace is one pass).
   */
  static *steps(lists: readonly (readonly Task[])[], lifecycle: Lifecycle, named: ReadonlySet<string>): Generator<void, DependencyStatuses, void> {
    const statuses = new DependencyStatuses([], lifecycle, NO_IDS);
    yield* statuses.read(lists, named);
    return statuses;
  }

  private *read(lists: readonly (readonly Task[])[], named: ReadonlySet<string>): Generator<void, void, void> {
    if (named.size === 0) return;
    const isFinished = this.isFinished;
    yield* eachInSteps(lists, (task) => {
      if (!named.has(task.id)) {
        // `id: "007"` where a dependency reads 7 (an unquoted `007`, which YAML reads as a number): kept for lint.
        if (task.id.charCodeAt(0) === 48 && /^0\d+$/.test(task.id)) {
          const number = String(Number(task.id));
          if (named.has(number) && !this.padded.has(number)) this.padded.set(number, task.id);
        }
        return;
      }
      const known = this.byId.get(task.id);
      // An id on several tasks (two boards, both sides of a conflict) is finished only when every one of them is.
      if (!known) this.byId.set(task.id, { finished: isFinished(task.status), status: task.status });
      else if (known.finished && !isFinished(task.status)) this.byId.set(task.id, { finished: false, status: task.status });
    });
  }

  /** Whether some task of the workspace has `id` (asked only of ids a task depends on). */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The id with leading zeros a task has for the number `id` (`007` for `7`), when some task has one. */
  zeroPadded(id: string): string | undefined {
    return this.padded.get(id);
  }

  /** Whether a task of the workspace has `id` and one of them is not finished (asked only of ids a task depends on). */
  unfinished(id: string): boolean {
    return this.byId.get(id)?.finished === false;
  }

  /** Whether `status` finishes a task: such a task waits for nothing. */
  finishes(status: Status | undefined): boolean {
    return this.isFinished(status);
  }

  /** The dependencies of `task` it still waits for, in the order written; a finished task waits for nothing. */
  waitingOn(task: Task): UnfinishedDependency[] {
    const waiting: UnfinishedDependency[] = [];
    if (this.isFinished(task.status)) return waiting;
    for (const id of dependenciesOf(task)) {
      const known = this.byId.get(id);
      if (!known) waiting.push({ id, known: false });
      else if (!known.finished) waiting.push({ id, known: true, ...(known.status !== undefined && { status: known.status }) });
    }
    return waiting;
  }
}

/**
 * What `task` waits for, judged with the tasks `workspace` gives (every task
 * file, the task's own as the move will see it), which is asked for only when
 * the task names dependencies: a claim of a task without any reads no other file.
 */
export function waitingOnAmong(task: Task, workspace: () => readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): readonly UnfinishedDependency[] {
  return dependenciesOf(task).length === 0 ? [] : new DependencyStatuses(workspace(), lifecycle).waitingOn(task);
}

/** `TASK_3 (in_progress), TASK_9 (no such task)`: what a task waits for, for messages and tooltips. */
export function describeWaiting(waiting: readonly UnfinishedDependency[]): string {
  return waiting.map((w) => `${w.id} (${!w.known ? 'no such task' : (w.status ?? 'no status')})`).join(', ');
}
