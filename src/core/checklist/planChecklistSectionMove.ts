// Moving a checklist item to another section as a minimal edit: its lines
// (subtasks and notes included) are cut and inserted at the end of the target
// section's list, ticked or unticked to match, with the completed date added
// or removed. Every other byte of the file stays as it was.
//
// Decisions:
// - The item's lines are those the parser gives it (markdown's list item):
//   text after a blank line, a thematic break or a footer is the section's and
//   stays where it is.
// - The moved lines go after the target section's last item, or right under
//   its heading when it has none (then a blank line parts them from text
//   under the heading, which would read as the item's).
// - The target section is the first heading of that status. When the file has
//   none, `## In Progress` / `## To Do` / `## Completed` is created where the
//   seed puts it: before the first existing section that comes after it in
//   that order, else at the end of the file. Its heading has the level of the
//   file's first section heading written with `#`s (`# Completed` beside
//   `# To Do`), else `##`.
// - The moved lines take the indentation of the target list's first item:
//   each line moves by the same number of columns, a tab reaching the next
//   multiple of 4 as markdown reads list nesting, so subtasks stay nested.
//   Spaces are added or removed at the start; an indentation holding a tab is
//   written again in spaces (a tab after the shift would reach another stop).
// - Moving to the section the item is already in only fixes its tick and date.
// - The planned result is parsed again; when the item would not read as being
//   in the target section (it would land inside an unclosed code fence), the
//   move is refused instead of written.
// - `claimed` is not a checklist section (the file belongs to one agent), and
//   subtasks move with their parent: both are refused with an Error, as is an
//   id that is not in the file — the caller asked for something the file
//   cannot do, and must say so rather than write nothing silently.
import { DEFAULT_LIFECYCLE, allStatuses, lastStatus, pathOf, type Lifecycle } from '../lifecycleModel';
import type { ChecklistTask, ParsedChecklist, Status, TextEdit } from '../model';
import { LineIndex, applyEdits, breakAt, breakBefore, spanText, tickLike } from '../text';
import { itemStateEdits, readItemLine } from './itemLine';
import { parseChecklist } from './parseChecklist';
import { CANONICAL_SECTION_TITLES, sectionTitleOf } from './sectionHeadings';

export interface ChecklistMoveOptions {
  /** `YYYY-MM-DD` written into `(completed: …)` when the item moves to Completed. */
  readonly today: string;
  /** The repository's lifecycle; the default one when absent. */
  readonly lifecycle?: Lifecycle;
  /** The file's tick (`tickLike`), when the caller already read it. */
  readonly tick?: string;
}

export function planChecklistSectionMove(
  list: ParsedChecklist,
  text: string,
  taskId: string,
  target: Status,
  opts: ChecklistMoveOptions,
): TextEdit[] {
  const edits = planEdits(list, text, taskId, target, opts);
  // The file may hide the target place from markdown (an unclosed code fence
  // swallowing the end of the file): check the result reads as intended
  // rather than write an item nobody will see.
  const task = list.tasks.find((t) => t.id === taskId)!;
  const lifecycle = opts.lifecycle ?? DEFAULT_LIFECYCLE;
  const after = parseChecklist({ file: list.file, text: applyEdits(text, edits), lifecycle });
  if (!after.tasks.some((t) => t.title === task.title && t.status === target && t.checked === (target === lastStatus(lifecycle)))) {
    throw new Error(
      `${list.file}: cannot move "${task.title}" to ${target}: the place it would go does not read as that ` +
        `section (an unclosed code fence or odd heading?); fix the file first`,
    );
  }
  return edits;
}

function planEdits(
  list: ParsedChecklist,
  text: string,
  taskId: string,
  target: Status,
  opts: ChecklistMoveOptions,
): TextEdit[] {
  const task = list.tasks.find((t) => t.id === taskId);
  if (!task) {
    const nested = list.tasks.some((t) => findDeep(t.subtasks, taskId));
    throw new Error(
      nested
        ? `${taskId} is a subtask in ${list.file}; move its parent item instead`
        : `no checklist item ${taskId} in ${list.file}`,
    );
  }
  if (target === 'claimed' && !pathOf(opts.lifecycle ?? DEFAULT_LIFECYCLE, 'checklist').includes('claimed')) {
    throw new Error(`${list.file} is ${list.agent}'s own checklist: it has no "claimed" section (start the item instead)`);
  }
  const lines = new LineIndex(text);
  const first = task.line;
  // A BOM belongs to the file, not to an item on its first line.
  const lineStartOf = (l: number): number => (l === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lines.lineStart(l));
  const firstStart = lineStartOf(first);
  const item = readItemLine(text.slice(firstStart, lines.lineEnd(first)), firstStart);
  if (!item) throw new Error(`${list.file}:${first + 1}: the text changed since it was parsed; parse it again`);
  const lifecycle = opts.lifecycle ?? DEFAULT_LIFECYCLE;
  const done = target === lastStatus(lifecycle);

  // The file's tick, read only when the item is ticked (tickLike reads the whole text).
  const tick = done ? (opts.tick ?? tickLike(text)) : undefined;
  if (task.status === target) return itemStateEdits(item, done, opts.today, tick);

  // The item's lines, first line re-ticked, re-indented for the target list.
  const last = lines.lineAt(task.span.end);
  // Lines this move writes anew (a section's heading, a blank line, a break a last line lacked) end as the line
  // before them does; the moved lines keep their own endings. A file whose lines end differently keeps each one's.
  const eolBefore = (at: number): string => breakBefore(text, at, list.eol);
  const targetHeading = list.sections.get(target);
  const targetTasks = targetHeading
    ? list.tasks.filter((t) => t !== task && t.sectionSpan?.start === targetHeading.start)
    : [];
  const indentOf = (t: ChecklistTask): number => columns(text.slice(lineStartOf(t.line), t.span.start));
  const shift = (targetTasks.length > 0 ? indentOf(targetTasks[0]!) : 0) - indentOf(task);
  let block = '';
  for (let l = first; l <= last; l++) {
    const start = lineStartOf(l);
    let line = text.slice(start, lines.lineEnd(l));
    if (l === first) {
      line = applyEdits(
        text.slice(0, lines.lineEnd(l)),
        itemStateEdits(item, done, opts.today, tick),
      ).slice(start);
    }
    block += reindent(line, shift) + (l < last ? breakAt(text, lines.lineEnd(l), list.eol) : '');
  }
  // The break that ends the moved lines: the last one's own, or (the file's last line has none) the one before it.
  const blockEnd = breakAt(text, lines.lineEnd(last), eolBefore(lines.lineEnd(last)));

  // Cut the lines with their line break. The file's last line, with no break after it, takes the breaks before it,
  // back to the last line that holds text: the file still ends without one, and with no blank line.
  const edits: TextEdit[] = [];
  let cutStart = firstStart;
  if (last + 1 < lines.lineCount) {
    edits.push({ start: firstStart, end: lines.lineStart(last + 1), newText: '' });
  } else {
    let prev = first - 1;
    while (prev >= 0 && text.slice(lineStartOf(prev), lines.lineEnd(prev)).trim() === '') prev--;
    cutStart = prev >= 0 ? lines.lineEnd(prev) : firstStart;
    edits.push({ start: cutStart, end: text.length, newText: '' });
  }

  if (targetHeading) {
    const anchor = targetTasks.length > 0 ? targetTasks[targetTasks.length - 1]!.span.end : targetHeading.end;
    const line = lines.lineAt(anchor);
    if (line + 1 < lines.lineCount) {
      const at = lines.lineStart(line + 1);
      // Text right under an empty section's heading (`_None right now._`) would continue the item's last line: a
      // blank line keeps it the section's.
      const next = text.slice(at, lines.lineEnd(line + 1)).trim();
      const apart = targetTasks.length === 0 && next !== '' && !/^#{1,6}(?:[ \t]|$)/.test(next) ? blockEnd : '';
      edits.push({ start: at, end: at, newText: block + blockEnd + apart });
    } else {
      edits.push({ start: text.length, end: text.length, newText: eolBefore(text.length) + block });
    }
    return edits;
  }

  // No such section: create it at its canonical place; a status of the repository's own goes before the last one's.
  const canonical = CANONICAL_SECTION_TITLES.map(([s]) => s);
  const own = allStatuses(lifecycle).filter((s) => !canonical.includes(s) && s !== 'claimed');
  const order = [...canonical.slice(0, -1), ...own, ...canonical.slice(-1)];
  // Written at the level of the file's first section (`# Completed` beside `# To Do`), `##` as the seed's when none.
  const firstSection = list.sections.values().next().value;
  const marks = (firstSection && /^[ \t]*(#{1,6})[ \t]/.exec(spanText(text, firstSection))?.[1]) ?? '##';
  const title = `${marks} ${sectionTitleOf(target)}`;
  // A blank line under the new heading when the file's first section has one under its own.
  const below = firstSection ? lines.lineAt(firstSection.end) + 1 : lines.lineCount;
  const spaced = below < lines.lineCount && text.slice(lineStartOf(below), lines.lineEnd(below)).trim() === '';
  const later = order.slice(order.indexOf(target) + 1).map((s) => list.sections.get(s)).find((s) => s !== undefined);
  if (later) {
    const at = lineStartOf(lines.lineAt(later.start));
    const eol = eolBefore(at);
    edits.push({ start: at, end: at, newText: `${title}${eol}${spaced ? eol : ''}${block}${blockEnd}${eol}` });
    return edits;
  }
  // At the end, after the text the cut leaves: a blank line before the heading; and a file that ended without a
  // line break still does.
  const eol = eolBefore(text.length);
  const rest = text.slice(0, cutStart === firstStart && last + 1 < lines.lineCount ? text.length : cutStart);
  let pre = '';
  if (rest.length > 0 && !rest.endsWith('\n')) pre = eol;
  if (rest.trim().length > 0 && !/\n[ \t]*\r?\n$/.test(rest + pre)) pre += eol;
  const end = text.endsWith('\n') ? blockEnd : '';
  edits.push({ start: text.length, end: text.length, newText: `${pre}${title}${eol}${spaced ? eol : ''}${block}${end}` });
  return edits;
}

/** `line` moved `shift` columns right (left when negative); a blank line stays as it is. */
function reindent(line: string, shift: number): string {
  const lead = /^[ \t]*/.exec(line)![0];
  if (shift === 0 || lead.length === line.length) return line;
  if (!lead.includes('\t')) return shift > 0 ? ' '.repeat(shift) + line : line.slice(Math.min(-shift, lead.length));
  return ' '.repeat(Math.max(0, columns(lead) + shift)) + line.slice(lead.length);
}

/** The column `lead` (blanks) reaches, a tab going to the next multiple of 4 as markdown counts list indentation. */
function columns(lead: string): number {
  let column = 0;
  for (const c of lead) column = c === '\t' ? column + 4 - (column % 4) : column + 1;
  return column;
}

function findDeep(tasks: readonly ChecklistTask[], id: string): boolean {
  return tasks.some((t) => t.id === id || findDeep(t.subtasks, id));
}
