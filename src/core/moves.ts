// Planning one lifecycle move (claim, start, complete, release) as minimal text
// edits on the exact value spans of the task's fields. Every other byte of the
// file is left alone. The plan is made against a given text; callers that
// write (the CLI's locked write, the extension's WorkspaceEdit) re-plan on the
// fresh text with `expectedStatus` set, which is the compare-and-swap.
import { isConflicted } from './conflicts/conflictMarkers';
import { breakAt, breakBefore, LineIndex, tickLike } from './text';
import { isoDate } from './checklist/isoDate';
import { planChecklistSectionMove } from './checklist/planChecklistSectionMove';
import { openSubtasks } from './checklist/subtasks';
import { describeWaiting, type UnfinishedDependency } from './dependencies/dependencies';
import {
  DEFAULT_LIFECYCLE,
  allStatuses,
  firstStatus,
  isHeld,
  isKnownStatus,
  isLegalMove,
  lastStatus,
  moveNamed,
  moveTarget,
  nextStatuses,
  statusTitleCase,
  takesHold,
  type Lifecycle,
  type MoveRequest,
} from './lifecycleModel';
import type {
  BoardTask,
  ChecklistTask,
  FieldSpan,
  MoveKind,
  ParsedBoard,
  ParsedChecklist,
  Problem,
  Status,
  Task,
  TextEdit,
} from './model';
import { agentValueEdit, givenAgent } from './board/agentValue';
import { flowFieldsEdit } from './board/fieldEdits';
import { checkboxMoveEdits, emptyCellWord, tableCellEdits, tableRowMoveEdits, tableStatusWord } from './board/markdownEdits';
import { isMentionName } from './board/agentMention';
import { sectionsFor } from './board/markdownTasks';
import { oneLineProblem } from './oneLine';
import { parseFile } from './parseFile';
import { indentOf, lineEndAt, plainOrQuoted, quoteLike, setScalarEdit } from './scalarEdits';

export interface MoveOptions {
  /** Who makes the move. Required to claim a board task; checked against the holder for the others. */
  readonly agent?: string;
  /** Compare-and-swap: the status the caller saw. The move is refused (`moved`) when the file says otherwise. */
  readonly expectedStatus?: Status;
  readonly now: Date;
  /** Write `claimed_at` / `started_at` / `completed_at` (board tasks). */
  readonly stamps?: boolean;
  /** Append a line to `## Session History` when the board has one. */
  readonly history?: boolean;
  /**
   * The text already parsed (must be the parse of exactly `text`), so a
   * caller holding a parse does not pay for another one per move.
   */
  readonly parsed?: ParsedBoard | ParsedChecklist;
  /** The repository's lifecycle; the default one when absent. */
  readonly lifecycle?: Lifecycle;
  /**
   * Claims: the task's dependencies that are unfinished, which only the caller
   * can know (they may be in other files; `TaskIndex.waitingOn`). A claim is
   * refused (`waiting`) while any is listed, unless `force`.
   */
  readonly waitingOn?: readonly UnfinishedDependency[];
  /** Claim past `waitingOn`; the Session History line says so. */
  readonly force?: boolean;
}

export type MoveFailureCode = 'not-found' | 'illegal-move' | 'moved' | 'invalid-item' | 'no-agent' | 'bad-agent' | 'conflicted' | 'waiting';

export type MovePlan =
  /** `forcedPast`: the unfinished dependencies a forced claim (or a way round it) went past. */
  /** `unrecordedAgent`: the agent a move of a table row with no column for one could not write (the move is made). */
  /** `openSubtasks`: the titles of the subtasks still open under a checklist item the move completed (the move is made). */
  | {
      readonly ok: true;
      readonly edits: TextEdit[];
      readonly task: Task;
      readonly from: Status;
      readonly to: Status;
      readonly forcedPast?: readonly string[];
      readonly unrecordedAgent?: string;
      readonly openSubtasks?: readonly string[];
    }
  | { readonly ok: false; readonly code: MoveFailureCode; readonly message: string; /** 0-based. */ readonly line?: number };

const HISTORY_VERB: Readonly<Record<MoveKind, string>> = {
  claim: 'claimed',
  start: 'started',
  complete: 'completed',
  release: 'released',
};

const STAMP_FIELD: Readonly<Partial<Record<MoveKind, string>>> = {
  claim: 'claimed_at',
  start: 'started_at',
  complete: 'completed_at',
};

/** Problems that make an item's text unreliable to edit: its fields may not be where we think. */
const SYNTAX_CODES: ReadonlySet<Problem['code']> = new Set([
  'yaml-syntax',
  'tab-indent',
  'bad-indent',
  'unquoted-colon',
  'shorthand-item',
]);

/** Whether `file` is an agent checklist (`.claude/tasks/<agent>-tasks.md`); anything else is planned as a board. */
export function isChecklistPath(file: string): boolean {
  return /(^|[\\/])\.claude[\\/]tasks[\\/][^\\/]*-tasks\.md$/i.test(file) || /-tasks\.md$/i.test(file);
}

export function planMove(text: string, file: string, taskId: string, move: MoveRequest, given: MoveOptions): MovePlan {
  // The name is written into `assigned_agent:` and a Session History line: it must stay on that line.
  const badAgent = given.agent === undefined ? undefined : oneLineProblem(given.agent);
  if (badAgent) {
    return { ok: false, code: 'bad-agent', message: `The agent name ${JSON.stringify(given.agent)} ${badAgent}; give a name on one line.` };
  }
  // `--agent @bob` is bob, as an agent field's `@bob` is read: the name, not the mention, is compared and written.
  const options = given.agent?.trimStart().startsWith('@') ? { ...given, agent: givenAgent(given.agent) } : given;
  const lifecycle = options.lifecycle;
  const parsed = options.parsed ?? parseFile(isChecklistPath(file) ? 'checklist' : 'board', lifecycle ? { file, text, lifecycle } : { file, text });
  // Two versions of the task may be in the file: no move until a person has kept one.
  if (isConflicted(parsed)) {
    const conflict = parsed.problems[0]!;
    return { ok: false, code: 'conflicted', message: `${file} has merge conflicts: ${conflict.message}`, line: new LineIndex(text).lineAt(conflict.span.start) };
  }
  return parsed.kind === 'checklist'
    ? planChecklistMove(text, parsed, taskId, move, options)
    : planBoardMove(text, parsed, taskId, move, options);
}

function planBoardMove(text: string, board: ParsedBoard, taskId: string, request: MoveRequest, options: MoveOptions): MovePlan {
  const lifecycle = options.lifecycle ?? DEFAULT_LIFECYCLE;
  const matches = tasksWithId(board, taskId);
  const task = matches[0];
  if (!task) return notFound(taskId, board.file);
  if (matches.length > 1) {
    return {
      ok: false,
      code: 'invalid-item',
      message: `${taskId} appears ${matches.length} times (lines ${matches.map((t) => t.line + 1).join(', ')}); give each task its own id before moving it.`,
      line: matches[1]!.line,
    };
  }
  const broken = board.problems.find(
    (p) => SYNTAX_CODES.has(p.code) && p.span.start < task.span.end && p.span.end > task.span.start,
  );
  if (broken) {
    return {
      ok: false,
      code: 'invalid-item',
      message: `${taskId} has a syntax problem (${broken.code}: ${broken.message}); fix the item before moving it.`,
      line: lineOf(text, broken.span.start),
    };
  }
  if (task.shape === 'checkbox' && task.status !== undefined && !isKnownStatus(lifecycle, task.status)) {
    // Under a heading such as `## Blocked` on a board whose lifecycle has no blocked.
    return {
      ok: false,
      code: 'invalid-item',
      message: `${taskId} sits under "${task.statusText ?? ''}", which means ${task.status}, not a status this board's lifecycle has; add it to the lifecycle in .agent-task-board.yml, or move the item under another heading, before moving it.`,
      line: task.line,
    };
  }
  if (task.shape === 'checkbox' || task.shape === 'table-row') return planMarkdownMove(text, board, task, request, options);
  const statusField = task.fieldSpans.get('status');
  if (task.shape === 'shorthand' || !statusField || task.status === undefined) {
    // An unknown word has no fix that `fix` applies (which status was meant is a decision): the statuses are named.
    // The shorthand, a missing status and an empty one have theirs (status: todo).
    const written = task.statusText?.trim() ?? '';
    const message =
      task.shape !== 'shorthand' && statusField && written !== ''
        ? `${taskId} has status "${written}", which is not a status of this board's lifecycle (${allStatuses(lifecycle).join(', ')}); write one of those, or add it to the lifecycle in .agent-task-board.yml, before moving it.`
        : `${taskId} ${task.shape === 'shorthand' ? 'is written in the one-line shorthand' : statusField ? 'has an empty status' : 'has no status field'}; fix it first (agent-task-board fix) so the move has a status to change.`;
    return { ok: false, code: 'invalid-item', message, line: task.line };
  }
  const from = task.status;
  const to = moveTarget(lifecycle, request, 'board');
  const unknown = targetProblem(lifecycle, taskId, request, to);
  if (unknown) return { ...unknown, line: task.line };
  // A move by status name is the named move that leads there, when one does: it writes the same fields.
  const move: MoveKind | undefined = typeof request === 'string' ? request : moveNamed(lifecycle, from, to, 'board');
  const holder = task.assignedAgent?.trim() ?? '';
  const agent = options.agent?.trim() ?? '';
  if (options.expectedStatus !== undefined && options.expectedStatus !== from) {
    return { ok: false, code: 'moved', message: movedMessage(lifecycle, task, options.expectedStatus, holder), line: task.line };
  }
  // The claim, or any other way into a held status from one nobody holds (`todo → blocked → claimed`).
  const claiming = move === 'claim' || takingHold(lifecycle, from, to, 'board', holder, agent);
  const noAgent = noAgentProblem(taskId, move, to, claiming, holder, agent);
  if (noAgent) return { ...noAgent, line: task.line };
  const taken = takenProblem(lifecycle, taskId, from, 'board', move, holder, agent);
  if (taken) return { ...taken, line: task.line };
  const illegal = illegalMessage(lifecycle, task, from, to, move);
  if (illegal) return { ok: false, code: 'illegal-move', message: illegal, line: statusLine(text, statusField) };
  const waiting = waitingProblem(taskId, claiming, options);
  if (waiting) return { ...waiting, line: task.line };
  const notHolder = holderProblem(lifecycle, task, from, to, move, holder, agent);
  if (notHolder) return { ...notHolder, line: task.line };

  const eol = board.eol;
  const edits: TextEdit[] = [setScalarEdit(text, statusField, to)];
  // New lines go right after the status line, with its indentation.
  const newLines: string[] = [];
  const indent = indentOf(text, statusField);
  // The item's own agent field (`assignee:`, `assigned_to:`), else the seed's `assigned_agent:`.
  const agentField = task.fieldSpans.get(task.agentKey ?? 'assigned_agent');
  if (move === 'release') {
    const clear = agentField && agentValueEdit(text, agentField, '');
    if (clear) edits.push(clear);
  } else if (move === 'claim' || (holder === '' && agent !== '' && isHeld(lifecycle, to))) {
    if (agentField) edits.push(agentValueEdit(text, agentField, agent)!);
    // An item with no agent field gets the name the file's other items use (`assignee:`), else the seed's.
    else newLines.push(`${fileAgentKey(board)}: ${plainOrQuoted(agent)}`);
  }
  const time = isoSeconds(options.now);
  const stampKey = move && STAMP_FIELD[move];
  if (options.stamps && stampKey) {
    const stamp = task.fieldSpans.get(stampKey);
    if (stamp) edits.push(setScalarEdit(text, stamp, time));
    else newLines.push(`${stampKey}: ${timestampLike(text, task, time)}`);
  }
  // `- {TASK_001: "Title", status: todo}`: a new line would end the item; the fields go inside its braces.
  const flow = newLines.length > 0 ? flowFieldsEdit(text, task, newLines) : false;
  if (flow === undefined) {
    return { ok: false, code: 'invalid-item', message: `${taskId} is a flow-style item ({...}) whose closing brace was not found; fix the item before moving it.`, line: task.line };
  }
  if (flow) edits.push(flow);
  else if (newLines.length > 0) {
    // After the status line, or after the stamps already below it, so stamps read in lifecycle order.
    let anchor = statusField;
    for (const key of Object.values(STAMP_FIELD)) {
      const stamp = task.fieldSpans.get(key);
      if (stamp && stamp.lineSpan.end > anchor.lineSpan.end && isSingleLine(text, stamp)) anchor = stamp;
    }
    const at = lineEndAt(text, anchor.valueSpan.end);
    const brk = breakAt(text, at, eol);
    edits.push({ start: at, end: at, newText: newLines.map((l) => brk + indent + l).join('') });
  }
  const past = forcedPast(claiming, options);
  if (options.history && board.historyInsertAt !== undefined) {
    const who = agent || holder || 'someone';
    const forced = past.length > 0 ? ` (forced past ${past.join(', ')} unfinished)` : '';
    const line = move ? `- ${time} ${who} ${HISTORY_VERB[move]} ${taskId}${forced}` : `- ${time} ${who} moved ${taskId} to ${to}${forced}`;
    const at = board.historyInsertAt;
    const atLineStart = at === 0 || text.charCodeAt(at - 1) === 10;
    // At a line start it ends like the line before it; after the last entry, that entry keeps its own break (the
    // new line takes it) and the break written between them is the same (a file's endings may differ by line).
    const before = breakBefore(text, at, eol);
    edits.push({ start: at, end: at, newText: atLineStart ? line + before : breakAt(text, at, before) + line });
  }
  return { ok: true, edits, task, from, to, ...(past.length > 0 && { forcedPast: past }) };
}

/** The dependencies a claim (or a way round it) goes past: those it waits on, when it is let through (forced). */
function forcedPast(claiming: boolean, options: MoveOptions): string[] {
  return claiming ? (options.waitingOn ?? []).map((w) => w.id) : [];
}

function planChecklistMove(
  text: string,
  list: ParsedChecklist,
  taskId: string,
  request: MoveRequest,
  options: MoveOptions,
): MovePlan {
  const lifecycle = options.lifecycle ?? DEFAULT_LIFECYCLE;
  const task = list.tasks.find((t) => t.id === taskId);
  if (!task) {
    const sub = findSubtask(list.tasks, taskId);
    if (!sub) return notFound(taskId, list.file);
    return {
      ok: false,
      code: 'invalid-item',
      message: `${taskId} is a subtask; tick or untick it, or move the item it belongs to.`,
      line: sub.line,
    };
  }
  if (task.status === undefined) {
    return {
      ok: false,
      code: 'invalid-item',
      message: `${taskId} is not under a To Do, In Progress or Completed heading; move it under one first.`,
      line: task.line,
    };
  }
  const from = task.status;
  const to = moveTarget(lifecycle, request, 'checklist');
  const unknown = targetProblem(lifecycle, taskId, request, to);
  if (unknown) return { ...unknown, line: task.line };
  const move: MoveKind | undefined = typeof request === 'string' ? request : moveNamed(lifecycle, from, to, 'checklist');
  if (task.statusFromBox) {
    // No status headings in the file: the box is all it can say (see parseChecklist).
    if (options.expectedStatus !== undefined && options.expectedStatus !== from) {
      return { ok: false, code: 'moved', message: movedMessage(lifecycle, task, options.expectedStatus, list.agent), line: task.line };
    }
    if (to !== lastStatus(lifecycle) || from !== firstStatus(lifecycle, 'checklist')) {
      const why = from === lastStatus(lifecycle) ? `${taskId} is already ticked (${from}).` : `${list.file} has no status headings, only phases: the only move its items can make is ${lastStatus(lifecycle)} (tick the box).`;
      return { ok: false, code: 'illegal-move', message: why, line: task.line };
    }
    return { ok: true, edits: [{ ...task.checkboxSpan, newText: tickLike(text) }], task, from, to, ...stillOpen(task) };
  }
  if (options.expectedStatus !== undefined && options.expectedStatus !== from) {
    return { ok: false, code: 'moved', message: movedMessage(lifecycle, task, options.expectedStatus, list.agent), line: task.line };
  }
  const agent = options.agent?.trim() ?? '';
  if (agent !== '' && agent !== list.agent) {
    return {
      ok: false,
      code: 'illegal-move',
      message: `${taskId} is on ${list.agent}'s checklist; ${agent} cannot ${move === 'release' ? 'release' : 'move'} it (${move === 'release' ? 'release it naming no agent to clear it' : 'claim a board task instead'}).`,
      line: task.line,
    };
  }
  // `claim` on a checklist is `start`: the owner is implicit, there is no claimed state.
  const illegal = from === to ? undefined : illegalMessage(lifecycle, task, from, to, move);
  if (illegal || from === to) {
    return { ok: false, code: 'illegal-move', message: illegal ?? `${taskId} is already ${to}.`, line: task.line };
  }
  let edits: TextEdit[];
  try {
    // The day a person sees where the move is made (local), as lint's "Add (completed: …)" fix writes it: the UTC
    // day wrote yesterday's or tomorrow's date near midnight away from UTC.
    edits = planChecklistSectionMove(list, text, task.id, to, { today: isoDate(options.now), lifecycle });
  } catch (err) {
    // The checklist planner refuses what the file cannot do; say so, never throw on user text.
    return { ok: false, code: 'invalid-item', message: (err as Error).message, line: task.line };
  }
  return { ok: true, edits, task, from, to, ...(to === lastStatus(lifecycle) && stillOpen(task)) };
}

/** The subtasks a completed checklist item leaves open, as the move's outcome says them. */
function stillOpen(task: ChecklistTask): { openSubtasks?: readonly string[] } {
  const open = openSubtasks(task);
  return open.length > 0 ? { openSubtasks: open.map((t) => t.title) } : {};
}

/**
 * A move of a checkbox item or a table row (board/markdownTasks.ts). Checkbox items follow the checklist
 * lifecycle (no claimed state: a claim starts the item, `@agent` added to its line): the file can only say
 * a status with its box and its headings. An item whose only status is its box can only be ticked. Table
 * rows follow the board's, their Status and Owner cells rewritten.
 */
function planMarkdownMove(text: string, board: ParsedBoard, task: BoardTask, request: MoveRequest, options: MoveOptions): MovePlan {
  const lifecycle = options.lifecycle ?? DEFAULT_LIFECYCLE;
  const refuse = (code: MoveFailureCode, message: string): MovePlan => ({ ok: false, code, message, line: task.line });
  const from = task.status;
  if (from === undefined) {
    // A row that stops before its Status cell says nothing, not an empty status.
    if (task.statusText === undefined && task.shape === 'table-row') {
      return refuse('invalid-item', `${task.id}'s row stops before its Status cell; write its status first (lint's fix adds the cell).`);
    }
    return refuse('invalid-item', `${task.id} has status "${task.statusText ?? ''}", which is not a lifecycle status; write one its file knows first.`);
  }
  if (task.shape === 'table-row' && task.statusFrom === 'heading') {
    return refuse('invalid-item', `${task.id}'s table has no Status column: its status is the heading above it. Move the row under another heading by hand.`);
  }
  const checkbox = task.shape === 'checkbox';
  const kind = checkbox ? 'checklist' : 'board';
  const to = moveTarget(lifecycle, request, kind);
  const unknown = targetProblem(lifecycle, task.id, request, to);
  if (unknown) return { ...unknown, line: task.line };
  const move: MoveKind | undefined = typeof request === 'string' ? request : moveNamed(lifecycle, from, to, kind);
  const holder = task.assignedAgent?.trim() ?? '';
  const agent = options.agent?.trim() ?? '';
  if (options.expectedStatus !== undefined && options.expectedStatus !== from) {
    return refuse('moved', movedMessage(lifecycle, task, options.expectedStatus, holder));
  }
  const last = lastStatus(lifecycle);
  if (tickOnly(task) && !(to === last && from === firstStatus(lifecycle, kind))) {
    return refuse(
      'illegal-move',
      from === last
        ? `${task.id} is already ticked (${last}).`
        : `${task.id} is a checkbox on a board without status headings: the file can only say ticked or not, so the only move is ${last} (tick it).`,
    );
  }
  const taken = takenProblem(lifecycle, task.id, from, kind, move, holder, agent);
  if (taken) return refuse(taken.code, taken.message);
  if (!tickOnly(task) && (from === to || !isLegalMove(lifecycle, from, to, kind) || (move === 'release' && !isHeld(lifecycle, from, kind)))) {
    const next = nextStatuses(lifecycle, from, kind);
    const hint = next.length === 0 ? `${from} is final` : `from ${from} the next legal status is ${next.join(' or ')}`;
    const by = isHeld(lifecycle, from, kind) && holder !== '' ? ` by ${holder}` : '';
    return refuse('illegal-move', from === to ? `${task.id} is already ${to}${by}; ${hint}.` : `${task.id} cannot go ${from} → ${to}; ${hint}.`);
  }
  const claiming = move === 'claim' || takingHold(lifecycle, from, to, kind, holder, agent);
  const past = forcedPast(claiming, options);
  const forced = past.length > 0 ? { forcedPast: past } : {};
  const agentKey = task.agentKey ?? 'assigned_agent';
  // A row with an agent column needs the name, said before what it waits on (as a YAML item).
  const noAgent = !checkbox && task.fieldSpans.has(agentKey) ? noAgentProblem(task.id, move, to, claiming, holder, agent) : undefined;
  if (noAgent) return refuse(noAgent.code, noAgent.message);
  const waiting = waitingProblem(task.id, claiming, options);
  if (waiting) return refuse(waiting.code, waiting.message);
  const notHolder = holderProblem(lifecycle, task, from, to, move, holder, agent, kind);
  if (notHolder) return refuse(notHolder.code, notHolder.message);
  // The name must read back as written: `@Backend Engineer` would be read as Backend's, `| qa|ops |` as two cells.
  if (agent !== '' && checkbox && !isMentionName(agent)) {
    const like = agent.replace(/\s+/g, '-');
    return refuse('bad-agent', `${task.id} names its agent as @name (letters, digits, _ . -): ${JSON.stringify(agent)} would read back otherwise; try ${isMentionName(like) ? like : 'bob'}.`);
  }
  if (agent !== '' && !checkbox && agent.includes('|')) return refuse('bad-agent', `${task.id}: a | in ${JSON.stringify(agent)} would end its table cell.`);
  if (checkbox) {
    const sections = sectionsFor(board, task);
    if (task.statusFrom === 'heading' && !sections?.has(to)) {
      if (board.areas) return refuse('invalid-item', `${board.file} has no ${statusTitleCase(to)} heading beside the one ${task.id} is under; add one there first.`);
      return refuse('invalid-item', `${board.file} has no heading for ${to} to move ${task.id} under; add one (## ${statusTitleCase(to)}) first.`);
    }
    const who = move === 'claim' || move === 'start' ? agent : '';
    // A release takes out the `@agent` a claim or start wrote: the task is free again.
    const edits = checkboxMoveEdits(text, task, to, sections, board.eol, who || undefined, lifecycle, move === 'release');
    return { ok: true, edits, task, from, to, ...forced };
  }
  const cells: [string, string][] = [['status', tableStatusWord(board, to)]];
  // The agent is written where the task comes to be held, as on a YAML item: not on a move to `cancelled`.
  const writesAgent = move === 'claim' || (holder === '' && agent !== '' && isHeld(lifecycle, to));
  // A table with no column for the agent records none: the move is made on its Status cell, and says so.
  const said = writesAgent && agent !== '' && task.agentKey === undefined ? { unrecordedAgent: agent } : {};
  if (move === 'release') cells.push([agentKey, emptyCellWord(text, task, agentKey)]);
  else if (writesAgent) cells.push([agentKey, agent]);
  // Under status headings the row also moves to the table under the new status's heading, when there is one.
  const section = task.section !== undefined && task.section !== to ? sectionsFor(board, task)?.get(to) : undefined;
  const relocated = section && tableRowMoveEdits(text, task, section, cells, board.eol);
  if (relocated) return { ok: true, edits: relocated, task, from, to, ...forced, ...said };
  const edits = cells.flatMap(([key, value]) => tableCellEdits(text, task, key, value));
  return { ok: true, edits: mergeEdits(edits), task, from, to, ...forced, ...said };
}

/** The agent field the board's items use: the first item's that names one, `assigned_agent` when none does. */
function fileAgentKey(board: ParsedBoard): string {
  for (const t of board.tasks) {
    if (t.agentKey !== undefined && t.shape !== 'table-row' && t.shape !== 'checkbox') return t.agentKey;
    if (t.fieldSpans.has('assigned_agent')) return 'assigned_agent';
  }
  return 'assigned_agent';
}

/** Two cells widened in one table insert padding at distinct places; sorted, and same-place inserts joined. */
function mergeEdits(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.start === e.start && last.end === e.start && e.end === e.start) out[out.length - 1] = { ...last, newText: last.newText + e.newText };
    else out.push(e);
  }
  return out;
}

type Refusal<C extends MoveFailureCode> = { readonly ok: false; readonly code: C; readonly message: string };

/**
 * A move to a word that is no status of the lifecycle: refused, naming the ones there are. So is a claim or a start
 * that would finish the task: on `[todo, done]` nothing lies between the claim and the end.
 */
function targetProblem(lifecycle: Lifecycle, taskId: string, request: MoveRequest, to: Status): Refusal<'illegal-move'> | undefined {
  if (!isKnownStatus(lifecycle, to)) {
    const known = [...lifecycle.main, ...lifecycle.side.map((s) => s.name)].join(', ');
    return { ok: false, code: 'illegal-move', message: `${taskId} cannot move to "${to}": it is not a status of this repository's lifecycle (${known}).` };
  }
  if ((request === 'claim' || request === 'start') && to === lastStatus(lifecycle)) {
    const path = lifecycle.main.join(' → ');
    return { ok: false, code: 'illegal-move', message: `${taskId} cannot be ${request === 'claim' ? 'claimed' : 'started'}: that would make it ${to}, the end of this lifecycle (${path}). Use done when the work is done.` };
  }
  return undefined;
}

/** A claim on a task another agent holds: who holds it, and to take another task (not the holder's next steps). */
function takenProblem(lifecycle: Lifecycle, taskId: string, from: Status, kind: Task['kind'], move: MoveKind | undefined, holder: string, agent: string): Refusal<'illegal-move'> | undefined {
  if (move !== 'claim' || !isHeld(lifecycle, from, kind) || holder === '' || holder === agent) return undefined;
  return { ok: false, code: 'illegal-move', message: `${taskId} is already ${from} by ${holder}; take another task.` };
}

/** A claim (or a way round it) with no agent named, where the task names none either (the claim always needs one). */
function noAgentProblem(taskId: string, move: MoveKind | undefined, to: Status, claiming: boolean, holder: string, agent: string): Refusal<'no-agent'> | undefined {
  if (!claiming || agent !== '' || (move !== 'claim' && holder !== '')) return undefined;
  return { ok: false, code: 'no-agent', message: `${move === 'claim' ? `Claiming ${taskId}` : `Moving ${taskId} to ${to}`} needs the agent's name (--agent NAME).` };
}

/** A claim (or a way round it) while dependencies are unfinished: refused unless forced. */
function waitingProblem(taskId: string, claiming: boolean, options: MoveOptions): Refusal<'waiting'> | undefined {
  const waiting = claiming ? (options.waitingOn ?? []) : [];
  if (waiting.length === 0 || options.force) return undefined;
  return { ok: false, code: 'waiting', message: `${taskId} is waiting on unfinished tasks: ${describeWaiting(waiting)}. Take another task, or force the claim.` };
}

/**
 * Whether a move takes hold of the task for someone: into a held status from one nobody holds, other than the holder
 * a task still names taking it up again (`blocked → in_progress`, where blocked is entered from todo too).
 */
function takingHold(lifecycle: Lifecycle, from: Status, to: Status, kind: Task['kind'], holder: string, agent: string): boolean {
  return takesHold(lifecycle, from, to, kind) && (holder === '' || (agent !== '' && agent !== holder));
}

/** A move of a held task by an agent who is not its holder: only the holder moves it on or gives it back. */
function holderProblem(lifecycle: Lifecycle, task: Task, from: Status, to: Status, move: MoveKind | undefined, holder: string, agent: string, kind: Task['kind'] = 'board'): Refusal<'illegal-move'> | undefined {
  if (move === 'claim' || holder === '' || agent === '' || agent === holder) return undefined;
  // A held task, or one a side status keeps naming its holder that a move would take up again (`blocked → claimed`).
  if (!isHeld(lifecycle, from, kind) && !takesHold(lifecycle, from, to, kind)) return undefined;
  const what = move === 'release' ? 'only its holder releases it' : `only its holder moves it on (or ${holder} releases it first)`;
  return { ok: false, code: 'illegal-move', message: `${task.id} is held by ${holder}, not ${agent}; ${what}.` };
}

/** How often each parsed board was asked for a task by id, and, from the second time, its tasks by id. */
const byIdOf = new WeakMap<ParsedBoard, { index?: Map<string, BoardTask[]> }>();

/**
 * The tasks of `board` with id `id`. One move reads the tasks once; a caller that plans many on one parse (lint's
 * release fix for each of 20,000 stale claims: 4.4 s) gets them through an index made on its second ask.
 */
function tasksWithId(board: ParsedBoard, id: string): BoardTask[] {
  let seen = byIdOf.get(board);
  if (!seen) {
    byIdOf.set(board, (seen = {}));
    return board.tasks.filter((t) => t.id === id);
  }
  if (!seen.index) {
    const index = new Map<string, BoardTask[]>();
    for (const t of board.tasks) {
      const same = index.get(t.id);
      if (same) same.push(t);
      else index.set(t.id, [t]);
    }
    seen.index = index;
  }
  return seen.index.get(id) ?? [];
}

function findSubtask(tasks: readonly ChecklistTask[], id: string): ChecklistTask | undefined {
  for (const t of tasks) {
    const sub = t.subtasks.find((s) => s.id === id) ?? findSubtask(t.subtasks, id);
    if (sub) return sub;
  }
  return undefined;
}

function illegalMessage(lifecycle: Lifecycle, task: Task, from: Status, to: Status, move: MoveKind | undefined): string | undefined {
  if (from !== to && isLegalMove(lifecycle, from, to, task.kind)) {
    // Release is only for a task someone holds.
    if (move === 'release' && !isHeld(lifecycle, from, task.kind)) return `${task.id} is ${from}; only a claimed or started task can be released.`;
    return undefined;
  }
  const next = nextStatuses(lifecycle, from, task.kind);
  const verbs = next.map((s) => moveNameTo(lifecycle, from, s, task.kind)).filter((v) => v !== undefined);
  const hint =
    next.length === 0
      ? `${from} is final`
      : `from ${from} the next legal status is ${next.join(' or ')}${verbs.length ? ` (${verbs.join(' / ')})` : ''}`;
  if (from === to) {
    const holder = task.kind === 'board' ? task.assignedAgent?.trim() : task.agent;
    const by = isHeld(lifecycle, from, task.kind) && holder ? ` by ${holder}` : '';
    return `${task.id} is already ${to}${by}; ${hint}.`;
  }
  return `${task.id} cannot go ${from} → ${to}; ${hint}.`;
}

/** The command that makes a legal step: `claim`, `start`, `done`, `release`, else `move --to`. */
function moveNameTo(lifecycle: Lifecycle, from: Status, to: Status, kind: Task['kind']): string {
  const named = moveNamed(lifecycle, from, to, kind);
  if (kind === 'checklist' && named === 'claim') return 'start';
  return named === 'complete' ? 'done' : named ?? `move --to ${to}`;
}

function movedMessage(lifecycle: Lifecycle, task: Task, expected: Status, holder: string): string {
  const now = task.status ?? task.statusText ?? 'unknown';
  const by = holder !== '' && isHeld(lifecycle, task.status, task.kind) ? ` by ${holder}` : '';
  return `${task.id} is now ${now}${by}, not ${expected} as expected: someone moved it first. Refresh and decide again.`;
}

function notFound(taskId: string, file: string): MovePlan {
  return { ok: false, code: 'not-found', message: `No task ${taskId} in ${file}.` };
}

/** `2026-11-21T10:00:00Z`: the ISO time without milliseconds, as boards write it. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A timestamp value quoted the way the task's `created_at` is (double quotes when there is none). */
function timestampLike(text: string, task: BoardTask, time: string): string {
  const created = task.fieldSpans.get('created_at');
  const raw = created ? text.slice(created.valueSpan.start, created.valueSpan.end) : '"';
  return raw.startsWith('"') || raw.startsWith("'") ? quoteLike(raw, time) : time;
}

function isSingleLine(text: string, field: FieldSpan): boolean {
  return !text.slice(field.lineSpan.start, field.lineSpan.end).includes('\n');
}

function statusLine(text: string, field: FieldSpan): number {
  return lineOf(text, field.keySpan.start);
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * Whether a board task is a checkbox whose box alone says its status (a board without status headings): the file
 * can say only ticked or not, so its one move is to the last status, from the first.
 */
export function tickOnly(task: Task): boolean {
  return task.kind === 'board' && task.shape === 'checkbox' && task.statusFrom === 'box';
}
