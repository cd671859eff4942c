// Which kind of task file a merged file is when its path matches none of the
// default globs (a repository that set its own globs in the editor): the kind
// whose parser finds something in it, boards first.
import { parseBoard } from '../board/parseBoard';
import { parseChecklist } from '../checklist/parseChecklist';
import { fileKindOf } from '../fileKinds';
import type { FileKind } from '../model';
import { parseWorkLog } from '../worklog/parseWorkLog';

export function mergeKindOf(file: string, text: string): FileKind {
  const byPath = fileKindOf(file);
  if (byPath) return byPath;
  // Checkbox items read as a board too (board/markdownTasks.ts); under checklist headings they are a checklist.
  const boardTasks = parseBoard({ file, text }).tasks;
  if (boardTasks.some((t) => t.shape !== 'checkbox')) return 'board';
  if (parseChecklist({ file, text }).tasks.length > 0) return 'checklist';
  if (boardTasks.length > 0) return 'board';
  if (parseWorkLog({ file, text }).entries.some((e) => e.timestamp !== undefined)) return 'worklog';
  return 'board';
}
