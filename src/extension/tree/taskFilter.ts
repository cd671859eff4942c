// What the Tasks tree is narrowed to: an agent, a priority, a piece of text.
// Plain data and a pure predicate, so the model and its tests need no UI.
import type { Task } from '../../core/model';

export interface TaskFilter {
  /** An agent name; '' means tasks held by nobody. */
  readonly agent?: string;
  readonly priority?: string;
  /** Case-insensitive; matched against id, title, agent and group. */
  readonly text?: string;
}

export const NO_FILTER: TaskFilter = {};

export function isFilterActive(filter: TaskFilter): boolean {
  return filter.agent !== undefined || filter.priority !== undefined || (filter.text ?? '') !== '';
}

export function agentOf(task: Task): string {
  return (task.kind === 'checklist' ? task.agent : task.assignedAgent?.trim()) ?? '';
}

export function matchesFilter(task: Task, filter: TaskFilter): boolean {
  if (filter.agent !== undefined && agentOf(task) !== filter.agent) return false;
  if (filter.priority !== undefined && (task.priority ?? '').trim().toLowerCase() !== filter.priority) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const haystack = [task.id, task.title, agentOf(task), task.group ?? ''].join('\n').toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}

/** How the active filter reads in the view's description, e.g. `agent: eng-backend · "jwt"`. */
export function describeFilter(filter: TaskFilter, noAgentLabel: string): string {
  const parts: string[] = [];
  if (filter.agent !== undefined) parts.push(`@${filter.agent || noAgentLabel}`);
  if (filter.priority !== undefined) parts.push(`!${filter.priority}`);
  if (filter.text) parts.push(`"${filter.text}"`);
  return parts.join(' · ');
}
