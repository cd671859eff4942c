// What a board card and a Tasks tree row say of their task's problems: the
// errors and warnings the Problems view lists for the task's lines, so a
// broken task stands out in the views as it does in the editor. They are the
// extension's own diagnostics read back (shownProblems.ts), not made again:
// lint, the lifecycle and dependencies alike. A stale claim has its own flag,
// and infos (git's notes) are left to the editor.
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

/**
 * How far back from the last task that starts at or before a problem's line
 * the task holding that line is looked for: past a checklist item's
 * subtasks, not across a whole file for a problem outside every task.
 */
const MAX_LOOK_BACK = 64;

/**
 * Each task's problems. A problem belongs to the innermost task whose lines
 * hold its first line (a subtask, not its parent); a problem outside every
 * task (a heading, the front matter) belongs to no card. `lines(task)` is the
 * task's first and last line; `tasks` are in file order.
 */
export function problemsByTask(
  tasks: readonly Task[],
  lines: (task: Task) => readonly [number, number],
  problems: readonly LineProblem[],
): Map<Task, ShownProblem[]> {
  const found = new Map<Task, ShownProblem[]>();
  for (const problem of problems) {
    if (problem.code === 'stale-claim') continue;
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

/** What `ShownProblems` read of a file whose diagnostics were not yet of its text: any change of them is news. */
const NOT_YET = '\0not yet';

/** What ShownProblems reads a file's text by. */
export interface DiagnosedFiles {
  isDiagnosed(file: string): boolean;
  lines(file: string): Pick<LineIndex, 'lineAt'> | undefined;
}

/** One view's reading of its files' problems (see the header). */
export class ShownProblems {
  /** Per file read: `problemsKey` of what was read, or NOT_YET. */
  private readonly seen = new Map<string, string>();
  /** Per file: the problems by task id, as last read from diagnostics of its text. */
  private readonly byId = new Map<string, Map<string, readonly ShownProblem[]>>();

  /** `read`: the file's errors and warnings as VS Code has them now. */
  constructor(
    private readonly files: DiagnosedFiles,
    private readonly read: (file: string) => LineProblem[],
  ) {}

  /** The problems of `tasks`, the file's tasks in file order. */
  of(file: string, tasks: readonly Task[]): Map<Task, readonly ShownProblem[]> {
    if (!this.files.isDiagnosed(file)) {
      this.seen.set(file, NOT_YET);
      const last = this.byId.get(file);
      const kept = new Map<Task, readonly ShownProblem[]>();
      if (last) {
        for (const task of tasks) {
          const list = last.get(task.id);
          if (list) kept.set(task, list);
        }
      }
      return kept;
    }
    const shown = this.read(file);
    this.seen.set(file, problemsKey(shown));
    const found = taskProblems(tasks, shown, shown.length > 0 ? this.files.lines(file) : undefined);
    this.byId.set(file, new Map([...found].map(([task, list]) => [task.id, list])));
    return found;
  }

  /** Of `files` (a diagnostics change), those read before whose problems now read otherwise. */
  changed(files: Iterable<string>): string[] {
    const out: string[] = [];
    for (const file of files) {
      const seen = this.seen.get(file);
      if (seen !== undefined && (seen === NOT_YET || seen !== problemsKey(this.read(file)))) out.push(file);
    }
    return out;
  }
}
