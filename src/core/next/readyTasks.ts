// Which task an agent should take next: the ready ones (in the first status,
// every task they depend on finished), highest priority first, then oldest
// (created_at), then in file order. What a task depends on and what it waits
// for is decided in ../dependencies/dependencies.ts; an id that names no task
// blocks (it cannot be shown finished). "Ready" is in the lifecycle's first status.
import { DEFAULT_LIFECYCLE, firstStatus, type Lifecycle } from '../lifecycleModel';
import type { Task } from '../model';
import { priorityRank } from '../board/priorityWords';
import { timestampTime } from '../board/timestampText';
import { DependencyStatuses } from '../dependencies/dependencies';


export interface ReadyChoice {
  /** The ready tasks, best first. */
  readonly ready: readonly Task[];
  /** Tasks in the first status that wait on others, with the ids they wait for. */
  readonly waiting: readonly { readonly task: Task; readonly on: readonly string[] }[];
}

/** The ready tasks of `tasks` (board tasks in `todo`), best first, and the ones still waiting. */
export function readyTasks(tasks: readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE, statuses: DependencyStatuses = new DependencyStatuses(tasks, lifecycle)): ReadyChoice {
  const first = firstStatus(lifecycle);
  const ready: { task: Task; order: number; age: number }[] = [];
  const waiting: { task: Task; on: string[] }[] = [];
  tasks.forEach((task, order) => {
    if (task.kind !== 'board' || task.status !== first || task.conflict) return;
    // A row or item whose cell or box says todo under another status's heading: lint asks which is meant; not offered.
    if (task.section !== undefined && task.section !== task.status) return;
    const on = statuses.waitingOn(task).map((w) => w.id);
    if (on.length > 0) waiting.push({ task, on });
    else ready.push({ task, order, age: age(task) });
  });
  ready.sort((a, b) => rank(a.task) - rank(b.task) || a.age - b.age || a.order - b.order);
  return { ready: ready.map((r) => r.task), waiting };
}

/** The task's priority as written, most urgent first (`P0` before `P1`, though both are high); none after low. */
function rank(task: Task): number {
  return (task.priority === undefined ? undefined : priorityRank(task.priority)) ?? 4;
}

/**
 * When the task was created, for "oldest first", read as lint reads `created_at` (`Date.parse` would read
 * `03/04/2026` month first and `TBD 2024` as 1 January 2024). A task with no readable date, or an ambiguous one,
 * comes after dated ones, in file order.
 */
function age(task: Task): number {
  const written = task.kind === 'board' ? task.fields['created_at'] : undefined;
  const time = written instanceof Date ? written.getTime() : typeof written === 'string' ? timestampTime(written) : undefined;
  return time === undefined || Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}
