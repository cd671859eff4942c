// Adding a task to a checkbox board or a task table, as `add` adds a YAML item (addTask.ts): one insertion in the
// board's own style, checked by reading the board again. A checkbox item copies its neighbour's bullet, id style and
// the text between id and title (`- [ ] **T-008**: title`); a row is written in its table's columns, padded as the
// table is. Where the board's statuses are its headings, the new task goes under the lifecycle's first one.
import { dependencyFieldOf } from '../../core/dependencies/dependencies';
import type { BoardTask, ParsedBoard, Priority, TextEdit } from '../../core/model';
import { emptyCellWord, tableRowInsertEdits, tableStatusWord } from '../../core/board/markdownEdits';
import { rowCells } from '../../core/board/tableCells';
import { applyEdits, breakAt } from '../../core/text';
import { parseBoard } from '../../core/board/parseBoard';
import { lineEndAt } from '../../core/scalarEdits';
import { DEFAULT_LIFECYCLE, type Lifecycle } from '../../core/lifecycleModel';

/** What is asked of the new task, its title already on one line. */
export interface MarkdownTaskWanted {
  readonly title: string;
  readonly priority?: Priority;
  readonly group?: string;
  readonly description?: string;
  readonly dependsOn?: readonly string[];
}

export type MarkdownAddPlan =
  | { readonly ok: true; readonly edits: TextEdit[]; readonly id: string; readonly title: string; readonly status: string; readonly group: string; readonly line: number }
  | { readonly ok: false; readonly message: string; readonly line?: number; readonly badArgument?: true };

/**
 * The new task on a board of checkbox items or table rows (`shape`, the first such task's), in the lifecycle's
 * first status. `nextId` names it in the style of the tasks it is given (undefined: the board writes no ids, and
 * the parse names the item by its title).
 */
export function planMarkdownAdd(
  text: string,
  board: ParsedBoard,
  wanted: MarkdownTaskWanted,
  first: string,
  nextId: (written: readonly BoardTask[]) => string,
  lifecycle: Lifecycle = DEFAULT_LIFECYCLE,
): MarkdownAddPlan {
  const shape = board.tasks.find((t) => t.shape === 'checkbox' || t.shape === 'table-row')!.shape;
  const kin = board.tasks.filter((t) => t.shape === shape);
  const refuse = (task: BoardTask, why: string, badArgument = false): MarkdownAddPlan => ({
    ok: false,
    line: task.line + 1,
    message: `${board.file}:${task.line + 1}: ${why}; nothing was added.`,
    ...(badArgument ? { badArgument: true as const } : {}),
  });
  const place = placeFor(text, board, kin, first, wanted.group);
  if ('refusal' in place) return refuse(kin[0]!, place.refusal, place.badArgument);
  const { model, insertAt } = place;
  // Only tasks whose id is written set the style: an item with none is named by its title.
  const written = kin.filter((t) => t.idSpan.end > t.idSpan.start);
  let edits: TextEdit[];
  let id: string | undefined;
  if (shape === 'checkbox') {
    const unsaid = wanted.priority ? 'a priority' : wanted.dependsOn?.length ? 'what it depends on' : wanted.description ? 'a description' : undefined;
    if (unsaid) return refuse(model, `a checkbox item has no place for ${unsaid}: add the task without it, or write it beside the item by hand`, true);
    id = model.idSpan.end > model.idSpan.start ? nextId(written) : undefined;
    const brk = breakAt(text, insertAt, board.eol);
    // The first item of a section with none: after a blank line, as a list follows its heading.
    const underHeading = [...(board.sections?.values() ?? [])].some((s) => s.heading.end === insertAt || lineEndAt(text, s.heading.start) === insertAt);
    edits = [{ start: insertAt, end: insertAt, newText: brk + (underHeading ? brk : '') + checkboxLine(text, model, id, wanted.title) }];
  } else {
    const row = rowContents(text, board, model, wanted, first, () => (id = nextId(written)));
    if ('refusal' in row) return refuse(model, row.refusal, true);
    const placed = tableRowInsertEdits(text, model, insertAt, row.contents, board.eol);
    if (!placed) return refuse(model, 'the task table could not be read again here');
    edits = placed;
  }
  const newText = applyEdits(text, edits);
  const after = parseBoard(lifecycle === DEFAULT_LIFECYCLE ? { file: board.file, text: newText } : { file: board.file, text: newText, lifecycle });
  // The new item is the last line the insertion wrote.
  const insertion = edits.find((e) => e.start === insertAt && e.end === insertAt)!;
  const shift = edits.filter((e) => e.start < insertAt).reduce((n, e) => n + e.newText.length - (e.end - e.start), 0);
  const rowStart = insertAt + shift + insertion.newText.lastIndexOf('\n') + 1;
  const added = after.tasks.find((t) => t.span.start <= rowStart && rowStart <= t.span.end && t.shape === shape);
  const others = after.tasks.filter((t) => t !== added);
  const broken = added && after.problems.some((p) => p.severity === 'error' && p.span.start < added.span.end && p.span.end > added.span.start);
  if (!added || added.status !== first || added.title !== wanted.title || (id !== undefined && added.id !== id) || !sameTasks(board.tasks, others) || broken) {
    const what = shape === 'checkbox' ? 'checkbox item' : 'row';
    return { ok: false, message: `A ${what} for "${wanted.title}" in ${board.file} would not read back as one new ${first} task with that title; the board was left unchanged. Run lint on it.` };
  }
  return { ok: true, edits, id: added.id, title: wanted.title, status: first, group: added.group ?? '', line: added.line };
}

/** Every task as it was: same ids, statuses, agents and titles, in the same order. */
export function sameTasks(before: readonly BoardTask[], after: readonly BoardTask[]): boolean {
  const key = (t: BoardTask): string => `${t.id}\0${t.status ?? ''}\0${t.assignedAgent ?? ''}\0${t.title}`;
  return before.length === after.length && before.every((t, i) => key(t) === key(after[i]!));
}

/**
 * Where the new task goes, and the task whose style it copies: the end of the named group's tasks; else the section
 * of the first status, where the statuses are headings; else the end of the board's first group.
 */
function placeFor(
  text: string,
  board: ParsedBoard,
  kin: readonly BoardTask[],
  first: string,
  group: string | undefined,
): { model: BoardTask; insertAt: number } | { refusal: string; badArgument?: true } {
  const end = (tasks: readonly BoardTask[]): number => Math.max(...tasks.map((t) => t.span.end));
  /** The last task at the smallest indent: a nested item's indent is not the list's. */
  const modelOf = (tasks: readonly BoardTask[]): BoardTask => {
    const indent = (t: BoardTask): number => t.span.start - text.lastIndexOf('\n', t.span.start - 1);
    const least = Math.min(...tasks.map(indent));
    return tasks.filter((t) => indent(t) === least).pop()!;
  };
  if (group?.trim()) {
    const named = group.trim().toLowerCase();
    const inGroup = kin.filter((t) => (t.group ?? '').toLowerCase() === named);
    if (inGroup.length === 0) return { refusal: `no task sits under a heading "${group.trim()}": name a heading that has tasks, or no group`, badArgument: true };
    return { model: modelOf(inGroup), insertAt: end(inGroup) };
  }
  const sections = board.sections;
  if (sections && sections.size > 0) {
    const section = sections.get(first);
    if (!section) return { refusal: `the board's statuses are its headings, and none is for ${first}: add that heading, then the task` };
    const under = kin.filter((t) => t.section === first);
    return { model: under.length > 0 ? modelOf(under) : modelOf(kin), insertAt: section.insertAt };
  }
  const firstGroup = kin[0]!.group;
  const inGroup = kin.filter((t) => t.group === firstGroup);
  return { model: modelOf(inGroup), insertAt: end(inGroup) };
}

/** `model`'s line up to its box, an ordered list's number counted on, then an empty box, the id and the title. */
function checkboxLine(text: string, model: BoardTask, id: string | undefined, title: string): string {
  const box = model.checkbox!.span;
  const lineStart = text.lastIndexOf('\n', model.span.start - 1) + 1;
  const bullet = text.slice(lineStart, box.start).replace(/^\ufeff/, '').replace(/^([ \t]*)(\d+)(?=[.)])/, (_, blank: string, n: string) => blank + (Number(n) + 1));
  // The text between the id and the title as the model writes it (`**T-8**: `), or between the box and the title.
  const head = id === undefined ? text.slice(box.end, model.titleSpan.start) : text.slice(box.end, model.idSpan.start) + id + text.slice(model.idSpan.end, model.titleSpan.start);
  return `${bullet}[ ]${head}${title}`;
}

/** The new row's cells, in the model row's columns: what was asked where the table has a column for it. */
function rowContents(
  text: string,
  board: ParsedBoard,
  model: BoardTask,
  wanted: MarkdownTaskWanted,
  first: string,
  newId: () => string,
): { contents: string[] } | { refusal: string } {
  const keyAt = new Map([...model.fieldSpans].map(([key, field]) => [field.keySpan.start, key]));
  const keys = rowCells(text, model.span.start, model.span.end).map((c) => keyAt.get(c.span.start));
  const depends = keys.find((k) => k !== undefined && dependencyFieldOf(k) === 'depends_on');
  const deps = (wanted.dependsOn ?? []).map((d) => d.trim()).filter((d) => d !== '');
  const description = wanted.description?.replace(/\s+$/, '');
  if (wanted.priority && !keys.includes('priority')) return { refusal: 'the table has no Priority column: add the task without a priority, or add the column' };
  if (deps.length > 0 && !depends) return { refusal: 'the table has no column for what a task depends on: add the task without it, or add a Depends On column' };
  if (description && !keys.includes('description')) return { refusal: 'the table has no Description column: add the task without a description, or add the column' };
  if (description && /[\r\n]/.test(description)) return { refusal: 'a table cell holds one line: give the description on one line' };
  const cell = (value: string): string => value.replace(/\|/g, '\\|');
  const contents = keys.map((key) => {
    if (key === undefined) return '';
    if (key === 'id') return newId();
    if (key === 'title') return cell(wanted.title);
    if (key === 'status') return tableStatusWord(board, first);
    if (key === 'priority' && wanted.priority) return priorityLike(board, wanted.priority);
    if (key === depends && deps.length > 0) return cell(deps.join(', '));
    if (key === 'description' && description) return cell(description);
    // The agent's, and any other: empty, as the column writes an empty cell.
    return emptyCellWord(text, model, key);
  });
  return { contents };
}

/** `priority` in the case the table's Priority cells use (`High`), lower case when they use none. */
function priorityLike(board: ParsedBoard, priority: string): string {
  const capital = board.tasks.some((t) => t.shape === 'table-row' && /^\p{Lu}\p{Ll}/u.test(t.priority ?? ''));
  return capital ? priority[0]!.toUpperCase() + priority.slice(1) : priority;
}
