// The work-log side of the sidebar: the Work Log view, the entry panel, and
// the hover and CodeLens on task ids in board files.
import * as vscode from 'vscode';
import type { WorkLogEntry } from '../../core/model';
import type { TaskStore } from '../taskStore';
import { registerTestHooks } from '../testHooks';
import { showEntries, SHOW_ENTRIES_COMMAND, WorkLogCodeLensProvider, WorkLogHoverProvider } from './workLogLenses';
import { OPEN_ENTRY_COMMAND, WorkLogEntryPanel } from './workLogEntryPanel';
import { WORK_LOG_VIEW, type WorkLogNode, WorkLogTreeProvider } from './workLogTree';

export const WORK_LOG_PANEL_HTML_COMMAND = '_agentTaskBoard.workLogPanelHtml';
export const WORK_LOG_SNAPSHOT_COMMAND = '_agentTaskBoard.workLogSnapshot';

/** One row of the Work Log view as the tests see it, read through its TreeDataProvider. */
export interface WorkLogSnapshotRow {
  readonly label: string;
  readonly description: string | undefined;
  readonly children: WorkLogSnapshotRow[];
}

/** Markdown files; the providers answer only for files the store knows as boards. */
const MARKDOWN: vscode.DocumentSelector = [{ language: 'markdown' }];

export function registerWorkLog(store: TaskStore, underTest: boolean): vscode.Disposable {
  const tree = new WorkLogTreeProvider(store);
  const panel = new WorkLogEntryPanel();
  const lenses = new WorkLogCodeLensProvider(store);
  const view = vscode.window.createTreeView(WORK_LOG_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  // An empty view says what would fill it, rather than looking broken.
  const showEmpty = (): void => {
    view.message = tree.getChildren().length > 0 ? undefined : vscode.l10n.t('No work-log entries yet. Agents add one to a *WORK_LOG.md file after each task (the files are found by the agentTaskBoard.files.workLogs setting).');
  };
  showEmpty();
  return vscode.Disposable.from(
    tree,
    panel,
    lenses,
    view,
    tree.onDidChangeTreeData(showEmpty),
    vscode.languages.registerHoverProvider(MARKDOWN, new WorkLogHoverProvider(store)),
    vscode.languages.registerCodeLensProvider(MARKDOWN, lenses),
    vscode.commands.registerCommand(OPEN_ENTRY_COMMAND, (entry: WorkLogEntry | { entry: WorkLogEntry }) =>
      panel.show('entry' in entry && typeof entry.entry === 'object' ? entry.entry : (entry as WorkLogEntry)),
    ),
    vscode.commands.registerCommand(SHOW_ENTRIES_COMMAND, (entries: readonly WorkLogEntry[]) => showEntries(entries)),
    // Test hooks (testHooks.ts): what the entry panel shows, and what the Work Log view shows.
    registerTestHooks(underTest, {
      [WORK_LOG_PANEL_HTML_COMMAND]: () => panel.html,
      [WORK_LOG_SNAPSHOT_COMMAND]: () => snapshot(tree, undefined),
    }),
  );
}

function snapshot(tree: WorkLogTreeProvider, node: WorkLogNode | undefined): WorkLogSnapshotRow[] {
  return tree.getChildren(node).map((child) => {
    const item = tree.getTreeItem(child);
    return {
      label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      description: typeof item.description === 'string' ? item.description : undefined,
      children: snapshot(tree, child),
    };
  });
}
