// The task under the editor cursor, read from the store's model (no parsing).
import * as vscode from 'vscode';
import type { Task } from '../../core/model';
import type { TaskStore } from '../taskStore';

/** The innermost task (a checklist subtask before its parent) whose item covers `offset` in `file`. */
export function taskAt(store: TaskStore, file: string, offset: number): Task | undefined {
  let best: Task | undefined;
  const visit = (task: Task): void => {
    if (task.file !== file) return;
    if (offset < task.span.start || offset > task.span.end) return;
    if (!best || task.span.start >= best.span.start) best = task;
    if (task.kind === 'checklist') task.subtasks.forEach(visit);
  };
  for (const task of store.tasksIn(file)) visit(task);
  return best;
}

export function taskAtCursor(store: TaskStore, editor = vscode.window.activeTextEditor): Task | undefined {
  if (!editor) return undefined;
  const file = editor.document.uri.toString();
  // The store holds the buffer's text once it has caught up; offsets of an older version would point elsewhere.
  if (store.text(file) !== editor.document.getText()) return undefined;
  return taskAt(store, file, editor.document.offsetAt(editor.selection.active));
}
