// The status-bar item: how many tasks are in each state; a click focuses the
// Tasks view. Hidden while the workspace has no tasks.
import * as vscode from 'vscode';
import type { Status, Task } from '../core/model';
import { STATUSES } from '../core/model';
import type { TaskStore } from './taskStore';

const ICON: Record<Status, string> = { todo: 'circle-large-outline', claimed: 'account', in_progress: 'sync', done: 'pass-filled' };

export function statusCounts(tasks: readonly Task[]): Record<Status, number> {
  const counts: Record<Status, number> = { todo: 0, claimed: 0, in_progress: 0, done: 0 };
  for (const t of tasks) if (t.status) counts[t.status]++;
  return counts;
}

function statusName(status: Status): string {
  switch (status) {
    case 'todo':
      return vscode.l10n.t('to do');
    case 'claimed':
      return vscode.l10n.t('claimed');
    case 'in_progress':
      return vscode.l10n.t('in progress');
    case 'done':
      return vscode.l10n.t('done');
  }
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
    const counts = statusCounts(tasks);
    item.text = STATUSES.map((s) => `$(${ICON[s]}) ${counts[s]}`).join(' ');
    item.tooltip = vscode.l10n.t('Agent tasks: {0}. Click to show the Tasks view.', STATUSES.map((s) => `${counts[s]} ${statusName(s)}`).join(', '));
    item.accessibilityInformation = { label: item.tooltip };
    item.show();
  };
  update();
  // A later turn: on a 50 MB board the count alone is a pass over hundreds of thousands of tasks.
  return vscode.Disposable.from(item, store.onDidChange(() => store.later.enqueue('status bar', update)));
}
