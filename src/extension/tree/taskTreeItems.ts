// How each node of the Tasks tree looks: labels, codicons with theme colours,
// context values the menus' `when` clauses key on, and escaped tooltips.
import * as vscode from 'vscode';
import { branchDifferenceOf } from '../sync/activeBoardBranch';
import { branchNote } from '../sync/branchNote';
import { describeWaiting } from '../../core/dependencies/dependencies';
import type { Status, Task, WorkLogEntry } from '../../core/model';
import { DEFAULT_LIFECYCLE, lastStatus, type Lifecycle } from '../../core/lifecycleModel';
import { statusIcon, statusTitle } from '../statusNames';
import { plainInline } from '../../core/worklog/plainInline';
import { OPEN_ENTRY_COMMAND } from '../workLog/workLogEntryPanel';
import type { EntryNode, GroupNode, TaskNode } from './taskTreeModel';
import { NO_STATUS, taskContextValue } from './taskTreeModel';
import type { ShownProblem } from '../../shared/boardMessages';

export { taskContextValue };

export const OPEN_TASK_COMMAND = '_agentTaskBoard.openTask';

export function statusLabel(status: Status | typeof NO_STATUS): string {
  return status === NO_STATUS ? vscode.l10n.t('No status') : statusTitle(status);
}

const WAITING_ICON = 'watch';

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
      label = statusLabel(node.value);
      icon = new vscode.ThemeIcon(node.value === NO_STATUS ? 'question' : statusIcon(node.value));
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
  if (node.problems.length > 0) parts.push(problemCount(node.problems));
  if (node.stale) parts.push(vscode.l10n.t('stale'));
  if (node.waiting.length > 0) parts.push(vscode.l10n.t('waiting on {0}', node.waiting.map((w) => w.id).join(', ')));
  if (task.priority) parts.push(task.priority);
  const agent = task.kind === 'checklist' ? task.agent : task.assignedAgent?.trim();
  if (agent) parts.push(`@${agent}`);
  if (task.status === undefined) parts.push(task.statusText ? vscode.l10n.t('status "{0}"?', task.statusText) : vscode.l10n.t('no status'));
  const there = branchDifferenceOf(task);
  if (there) parts.push(branchNote(there));
  return parts.join(' · ');
}

export function taskItem(node: TaskNode, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): vscode.TreeItem {
  const { task } = node;
  const hasChildren = node.subtasks.length > 0 || node.entries.length > 0;
  const item = new vscode.TreeItem(
    taskLabel(task),
    hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.key;
  item.description = taskDescription(node);
  item.contextValue = taskContextValue(node, lifecycle);
  const priority = (task.priority ?? '').trim().toLowerCase();
  // A finished task's check is green whatever its priority: a red check reads as a failure.
  // A task with errors shows the error icon where its status icon would be; one with warnings keeps its icon, in the
  // warning colour (its description counts them); a stale claim shows the warning icon.
  const errors = node.problems.some((p) => p.severity === 'error');
  const warned = node.stale !== undefined || node.problems.length > 0;
  const color = errors ? 'list.errorForeground' : warned ? 'list.warningForeground' : task.status === lastStatus(lifecycle) ? 'charts.green' : PRIORITY_COLOR[priority];
  // A task that waits on unfinished dependencies shows a watch where its status icon would be.
  const icon = errors ? 'error' : node.stale ? 'warning' : node.waiting.length > 0 ? WAITING_ICON : task.status === undefined ? 'question' : statusIcon(task.status);
  item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
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
  for (const p of node.problems) {
    md.appendMarkdown(`\n$(${p.severity}) `).appendText(vscode.l10n.t('{0} (line {1})', p.message, p.line + 1)).appendMarkdown('\n');
  }
  if (node.stale) md.appendMarkdown('\n$(warning) ').appendText(node.stale);
  if (node.waiting.length > 0) md.appendMarkdown(`\n$(${WAITING_ICON}) `).appendText(vscode.l10n.t('Waiting on {0}', describeWaiting(node.waiting)));
  const own = node.entries.filter((e) => !e.mention).length;
  if (own > 0) {
    const count = own === 1 ? vscode.l10n.t('1 work-log entry') : vscode.l10n.t('{0} work-log entries', own);
    md.appendMarkdown('\n\n').appendText(count);
  }
  const mentions = node.entries.length - own;
  if (mentions > 0) {
    md.appendMarkdown('\n\n').appendText(mentions === 1 ? vscode.l10n.t('mentioned in 1 other entry') : vscode.l10n.t('mentioned in {0} other entries', mentions));
  }
  return md;
}

/** "error", "2 warnings", "3 problems" (errors and warnings both), as a board card counts them. */
function problemCount(problems: readonly ShownProblem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const n = problems.length;
  if (errors === n) return n === 1 ? vscode.l10n.t('error') : vscode.l10n.t('{0} errors', n);
  if (errors === 0) return n === 1 ? vscode.l10n.t('warning') : vscode.l10n.t('{0} warnings', n);
  return vscode.l10n.t('{0} problems', n);
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
  const label = node.mention ? vscode.l10n.t('mentioned in {0}', entryLabel(entry)) : entryLabel(entry);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.description = entryDescription(entry);
  item.iconPath = new vscode.ThemeIcon(node.mention ? 'link' : 'notebook');
  item.contextValue = node.mention ? 'workLogMention' : 'workLogEntry';
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
