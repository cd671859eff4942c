// The accepted state of a task file (docs/architecture.md, "Enforcement"): for each task, the
// status and agent it had when the file was last saved and legal. Enforcement
// compares every new text with it. The lifecycle looks at those two fields
// only (with the id, the kind, the status as written, and the title to follow
// a renumbered task): workspace storage keeps just these, so the state
// survives a restart. In memory, a text taken whole as accepted is its parse's
// own tasks, which carry those fields: taking it copies nothing. A snapshot
// may mix such tasks with entries of their own (a violating task keeps its
// accepted entry, a move made in the editor writes one, storage gives back
// entries).
import { agentNamed } from './board/agentValue';
import { parseBoard } from './board/parseBoard';
import { checkPairedSteps, sameIdsSteps } from './lifecycle';
import { DEFAULT_LIFECYCLE, isHeld, isLegalMove, pathOf, type Lifecycle } from './lifecycleModel';
import type { BoardTask, ChecklistTask, HistoryEntry, Problem, ProblemCode, Status, Task, TextEdit } from './model';
import { runToEnd, TASKS_PER_STEP } from './steps';
import { escapeRegExp } from './text';
import { TakenEdits } from './takenEdits';

export interface AcceptedTask {
  readonly id: string;
  readonly kind: Task['kind'];
  readonly status?: Status;
  /** The status as written, so a revert puts back the author's spelling. */
  readonly statusText?: string;
  readonly assignedAgent?: string;
  /**
   * The title, so a task whose id changed (fix-all renumbering a duplicate or
   * missing id) is still the same task and keeps its accepted status. As
   * written; titles are compared trimmed (`titleKey`). Optional: snapshots
   * stored by older versions have none.
   */
  readonly title?: string;
}

/**
 * Tasks in file order; duplicates of an id are matched by their order, as `checkTransitions` does.
 * An entry may be a parse's Task itself (snapshotOf): read only the fields above.
 */
export interface AcceptedSnapshot {
  readonly tasks: readonly AcceptedTask[];
}

/** The codes `checkTransitions` reports: the ones enforcement reverts. */
export const LIFECYCLE_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'illegal-transition',
  'new-task-not-todo',
  'stolen-claim',
  'claim-without-agent',
]);

/**
 * Codes whose fixes are lifecycle decisions (put a status or agent back,
 * release a claim), not repairs of the text: fix-all leaves them to the
 * individual quick fixes and to enforcement.
 */
export const DECISION_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([...LIFECYCLE_CODES, 'stale-claim']);

/**
 * The snapshot of a text's tasks: the tasks themselves (a parse's tasks never
 * change). Made in no time and of nothing new: an entry per task, made after
 * a 50 MB board's load, was what the extension host's collector spent its
 * longest pauses copying (344,000 young objects).
 */
export function snapshotOf(tasks: readonly Task[]): AcceptedSnapshot {
  return { tasks };
}

/**
 * The snapshot with an entry of its own per task, keeping what storage keeps:
 * for a file the store no longer holds, whose tasks nothing else holds.
 */
export function entriesOf(snapshot: AcceptedSnapshot): AcceptedSnapshot {
  return runToEnd(entriesSteps(snapshot));
}

/** `entriesOf` as steps, for a caller that spreads a 300,000-task board over several turns. */
export function* entriesSteps(snapshot: AcceptedSnapshot): Generator<void, AcceptedSnapshot, void> {
  const tasks = snapshot.tasks;
  const out = new Array<AcceptedTask>(tasks.length);
  for (let i = 0; i < tasks.length; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    out[i] = entryOf(tasks[i]!);
  }
  return { tasks: out };
}

/** `task` as storage keeps it: the six fields, the title trimmed, no empty field, each string a copy of its own. */
export function entryOf(task: AcceptedTask): AcceptedTask {
  const { id, kind, status, statusText, assignedAgent } = task;
  const title = titleKey(task);
  const out: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { id: ownCopy(id), kind };
  if (status !== undefined) out.status = ownCopy(status);
  if (statusText !== undefined) out.statusText = ownCopy(statusText);
  if (assignedAgent !== undefined) out.assignedAgent = ownCopy(assignedAgent);
  if (title !== undefined) out.title = ownCopy(title);
  return out;
}

/**
 * `s` in a string that keeps no other characters alive. A string of 13
 * characters or more read from a large board's sliced task
 * (core/parsedTransfer.ts) is, in V8, a view into the characters of a whole
 * run of slices: an entry kept after the file's parse is gone would keep them
 * all. The copy is made fresh (in V8, a view of a string one character longer).
 */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/** An entry's title as entries are matched by it: trimmed, and undefined when there is none. */
export function titleKey(entry: AcceptedTask): string | undefined {
  const title = entry.title?.trim();
  return title === '' ? undefined : title;
}

/** Whether a value read back from storage is a snapshot (storage outlives code versions). */
export function isSnapshot(value: unknown): value is AcceptedSnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const tasks = (value as { tasks?: unknown }).tasks;
  return (
    Array.isArray(tasks) &&
    tasks.every(
      (t: unknown) =>
        typeof t === 'object' &&
        t !== null &&
        typeof (t as AcceptedTask).id === 'string' &&
        ((t as AcceptedTask).kind === 'board' || (t as AcceptedTask).kind === 'checklist'),
    )
  );
}

/**
 * A snapshot as workspace storage keeps it: its field arrays (`FieldArrays`)
 * as one JSON string. VS Code serialises a stored value on the extension
 * host's thread with JSON.stringify and a replacer function, which it calls
 * for every value: for a 10,000-task board's arrays of strings that held the
 * host 80 ms on each write. One string is one call; JSON.parse and
 * JSON.stringify of the arrays themselves run as native code.
 */
export interface PackedSnapshot {
  readonly format: 3;
  /** JSON of the snapshot's `FieldArrays`. */
  readonly fields: string;
}

/** One array per field instead of an object per task (stored as such, `format: 2`, before `PackedSnapshot`). */
interface FieldArrays {
  readonly format: 2;
  readonly ids: readonly string[];
  /** One character per task: `b` board, `c` checklist. */
  readonly kinds: string;
  readonly statuses: readonly (Status | null)[];
  /** `0`: written as the status itself; null: none. */
  readonly statusTexts: readonly (string | 0 | null)[];
  readonly agents: readonly (string | null)[];
  readonly titles: readonly (string | null)[];
}

export function packSnapshot(snapshot: AcceptedSnapshot): PackedSnapshot {
  return runToEnd(packSteps(snapshot));
}

/** `packSnapshot` as steps, for a caller that spreads a large board over several turns. */
export function* packSteps(snapshot: AcceptedSnapshot): Generator<void, PackedSnapshot, void> {
  const tasks = snapshot.tasks;
  const n = tasks.length;
  const ids = new Array<string>(n);
  const kinds = new Array<string>(n);
  const statuses = new Array<Status | null>(n);
  const statusTexts = new Array<string | 0 | null>(n);
  const agents = new Array<string | null>(n);
  const titles = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % TASKS_PER_STEP === 0) yield;
    const t = tasks[i]!;
    ids[i] = t.id;
    kinds[i] = t.kind === 'checklist' ? 'c' : 'b';
    statuses[i] = t.status ?? null;
    statusTexts[i] = t.statusText === undefined ? null : t.statusText === t.status ? 0 : t.statusText;
    agents[i] = t.assignedAgent ?? null;
    titles[i] = titleKey(t) ?? null;
  }
  yield;
  const fields: FieldArrays = { format: 2, ids, kinds: kinds.join(''), statuses, statusTexts, agents, titles };
  return { format: 3, fields: JSON.stringify(fields) };
}

/**
 * The snapshot a stored value holds: packed (this version), field arrays or
 * one object per task (older versions); undefined for anything else (storage
 * outlives code versions).
 */
export function unpackSnapshot(stored: unknown): AcceptedSnapshot | undefined {
  // Agents as a parse reads them now: versions before this one kept `@bob` as written, where a task now says `bob`.
  if (isSnapshot(stored)) {
    if (stored.tasks.every((t) => t.assignedAgent === undefined || agentNamed(t.assignedAgent) === t.assignedAgent)) return stored;
    return { tasks: stored.tasks.map((t) => (t.assignedAgent === undefined ? t : withAgent(t, agentNamed(t.assignedAgent)))) };
  }
  const value = fieldArraysOf(stored);
  if (!value) return undefined;
  const tasks: AcceptedTask[] = value.ids.map((id, i) => {
    const out: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { id, kind: value.kinds[i] === 'c' ? 'checklist' : 'board' };
    const status = value.statuses[i];
    const statusText = value.statusTexts[i];
    const agent = value.agents[i];
    const title = value.titles[i];
    if (typeof status === 'string') out.status = status;
    if (statusText === 0) {
      if (typeof status === 'string') out.statusText = status;
    } else if (typeof statusText === 'string') out.statusText = statusText;
    const named = typeof agent === 'string' ? agentNamed(agent) : undefined;
    if (named !== undefined) out.assignedAgent = named;
    if (typeof title === 'string') out.title = title;
    return out;
  });
  return { tasks };
}

/** `task` with `agent` for its agent (none when undefined). */
function withAgent(task: AcceptedTask, agent: string | undefined): AcceptedTask {
  const out: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { ...task };
  if (agent === undefined) delete out.assignedAgent;
  else out.assignedAgent = agent;
  return out;
}

function fieldArraysOf(stored: unknown): FieldArrays | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  const { format, fields } = stored as Partial<PackedSnapshot>;
  if (format !== 3) return isFieldArrays(stored) ? stored : undefined;
  if (typeof fields !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(fields);
    return isFieldArrays(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isFieldArrays(value: unknown): value is FieldArrays {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<FieldArrays>;
  if (v.format !== 2 || !Array.isArray(v.ids) || typeof v.kinds !== 'string') return false;
  const n = v.ids.length;
  return (
    v.kinds.length === n &&
    [v.statuses, v.statusTexts, v.agents, v.titles].every((a) => Array.isArray(a) && a.length === n) &&
    v.ids.every((id) => typeof id === 'string')
  );
}

/**
 * Lifecycle violations of `current` (parsed from `text`) against the snapshot.
 * Spans and fixes point into `text`; each fix puts a field back to its accepted value.
 */
export function violationsAgainst(snapshot: AcceptedSnapshot, current: readonly Task[], text: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Problem[] {
  return runToEnd(violationSteps(snapshot, current, text, lifecycle));
}

/** `violationsAgainst` as steps, for a caller that spreads a 300,000-task board over several turns. */
export function* violationSteps(snapshot: AcceptedSnapshot, current: readonly Task[], text: string, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): Generator<void, Problem[], void> {
  const matched = yield* matchAcceptedSteps(snapshot, current);
  const history = lazyHistory(text);
  // Only the tasks a rule could fault are judged, each with its accepted entry: no rule faults a task whose
  // status and agent are as accepted. On a 300,000-task board where one task moved, that is one task,
  // not an accepted copy of every task made and dropped (what held the extension host longest was the GC of those).
  const before: (Task | undefined)[] = [];
  const now: Task[] = [];
  for (let i = 0; i < current.length; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    const old = matched[i];
    const task = current[i]!;
    if (old && old.kind === task.kind && old.status === task.status && old.assignedAgent === task.assignedAgent) continue;
    before.push(old && asTask(recordedSteps(old, task, history, lifecycle)));
    now.push(task);
  }
  return yield* checkPairedSteps(before, now, { text, lifecycle });
}

/**
 * The accepted entry of each current task (same index), or undefined for a
 * new task. Matched by id and by order among tasks sharing an id, as
 * `checkTransitions` does; a task whose id is not (or no longer) accepted is
 * matched by title with an accepted entry no current task took, re-keyed to
 * its new id: a renumbered task is not new.
 */
export function matchAccepted(snapshot: AcceptedSnapshot, current: readonly Task[]): readonly (AcceptedTask | undefined)[] {
  return runToEnd(matchAcceptedSteps(snapshot, current));
}

/** `matchAccepted` as steps, for a caller that spreads a 300,000-task board over several turns. */
function* matchAcceptedSteps(snapshot: AcceptedSnapshot, current: readonly Task[]): Generator<void, readonly (AcceptedTask | undefined)[], void> {
  // The same ids in the same order (the usual write): each task's entry is the one at its index, in the snapshot's
  // own list (a copy of a 50 MB board's held the host for 18 ms, in one step).
  if (yield* sameIdsSteps(snapshot.tasks, current)) return snapshot.tasks;
  const before = byIdInOrder(snapshot.tasks);
  const seen = new Map<string, number>();
  const taken = new Set<AcceptedTask>();
  const out = new Array<AcceptedTask | undefined>(current.length);
  for (let i = 0; i < current.length; i++) {
    if (i % TASKS_PER_STEP === TASKS_PER_STEP - 1) yield;
    const task = current[i]!;
    const nth = seen.get(task.id) ?? 0;
    seen.set(task.id, nth + 1);
    const old = before.get(task.id)?.[nth];
    if (old) taken.add(old);
    out[i] = old;
  }
  // checkTransitions matches by id and order: a title match may only follow the
  // id's accepted entries, never sit after a task of that id that stays new.
  const gaveUp = new Set<string>();
  let byTitle: Map<string, AcceptedTask[]> | undefined;
  current.forEach((task, i) => {
    if (out[i] || gaveUp.has(task.id)) return;
    const title = task.title.trim();
    // Indexed by title on first need: a scan of the snapshot per unmatched task is O(n²) on a renumbered board.
    byTitle ??= byTitleInOrder(snapshot.tasks);
    const old = title === '' ? undefined : byTitle.get(title)?.find((t) => !taken.has(t) && t.kind === task.kind);
    if (!old) {
      gaveUp.add(task.id);
      return;
    }
    taken.add(old);
    out[i] = { ...entryOf(old), id: task.id };
  });
  return out;
}

/** The stamp field a step to each of the default statuses writes, and its Session History verb. */
const STEP_RECORD: Readonly<Record<string, { readonly stamp: string; readonly verb: string }>> = {
  claimed: { stamp: 'claimed_at', verb: 'claimed' },
  in_progress: { stamp: 'started_at', verb: 'started' },
  done: { stamp: 'completed_at', verb: 'completed' },
};

/**
 * Several legal steps seen at once (an agent claimed, started and finished
 * while VS Code was closed, or two writes coalesced into one watcher event)
 * are legal when the text records every step after the accepted status: a
 * `claimed_at`/`started_at`/`completed_at` stamp or a Session History line
 * `claimed/started/completed <id>` (`moved <id> to <status>` for a status of
 * the repository's own; the CLI and the MCP server write both).
 * Then the accepted side is taken to be one step before the current status,
 * so `checkTransitions` judges only the last step (and still sees a stolen
 * claim: a held task keeps its accepted agent).
 */
function recordedSteps(old: AcceptedTask, task: Task, history: () => readonly HistoryEntry[], lifecycle: Lifecycle): AcceptedTask {
  const from = old.status;
  const to = task.status;
  if (task.kind !== 'board' || old.kind !== 'board' || from === undefined || to === undefined || isLegalMove(lifecycle, from, to, 'board')) return old;
  // A forward chain along the main path from `from` to `to`.
  const path = pathOf(lifecycle, 'board');
  const a = path.indexOf(from);
  const b = path.indexOf(to);
  if (a < 0 || b < a + 2) return old;
  const steps = path.slice(a + 1, b + 1);
  // A held task must name its agent; an agentless one is judged as written.
  if (isHeld(lifecycle, to) && (task.assignedAgent?.trim() ?? '') === '') return old;
  const recorded = (status: Status): boolean => {
    const step = STEP_RECORD[status];
    const stamp = step && task.fields[step.stamp];
    if ((typeof stamp === 'string' && stamp.trim() !== '') || stamp instanceof Date) return true;
    const id = escapeRegExp(task.id);
    const pattern = step
      ? new RegExp(`(^|\\s)${step.verb}\\s+${id}($|[^A-Za-z0-9_-])`)
      : new RegExp(`(^|\\s)moved\\s+${id}\\s+to\\s+${escapeRegExp(status)}($|[^A-Za-z0-9_-])`);
    return history().some((entry) => pattern.test(entry.text));
  };
  if (!steps.every(recorded)) return old;
  const previous = path[b - 1]!;
  const agent = isHeld(lifecycle, from) ? old.assignedAgent : task.assignedAgent;
  const stepBefore: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { id: old.id, kind: old.kind, status: previous };
  if (agent !== undefined) stepBefore.assignedAgent = agent;
  return stepBefore;
}

/** The Session History of a board text, parsed once and only when a multi-step change needs it. */
function lazyHistory(text: string): () => readonly HistoryEntry[] {
  let history: readonly HistoryEntry[] | undefined;
  return () => {
    if (history === undefined) {
      try {
        history = parseBoard({ file: '', text }).history;
      } catch {
        history = [];
      }
    }
    return history;
  };
}


/**
 * The edits that put every violating field back: the preferred fix of each
 * violation, skipping duplicates and any edit that would overlap one already
 * taken (two problems on one field, e.g. a new task that is both not todo and
 * agentless, revert the same characters), and any fix whose own edits overlap.
 */
export function revertEdits(violations: readonly Problem[]): TextEdit[] {
  const taken = new TakenEdits();
  for (const problem of violations) {
    const fix = problem.fixes.find((f) => f.preferred) ?? problem.fixes[0];
    if (!fix) continue;
    taken.take(fix.edits);
  }
  return taken.inOrder();
}

/**
 * The snapshot after `current` was saved: tasks without a violation are
 * accepted as they are now; a violating task keeps its accepted entry (or
 * stays unaccepted when it is new), so the violation keeps showing until it
 * is fixed or explicitly accepted.
 */
export function acceptLegal(snapshot: AcceptedSnapshot, current: readonly Task[], violations: readonly Problem[]): AcceptedSnapshot {
  const violating = new Set(violations.map((p) => p.taskId).filter((id): id is string => id !== undefined));
  const matched = matchAccepted(snapshot, current);
  const tasks: AcceptedTask[] = [];
  current.forEach((task, i) => {
    if (!violating.has(task.id)) {
      tasks.push(task);
      return;
    }
    const old = matched[i];
    if (old) tasks.push(old);
  });
  return { tasks };
}

export interface ViolationSummary {
  readonly taskId: string;
  readonly code: ProblemCode;
  /** A short account of the refused move: `todo → done`, `assigned_agent alice → bob`. */
  readonly move: string;
  readonly message: string;
}

/** One line per violation, naming the task and the move, for messages and notifications. */
export function summarizeViolations(
  snapshot: AcceptedSnapshot,
  current: readonly Task[],
  violations: readonly Problem[],
): ViolationSummary[] {
  const matched = matchAccepted(snapshot, current);
  return violations.map((p) => {
    const id = p.taskId ?? '(unknown task)';
    const at = current.findIndex((t) => t.id === id);
    const old = at >= 0 ? matched[at] : undefined;
    const now = at >= 0 ? current[at] : undefined;
    return { taskId: id, code: p.code, move: describeMove(p.code, old, now), message: p.message };
  });
}

function describeMove(code: ProblemCode, old: AcceptedTask | undefined, now: Task | undefined): string {
  const from = old?.status ?? 'new';
  const to = now?.statusText ?? now?.status ?? '?';
  switch (code) {
    case 'stolen-claim':
      return `assigned_agent ${old?.assignedAgent ?? '?'} → ${now?.assignedAgent ?? '?'}`;
    case 'claim-without-agent':
      return `${from} → ${to} without assigned_agent`;
    case 'new-task-not-todo':
      return `new task in ${to}`;
    default:
      return `${from} → ${to}`;
  }
}

function byTitleInOrder(tasks: readonly AcceptedTask[]): Map<string, AcceptedTask[]> {
  const map = new Map<string, AcceptedTask[]>();
  for (const t of tasks) {
    const title = titleKey(t);
    if (title === undefined) continue;
    const list = map.get(title);
    if (list) list.push(t);
    else map.set(title, [t]);
  }
  return map;
}

function byIdInOrder(tasks: readonly AcceptedTask[]): Map<string, AcceptedTask[]> {
  const map = new Map<string, AcceptedTask[]>();
  for (const t of tasks) {
    const list = map.get(t.id);
    if (list) list.push(t);
    else map.set(t.id, [t]);
  }
  return map;
}

const NO_SPAN = { start: 0, end: 0 } as const;
/** Shared by every task shaped from a snapshot: nothing reads or writes them (one Map per task was a cost on big boards). */
const NO_FIELD_SPANS: ReadonlyMap<string, never> = new Map<string, never>();
const NO_LINES: readonly never[] = [];
const NO_FIELDS: Readonly<Record<string, never>> = Object.freeze({});

/**
 * A Task shaped from a snapshot entry, for `checkTransitions`, which reads
 * only id, kind, status, statusText and assignedAgent of the accepted side.
 */
function asTask(entry: AcceptedTask): Task {
  // Whole literals, not a spread of shared fields: judging a 300,000-task board builds one per task, and a
  // spread made this the slowest part of the judgement.
  const { id, status, statusText, assignedAgent } = entry;
  if (entry.kind === 'checklist') {
    const task: ChecklistTask = {
      file: '',
      id,
      title: '',
      status,
      statusText,
      assignedAgent,
      span: NO_SPAN,
      line: 0,
      kind: 'checklist',
      agent: assignedAgent ?? '',
      checked: status === 'done',
      checkboxSpan: NO_SPAN,
      notes: NO_LINES,
      subtasks: NO_LINES,
      depth: 0,
    };
    return task;
  }
  const task: BoardTask = {
    file: '',
    id,
    title: '',
    status,
    statusText,
    assignedAgent,
    span: NO_SPAN,
    line: 0,
    kind: 'board',
    shape: 'id-key',
    fields: NO_FIELDS,
    fieldSpans: NO_FIELD_SPANS,
    idSpan: NO_SPAN,
    titleSpan: NO_SPAN,
  };
  return task;
}

