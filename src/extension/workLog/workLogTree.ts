// The Work Log view: every entry of every work log, newest first, with the
// nine fields (those written) as children. Built from the store on change.
import * as vscode from 'vscode';
import type { WorkLogEntry, WorkLogField } from '../../core/model';
import { WORK_LOG_FIELDS } from '../../core/model';
import type { TaskStore } from '../taskStore';
import { plainInline } from '../../core/worklog/plainInline';
import { entryDescription, entryLabel, entryTooltip } from '../tree/taskTreeItems';
import { OPEN_ENTRY_COMMAND } from './workLogEntryPanel';

export const WORK_LOG_VIEW = 'agentTaskBoard.workLog';

export type WorkLogNode =
  | { readonly type: 'entry'; readonly entry: WorkLogEntry }
  | { readonly type: 'field'; readonly entry: WorkLogEntry; readonly field: WorkLogField; readonly value: string; readonly parent: WorkLogNode };

export class WorkLogTreeProvider implements vscode.TreeDataProvider<WorkLogNode>, vscode.Disposable {
  private roots: WorkLogNode[] = [];
  private readonly fieldsOf = new Map<WorkLogNode, WorkLogNode[]>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: TaskStore) {
    this.subscription = store.onDidChange(({ files }) => {
      if (files.some((f) => this.store.files().some((k) => k.file === f && k.kind === 'worklog') || this.roots.some((r) => r.entry.file === f))) {
        this.rebuild();
      }
    });
    this.rebuild();
  }

  rebuild(): void {
    this.fieldsOf.clear();
    // Newest first, those whose date could not be read after them in file order (TaskIndex.entries).
    this.roots = this.store.entries().map((entry) => {
      const node: WorkLogNode = { type: 'entry', entry };
      const fields: WorkLogNode[] = [];
      for (const field of WORK_LOG_FIELDS) {
        const value = entry.fields[field];
        if (value !== undefined && value.trim() !== '') fields.push({ type: 'field', entry, field, value, parent: node });
      }
      this.fieldsOf.set(node, fields);
      return node;
    });
    this.changeEmitter.fire();
  }

  getTreeItem(node: WorkLogNode): vscode.TreeItem {
    if (node.type === 'entry') {
      const fields = this.fieldsOf.get(node) ?? [];
      const item = new vscode.TreeItem(entryLabel(node.entry), fields.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = entryDescription(node.entry);
      item.tooltip = entryTooltip(node.entry);
      item.iconPath = new vscode.ThemeIcon('notebook');
      item.contextValue = 'workLogEntry';
      item.command = { command: OPEN_ENTRY_COMMAND, title: vscode.l10n.t('Open Work-Log Entry'), arguments: [node.entry] };
      return item;
    }
    const item = new vscode.TreeItem(node.field, vscode.TreeItemCollapsibleState.None);
    item.description = plainInline(node.value.replace(/\s*\n\s*/g, ' '));
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.isTrusted = false;
    tooltip.appendMarkdown('**').appendText(node.field).appendMarkdown('**\n\n').appendText(node.value);
    item.tooltip = tooltip;
    item.contextValue = 'workLogField';
    item.command = { command: OPEN_ENTRY_COMMAND, title: vscode.l10n.t('Open Work-Log Entry'), arguments: [node.entry] };
    return item;
  }

  getChildren(node?: WorkLogNode): WorkLogNode[] {
    if (!node) return this.roots;
    return this.fieldsOf.get(node) ?? [];
  }

  getParent(node: WorkLogNode): WorkLogNode | undefined {
    return node.type === 'field' ? node.parent : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
