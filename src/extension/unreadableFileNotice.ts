// Tells the user, once per file and reason, that a file matching a task glob
// was not read (binary, not UTF-8, too large): otherwise its tasks would just
// be missing from the views with no hint why.
import * as vscode from 'vscode';
import type { TaskStore } from './taskStore';

export function registerUnreadableFileNotice(store: TaskStore): vscode.Disposable {
  const told = new Map<string, string>();
  const tell = (): void => {
    const now = new Map(store.unreadableFiles().map((u) => [u.file, u.message]));
    for (const [file, message] of now) {
      if (told.get(file) === message) continue;
      told.set(file, message);
      const name = vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);
      void vscode.window.showWarningMessage(vscode.l10n.t('Agent Task Board: {0} {1}.', name, message));
    }
    // A file that is readable again may be told about again if it breaks again.
    for (const file of [...told.keys()]) if (!now.has(file)) told.delete(file);
  };
  void store.ready.then(tell);
  return store.onDidChange(tell);
}
