// In a board file: a hover on a task id lists the task's work-log entries, and
// a CodeLens above each task that has some ("2 work-log entries") opens them.
// Both read the store's model; neither parses.
import * as vscode from 'vscode';
import type { BoardTask, WorkLogEntry } from '../../core/model';
import type { TaskStore } from '../taskStore';
import { entryLabel } from '../tree/taskTreeItems';
import { OPEN_ENTRY_COMMAND } from './workLogEntryPanel';

export const SHOW_ENTRIES_COMMAND = '_agentTaskBoard.showWorkLogEntries';

function boardTasks(store: TaskStore, doc: vscode.TextDocument): BoardTask[] {
  const file = doc.uri.toString();
  // Offsets of a model built from another version of the text would point at the wrong characters.
  if (store.text(file) !== doc.getText()) return [];
  return store.tasksIn(file).filter((t): t is BoardTask => t.kind === 'board');
}

export function entriesText(count: number): string {
  return count === 1 ? vscode.l10n.t('1 work-log entry') : vscode.l10n.t('{0} work-log entries', count);
}

export class WorkLogHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: TaskStore) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const offset = doc.offsetAt(position);
    const task = boardTasks(this.store, doc).find((t) => offset >= t.idSpan.start && offset <= t.idSpan.end);
    if (!task) return undefined;
    const entries = this.store.entriesFor(task);
    if (entries.length === 0) return undefined;
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.appendMarkdown('**').appendText(`${task.id}: ${entriesText(entries.length)}`).appendMarkdown('**\n\n');
    for (const entry of entries) {
      md.appendMarkdown('- **').appendText(entryLabel(entry)).appendMarkdown('** — ').appendText(entry.summary || entry.heading);
      md.appendMarkdown(' (').appendText(`${vscode.workspace.asRelativePath(vscode.Uri.parse(entry.file))}:${entry.line + 1}`).appendMarkdown(')\n');
    }
    return new vscode.Hover(md, new vscode.Range(doc.positionAt(task.idSpan.start), doc.positionAt(task.idSpan.end)));
  }
}

export class WorkLogCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: TaskStore) {
    this.subscription = store.onDidChange(() => this.changeEmitter.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const task of boardTasks(this.store, doc)) {
      const entries = this.store.entriesFor(task);
      if (entries.length === 0) continue;
      const line = doc.positionAt(task.span.start).line;
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: entriesText(entries.length),
          tooltip: vscode.l10n.t('Show the work-log entries of {0}', task.id),
          command: SHOW_ENTRIES_COMMAND,
          arguments: [entries],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

/** One entry opens at once; several are offered in a quick pick. */
export async function showEntries(entries: readonly WorkLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  let entry: WorkLogEntry | undefined = entries[0];
  if (entries.length > 1) {
    const pick = await vscode.window.showQuickPick(
      entries.map((e) => ({ label: entryLabel(e), description: e.summary, entry: e })),
      { title: vscode.l10n.t('Work-log entries') },
    );
    entry = pick?.entry;
  }
  if (entry) await vscode.commands.executeCommand(OPEN_ENTRY_COMMAND, entry);
}
