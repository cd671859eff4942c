// Adding a task to a checkbox board or a task table, as `add` adds a YAML item (addTask.ts): one insertion in the
// board's own style, checked by reading the board again. A checkbox item copies its neighbour's bullet, id style and
// the marks around id and title (`- [ ] **T-008**: title`); a row is written in its table's columns, words and
// padding. Where the board's statuses are its headings, the new task goes under the lifecycle's first one.
import { dependencyFieldOf } from '../../core/dependencies/dependencies';
import { PRIORITIES, type BoardSection, type BoardTask, type ParsedBoard, type Priority, type TextEdit } from '../../core/model';
import { emptyWordOfColumn, tableRowInsertEdits, tableStatusWord } from '../../core/board/markdownEdits';
import { canonicalPriority } from '../../core/board/priorityWords';
import { rowCells } from '../../core/board/tableCells';
import { idStyleOf } from '../../core/board/taskId';
import { applyEdits, breakAt } from '../../core/text';
import { parseBoard } from '../../core/board/parseBoard';
import { lineEndAt } from '../../core/scalarEdits';
import { DEFAULT_LIFECYCLE, type Lifecycle } from '../../core/lifecycleModel';
import { greatestOf, leastOf } from '../../core/arrays';

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

/** The id a markdown board's written ids continue (idStyleOf): a prefix of id characters (`T-1.`, `#`) and a number. */
const MARKDOWN_ID = /^([\p{L}\p{N}_.#-]*?)(\d+)$/u;

/**
 * The new task on a board of checkbox items or table rows (`shape`, the first such task's), in the lifecycle's
 * first status. `nextId` gives the next free id like the one it is given, an id of the board's (none when the board
 * writes no ids: the parse names the item by its title).
 */
export function planMarkdownAdd(
  text: string,
  board: ParsedBoard,
  wanted: MarkdownTaskWanted,
  first: string,
  nextId: (like: string) => string,
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
  if ('refusal' in place) return refuse(place.at ?? kin[0]!, place.refusal, place.badArgument);
  const { model, insertAt, empty, tasks } = place;
  // Only ids written as ids set the style: an item with none is named by its title.
  const written = kin.filter((t) => t.idSpan.end > t.idSpan.start);
  const styled = written.filter((t) => MARKDOWN_ID.test(t.id));
  if (written.length > 0 && styled.length === 0) {
    return refuse(written[0]!, `its ids are written in a way add cannot continue (${written[0]!.id}): add the task by hand`);
  }
  let edits: TextEdit[];
  let id: string | undefined;
  if (shape === 'checkbox') {
    const unsaid = wanted.priority ? 'a priority' : wanted.dependsOn?.length ? 'what it depends on' : wanted.description ? 'a description' : undefined;
    if (unsaid) return refuse(model, `a checkbox item has no place for ${unsaid}: add the task without it, or write it beside the item by hand`, true);
    id = model.idSpan.end > model.idSpan.start ? nextId(idStyleOf(styled, MARKDOWN_ID)) : undefined;
    const brk = breakAt(text, insertAt, board.eol);
    // After a blank line where the list's items stand apart, and as the first item of a section, under its heading.
    const apart = empty || looseList(text, tasks);
    edits = [{ start: insertAt, end: insertAt, newText: brk + (apart ? brk : '') + checkboxLine(text, model, id, wanted.title, empty) }];
  } else {
    const row = rowContents(text, board, model, wanted, first, () => (id = nextId(idStyleOf(styled, MARKDOWN_ID))));
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
  const why = added ? misread(added, wanted.title, first, id, board.tasks, after.tasks) : 'it would not be read as a task';
  const broken = added && after.problems.some((p) => p.severity === 'error' && p.span.start < added.span.end && p.span.end > added.span.start);
  if (why || broken || !added) {
    return { ok: false, message: `"${wanted.title}" cannot be added to ${board.file} as written: ${why ?? 'the new line would have an error'}; the board was left unchanged.` };
  }
  return { ok: true, edits, id: added.id, title: wanted.title, status: first, group: added.group ?? '', line: added.line };
}

/** Why the task read back is not the one meant, in words a person can act on; undefined when it is. */
function misread(added: BoardTask, title: string, first: string, id: string | undefined, before: readonly BoardTask[], after: readonly BoardTask[]): string | undefined {
  if (added.title !== title) {
    if (added.assignedAgent && title.includes(`@${added.assignedAgent}`)) return `@${added.assignedAgent} in the title would be read as its agent`;
    return `the title would be read as "${added.title}" (emphasis marks, or a first word read as an id?)`;
  }
  if (added.status !== first) return `it would be read as ${added.status ?? 'no status'}, not ${first}`;
  if (id !== undefined && added.id !== id) return `its id would be read as ${added.id}, not ${id}`;
  if (!sameTasks(before, after.filter((t) => t !== added))) {
    return 'another task would be read differently (items with no written id are named by their titles: is one titled so already?)';
  }
  return undefined;
}

/** Every task as it was: same ids, statuses, agents and titles, in the same order. */
export function sameTasks(before: readonly BoardTask[], after: readonly BoardTask[]): boolean {
  const key = (t: BoardTask): string => `${t.id}\0${t.status ?? ''}\0${t.assignedAgent ?? ''}\0${t.title}`;
  return before.length === after.length && before.every((t, i) => key(t) === key(after[i]!));
}

/** `tasks`: those of the place, whose list the new item joins. */
type Place = { model: BoardTask; insertAt: number; empty: boolean; tasks: readonly BoardTask[] } | { refusal: string; badArgument?: true; at?: BoardTask };

/**
 * Where the new task goes, and the task whose style it copies: the end of the named group's tasks (those of the
 * first status, where the group is under several status headings); else the section of the first status, where the
 * statuses are headings; else the end of the first group whose tasks their boxes or cells rule. `empty`: the place
 * is a heading with no task under it yet.
 */
function placeFor(text: string, board: ParsedBoard, kin: readonly BoardTask[], first: string, group: string | undefined): Place {
  const end = (tasks: readonly BoardTask[]): number => greatestOf(tasks.map((t) => t.span.end));
  /** The last task at the smallest indent: a nested item's indent is not the list's. */
  const modelOf = (tasks: readonly BoardTask[]): BoardTask => {
    const indent = (t: BoardTask): number => t.span.start - text.lastIndexOf('\n', t.span.start - 1);
    const least = leastOf(tasks.map(indent));
    return tasks.filter((t) => indent(t) === least).pop()!;
  };
  const sections = board.sections ?? new Map<string, BoardSection>();
  if (group?.trim()) {
    const named = group.trim().toLowerCase();
    const inGroup = kin.filter((t) => (t.group ?? '').toLowerCase() === named);
    // Under several status headings (`### Backend` under To Do and under Done): the first status's.
    const open = inGroup.filter((t) => t.section === undefined || t.section === first);
    if (open.length > 0) return { model: modelOf(open), insertAt: end(open), empty: false, tasks: open };
    if (inGroup.length > 0) return { refusal: `the tasks under "${group.trim()}" are ${inGroup[0]!.section}: a new task goes under the ${first} heading; name no group`, badArgument: true, at: inGroup[0] };
    // A status heading with no task under it yet, named.
    const heading = [...sections].find(([, s]) => headingTitle(text, s).toLowerCase() === named);
    if (heading && heading[0] === first) return { model: modelOf(kin), insertAt: heading[1].insertAt, empty: true, tasks: [] };
    return { refusal: `no task sits under a heading "${group.trim()}": name a heading that has tasks, or no group`, badArgument: true };
  }
  const section = sections.get(first);
  if (section) {
    const under = kin.filter((t) => t.section === first);
    return { model: under.length > 0 ? modelOf(under) : modelOf(kin), insertAt: section.insertAt, empty: under.length === 0, tasks: under };
  }
  // No heading for it: the tasks whose own box or cell says their status, above every status heading (`## Tasks`
  // over `## Done`). A group after them (`## Deferred`) is no place for a new task.
  const firstHeading = leastOf([...sections.values()].map((s) => s.heading.start));
  const ruled = kin.filter((t) => t.section === undefined && t.span.start < firstHeading);
  if (sections.size > 0 && ruled.length === 0) {
    return { refusal: `the board's statuses are its headings, and none is for ${first}: add that heading, then the task` };
  }
  const pool = ruled.length > 0 ? ruled : kin;
  const firstGroup = pool[0]!.group;
  const inGroup = pool.filter((t) => t.group === firstGroup);
  return { model: modelOf(inGroup), insertAt: end(inGroup), empty: false, tasks: inGroup };
}

/** A heading's words, without its `#` marks. */
function headingTitle(text: string, section: BoardSection): string {
  return text.slice(section.heading.start, section.heading.end).replace(/^[ \t]*#+[ \t]*/, '').replace(/[ \t]+#+[ \t]*$/, '').trim();
}

/** Whether the list's last two items stand apart, a blank line between them. */
function looseList(text: string, tasks: readonly BoardTask[]): boolean {
  if (tasks.length < 2) return false;
  const between = text.slice(lineEndAt(text, tasks[tasks.length - 2]!.span.end), tasks[tasks.length - 1]!.span.start);
  return /\n[ \t]*\r?\n/.test(between);
}

/**
 * `model`'s line up to its box (an ordered list's number counted on, or 1 as a section's first item), an empty
 * box, then the id and the title with the marks `model` writes around them: `**T-8**: `, and an emphasis opened
 * before the id closed where `model` closes it (`**T-1:** title`, `**T-1: title**`).
 */
function checkboxLine(text: string, model: BoardTask, id: string | undefined, title: string, first: boolean): string {
  const box = model.checkbox!.span;
  const lineStart = text.lastIndexOf('\n', model.span.start - 1) + 1;
  const bullet = text.slice(lineStart, box.start).replace(/^\ufeff/, '').replace(/^([ \t]*)(\d+)(?=[.)])/, (_, blank: string, n: string) => blank + (first ? 1 : Number(n) + 1));
  const head = id === undefined ? text.slice(box.end, model.titleSpan.start) : text.slice(box.end, model.idSpan.start) + id + text.slice(model.idSpan.end, model.titleSpan.start);
  const raw = text.slice(model.titleSpan.start, model.titleSpan.end);
  const open = ((id === undefined ? '' : head).match(/\*\*|__/g) ?? []).length % 2 === 1;
  const lead = open ? (/^[ \t]*(?:\*\*|__)[ \t]*/.exec(raw)?.[0] ?? '') : '';
  const trail = open && !lead ? (/[ \t]*(?:\*\*|__)[ \t]*$/.exec(raw)?.[0] ?? '').trimEnd() : '';
  return `${bullet}[ ]${head}${lead}${title}${trail}`;
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
  const describes = keys.indexOf('description');
  const depends = keys.findIndex((k) => k !== undefined && dependencyFieldOf(k) !== undefined);
  const deps = (wanted.dependsOn ?? []).map((d) => d.trim()).filter((d) => d !== '');
  const description = wanted.description?.replace(/\s+$/, '');
  if (wanted.priority && !keys.includes('priority')) return { refusal: 'the table has no Priority column: add the task without a priority, or add the column' };
  if (deps.length > 0 && depends < 0) return { refusal: 'the table has no column for what a task depends on: add the task without it, or add a Depends On column' };
  if (description && describes < 0) return { refusal: 'the table has no Description column: add the task without a description, or add the column' };
  if (description && /[\r\n]/.test(description)) return { refusal: 'a table cell holds one line: give the description on one line' };
  const cell = (value: string): string => value.replace(/\|/g, '\\|');
  const contents = keys.map((key, i) => {
    if (key === 'id') {
      // In the marks the model's id is written in (`**T-1**`).
      const cell = model.fieldSpans.get('id')?.valueSpan;
      const marked = cell && model.idSpan.end > model.idSpan.start;
      return marked ? text.slice(cell.start, model.idSpan.start) + newId() + text.slice(model.idSpan.end, cell.end) : newId();
    }
    if (key === 'title') return cell(wanted.title);
    if (key === 'status') return tableStatusWord(board, first);
    if (key === 'priority' && wanted.priority) return priorityLike(board, wanted.priority);
    if (i === depends && deps.length > 0) return cell(deps.join(', '));
    if (i === describes && description) return cell(description);
    // The agent's, and any other: empty, as the column writes an empty cell (this row too, which the new one follows).
    return emptyWordOfColumn(text, model, i, true);
  });
  return { contents };
}

/**
 * `priority` as the table writes it: another row's word for it (`P1`, `HIGH`), else on its P scale, else in the case
 * its Priority cells use (`High`, `HIGH`), lower case when they use none.
 */
function priorityLike(board: ParsedBoard, priority: string): string {
  const cells = board.tasks.filter((t) => t.shape === 'table-row' && t.priority !== undefined).map((t) => t.priority!.trim());
  const same = cells.find((w) => canonicalPriority(w) === priority);
  if (same) return same;
  // A P scale with no row of this priority yet: P1 the highest, as the scale is read.
  if (cells.length > 0 && cells.every((w) => /^P\d$/i.test(w))) return `${cells[0]![0]}${PRIORITIES.indexOf(priority as Priority) + 1}`;
  if (cells.length > 0 && cells.every((w) => w === w.toUpperCase() && /\p{L}/u.test(w))) return priority.toUpperCase();
  if (cells.some((w) => /^\p{Lu}\p{Ll}/u.test(w))) return priority[0]!.toUpperCase() + priority.slice(1);
  return priority;
}
