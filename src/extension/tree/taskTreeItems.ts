// How each node of the Tasks tree looks: labels, codicons with theme colours,
// context values the menus' `when` clauses key on, and escaped tooltips.
import * as vscode from 'vscode';
import { branchDifferenceOf } from '../sync/activeBoardBranch';
import { branchNote } from '../sync/branchNote';
import type { Status, Task, WorkLogEntry } from '../../core/model';
import { viewKindOf } from '../../core/lifecycle';
import { plainInline } from '../../core/worklog/plainInline';
import { OPEN_ENTRY_COMMAND } from '../workLog/workLogEntryPanel';
import type { EntryNode, GroupNode, TaskNode } from './taskTreeModel';
import { NO_STATUS } from './taskTreeModel';

export const OPEN_TASK_COMMAND = '_agentTaskBoard.openTask';

export function statusLabel(status: Status | typeof NO_STATUS): string {
  switch (status) {
    case 'todo':
      return vscode.l10n.t('To Do');
    case 'claimed':
      return vscode.l10n.t('Claimed');
    case 'in_progress':
      return vscode.l10n.t('In Progress');
    case 'done':
      return vscode.l10n.t('Done');
    case NO_STATUS:
      return vscode.l10n.t('No status');
  }
}

const STATUS_ICON: Record<Status | typeof NO_STATUS, string> = {
  todo: 'circle-large-outline',
  claimed: 'account',
  in_progress: 'sync',
  done: 'pass-filled',
  none: 'question',
};

const PRIORITY_COLOR: Record<string, string> = {
  high: 'charts.red',
  medium: 'charts.yellow',
  low: 'charts.blue',
};

export function relativeName(file: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(file));
}

/** Groups with more tasks than this start collapsed. */
export const EXPANDED_GROUP_MAX_TASKS = 2_000;

export function groupItem(node: GroupNode): vscode.TreeItem {
  let label: string;
  let icon: vscode.ThemeIcon;
  switch (node.groupKind) {
    case 'status':
      label = statusLabel(node.value as Status);
      icon = new vscode.ThemeIcon(STATUS_ICON[node.value as Status] ?? 'question');
      break;
    case 'agent':
      label = node.value || vscode.l10n.t('Unassigned');
      icon = new vscode.ThemeIcon(node.value ? 'person' : 'circle-slash');
      break;
    case 'file':
      label = relativeName(node.value);
      icon = vscode.ThemeIcon.File;
      break;
    case 'section':
      label = node.value;
      icon = new vscode.ThemeIcon('symbol-namespace');
      break;
  }
  // A big group starts collapsed: an expanded one would have the view ask for (and the model build) every row.
  const state = node.count > EXPANDED_GROUP_MAX_TASKS ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
  const item = new vscode.TreeItem(`${label} (${node.count})`, state);
  item.id = node.key;
  item.iconPath = icon;
  item.contextValue = `group.${node.groupKind}`;
  if (node.groupKind === 'file') item.resourceUri = vscode.Uri.parse(node.value);
  item.accessibilityInformation = { label: node.count === 1 ? vscode.l10n.t('{0}, 1 task', label) : vscode.l10n.t('{0}, {1} tasks', label, node.count) };
  return item;
}

/** `TASK_001: title` for board tasks; checklist ids are derived from the title, so the title alone. */
export function taskLabel(task: Task): string {
  return task.kind === 'board' ? `${task.id}: ${task.title}` : task.title;
}

export function taskDescription(node: TaskNode): string {
  const { task } = node;
  const parts: string[] = [];
  if (task.conflict) parts.push(vscode.l10n.t('conflict: {0}', task.conflict.label));
  if (node.stale) parts.push(vscode.l10n.t('stale'));
  if (task.priority) parts.push(task.priority);
  const agent = task.kind === 'checklist' ? task.agent : task.assignedAgent?.trim();
  if (agent) parts.push(`@${agent}`);
  if (task.status === undefined) parts.push(task.statusText ? vscode.l10n.t('status "{0}"?', task.statusText) : vscode.l10n.t('no status'));
  const there = branchDifferenceOf(task);
  if (there) parts.push(branchNote(there));
  return parts.join(' · ');
}

/** `task.board.todo`, `task.checklist.in_progress`, ... (`.stale` appended when the claim looks abandoned). */
export function taskContextValue(node: TaskNode): string {
  const base = `task.${viewKindOf(node.task)}.${node.task.status ?? 'unknown'}`;
  return node.stale ? `${base}.stale` : base;
}

export function taskItem(node: TaskNode): vscode.TreeItem {
  const { task } = node;
  const hasChildren = node.subtasks.length > 0 || node.entries.length > 0;
  const item = new vscode.TreeItem(
    taskLabel(task),
    hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.key;
  item.description = taskDescription(node);
  item.contextValue = taskContextValue(node);
  const priority = (task.priority ?? '').trim().toLowerCase();
  // A finished task's check is green whatever its priority: a red check reads as a failure.
  const color = node.stale ? 'list.warningForeground' : task.status === 'done' ? 'charts.green' : PRIORITY_COLOR[priority];
  item.iconPath = new vscode.ThemeIcon(node.stale ? 'warning' : STATUS_ICON[task.status ?? NO_STATUS], color ? new vscode.ThemeColor(color) : undefined);
  // The tooltip comes from the provider's resolveTreeItem, on hover.
  item.command = { command: OPEN_TASK_COMMAND, title: vscode.l10n.t('Open Task'), arguments: [node] };
  return item;
}

/** Untrusted markdown: every value is escaped, so a title cannot inject links or commands. */
export function taskTooltip(node: TaskNode): vscode.MarkdownString {
  const { task } = node;
  // Theme icons on from the start, so appendText escapes `$(...)` written in a title.
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**').appendText(task.kind === 'board' ? task.id : task.title).appendMarkdown('**');
  if (task.kind === 'board') md.appendMarkdown(' — ').appendText(task.title);
  md.appendMarkdown('\n\n');
  const rows: [string, string][] = [[vscode.l10n.t('status'), task.statusText ?? task.status ?? vscode.l10n.t('(none)')]];
  if (task.kind === 'board') {
    for (const [key, value] of Object.entries(task.fields)) {
      if (key === task.id || key === 'status' || key === 'id' || key === 'title') continue;
      rows.push([key, fieldText(value)]);
    }
  } else {
    rows.push([vscode.l10n.t('agent'), task.agent]);
    if (task.completedDate) rows.push([vscode.l10n.t('completed'), task.completedDate]);
    for (const note of task.notes) rows.push([vscode.l10n.t('note'), note]);
  }
  if (task.group) rows.push([vscode.l10n.t('section'), task.group]);
  rows.push([vscode.l10n.t('file'), `${relativeName(task.file)}:${task.line + 1}`]);
  for (const [key, value] of rows) {
    md.appendMarkdown('- ').appendText(key).appendMarkdown(': ').appendText(value.replace(/\s*\n\s*/g, ' ')).appendMarkdown('\n');
  }
  if (node.stale) md.appendMarkdown('\n$(warning) ').appendText(node.stale);
  if (node.entries.length > 0) {
    const count = node.entries.length === 1 ? vscode.l10n.t('1 work-log entry') : vscode.l10n.t('{0} work-log entries', node.entries.length);
    md.appendMarkdown('\n\n').appendText(count);
  }
  return md;
}

function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function entryLabel(entry: WorkLogEntry): string {
  return entry.timeText ?? entry.timestamp ?? plainInline(entry.heading);
}

/** The line beside an entry's label: its summary, as plain text (tree rows render no markdown). */
export function entryDescription(entry: WorkLogEntry): string {
  return plainInline(entry.summary || entry.heading);
}

export function entryItem(node: EntryNode): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(entryLabel(entry), vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.description = entryDescription(entry);
  item.iconPath = new vscode.ThemeIcon('notebook');
  item.contextValue = 'workLogEntry';
  item.tooltip = entryTooltip(entry);
  item.command = { command: OPEN_ENTRY_COMMAND, title: vscode.l10n.t('Open Work-Log Entry'), arguments: [entry] };
  return item;
}

export function entryTooltip(entry: WorkLogEntry): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.appendMarkdown('**').appendText(entry.heading).appendMarkdown('**\n\n').appendText(entry.summary);
  return md;
}
