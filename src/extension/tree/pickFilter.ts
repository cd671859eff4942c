// The filter pickers behind the Tasks view's title-bar Filter button: first
// what to filter by, then the agent / priority from the tasks present, or text.
import * as vscode from 'vscode';
import type { TaskStore } from '../taskStore';
import type { TaskFilter } from './taskFilter';
import { agentOf, NO_FILTER } from './taskFilter';

interface Choice<T> extends vscode.QuickPickItem {
  readonly value: T;
}

export async function pickFilter(store: TaskStore, current: TaskFilter): Promise<TaskFilter | undefined> {
  const what = await vscode.window.showQuickPick<Choice<'agent' | 'priority' | 'text' | 'clear'>>(
    [
      { label: `$(person) ${vscode.l10n.t('By agent…')}`, description: current.agent, value: 'agent' },
      { label: `$(flame) ${vscode.l10n.t('By priority…')}`, description: current.priority, value: 'priority' },
      { label: `$(search) ${vscode.l10n.t('By text…')}`, description: current.text, value: 'text' },
      { label: `$(clear-all) ${vscode.l10n.t('Clear filter')}`, value: 'clear' },
    ],
    { title: vscode.l10n.t('Filter tasks'), placeHolder: vscode.l10n.t('Filters combine: agent, priority and text') },
  );
  if (!what) return undefined;
  const tasks = store.tasks();
  switch (what.value) {
    case 'clear':
      return NO_FILTER;
    case 'agent': {
      const names = [...new Set(tasks.map(agentOf))].sort();
      const pick = await vscode.window.showQuickPick<Choice<string | undefined>>(
        [
          { label: vscode.l10n.t('Any agent'), value: undefined },
          ...names.map((n) => ({ label: n || vscode.l10n.t('Unassigned'), description: count(tasks.filter((t) => agentOf(t) === n).length), value: n })),
        ],
        { title: vscode.l10n.t('Show the tasks of') },
      );
      return pick ? { ...current, agent: pick.value } : undefined;
    }
    case 'priority': {
      const priorities = [...new Set(tasks.map((t) => (t.priority ?? '').trim().toLowerCase()).filter(Boolean))].sort(byPriority);
      const pick = await vscode.window.showQuickPick<Choice<string | undefined>>(
        [{ label: vscode.l10n.t('Any priority'), value: undefined }, ...priorities.map((p) => ({ label: p, value: p }))],
        { title: vscode.l10n.t('Show the tasks with priority') },
      );
      return pick ? { ...current, priority: pick.value } : undefined;
    }
    case 'text': {
      const text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Show the tasks containing'),
        prompt: vscode.l10n.t('Matched against id, title, agent and section; empty clears the text filter'),
        value: current.text ?? '',
      });
      return text === undefined ? undefined : { ...current, text: text.trim() || undefined };
    }
  }
}

const ORDER = ['high', 'medium', 'low'];
function byPriority(a: string, b: string): number {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}

function count(n: number): string {
  return n === 1 ? vscode.l10n.t('1 task') : vscode.l10n.t('{0} tasks', n);
}
