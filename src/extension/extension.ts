// Entry point: only wiring (STYLE.md rule 6). Each register function returns
// the disposable that undoes it; all of them go into context.subscriptions.
import * as vscode from 'vscode';
import { findTaskFiles, registerTaskFilesTree } from './taskFilesTree';

export function activate(context: vscode.ExtensionContext): void {
  try {
    context.subscriptions.push(
      registerTaskFilesTree(),
      vscode.commands.registerCommand('agentTaskBoard.listTaskFiles', findTaskFiles),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`Agent Task Board failed to start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
