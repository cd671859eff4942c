// The task lifecycle (docs/architecture.md, "Lifecycle") and the check that enforces it: compare
// the last accepted state of a file with its current state and report every
// move that is not a legal step, with a fix that puts the offending field back.
//
// Decisions:
// - Which steps are legal is the repository's lifecycle's (lifecycleModel.ts;
//   by default todo→claimed→in_progress→done, release back to todo from a
//   held status). Checklist tasks walk it without `claimed` (the file belongs
//   to one agent, named by the file).
// - A task whose status is missing or not recognised on either side is left
//   to the lint rules (`missing-status`, `unknown-status`): there is no
//   transition to judge.
// - `claim-without-agent` is reported only when the edit introduced it (the
//   accepted task had an agent or was not held), so an old malformed task is
//   reported once, by lint, not twice.
// - A held task whose agent changed between two snapshots is a stolen claim
//   even if it was released and re-claimed in between: the snapshots cannot
//   tell those apart, and a release should be its own write.
import { planChecklistSectionMove } from './checklist/planChecklistSectionMove';
import { parseChecklist } from './checklist/parseChecklist';
import { DEFAULT_LIFECYCLE, firstStatus, isHeld, isKnownStatus, isLegalMove, lastStatus, nextStatuses, type Lifecycle, type TaskKind } from './lifecycleModel';
import type { BoardTask, FieldSpan, Fix, ParsedBoard, ParsedChecklist, Problem, Span, Status, Task, TextEdit } from './model';
import { agentValueEdit } from './board/agentValue';
import { flowFieldsEdit } from './board/fieldEdits';
import { checkboxMoveEdits, tableCellEdits } from './board/markdownEdits';
import { sectionsFor } from './board/markdownTasks';
import { parseBoard } from './board/parseBoard';
import { clearValueEdit, indentOf, lineEndAt, plainOrQuoted, setScalarEdit } from './scalarEdits';
import { breakAt, detectEol } from './text';
import { runToEnd, TASKS_PER_STEP } from './steps';

export type { TaskKind } from './lifecycleModel';

export interface TransitionCheckOptions {
  /**
   * The current text the `current` tasks were parsed from. With it, fixes keep
   * the quote style of the value they replace and inserted lines use the
   * file's indentation and line break; without it they fall back to plain
   * values, two-space indentation and `\n`. Checklist violations get their
   * fix (a section move back) only when it is given.
   */
  readonly text?: string;
  /** The parse of `text` when it is a checklist and the caller has it; parsed on demand otherwise. */
  readonly checklist?: ParsedChecklist;
  /** `YYYY-MM-DD` for a completed date a checklist revert may write; defaults to today (UTC). */
  readonly today?: string;
  /** The repository's lifecycle; the default one when absent. */
  readonly lifecycle?: Lifecycle;
}

/** What fixes are built from: the current text, and its checklist parse once one is needed. */
class FixContext {
  private list: ParsedChecklist | undefined;
  private board: ParsedBoard | undefined;

  constructor(private readonly options: TransitionCheckOptions) {
    this.list = options.checklist;
  }

  get text(): string | undefined {
    return this.options.text;
  }

  get lifecycle(): Lifecycle {
    return this.options.lifecycle ?? DEFAULT_LIFECYCLE;
  }

  /**
   * Edits putting a checkbox item back under its accepted status's heading (ticked to match), or a table
   * row's Status cell back to the word it had (padding kept); none when that cannot be planned.
   */
  markdownRevert(task: BoardTask, revertTo: Revert): TextEdit[] {
    const text = this.options.text;
    if (text === undefined) return [];
    if (task.shape === 'table-row') return task.statusFrom === 'cell' ? tableCellEdits(text, task, 'status', revertTo.written ?? revertTo.status) : [];
    this.board ??= parseBoard({ file: task.file, text, lifecycle: this.options.lifecycle });
    const sections = sectionsFor(this.board, task);
    if (!sections?.has(revertTo.status)) return [];
    return checkboxMoveEdits(text, task, revertTo.status, sections, this.board.eol, undefined, this.lifecycle);
  }

  /** Edits moving a checklist item back to `status`'s section, or none when that cannot be planned. */
  checklistRevert(task: Task, status: Status): TextEdit[] {
    const text = this.options.text;
    if (text === undefined || task.kind !== 'checklist') return [];
    this.list ??= parseChecklist({ file: task.file, text, lifecycle: this.options.lifecycle });
    try {
      const today = this.options.today ?? new Date().toISOString().slice(0, 10);
      return planChecklistSectionMove(this.list, text, task.id, status, { today, lifecycle: this.lifecycle });
    } catch {
      return []; // a subtask, or an id the text no longer has: no fix rather than a wrong one
    }
  }
}

/**
 * Lifecycle violations of `current` against `accepted` (both the tasks of one
 * file). Tasks are matched by id, and by order among tasks sharing an id.
 */
export function checkTransitions(
  accepted: readonly Task[],
  current: readonly Task[],
  options: TransitionCheckOptions = {},
): Problem[] {
  return runToEnd(checkTransitionSteps(accepted, current, options));
}

/** `checkTransitions` as steps, for a caller that spreads a 300,000-task board over several turns. */
export function* checkTransitionSteps(
  accepted: readonly Task[],
  current: readonly Task[],
  options: TransitionCheckOptions = {},
): Generator<void, Problem[], void> {
  // Items named by a title two of them share (`update-docs`, `update-docs~2`) are numbered in file order, which a
  // move between sections changes: they pair by what they say, not by the number.
  const twins = yield* twinPairingSteps(accepted, current);
  if (twins) return yield* checkPairedSteps(twins, current, options);
  // The usual write changes a few values and no id: the same ids in the same order pair up by index
  // (the n-th task of an id with the n-th accepted one), with no map of every id.
  if (yield* sameIdsSteps(accepted, current)) return yield* checkPairedSteps(accepted, current, options);
  const problems: Problem[] = [];
  const context = new FixContext(options);
  const before = new Map<string, Task[]>();
  for (const task of accepted) {
    const list = before.get(task.id);
    if (list) list.push(task);
    else before.set(task.id, [task]);
  }
  const seen = new Map<string, number>();
  let checked = 0;
  for (const task of current) {
    if (++checked % TASKS_PER_STEP === 0) yield;
    const nth = seen.get(task.id) ?? 0;
    seen.set(task.id, nth + 1);
    const old = before.get(task.id)?.[nth];
    for (const p of checkOne(old, task, context)) problems.push(p);
  }
  return problems;
}

/** Whether a task's id is made from its title: a checklist item, or a checkbox item or row with no id written. */
function idFromTitle(task: Task): boolean {
  return task.kind !== 'board' || ((task.shape === 'checkbox' || task.shape === 'table-row') && task.idSpan.start === task.idSpan.end);
}

function holderOf(task: Task): string {
  return task.kind === 'board' ? (task.assignedAgent ?? '') : task.agent;
}

/**
 * When `current` holds items named by a title two of them share, what each task of `current` was in `accepted`:
 * such items pair with the accepted item of their title that says the same (status, agent), else the first one left,
 * in file order; every other task with the n-th accepted task of its id. Undefined when there are no such items.
 */
function* twinPairingSteps(accepted: readonly Task[], current: readonly Task[]): Generator<void, (Task | undefined)[] | undefined, void> {
  let twins = false;
  for (let i = 0; i < current.length && !twins; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    twins = /~\d+$/.test(current[i]!.id) && idFromTitle(current[i]!);
  }
  if (!twins) return undefined;
  const key = (task: Task): string => (idFromTitle(task) ? `\0${task.id.replace(/~\d+$/, '')}` : task.id);
  const before = new Map<string, Task[]>();
  for (const task of accepted) {
    const list = before.get(key(task));
    if (list) list.push(task);
    else before.set(key(task), [task]);
  }
  const used = new Set<Task>();
  const paired: (Task | undefined)[] = [];
  for (let i = 0; i < current.length; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    const task = current[i]!;
    const group = before.get(key(task)) ?? [];
    const same = idFromTitle(task) ? group.find((t) => !used.has(t) && t.status === task.status && holderOf(t) === holderOf(task)) : undefined;
    const old = same ?? group.find((t) => !used.has(t));
    if (old) used.add(old);
    paired.push(old);
  }
  return paired;
}

/** `checkTransitionSteps` of tasks already paired: `accepted[i]` is what `current[i]` was, undefined for a new task. */
export function* checkPairedSteps(
  accepted: readonly (Task | undefined)[],
  current: readonly Task[],
  options: TransitionCheckOptions = {},
): Generator<void, Problem[], void> {
  const problems: Problem[] = [];
  const context = new FixContext(options);
  for (let i = 0; i < current.length; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    for (const p of checkOne(accepted[i], current[i]!, context)) problems.push(p);
  }
  return problems;
}

/** Whether two task lists hold the same ids in the same order. */
export function sameIds(a: readonly { readonly id: string }[], b: readonly { readonly id: string }[]): boolean {
  return runToEnd(sameIdsSteps(a, b));
}

/** `sameIds` as steps: the ids of two parses are strings compared by content, tens of milliseconds on a 300,000-task board. */
export function* sameIdsSteps(a: readonly { readonly id: string }[], b: readonly { readonly id: string }[]): Generator<void, boolean, void> {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    if (a[i]!.id !== b[i]!.id) return false;
  }
  return true;
}

/**
 * Tasks that were claimed or in progress in `accepted` and are gone from
 * `current`: deleting a held task makes its claim vanish without a release
 * or a completion, which no status check would see. The problem sits at the
 * start of the file (the task has no place in it any more) and names the
 * line it had.
 */
export function removedClaims(accepted: readonly Task[], current: readonly Task[], lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Problem[] {
  const remaining = new Map<string, number>();
  for (const task of current) remaining.set(task.id, (remaining.get(task.id) ?? 0) + 1);
  const problems: Problem[] = [];
  for (const old of accepted) {
    const left = remaining.get(old.id) ?? 0;
    if (left > 0) {
      remaining.set(old.id, left - 1);
      continue;
    }
    if (!isHeld(lifecycle, old.status, old.kind)) continue;
    const holder = old.kind === 'board' ? old.assignedAgent?.trim() : old.agent;
    problems.push({
      code: 'claimed-task-removed',
      severity: 'error',
      message:
        `${old.id} ("${old.title}") was ${old.status}${holder ? ` by ${holder}` : ''} at line ${old.line + 1} and is gone; ` +
        'a held task is released or completed, not deleted.',
      span: { start: 0, end: 0 },
      taskId: old.id,
      fixes: [],
    });
  }
  return problems;
}

/**
 * The lifecycle a task follows. A checkbox item (board/markdownTasks.ts) follows the checklist's: its box and
 * headings cannot say who claimed it.
 */
export function lifecycleKindOf(task: Task): TaskKind {
  return task.kind === 'board' && task.shape === 'checkbox' ? 'checklist' : task.kind;
}

/**
 * How the views name a task's lifecycle (tree context values, board card kinds): a checkbox whose box is its
 * only status is `checkbox`, which has one move, done.
 */
export function viewKindOf(task: Task): TaskKind | 'checkbox' {
  return task.kind === 'board' && task.statusFrom === 'box' ? 'checkbox' : lifecycleKindOf(task);
}

function checkOne(old: Task | undefined, task: Task, text: FixContext): Problem[] {
  const lifecycle = text.lifecycle;
  const to = task.status;
  if (to === undefined || !isKnownStatus(lifecycle, to)) return [];
  // A checkbox item whose only status is its box: ticking it by hand is the move the file is made for
  // (docs/architecture.md, "Enforcement"). There is no claim to protect.
  if (task.kind === 'board' ? task.statusFrom === 'box' : task.statusFromBox) return [];
  const problems: Problem[] = [];
  // An item written under a done heading is a record of work done, the way these files are kept.
  if (old === undefined && task.kind === 'board' && task.shape === 'checkbox') return [];
  if (old === undefined) {
    const first = firstStatus(lifecycle, task.kind);
    if (to !== first) {
      problems.push(
        statusProblem(
          task,
          'new-task-not-todo',
          `${task.id} is new and starts in ${to}; new tasks start in ${first} (planners add them, executors claim them).`,
          { status: first },
          `Set status to ${first}`,
          text,
        ),
      );
    }
    return problems.concat(noAgentProblem(undefined, task, text));
  }
  const from = old.status;
  if (from === undefined || !isKnownStatus(lifecycle, from)) return noAgentProblem(old, task, text);
  if (!isLegalMove(lifecycle, from, to, lifecycleKindOf(task))) {
    const next = nextStatuses(lifecycle, from, lifecycleKindOf(task));
    const legal = next.length === 0 ? `${from} is final` : `from ${from} the next legal status is ${next.join(' or ')}`;
    // The agent an illegal move wrote goes back too: `todo` with someone's name left in it is half a revert.
    const agentEdits = agentRevertEdits(old, task, text.text);
    problems.push(
      statusProblem(
        task,
        'illegal-transition',
        `${task.id} moved ${from} → ${to}, which is not a legal step; ${legal}.`,
        { status: from, written: old.statusText },
        agentEdits.length > 0 ? `Revert status to ${from} and assigned_agent` : `Revert status to ${from}`,
        text,
        agentEdits,
      ),
    );
    return problems;
  }
  problems.push(...noAgentProblem(old, task, text));
  if (task.kind === 'board' && old.kind === 'board') {
    const was = old.assignedAgent?.trim() ?? '';
    const now = task.assignedAgent?.trim() ?? '';
    if (isHeld(lifecycle, from) && was !== '' && now !== '' && now !== was && (isHeld(lifecycle, to) || to === lastStatus(lifecycle))) {
      problems.push(
        agentProblem(
          task,
          'stolen-claim',
          `${task.id} is held by ${was} but assigned_agent changed to ${now} without a release; ${was} must release it first.`,
          was,
          `Give ${task.id} back to ${was}`,
          text,
        ),
      );
    }
  }
  return problems;
}

/** `claim-without-agent`, when this edit made a held task agentless. */
function noAgentProblem(old: Task | undefined, task: Task, text: FixContext): Problem[] {
  const lifecycle = text.lifecycle;
  if (task.kind !== 'board' || !isHeld(lifecycle, task.status) || (task.assignedAgent?.trim() ?? '') !== '') return [];
  // A checkbox item or a table without an Owner column has no place for an agent.
  if ((task.shape === 'checkbox' || task.shape === 'table-row') && !task.fieldSpans.has(task.agentKey ?? 'assigned_agent')) return [];
  const oldAgent = old?.kind === 'board' ? old.assignedAgent?.trim() ?? '' : '';
  const wasAlreadyAgentless = old !== undefined && isHeld(lifecycle, old.status) && oldAgent === '';
  if (wasAlreadyAgentless) return [];
  const message = `${task.id} is ${task.status} but has no assigned_agent; a held task names the agent holding it.`;
  if (oldAgent !== '' && isHeld(lifecycle, old?.status)) {
    return [agentProblem(task, 'claim-without-agent', message, oldAgent, `Restore assigned_agent ${oldAgent}`, text)];
  }
  const revertTo: Revert =
    old?.status !== undefined && isKnownStatus(lifecycle, old.status) ? { status: old.status, written: old.statusText } : { status: firstStatus(lifecycle) };
  return [statusProblem(task, 'claim-without-agent', message, revertTo, `Revert status to ${revertTo.status}`, text)];
}

/** The status to put back, and how it was written (a board keeps the author's spelling). */
interface Revert {
  readonly status: Status;
  readonly written?: string;
}

function statusProblem(
  task: Task,
  code: Problem['code'],
  message: string,
  revertTo: Revert,
  title: string,
  context: FixContext,
  alsoEdits: readonly TextEdit[] = [],
): Problem {
  const field = task.kind === 'board' ? task.fieldSpans.get('status') : undefined;
  const span: Span = field?.valueSpan ?? statusAnchor(task);
  let edits: TextEdit[] = [];
  if (task.kind === 'board' && (task.shape === 'checkbox' || task.shape === 'table-row')) edits = context.markdownRevert(task, revertTo);
  else if (field) edits = [setScalarEdit(context.text, field, revertTo.written ?? revertTo.status), ...alsoEdits].sort((a, b) => a.start - b.start);
  else if (task.kind === 'checklist') edits = context.checklistRevert(task, revertTo.status);
  const fixes: Fix[] = edits.length > 0 ? [{ title, edits, preferred: true }] : [];
  return { code, severity: 'error', message, span, taskId: task.id, fixes };
}

function agentProblem(
  task: BoardTask,
  code: Problem['code'],
  message: string,
  agent: string,
  title: string,
  context: FixContext,
): Problem {
  const text = context.text;
  const field = task.fieldSpans.get(task.agentKey ?? 'assigned_agent');
  const status = task.fieldSpans.get('status');
  const span = field?.valueSpan ?? status?.valueSpan ?? task.span;
  let edits: TextEdit[] = [];
  if (field) edits = text === undefined ? [setScalarEdit(text, field, agent)] : [agentValueEdit(text, field, agent)!];
  else if (status) edits = insertAgent(text, task, status, agent);
  return { code, severity: 'error', message, span, taskId: task.id, fixes: edits.length ? [{ title, edits, preferred: true }] : [] };
}

/**
 * Edits putting a board task's `assigned_agent` back to the accepted one: the
 * name restored, or the value emptied (key kept, as a release leaves it) when
 * the accepted task had none.
 */
function agentRevertEdits(old: Task, task: Task, text: string | undefined): TextEdit[] {
  if (task.kind !== 'board' || old.kind !== 'board') return [];
  const was = old.assignedAgent?.trim() ?? '';
  if (was === (task.assignedAgent?.trim() ?? '')) return [];
  const field = task.fieldSpans.get(task.agentKey ?? 'assigned_agent');
  if (field) {
    const edit = text === undefined ? (was === '' ? clearValueEdit(text, field) : setScalarEdit(text, field, was)) : agentValueEdit(text, field, was);
    return edit ? [edit] : [];
  }
  const status = task.fieldSpans.get('status');
  return status ? insertAgent(text, task, status, was) : [];
}

/** An `assigned_agent` field for a task that has none: before its status line, or inside a flow item's braces. */
function insertAgent(text: string | undefined, task: BoardTask, status: FieldSpan, agent: string): TextEdit[] {
  const flow = text === undefined ? false : flowFieldsEdit(text, task, [`assigned_agent: ${plainOrQuoted(agent)}`]);
  if (flow !== false) return flow ? [flow] : [];
  return [insertFieldBefore(text, status, 'assigned_agent', plainOrQuoted(agent))];
}

/** A new `key: value` line just above `anchor`'s line, with its indentation. */
function insertFieldBefore(text: string | undefined, anchor: FieldSpan, key: string, value: string): TextEdit {
  // Ended like the anchor's own line (a file's line endings may differ from line to line).
  const eol = text === undefined ? '\n' : breakAt(text, lineEndAt(text, anchor.keySpan.start), detectEol(text));
  // The field column as spaces: on the item's first line the prefix is `- `, and copying it would split the item.
  const indent = text !== undefined ? indentOf(text, anchor) : '  ';
  return { start: anchor.keySpan.start, end: anchor.keySpan.start, newText: `${key}: ${value}${eol}${indent}` };
}

/** Where to point for a checklist task: its checkbox. */
function statusAnchor(task: Task): Span {
  return task.kind === 'checklist' ? task.checkboxSpan : task.span;
}
