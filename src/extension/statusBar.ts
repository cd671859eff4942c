// The status-bar item: how many tasks are in each state; a click focuses the
// Tasks view. Hidden while the workspace has no tasks.
import * as vscode from 'vscode';
import type { Status, Task } from '../core/model';
import { allStatuses, DEFAULT_LIFECYCLE, type Lifecycle } from '../core/lifecycleModel';
import { statusIcon, statusName } from './statusNames';
import type { TaskStore } from './taskStore';

/** Tasks per status of the lifecycle, in its order; a side status shows only while some task is in it. */
export function statusCounts(tasks: readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): [Status, number][] {
  const counts = new Map<Status, number>(allStatuses(lifecycle).map((s) => [s, 0]));
  for (const t of tasks) if (t.status !== undefined && counts.has(t.status)) counts.set(t.status, counts.get(t.status)! + 1);
  return [...counts].filter(([s, n]) => n > 0 || lifecycle.main.includes(s));
}

export function registerStatusBar(store: TaskStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('agentTaskBoard.counts', vscode.StatusBarAlignment.Left, 50);
  item.name = vscode.l10n.t('Agent Task Board');
  item.command = 'agentTaskBoard.tasks.focus';
  const update = (): void => {
    const tasks = store.tasks();
    if (tasks.length === 0) {
      item.hide();
      return;
    }
    const counts = statusCounts(tasks, store.lifecycle);
    item.text = counts.map(([s, n]) => `$(${statusIcon(s)}) ${n}`).join(' ');
    item.tooltip = vscode.l10n.t('Agent tasks: {0}. Click to show the Tasks view.', counts.map(([s, n]) => `${n} ${statusName(s)}`).join(', '));
    item.accessibilityInformation = { label: item.tooltip };
    item.show();
  };
  update();
  // A later turn: on a 50 MB board the count alone is a pass over hundreds of thousands of tasks.
  return vscode.Disposable.from(item, store.onDidChange(() => store.later.enqueue('status bar', update)));
}
