// The subtasks under a checklist item: the boxes indented beneath it, at any
// depth (parseChecklist hangs them under the item they belong to).
import type { ChecklistTask } from '../model';

/** The subtasks of `task`, at any depth, whose boxes are not ticked, in file order. */
export function openSubtasks(task: ChecklistTask): ChecklistTask[] {
  const open: ChecklistTask[] = [];
  const walk = (items: readonly ChecklistTask[]): void => {
    for (const sub of items) {
      if (!sub.checked) open.push(sub);
      walk(sub.subtasks);
    }
  };
  walk(task.subtasks);
  return open;
}

/** `a subtask still open: "x"`, `5 subtasks still open: "a", "b", "c" and 2 more`: what a move and lint say of them. */
export function stillOpenText(titles: readonly string[]): string {
  const named = titles.slice(0, 3).map((t) => `"${t}"`).join(', ');
  const more = titles.length > 3 ? ` and ${titles.length - 3} more` : '';
  return `${titles.length === 1 ? 'a subtask' : `${titles.length} subtasks`} still open: ${named}${more}`;
}
