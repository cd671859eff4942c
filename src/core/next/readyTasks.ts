// Which task an agent should take next: the ready ones (in the first status,
// every task they depend on done), highest priority first, then oldest
// (created_at), then in file order. Dependencies are named by `depends_on`,
// `dependencies` or `blocked_by` on a board task, as a list or one id; an id
// that names no task blocks (it cannot be shown done).
import { DEFAULT_LIFECYCLE, firstStatus, isFinished, type Lifecycle } from '../lifecycleModel';
import type { Task } from '../model';
import { canonicalPriority } from '../board/priorityWords';

const DEPENDENCY_FIELDS = ['depends_on', 'dependencies', 'blocked_by'] as const;
const PRIORITY_RANK: Readonly<Record<string, number>> = { high: 0, medium: 1, low: 2 };

/** The ids a task depends on, as written (any of the three fields, a list or one id). */
export function dependenciesOf(task: Task): string[] {
  if (task.kind !== 'board') return [];
  const ids: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const value = task.fields[field];
    for (const item of Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]) {
      const id = String(item).trim();
      if (id !== '' && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

export interface ReadyChoice {
  /** The ready tasks, best first. */
  readonly ready: readonly Task[];
  /** Tasks in the first status that wait on others, with the ids they wait for. */
  readonly waiting: readonly { readonly task: Task; readonly on: readonly string[] }[];
}

/** The ready tasks of `tasks` (board tasks in `todo`), best first, and the ones still waiting. */
export function readyTasks(tasks: readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): ReadyChoice {
  const done = new Set<string>();
  const known = new Set<string>();
  const first = firstStatus(lifecycle);
  for (const t of tasks) {
    known.add(t.id);
    if (isFinished(lifecycle, t.status)) done.add(t.id);
  }
  const ready: { task: Task; order: number }[] = [];
  const waiting: { task: Task; on: string[] }[] = [];
  tasks.forEach((task, order) => {
    if (task.kind !== 'board' || task.status !== first || task.conflict) return;
    const on = dependenciesOf(task).filter((id) => !done.has(id) || !known.has(id));
    if (on.length > 0) waiting.push({ task, on });
    else ready.push({ task, order });
  });
  ready.sort((a, b) => rank(a.task) - rank(b.task) || age(a.task) - age(b.task) || a.order - b.order);
  return { ready: ready.map((r) => r.task), waiting };
}

function rank(task: Task): number {
  const priority = task.priority === undefined ? undefined : canonicalPriority(task.priority);
  return priority === undefined ? 3 : (PRIORITY_RANK[priority] ?? 3);
}

/** When the task was created, for "oldest first"; a task with no readable date comes after dated ones. */
function age(task: Task): number {
  const written = task.kind === 'board' ? task.fields['created_at'] : undefined;
  const time = written instanceof Date ? written.getTime() : typeof written === 'string' ? Date.parse(written) : NaN;
  return Number.isNaN(time) ? Number.MAX_SAFE_INTEGER : time;
}
