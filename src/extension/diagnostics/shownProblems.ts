// The views' problems read back from VS Code (`getDiagnostics`): the errors
// and warnings of the extension's own diagnostics of a task file, so a board
// card and a Tasks tree row say what the Problems view says, and nothing is
// judged twice. See problemsByTask.ts for how they go to tasks.
import * as vscode from 'vscode';
import type { TaskStore } from '../taskStore';
import { DIAGNOSTIC_SOURCE } from './taskDiagnostics';
import { hasOwnNote, ShownProblems, type LineProblem } from './problemsByTask';

/** The errors and warnings of the extension's own diagnostics of `uri`, in the Problems view's order, less those with notes of their own. */
export function lineProblems(uri: vscode.Uri): LineProblem[] {
  const shown: LineProblem[] = [];
  for (const d of vscode.languages.getDiagnostics(uri)) {
    if (d.source !== DIAGNOSTIC_SOURCE) continue;
    if (d.severity !== vscode.DiagnosticSeverity.Error && d.severity !== vscode.DiagnosticSeverity.Warning) continue;
    const code = typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
    const problem: LineProblem = { severity: d.severity === vscode.DiagnosticSeverity.Error ? 'error' : 'warning', message: d.message, line: d.range.start.line, code };
    // Left out here, not only when they are placed: a board of stale claims then has nothing to place.
    if (!hasOwnNote(problem)) shown.push(problem);
  }
  return shown;
}

/** A view's reader of its files' problems, from the store's files and VS Code's diagnostics. */
export function shownProblems(store: TaskStore): ShownProblems {
  return new ShownProblems(store, (file) => lineProblems(vscode.Uri.parse(file)));
}

/**
 * Calls `onChanged` with the files whose problems `problems` would now give
 * otherwise, after a change of VS Code's diagnostics. Checked in a later
 * turn, under `key` (changes until then are checked together): enforcement
 * marks a text diagnosed once it has set its diagnostics.
 */
export function onProblemsChanged(store: Pick<TaskStore, 'later'>, problems: Pick<ShownProblems, 'changed'>, key: string, onChanged: (files: string[]) => void): vscode.Disposable {
  const pending = new Set<string>();
  const listener = vscode.languages.onDidChangeDiagnostics((e) => {
    for (const uri of e.uris) pending.add(uri.toString());
    store.later.enqueue(key, () => {
      const changed = problems.changed(pending);
      pending.clear();
      if (changed.length > 0) onChanged(changed);
    });
  });
  // A check already queued when the listener goes (the board closed) runs no more: its view may be disposed.
  return new vscode.Disposable(() => {
    listener.dispose();
    store.later.cancel(key);
  });
}
