// `next`: the task an agent should take now (core/next/readyTasks.ts), and
// with `--claim` the claim of it through the same compare-and-swap as
// `claim`: when another agent takes the best task first, the next best is
// tried, so two agents asking at once get two tasks. With sync the choice is
// made, and the claim published, on the board branch.
import { readyTasks } from '../core/next/readyTasks';
import { DependencyStatuses, dependenciesOf } from '../core/dependencies/dependencies';
import type { Task } from '../core/model';
import { lifecycleOf, listRow, moveTaskOnDisk, refusalText, tasksInScope, type MoveOutcome, type Scope, type TaskRow } from './operations';
import { firstStatus } from '../core/lifecycleModel';
import { tickOnly } from '../core/moves';
import type { SyncReport } from './syncOperations';

export interface NextRequest extends Scope {
  readonly agent?: string;
  readonly claim: boolean;
  readonly sync: boolean;
  readonly now?: Date;
  readonly stamps?: boolean;
  readonly history?: boolean;
}

export type NextOutcome =
  | { readonly ok: true; readonly task: TaskRow; readonly claimed: boolean; /** With `claimed`: the status it was claimed from. */ readonly from?: string; readonly sync?: SyncReport }
  | { readonly ok: false; readonly code: 'none-ready'; readonly message: string; readonly waiting: readonly { readonly id: string; readonly on: readonly string[] }[] }
  | { readonly ok: false; readonly code: 'refused'; readonly message: string };

/** Refusals about the task, not the request: the next ready task is tried instead. */
const PASSED_OVER: ReadonlySet<string> = new Set(['moved', 'illegal-move', 'waiting', 'invalid-item', 'conflicted', 'not-found']);

export async function nextTask(request: NextRequest): Promise<NextOutcome> {
  const synced = request.sync ? await import('./syncOperations') : undefined;
  const onBranch = synced ? await synced.tasksSynced(request.root, request.files) : undefined;
  const tasks: readonly Task[] = onBranch ? onBranch.tasks : tasksInScope(request);
  const lifecycle = lifecycleOf(request.root);
  // Dependencies name tasks anywhere in the workspace, not only in the files named (as a claim judges them).
  const named = request.files !== undefined && request.files.length > 0;
  const everywhere = (): readonly Task[] => onBranch?.all ?? tasksInScope({ root: request.root });
  const statuses = named && tasks.some((t) => dependenciesOf(t).length > 0) ? new DependencyStatuses(everywhere(), lifecycle) : undefined;
  const choice = readyTasks(tasks, lifecycle, statuses);
  const { waiting } = choice;
  // A task named for another agent while still to do is theirs to claim: not offered to this one.
  const agent = request.agent?.trim();
  const ready = agent ? choice.ready.filter((t) => t.kind !== 'board' || !t.assignedAgent || t.assignedAgent === agent) : choice.ready;
  if (!request.claim && ready[0]) return { ok: true, task: listRow(ready[0]), claimed: false };
  let unclaimable: string | undefined;
  for (const task of ready) {
    const move = { root: request.root, files: [task.file], id: task.id, move: 'claim' as const, agent: request.agent, expectedStatus: firstStatus(lifecycle), now: request.now, stamps: request.stamps, history: request.history };
    const outcome: MoveOutcome & { sync?: SyncReport } = synced ? await synced.moveTaskSynced(move) : await moveTaskOnDisk(move);
    if (outcome.ok) return { ok: true, task: { ...listRow(task), status: outcome.to, assignedAgent: outcome.agent }, claimed: true, from: outcome.from, ...(outcome.sync ? { sync: outcome.sync } : {}) };
    // Taken (or moved, or given a dependency) since it was read: the next best one. One whose file cannot say it is
    // claimed (a checkbox with no status headings, a board with no heading for the claim), or that its file keeps
    // from being moved (its id written twice, a merge conflict), is passed over too, and said so when none is left.
    if (!PASSED_OVER.has(outcome.code)) return { ok: false, code: 'refused', message: refusalText(outcome) };
    const kept = outcome.code === 'invalid-item' || outcome.code === 'conflicted' || (outcome.code === 'illegal-move' && (task.kind === 'checklist' ? task.statusFromBox : tickOnly(task)));
    if (kept) unclaimable ??= refusalText(outcome).replace(/\.$/, '');
  }
  const blocked = waiting.map((w) => ({ id: w.task.id, on: w.on }));
  const why = blocked.length > 0 ? ` ${blocked.length} waiting on unfinished tasks: ${blocked.slice(0, 5).map((w) => `${w.id} (on ${w.on.join(', ')})`).join('; ')}${blocked.length > 5 ? '; …' : ''}.` : '';
  const passed = unclaimable !== undefined ? ` (none of the ready ones can be claimed: ${unclaimable})` : ' (every ready one was taken first)';
  return { ok: false, code: 'none-ready', message: `No task is ready to take${request.claim && ready.length > 0 ? passed : ''}.${why}`, waiting: blocked };
}
