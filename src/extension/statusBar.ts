// The status-bar item: how many tasks are in each state; a click focuses the
// Tasks view. Hidden while the workspace has no tasks.
import * as vscode from 'vscode';
import type { Status, Task } from '../core/model';
import { allStatuses, DEFAULT_LIFECYCLE, type Lifecycle } from '../core/lifecycleModel';
import { statusIcon, statusName } from './statusNames';
import type { TaskStore } from './taskStore';
import { eachInSteps, runToEnd } from '../core/steps';

/** Tasks per status of the lifecycle, in its order; a side status shows only while some task is in it. */
export function statusCounts(tasks: readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): [Status, number][] {
  return runToEnd(countSteps([tasks], lifecycle));
}

/** `statusCounts` as steps: on a 50 MB board the count is a pass over hundreds of thousands of tasks. */
function* countSteps(lists: readonly (readonly Task[])[], lifecycle: Lifecycle): Generator<void, [Status, number][], void> {
  const counts = new Map<Status, number>(allStatuses(lifecycle).map((s) => [s, 0]));
  yield* eachInSteps(lists, (task) => {
    if (task.status === undefined) return;
    const n = counts.get(task.status);
    if (n !== undefined) counts.set(task.status, n + 1);
  });
  return [...counts].filter(([s, n]) => n > 0 || lifecycle.main.includes(s));
}

export function registerStatusBar(store: TaskStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('agentTaskBoard.counts', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Agent Task Board');
  item.command = 'agentTaskBoard.tasks.focus';
  const show = (counts: [Status, number][]): void => {
    item.text = counts.map(([s, n]) => `$(${statusIcon(s)}) ${n}`).join(' ');
    item.tooltip = vscode.l10n.t('Agent tasks: {0}. Click to show the Tasks view.', counts.map(([s, n]) => `${n} ${statusName(s)}`).join(', '));
    item.accessibilityInformation = { label: item.tooltip };
    item.show();
  };
  function* update(): Generator<void, void, void> {
    // A list per file: one list of every task would be a copy of them all, in one turn.
    const lists = store.taskLists();
    if (!lists.some((list) => list.length > 0)) return item.hide();
    show(yield* countSteps(lists, store.lifecycle));
  }
  runToEnd(update());
  // Later turns, in steps (see laterTurns.ts).
  return vscode.Disposable.from(item, store.onDidChange(() => store.later.enqueueSteps('status bar', update)));
}
