// Parse and lint one text of a task file on its own, outside the store: for
// the fix-all loop (which lints texts that exist nowhere yet) and for a save
// the store has not caught up with. Same core functions the index uses.
import { parseBoard } from '../../core/board/parseBoard';
import { lintBoard } from '../../core/board/lintBoard';
import { parseChecklist } from '../../core/checklist/parseChecklist';
import { lintChecklist } from '../../core/checklist/lintChecklist';
import type { FileKind, HistoryEntry, Problem, Task } from '../../core/model';

export interface LintedText {
  readonly tasks: readonly Task[];
  readonly problems: readonly Problem[];
  readonly history: readonly HistoryEntry[];
}

/** Tasks, lint problems and Session History of `text`; empty for kinds without tasks. Never throws on user text. */
export function lintTaskText(file: string, kind: FileKind, text: string): LintedText {
  try {
    if (kind === 'board') {
      const board = parseBoard({ file, text });
      return { tasks: board.tasks, problems: lintBoard(board, text), history: board.history };
    }
    if (kind === 'checklist') {
      const list = parseChecklist({ file, text });
      return { tasks: list.tasks, problems: lintChecklist(list, text), history: [] };
    }
  } catch {
    // A parser bug must not take enforcement down; the store reports the file's problems.
  }
  return { tasks: [], problems: [], history: [] };
}

/** Whether lifecycle enforcement applies to a kind of file. */
export function hasLifecycle(kind: FileKind | undefined): kind is 'board' | 'checklist' {
  return kind === 'board' || kind === 'checklist';
}
