// What a board card and a Tasks tree row say of their task's problems: the
// errors and warnings the Problems view lists for the task's lines, so a
// broken task stands out in the views as it does in the editor. They are the
// extension's own diagnostics read back (shownProblems.ts), not made again:
// lint, the lifecycle and dependencies alike. A stale claim and a merge
// conflict have their own notes, and infos (git's notes) are left to the
// editor.
//
// Diagnostics are placed by line, and they are set a turn or more after the
// store takes a new text (enforcementDiagnostics.ts; a large file's after
// passes over its tasks): until then VS Code holds those of the text before,
// whose lines may now be other tasks'. So a view reads a file's diagnostics
// only once the store says they are of its text (`TaskStore.isDiagnosed`);
// before that, each task keeps the problems its id had.

import type { Task } from '../../core/model';
import type { LineIndex } from '../../core/text';
import type { ShownProblem } from '../../shared/boardMessages';

/** One diagnostic as the board reads it. */
export interface LineProblem extends ShownProblem {
  readonly code?: string;
}

/** A stale claim and a merge conflict have their own note on the card and the row: not counted among its problems. */
export function hasOwnNote(problem: LineProblem): boolean {
  return problem.code === 'stale-claim' || problem.code === 'merge-conflict';
}

/**
 * How far back from the last task that starts at or before a problem's line
 * the task holding that line is looked for: past a checklist item's
 * subtasks, not across a whole file for a problem outside every task.
 */
const MAX_LOOK_BACK = 64;

/**
 * Each task's problems. A problem belongs to the innermost of `tasks` whose
 * lines hold its first line (a subtask given with its parent, the subtask;
 * the board, which has a card per item, gives no subtasks); a problem outside
 * every task (a heading, the front matter) belongs to none. `lines(task)` is
 * the task's first and last line; `tasks` are in file order.
 */
export function problemsByTask(
  tasks: readonly Task[],
  lines: (task: Task) => readonly [number, number],
  problems: readonly LineProblem[],
): Map<Task, ShownProblem[]> {
  const found = new Map<Task, ShownProblem[]>();
  for (const problem of problems) {
    if (hasOwnNote(problem)) continue;
    const task = holder(tasks, lines, problem.line);
    if (!task) continue;
    const list = found.get(task);
    const shown: ShownProblem = { severity: problem.severity, message: problem.message, line: problem.line };
    if (list) list.push(shown);
    else found.set(task, [shown]);
  }
  for (const list of found.values()) list.sort((a, b) => (a.severity !== b.severity ? (a.severity === 'error' ? -1 : 1) : a.line - b.line));
  return found;
}

function holder(tasks: readonly Task[], lines: (task: Task) => readonly [number, number], line: number): Task | undefined {
  // The last task that starts at or before `line`.
  let lo = 0;
  let hi = tasks.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tasks[mid]!.line <= line) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = last; i >= 0 && i > last - MAX_LOOK_BACK; i--) {
    const [start, end] = lines(tasks[i]!);
    if (start <= line && line <= end) return tasks[i];
  }
  return undefined;
}

/**
 * `problems` given to `tasks`, the file's tasks in file order; `lines` is the
 * line index of the text they were read from (without one, a task is its
 * first line).
 */
export function taskProblems(tasks: readonly Task[], problems: readonly LineProblem[], lines: Pick<LineIndex, 'lineAt'> | undefined): Map<Task, ShownProblem[]> {
  if (problems.length === 0) return new Map();
  // A task's last line is that of its last character.
  const range = (task: Task): readonly [number, number] => [task.line, lines ? lines.lineAt(Math.max(task.span.start, task.span.end - 1)) : task.line];
  return problemsByTask(tasks, range, problems);
}

/** A value that changes when the problems do. */
function problemsKey(problems: readonly LineProblem[]): string {
  return problems.length === 0 ? '' : JSON.stringify(problems);
}

/** What ShownProblems reads a file's text by. */
export interface DiagnosedFiles {
  isDiagnosed(file: string): boolean;
  lines(file: string): Pick<LineIndex, 'lineAt'> | undefined;
}

/**
 * What a view was given for a file: read from diagnostics of its text (their
 * `problemsKey`), or kept by task from older ones, with the tasks it was for;
 * and which task got which problems (`assignmentKey`).
 */
type Reading = ({ readonly fresh: true; readonly key: string } | { readonly fresh: false; readonly tasks: readonly Task[] }) & { readonly given: string };

/** A file's problems by task, and whether the tasks got other problems than the view's last reading of the file gave them. */
export interface Given {
  readonly byTask: Map<Task, readonly ShownProblem[]>;
  readonly changed: boolean;
}

/** One view's reading of its files' problems (see the header). */
export class ShownProblems {
  /** Per file: what the view was last given (see Reading). */
  private readonly seen = new Map<string, Reading>();
  /** Per file: the problems of each task, by `keysOf`, as last read from diagnostics of the file's text. */
  private readonly byTask = new Map<string, Map<string, readonly ShownProblem[]>>();

  /** `read`: the file's errors and warnings as VS Code has them now. */
  constructor(
    private readonly files: DiagnosedFiles,
    private readonly read: (file: string) => LineProblem[],
  ) {}

  /**
   * The problems of the file's tasks (`tasks()`, in file order). A file with
   * no diagnostics of ours whose tasks had no problems asks for no tasks.
   */
  of(file: string, tasks: () => readonly Task[]): Given {
    const before = this.seen.get(file)?.given ?? '';
    const last = this.byTask.get(file);
    const kept = last !== undefined && last.size > 0;
    const diagnosed = this.files.isDiagnosed(file);
    const shown = diagnosed || !kept ? this.read(file) : [];
    if (shown.length === 0 && (diagnosed || !kept)) {
      // Nothing to place, now or kept; diagnostics that come with problems read otherwise than this.
      this.seen.set(file, { fresh: true, key: '', given: '' });
      this.byTask.set(file, new Map());
      return { byTask: new Map(), changed: before !== '' };
    }
    const all = tasks();
    let found: Map<Task, readonly ShownProblem[]>;
    if (!diagnosed) {
      found = new Map();
      if (kept) {
        keysOf(all, idsOf(last.keys()), (task, key) => {
          const list = last.get(key);
          if (list) found.set(task, list);
        });
      }
      this.seen.set(file, { fresh: false, tasks: all, given: assignmentKey(all, found) });
    } else {
      found = this.fromLines(file, all, shown);
      this.seen.set(file, { fresh: true, key: problemsKey(shown), given: assignmentKey(all, found) });
    }
    return { byTask: found, changed: this.seen.get(file)!.given !== before };
  }

  /**
   * Of `files` (a diagnostics change), those whose problems read otherwise now
   * than the view was given them; it reads them again. Not among them: a file
   * the view has not read, one whose diagnostics are still of an older text
   * (another extension's changed), and one whose new text's diagnostics give
   * each task what it kept.
   */
  changed(files: Iterable<string>): string[] {
    const out: string[] = [];
    for (const file of files) {
      const seen = this.seen.get(file);
      if (seen === undefined || !this.files.isDiagnosed(file)) continue;
      const now = this.read(file);
      if (seen.fresh ? seen.key === problemsKey(now) : seen.given === assignmentKey(seen.tasks, this.fromLines(file, seen.tasks, now))) {
        this.seen.set(file, { fresh: true, key: problemsKey(now), given: seen.given });
        continue;
      }
      this.seen.delete(file);
      out.push(file);
    }
    return out;
  }

  /** Forgets what it read of any file but `files` (the view's files now: a file gone, or off the board). */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.seen.keys()) if (!files.has(file)) this.seen.delete(file);
    for (const file of this.byTask.keys()) if (!files.has(file)) this.byTask.delete(file);
  }

  /** `problems` read by line onto `tasks`, kept by task for a later text's reading until its own diagnostics come. */
  private fromLines(file: string, tasks: readonly Task[], problems: readonly LineProblem[]): Map<Task, ShownProblem[]> {
    const found = taskProblems(tasks, problems, problems.length > 0 ? this.files.lines(file) : undefined);
    const byKey = new Map<string, readonly ShownProblem[]>();
    if (found.size > 0) {
      keysOf(tasks, new Set([...found.keys()].map((t) => t.id)), (task, key) => {
        const list = found.get(task);
        if (list) byKey.set(key, list);
      });
    }
    this.byTask.set(file, byKey);
    return found;
  }
}

/**
 * Each of `tasks` whose id is one of `ids`, with a key that stays with it
 * across texts: its id, and which of the tasks with that id it is. Only those
 * ids are counted: a 344,000-task board with a few problems is one pass of
 * set lookups, not a map of every id.
 */
function keysOf(tasks: readonly Task[], ids: ReadonlySet<string>, each: (task: Task, key: string) => void): void {
  const seen = new Map<string, number>();
  for (const task of tasks) {
    if (!ids.has(task.id)) continue;
    const n = seen.get(task.id) ?? 0;
    seen.set(task.id, n + 1);
    each(task, n === 0 ? task.id : `${task.id}\0${n}`);
  }
}

/** The ids in keys made by `keysOf`. */
function idsOf(keys: Iterable<string>): Set<string> {
  const ids = new Set<string>();
  for (const key of keys) {
    const cut = key.indexOf('\0');
    ids.add(cut < 0 ? key : key.slice(0, cut));
  }
  return ids;
}

/** Which of `tasks` got which problems, as one value ('' for none). */
function assignmentKey(tasks: readonly Task[], given: ReadonlyMap<Task, readonly ShownProblem[]>): string {
  if (given.size === 0) return '';
  const parts: [string, readonly ShownProblem[]][] = [];
  keysOf(tasks, new Set([...given.keys()].map((t) => t.id)), (task, key) => {
    const list = given.get(task);
    if (list) parts.push([key, list]);
  });
  return JSON.stringify(parts);
}
