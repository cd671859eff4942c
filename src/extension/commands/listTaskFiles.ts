// `agentTaskBoard.listTaskFiles`: the task files the store found, by kind and
// workspace-relative path (for people in the palette, and for tests).
import * as vscode from 'vscode';
import type { FileKind } from '../../core/model';
import type { TaskStore } from '../taskStore';

export interface TaskFileEntry {
  readonly kind: FileKind;
  /** Workspace-relative, forward slashes (what `asRelativePath` gives). */
  readonly path: string;
}

export function registerListTaskFiles(store: TaskStore): vscode.Disposable {
  return vscode.commands.registerCommand('agentTaskBoard.listTaskFiles', async (): Promise<TaskFileEntry[]> => {
    await store.ready;
    return store
      .files()
      .map(({ file, kind }) => ({ kind, path: vscode.workspace.asRelativePath(vscode.Uri.parse(file), false) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  });
}
