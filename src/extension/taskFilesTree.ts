// TEMPORARY: lists the workspace's task files by glob so the harness has a
// view and a command to test against. The sidebar work replaces this file with
// the real task tree built on src/core; nothing else should grow on it.
import * as vscode from 'vscode';
import type { FileKind } from '../core/model';

export interface TaskFileEntry {
  readonly kind: FileKind;
  /** Workspace-relative, forward slashes (what `asRelativePath` gives). */
  readonly path: string;
}

/** The default globs of DESIGN.md section 1, in table order (first match names the kind). */
export const DEFAULT_TASK_FILE_GLOBS: ReadonlyArray<{ readonly kind: FileKind; readonly glob: string }> = [
  { kind: 'board', glob: '**/TODO.md' },
  { kind: 'checklist', glob: '**/.claude/tasks/*-tasks.md' },
  { kind: 'worklog', glob: '**/*_WORK_LOG.md' },
  { kind: 'agent', glob: '**/.claude/agents/*.md' },
];

export const NEVER_SCANNED_GLOB = '{**/node_modules/**,**/.git/**}';

export async function findTaskFiles(): Promise<TaskFileEntry[]> {
  const byPath = new Map<string, TaskFileEntry>();
  for (const { kind, glob } of DEFAULT_TASK_FILE_GLOBS) {
    for (const uri of await vscode.workspace.findFiles(glob, NEVER_SCANNED_GLOB)) {
      const path = vscode.workspace.asRelativePath(uri, false);
      if (!byPath.has(path)) byPath.set(path, { kind, path });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Flat list of task files; the files are found before the tree asks, never inside getChildren. */
export class TaskFilesTreeProvider implements vscode.TreeDataProvider<TaskFileEntry>, vscode.Disposable {
  private entries: TaskFileEntry[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  async refresh(): Promise<void> {
    this.entries = await findTaskFiles();
    this.changed.fire();
  }

  getTreeItem(entry: TaskFileEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(entry.path, vscode.TreeItemCollapsibleState.None);
    item.description = entry.kind;
    item.resourceUri = workspaceUri(entry.path);
    if (item.resourceUri) item.command = { command: 'vscode.open', title: 'Open', arguments: [item.resourceUri] };
    return item;
  }

  getChildren(parent?: TaskFileEntry): TaskFileEntry[] {
    return parent ? [] : this.entries;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function workspaceUri(relativePath: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, relativePath) : undefined;
}

/** Registers the temporary tree and keeps it current as task files appear and vanish. */
export function registerTaskFilesTree(): vscode.Disposable {
  const provider = new TaskFilesTreeProvider();
  const view = vscode.window.createTreeView('agentTaskBoard.tasks', { treeDataProvider: provider });
  const watchers = DEFAULT_TASK_FILE_GLOBS.map(({ glob }) => vscode.workspace.createFileSystemWatcher(glob, false, true, false));
  const refresh = () => void provider.refresh();
  const listeners = watchers.flatMap((w) => [w.onDidCreate(refresh), w.onDidDelete(refresh)]);
  refresh();
  return vscode.Disposable.from(provider, view, ...watchers, ...listeners);
}
