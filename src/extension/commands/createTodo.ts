// "Create TODO.md": the welcome view's button. Writes a board in the reference
// shape (an id key with the title, then priority, assigned_agent, status and
// created_at, as in the README) with one example task and a Session History section,
// through a WorkspaceEdit so it can be undone, then opens it.
import * as vscode from 'vscode';
import { UNTRUSTED_MESSAGE } from '../trust';

export const CREATE_TODO_COMMAND = 'agentTaskBoard.createTodo';

export function todoTemplate(now: Date, eol = '\n'): string {
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return [
    '# TODO',
    '',
    'Shared task board for the agents working on this repository.',
    'Planners add tasks with `status: todo`. Executors claim before they work:',
    'todo → claimed → in_progress → done.',
    '',
    '## Tasks',
    '',
    '```yaml',
    '- TASK_001: "Describe the first task"',
    '  priority: medium',
    '  assigned_agent:',
    '  status: todo',
    `  created_at: "${stamp}"`,
    '```',
    '',
    '## Session History',
    '',
    '',
  ].join(eol);
}

export function registerCreateTodo(): vscode.Disposable {
  return vscode.commands.registerCommand(CREATE_TODO_COMMAND, async (folderArg?: vscode.WorkspaceFolder, viewColumn?: vscode.ViewColumn) => {
    // Restricted mode writes nothing (trust.ts).
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      return undefined;
    }
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder =
      folderArg ??
      (folders.length <= 1
        ? folders[0]
        : await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Create TODO.md in which folder?') }));
    if (!folder) {
      if (folders.length === 0) void vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: TODO.md goes at its root.'));
      return undefined;
    }
    const uri = vscode.Uri.joinPath(folder.uri, 'TODO.md');
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(todoTemplate(new Date())) });
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage(vscode.l10n.t('TODO.md could not be created in {0}.', folder.name));
        return undefined;
      }
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, viewColumn === undefined ? undefined : { viewColumn });
    return uri;
  });
}
