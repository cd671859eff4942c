// The accepted state of a task file (DESIGN section 2): for each task, the
// status and agent it had when the file was last saved and legal. Enforcement
// compares every new text with it. Only these two fields per task are kept,
// not the text: they are all the lifecycle looks at, and they are small enough
// to live in workspace storage so the state survives a restart.
import { checkTransitions } from './lifecycle';
import type { BoardTask, ChecklistTask, Problem, ProblemCode, Status, Task, TextEdit } from './model';

export interface AcceptedTask {
  readonly id: string;
  readonly kind: Task['kind'];
  readonly status?: Status;
  /** The status as written, so a revert puts back the author's spelling. */
  readonly statusText?: string;
  readonly assignedAgent?: string;
}

/** Tasks in file order; duplicates of an id are matched by their order, as `checkTransitions` does. */
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

export function snapshotOf(tasks: readonly Task[]): AcceptedSnapshot {
  return { tasks: tasks.map(acceptedTaskOf) };
}

function acceptedTaskOf(task: Task): AcceptedTask {
  const out: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { id: task.id, kind: task.kind };
  if (task.status !== undefined) out.status = task.status;
  if (task.statusText !== undefined) out.statusText = task.statusText;
  if (task.assignedAgent !== undefined) out.assignedAgent = task.assignedAgent;
  return out;
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
 * Lifecycle violations of `current` (parsed from `text`) against the snapshot.
 * Spans and fixes point into `text`; each fix puts a field back to its accepted value.
 */
export function violationsAgainst(snapshot: AcceptedSnapshot, current: readonly Task[], text: string): Problem[] {
  return checkTransitions(snapshot.tasks.map(asTask), current, { text });
}

/**
 * The edits that put every violating field back: the preferred fix of each
 * violation, skipping duplicates and any edit that would overlap one already
 * taken (two problems on one field, e.g. a new task that is both not todo and
 * agentless, revert the same characters).
 */
export function revertEdits(violations: readonly Problem[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const problem of violations) {
    const fix = problem.fixes.find((f) => f.preferred) ?? problem.fixes[0];
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e) => taken.some((t) => editsOverlap(t, e)))) continue;
    taken.push(...fresh);
  }
  return taken.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The snapshot after `current` was saved: tasks without a violation are
 * accepted as they are now; a violating task keeps its accepted entry (or
 * stays unaccepted when it is new), so the violation keeps showing until it
 * is fixed or explicitly accepted.
 */
export function acceptLegal(snapshot: AcceptedSnapshot, current: readonly Task[], violations: readonly Problem[]): AcceptedSnapshot {
  const violating = new Set(violations.map((p) => p.taskId).filter((id): id is string => id !== undefined));
  const before = byIdInOrder(snapshot.tasks);
  const seen = new Map<string, number>();
  const tasks: AcceptedTask[] = [];
  for (const task of current) {
    const nth = seen.get(task.id) ?? 0;
    seen.set(task.id, nth + 1);
    if (!violating.has(task.id)) {
      tasks.push(acceptedTaskOf(task));
      continue;
    }
    const old = before.get(task.id)?.[nth];
    if (old) tasks.push(old);
  }
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
  const before = byIdInOrder(snapshot.tasks);
  return violations.map((p) => {
    const id = p.taskId ?? '(unknown task)';
    const old = before.get(id)?.[0];
    const now = current.find((t) => t.id === id);
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

/**
 * A Task shaped from a snapshot entry, for `checkTransitions`, which reads
 * only id, kind, status, statusText and assignedAgent of the accepted side.
 */
function asTask(entry: AcceptedTask): Task {
  const base = {
    file: '',
    id: entry.id,
    title: '',
    status: entry.status,
    statusText: entry.statusText,
    assignedAgent: entry.assignedAgent,
    span: NO_SPAN,
    line: 0,
  };
  if (entry.kind === 'checklist') {
    const task: ChecklistTask = {
      ...base,
      kind: 'checklist',
      agent: entry.assignedAgent ?? '',
      checked: entry.status === 'done',
      checkboxSpan: NO_SPAN,
      notes: [],
      subtasks: [],
      depth: 0,
    };
    return task;
  }
  const task: BoardTask = {
    ...base,
    kind: 'board',
    shape: 'id-key',
    fields: {},
    fieldSpans: new Map(),
    idSpan: NO_SPAN,
    titleSpan: NO_SPAN,
  };
  return task;
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Two edits overlap when their ranges share a character, or both insert at one point. */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
