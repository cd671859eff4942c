// Lint rules for agent checklists, each with its fixes:
// - `checklist-state-mismatch`: a ticked item outside Completed (fixes: Untick,
//   Move to Completed — preferred, since ticking is the deliberate act and the
//   move is what the agent forgot), or an unticked item under Completed
//   (fixes: Tick — preferred, adding the date — and Move to To Do).
// - `checklist-missing-date`: a ticked top-level Completed item without
//   `(completed: YYYY-MM-DD)`; the fix appends today's date. An unticked item
//   under Completed is reported once, as a mismatch, whose Tick fix adds the
//   date: two fixes appending at the same place would write it twice.
//   A date written another way (`(completed: 25/11/2026)`) gets a fix that
//   rewrites it as YYYY-MM-DD when it can be read. One whose day and month are
//   both 12 or less (`02/11/2026`: 2 November, or 11 February as the US writes
//   it) is ambiguous: both rewrites are offered, neither preferred, so fix-all
//   writes no guess. Unless the file says which: when its other dates with
//   that separator are all day first (`25/11/2026`), or all month first, the
//   date is read so and its rewrite is preferred (dateConvention).
// - `checklist-open-subtasks`: a completed top-level item (under Completed, or
//   ticked in a file of phases) with a subtask, at any depth, still open.
//   Completing the item was deliberate, and only its writer knows whether the
//   open ones are done or dropped: the fix ticks them, offered, never applied
//   by fix-all.
// - `unknown-heading`: from the parser (a heading holding items that is not a
//   known section).
// Only top-level items are judged: a ticked subtask under In Progress is
// normal progress, not a mismatch.
import { isConflicted } from '../conflicts/conflictMarkers';
import { DEFAULT_LIFECYCLE, isLegalMove, lastStatus, type Lifecycle } from '../lifecycleModel';
import type { ChecklistTask, Fix, ParsedChecklist, Problem } from '../model';
import { LineIndex, tickLike } from '../text';
import { dateConvention, readTimestamp, type DateConvention } from '../worklog/readTimestamp';
import { isoDate } from './isoDate';
import { itemStateEdits, readItemLine, type ItemLine } from './itemLine';
import { planChecklistSectionMove } from './planChecklistSectionMove';
import { openSubtasks, stillOpenText } from './subtasks';

export function lintChecklist(list: ParsedChecklist, text: string, today: string = isoDate(new Date()), lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Problem[] {
  if (isConflicted(list)) return [...list.problems];
  const problems: Problem[] = [...list.problems];
  const lines = new LineIndex(text);
  /** The file's tick, read once (tickLike reads the whole text). */
  let tick: string | undefined;
  // Scans the text only if a completion date is ambiguous, once.
  const convention = dateConvention(text);
  const done = lastStatus(lifecycle);
  for (const task of list.tasks) {
    if (task.checked && task.status === done) {
      const open = openSubtasks(task);
      if (open.length > 0) problems.push(openSubtasksProblem(task, open, `${list.file}:${task.line + 1}`, (tick ??= tickLike(text))));
    }
    if (task.status === undefined || task.statusFromBox) continue; // a box that is its own status cannot disagree with it
    const start = task.line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lines.lineStart(task.line);
    const item = readItemLine(text.slice(start, lines.lineEnd(task.line)), start);
    if (!item) continue; // the text is not the one that was parsed
    const where = `${list.file}:${task.line + 1}`;
    if (task.status !== 'done' && item.checked) {
      // Ticking is the deliberate act; the move under Completed is what was forgotten. From To Do that move would
      // skip In Progress, which enforcement puts back: not offered, as on a checkbox board.
      const oneStep = isLegalMove(lifecycle, task.status, lastStatus(lifecycle), 'checklist');
      problems.push(
        mismatch(task, `${where}: "${task.title}" is ticked but sits under "${task.group ?? ''}", not Completed${oneStep ? '' : '; it goes under In Progress first'}`, [
          // Unticking would drop what the box says: offered, never applied by fix-all.
          { title: 'Untick', edits: itemStateEdits(item, false, today), preferred: false },
          ...(oneStep ? moveFix(list, text, task, 'done', today, { title: 'Move to Completed', preferred: true }, (tick ??= tickLike(text))) : []),
        ]),
      );
    } else if (task.status === 'done' && !item.checked) {
      problems.push(
        mismatch(task, `${where}: "${task.title}" is under "${task.group ?? ''}" but not ticked`, [
          { title: 'Tick', edits: itemStateEdits(item, true, today, (tick ??= tickLike(text))), preferred: true },
          ...moveFix(list, text, task, 'todo', today, { title: 'Move to To Do' }),
        ]),
      );
    } else if (task.status === 'done' && item.completed?.date === undefined) {
      problems.push(missingDate(task, item, where, today, convention));
    }
  }
  return problems;
}

function openSubtasksProblem(task: ChecklistTask, open: readonly ChecklistTask[], where: string, tick: string): Problem {
  return {
    code: 'checklist-open-subtasks',
    severity: 'warning',
    message: `${where}: "${task.title}" is completed with ${stillOpenText(open.map((t) => t.title))}`,
    span: task.checkboxSpan,
    taskId: task.id,
    fixes: [
      {
        title: open.length === 1 ? 'Tick the open subtask' : `Tick the ${open.length} open subtasks`,
        edits: open.map((sub) => ({ start: sub.checkboxSpan.start, end: sub.checkboxSpan.end, newText: tick })),
        preferred: false,
      },
    ],
  };
}

function mismatch(task: ChecklistTask, message: string, fixes: Fix[]): Problem {
  return { code: 'checklist-state-mismatch', severity: 'warning', message, span: task.checkboxSpan, taskId: task.id, fixes };
}

function missingDate(task: ChecklistTask, item: ItemLine, where: string, today: string, convention: DateConvention): Problem {
  const span = { start: item.bulletStart, end: item.textEnd };
  if (!item.completed) {
    return {
      code: 'checklist-missing-date',
      severity: 'warning',
      message: `${where}: completed item "${task.title}" has no "(completed: YYYY-MM-DD)"`,
      span,
      taskId: task.id,
      fixes: [{ title: `Add (completed: ${today})`, edits: itemStateEdits(item, true, today), preferred: true }],
    };
  }
  const { written, span: completedSpan } = item.completed;
  const read = readTimestamp(written, convention);
  const whole = read?.timeText === written.trim();
  const rewrite = (date: string, how: string, preferred: boolean): Fix =>
    ({ title: `Write the date as ${date}${how}`, edits: [{ ...completedSpan, newText: ` (completed: ${date})` }], preferred });
  const fixes: Fix[] = [];
  let message = `${where}: completion date "${written}" of "${task.title}" is not YYYY-MM-DD`;
  if (whole && read?.date && !read.unreadable) {
    const how = read.readAs === 'dmy' ? 'day first' : read.readAs === 'mdy' ? 'month first' : undefined;
    if (how) message += `: it is ${read.date}, read ${how} as the file's other dates are`;
    fixes.push(rewrite(read.date, how ? ` (${how})` : '', true));
  } else if (whole && read?.ambiguous) {
    const [dayFirst, monthFirst] = read.ambiguous;
    message = `${where}: completion date "${written}" of "${task.title}" is ambiguous: ${dayFirst} read day first, ${monthFirst} read month first; write the one meant as YYYY-MM-DD`;
    fixes.push(rewrite(dayFirst, ' (day first)', false), rewrite(monthFirst, ' (month first)', false));
  }
  return {
    code: 'checklist-missing-date',
    severity: 'warning',
    message,
    span: completedSpan,
    taskId: task.id,
    fixes,
  };
}

/** A move fix, or none when the file cannot take the move (see planChecklistSectionMove). */
function moveFix(list: ParsedChecklist, text: string, task: ChecklistTask, target: 'done' | 'todo', today: string, fix: Omit<Fix, 'edits'>, tick?: string): Fix[] {
  try {
    return [{ ...fix, edits: planChecklistSectionMove(list, text, task.id, target, { today, ...(tick ? { tick } : {}) }) }];
  } catch {
    return [];
  }
}
