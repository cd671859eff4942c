// The repository's lifecycle in the editor: read from `.agent-task-board.yml`
// at the top of the workspace's repository (core/settings/repoSettings.ts),
// watched, and handed to the store, which reads every task file again under
// it. A file whose lifecycle has an error keeps the last good lifecycle (the
// default one before any), and says so on its first line; every problem of
// the file is a diagnostic on its own line.
//
// One lifecycle serves the whole window: the first workspace folder whose
// repository has a settings file gives it. A window holding several
// repositories with different lifecycles reads them all under that one.
import * as vscode from 'vscode';
import { DEFAULT_LIFECYCLE, type Lifecycle } from '../core/lifecycleModel';
import { SETTINGS_FILE } from '../core/settings/settingsFileName';
import { repoSettingsFor, type SettingsFile } from '../node/repoSettingsFile';
import type { TaskStore } from './taskStore';

/** The last lifecycle read without an error, per settings file. */
const lastGood = new Map<string, Lifecycle>();
/** The settings files' problems; one collection for every reader of the files (this module and the board-branch view). */
let diagnostics: vscode.DiagnosticCollection | undefined;

/**
 * Shows what a read of a settings file found, on the file: each problem on its
 * line, and with a rejected lifecycle which one holds instead. Every reader of
 * the file calls this with its read, so they all show the same.
 */
export function showSettingsFile(read: SettingsFile): void {
  if (read.settings.lifecycle) lastGood.set(read.path, read.settings.lifecycle);
  if (!diagnostics) return;
  const uri = vscode.Uri.file(read.path);
  if (read.problems.length === 0) {
    diagnostics.delete(uri);
    return;
  }
  const found = read.problems.map((p) => {
    const severity = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
    const diagnostic = new vscode.Diagnostic(new vscode.Range(p.line, 0, p.line, Number.MAX_SAFE_INTEGER), p.message.replace(/^[^:]+:\d+: /, ''), severity);
    diagnostic.source = 'Agent Task Board';
    diagnostic.code = p.code;
    return diagnostic;
  });
  if (read.lifecycleRejected) {
    const kept = lastGood.has(read.path) ? vscode.l10n.t('the last good lifecycle') : vscode.l10n.t('the default lifecycle (todo, claimed, in_progress, done)');
    const note = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, Number.MAX_SAFE_INTEGER),
      vscode.l10n.t('The lifecycle in this file has an error, so {0} holds until it is fixed.', kept),
      vscode.DiagnosticSeverity.Warning,
    );
    note.source = 'Agent Task Board';
    note.code = 'bad-settings';
    found.push(note);
  }
  diagnostics.set(uri, found);
}

export class LifecycleSetting implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Settings files this reader showed, so one that goes away loses its diagnostics. */
  private readonly shown = new Set<string>();

  constructor(private readonly store: TaskStore) {
    diagnostics ??= vscode.languages.createDiagnosticCollection('agentTaskBoard.settings');
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${SETTINGS_FILE}`);
    const reread = (): void => this.read();
    this.disposables.push(
      watcher,
      watcher.onDidCreate(reread),
      watcher.onDidChange(reread),
      watcher.onDidDelete(reread),
      vscode.workspace.onDidChangeWorkspaceFolders(reread),
      {
        dispose: () => {
          diagnostics?.dispose();
          diagnostics = undefined;
        },
      },
    );
    this.read();
  }

  /** Reads the settings file of each workspace folder's repository and gives the store the lifecycle. */
  read(): void {
    let chosen: Lifecycle | undefined;
    const seen = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const read = repoSettingsFor(folder.uri.fsPath);
      if (seen.has(read.path)) continue;
      seen.add(read.path);
      this.shown.add(read.path);
      showSettingsFile(read);
      if (!read.exists || chosen !== undefined) continue;
      if (read.settings.lifecycle) chosen = read.settings.lifecycle;
      else chosen = read.lifecycleRejected ? (lastGood.get(read.path) ?? DEFAULT_LIFECYCLE) : DEFAULT_LIFECYCLE;
    }
    for (const path of [...this.shown]) {
      if (!seen.has(path)) {
        diagnostics?.delete(vscode.Uri.file(path));
        this.shown.delete(path);
      }
    }
    this.store.setLifecycle(chosen ?? DEFAULT_LIFECYCLE);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerLifecycleSetting(store: TaskStore): vscode.Disposable {
  return new LifecycleSetting(store);
}
