// What a card says of its task's problems: the errors and warnings the
// Problems view lists for the task's lines, so a broken task stands out on the
// board as it does in the editor. They are read from VS Code's diagnostics of
// the file (`vscode.languages.getDiagnostics`), not made again: the board
// shows exactly what the Problems view shows, lint, the lifecycle and
// dependencies alike. A stale claim has its own flag on the card, and hints
// and infos (git's notes) are left to the editor.

import type { Task } from '../../core/model';
import type { CardProblem } from '../../shared/boardMessages';

/** One diagnostic as the board reads it. */
export interface LineProblem extends CardProblem {
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
): Map<Task, CardProblem[]> {
  const found = new Map<Task, CardProblem[]>();
  for (const problem of problems) {
    if (problem.code === 'stale-claim') continue;
    const task = holder(tasks, lines, problem.line);
    if (!task) continue;
    const list = found.get(task);
    const shown: CardProblem = { severity: problem.severity, message: problem.message, line: problem.line };
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
