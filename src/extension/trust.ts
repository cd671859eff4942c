// Restricted mode (workspace trust): in an untrusted workspace the extension
// reads and shows the task files but writes nothing: no moves, no enforcement
// reverts. The views say why, through the context key, the message below and a
// status bar item; a notification says it once per session.
import * as vscode from 'vscode';

/** Context key: true when the workspace is trusted (menus hide write actions otherwise). */
export const TRUSTED_CONTEXT_KEY = 'agentTaskBoard.trusted';

/** For `TreeView.message` and the board's banner. */
export const UNTRUSTED_MESSAGE = vscode.l10n.t(
  'Read-only: this workspace is not trusted, so Agent Task Board does not claim, move or revert tasks. Trust the workspace to enable them.',
);

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

export function registerTrust(): vscode.Disposable {
  const status = vscode.window.createStatusBarItem('agentTaskBoard.trust', vscode.StatusBarAlignment.Left, 0);
  status.name = vscode.l10n.t('Agent Task Board: restricted mode');
  status.text = `$(lock) ${vscode.l10n.t('Tasks read-only')}`;
  status.tooltip = UNTRUSTED_MESSAGE;
  status.command = 'workbench.trust.manage';
  const update = (): void => {
    void vscode.commands.executeCommand('setContext', TRUSTED_CONTEXT_KEY, vscode.workspace.isTrusted);
    if (vscode.workspace.isTrusted) status.hide();
    else status.show();
  };
  update();
  if (!vscode.workspace.isTrusted) void vscode.window.showInformationMessage(UNTRUSTED_MESSAGE);
  return vscode.Disposable.from(status, vscode.workspace.onDidGrantWorkspaceTrust(update));
}
