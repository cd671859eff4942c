// Opening a work-log entry: one read-only webview panel, reused, showing the
// entry rendered (scripts disabled). "Go to source" is the editor's job: the
// panel title names the file and line.
import * as vscode from 'vscode';
import type { WorkLogEntry } from '../../core/model';
import { renderEntryPage } from './renderEntry';

export const OPEN_ENTRY_COMMAND = '_agentTaskBoard.openWorkLogEntry';
const VIEW_TYPE = 'agentTaskBoard.workLogEntry';

export class WorkLogEntryPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The HTML last shown, for tests. */
  html: string | undefined;

  show(entry: WorkLogEntry): void {
    const source = `${vscode.workspace.asRelativePath(vscode.Uri.parse(entry.file))}:${entry.line + 1}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        entry.heading,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableCommandUris: false, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = vscode.l10n.t('Work log: {0}', entry.timeText ?? entry.heading);
    this.html = renderEntryPage(entry, source, this.panel.webview.cspSource);
    this.panel.webview.html = this.html;
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
