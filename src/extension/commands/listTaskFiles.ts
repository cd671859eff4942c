// `agentTaskBoard.listTaskFiles`: the task files the store found, by kind and
// workspace-relative path: shown in a quick pick (picking one opens it), and
// returned (for tests and other commands).
import * as vscode from 'vscode';
import type { FileKind } from '../../core/model';
import type { TaskStore } from '../taskStore';

const KIND_LABEL: Record<FileKind, string> = {
  board: vscode.l10n.t('task board'),
  checklist: vscode.l10n.t('agent checklist'),
  worklog: vscode.l10n.t('work log'),
  agent: vscode.l10n.t('agent definition'),
};

export interface TaskFileEntry {
  readonly kind: FileKind;
  /** Workspace-relative, forward slashes (what `asRelativePath` gives). */
  readonly path: string;
}

export function registerListTaskFiles(store: TaskStore): vscode.Disposable {
  return vscode.commands.registerCommand('agentTaskBoard.listTaskFiles', async (): Promise<TaskFileEntry[]> => {
    await store.ready;
    const files = store
      .files()
      .map(({ file, kind }) => ({ kind, path: vscode.workspace.asRelativePath(vscode.Uri.parse(file), false), file }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // Not awaited: the list is the command's result whether or not anyone picks.
    void showFiles(store, files);
    return files.map(({ kind, path }) => ({ kind, path }));
  });
}

async function showFiles(store: TaskStore, files: readonly (TaskFileEntry & { file: string })[]): Promise<void> {
  const items = files.map((f) => {
    const count = f.kind === 'board' || f.kind === 'checklist' ? store.tasksIn(f.file).length : undefined;
    const tasks = count === undefined ? '' : count === 1 ? vscode.l10n.t(' · 1 task') : vscode.l10n.t(' · {0} tasks', count);
    return { label: f.path, description: `${KIND_LABEL[f.kind]}${tasks}`, file: f.file };
  });
  const placeHolder =
    items.length === 0
      ? vscode.l10n.t('No task files found: none matches the agentTaskBoard.files.* globs.')
      : items.length === 1
        ? vscode.l10n.t('1 task file found; pick it to open it')
        : vscode.l10n.t('{0} task files found; pick one to open it', items.length);
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true });
  if (picked) await vscode.window.showTextDocument(vscode.Uri.parse(picked.file));
}
