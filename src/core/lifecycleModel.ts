// Which statuses a repository's tasks move through, and which steps between
// them are legal (docs/architecture.md, "Lifecycle"). With no settings file
// the lifecycle is todo → claimed → in_progress → done; `.agent-task-board.yml`
// may give another main path, side statuses and aliases:
//
//   lifecycle: [todo, claimed, in_progress, review, done]
//   side_statuses:
//     blocked: [claimed, in_progress]   # entered from these; left back to one of them
//     cancelled: any                    # entered from any unfinished status; final
//   status_aliases:
//     pending: todo
//
// Decisions:
// - The named moves keep their meaning on any path: claim is the first step
//   (main[0] → main[1]), start the step after it, done the last step, release
//   goes back to main[0] from a held status. So `done` is refused from
//   in_progress where review comes first; `move --to` names any status. Where
//   main[1] is a working status (`doing`), the claim is the start; no claim or
//   start reaches the last status.
// - Taking hold of a task (into a held status from one nobody holds) has the
//   claim's conditions whichever way it goes (`takesHold`).
// - A task is held (it names its agent) in the statuses between the claim and
//   the last, and in a side status entered only from held ones (a blocked task
//   is still its agent's). Stale claims look at the main ones only: a blocked
//   task is waiting on purpose.
// - A side status given as `any` is final, like cancelled: it is entered from
//   every unfinished status and never left. A list is left back to any of its
//   statuses (the file does not say which one the task came from). The map form
//   `{ from: [...] | any, final: true|false }` says it explicitly.
// - Checklists (`.claude/tasks/<agent>-tasks.md`) belong to one agent, so the
//   path skips the status named `claimed` there: todo → in_progress → done.
// - A written word is read, in order, as: a status of the lifecycle, one of
//   its aliases, a common spelling of a status it has (`In Progress`,
//   `completed`, `not-started`), else it is not a status of this repository
//   (kept as written; lint says so).
import type { Status } from './model';

export interface SideStatus {
  readonly name: Status;
  /** The statuses it is entered from (and, unless final, left back to). */
  readonly from: readonly Status[];
  readonly final: boolean;
}

export interface Lifecycle {
  /** The main path, in order; at least two statuses. */
  readonly main: readonly Status[];
  readonly side: readonly SideStatus[];
  /** Written word (normalised, see `statusKey`) → status. */
  readonly aliases: ReadonlyMap<string, Status>;
}

export type TaskKind = 'board' | 'checklist';

export const DEFAULT_LIFECYCLE: Lifecycle = makeLifecycle(['todo', 'claimed', 'in_progress', 'done'], [], new Map());

/** A lifecycle from its parts; `side` statuses given as `any` get every unfinished main status. */
export function makeLifecycle(
  main: readonly Status[],
  side: readonly { readonly name: Status; readonly from: readonly Status[] | 'any'; readonly final?: boolean }[],
  aliases: ReadonlyMap<string, Status>,
): Lifecycle {
  const unfinished = main.slice(0, -1);
  return {
    main,
    side: side.map((s) => ({
      name: s.name,
      from: s.from === 'any' ? [...unfinished, ...side.filter((o) => o.name !== s.name && o.from !== 'any' && !o.final).map((o) => o.name)] : s.from,
      final: s.final ?? s.from === 'any',
    })),
    aliases,
  };
}

/**
 * `In Progress` → `in_progress`: case, spaces and dashes do not matter in a written status, nor whether an accent
 * was typed as its own mark (`re\u0301vision` is `révision`).
 */
export function statusKey(written: string): string {
  const key = written.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return /[^\x00-\x7f]/.test(key) ? key.normalize('NFC') : key;
}

/** A status word as a title: `in_review` → `In Review`, `révision` → `Révision`, for a heading or a label the lifecycle has no name for. */
export function statusTitleCase(status: Status): string {
  return status.replace(/_/g, ' ').replace(/(^|\s)(\p{Ll})/gu, (_, blank: string, c: string) => blank + c.toUpperCase());
}

/** Spellings agents write for the usual statuses; each applies only when the lifecycle has its status. */
const COMMON_SPELLINGS: Readonly<Record<string, Status>> = {
  pending: 'todo',
  open: 'todo',
  not_started: 'todo',
  notstarted: 'todo',
  backlog: 'todo',
  to_do: 'todo',
  wip: 'in_progress',
  doing: 'in_progress',
  started: 'in_progress',
  inprogress: 'in_progress',
  completed: 'done',
  complete: 'done',
  finished: 'done',
  in_review: 'review',
  reviewing: 'review',
  needs_review: 'review',
  canceled: 'cancelled',
  on_hold: 'blocked',
};

/** Every status of the lifecycle: the main path, then the side statuses. */
export function allStatuses(lifecycle: Lifecycle): Status[] {
  return [...lifecycle.main, ...lifecycle.side.map((s) => s.name)];
}

export function isKnownStatus(lifecycle: Lifecycle, status: string | undefined): status is Status {
  return status !== undefined && (lifecycle.main.includes(status) || lifecycle.side.some((s) => s.name === status));
}

/** The status a written word means under `lifecycle`, or undefined when it is not one of its statuses. */
export function readStatusWord(lifecycle: Lifecycle, written: string): Status | undefined {
  if (lifecycle === DEFAULT_LIFECYCLE) {
    // The common case first, without allocating.
    switch (written) {
      case 'todo':
      case 'claimed':
      case 'in_progress':
      case 'done':
        return written;
    }
  }
  const key = statusKey(written);
  if (isKnownStatus(lifecycle, key)) return key;
  const alias = lifecycle.aliases.get(key);
  if (alias !== undefined) return alias;
  const common = commonSpelling(key);
  return common !== undefined && isKnownStatus(lifecycle, common) ? common : undefined;
}

/** The usual status a spelling stands for (`doing` → `in_progress`), for a key made by `statusKey`. */
function commonSpelling(key: string): Status | undefined {
  return Object.prototype.hasOwnProperty.call(COMMON_SPELLINGS, key) ? COMMON_SPELLINGS[key] : undefined;
}

/**
 * The main path a task of `kind` follows. Checklists skip the claim, whatever the repository calls it (`claimed`,
 * `assigned`): the file belongs to one agent, so its item goes from the first status straight to the work. The claim
 * is the second status of a path of four or more whose claim does not start the work (`claimStarts`).
 */
export function pathOf(lifecycle: Lifecycle, kind: TaskKind): readonly Status[] {
  if (kind !== 'checklist' || lifecycle.main.length <= 2) return lifecycle.main;
  const claim = lifecycle.main.length > 3 && !claimStarts(lifecycle) ? lifecycle.main[1] : undefined;
  return lifecycle.main.filter((s) => s !== 'claimed' && s !== claim);
}

export function firstStatus(lifecycle: Lifecycle, kind: TaskKind = 'board'): Status {
  return pathOf(lifecycle, kind)[0]!;
}

export function lastStatus(lifecycle: Lifecycle): Status {
  return lifecycle.main[lifecycle.main.length - 1]!;
}

/** What a dropped (struck-out) item is read as: the lifecycle's first final side status (cancelled), if it has one. */
export function droppedStatus(lifecycle: Lifecycle): Status | undefined {
  return lifecycle.side.find((side) => side.final)?.name;
}

/** Whether a task in `status` is finished: the last main status or a final side status. */
export function isFinished(lifecycle: Lifecycle, status: Status | undefined): boolean {
  return status !== undefined && (status === lastStatus(lifecycle) || lifecycle.side.some((s) => s.final && s.name === status));
}

/** What isHeld and isInFlight ask of a lifecycle for one kind of task, worked out once. */
interface HeldStatuses {
  /** Main statuses in which an agent holds the task: after the first, before the last. */
  readonly main: ReadonlySet<Status>;
  /** Those, and the side statuses entered only from them (see the decisions above). */
  readonly all: ReadonlySet<Status>;
}

/**
 * Lifecycles are never changed once made, so their held statuses are kept per
 * lifecycle: lint and the stale check ask for every task, and a board of
 * 50,000 tasks would otherwise make two arrays and a closure per task.
 */
const heldByLifecycle = new WeakMap<Lifecycle, { board?: HeldStatuses; checklist?: HeldStatuses }>();

function heldStatuses(lifecycle: Lifecycle, kind: TaskKind): HeldStatuses {
  let kinds = heldByLifecycle.get(lifecycle);
  if (!kinds) heldByLifecycle.set(lifecycle, (kinds = {}));
  const known = kinds[kind];
  if (known) return known;
  const main = new Set(pathOf(lifecycle, kind).slice(1, -1));
  const all = new Set(main);
  for (const side of lifecycle.side) {
    if (!side.final && side.from.length > 0 && side.from.every((f) => main.has(f))) all.add(side.name);
  }
  return (kinds[kind] = { main, all });
}

/** Whether a task in `status` is held by an agent (see the decisions above). */
export function isHeld(lifecycle: Lifecycle, status: Status | undefined, kind: TaskKind = 'board'): boolean {
  return status !== undefined && heldStatuses(lifecycle, kind).all.has(status);
}

/** Whether `status` is one of the main path's held statuses: what a stale claim is about. */
export function isInFlight(lifecycle: Lifecycle, status: Status | undefined, kind: TaskKind = 'board'): boolean {
  return status !== undefined && heldStatuses(lifecycle, kind).main.has(status);
}

/** The statuses a task may legally move to from `status`: the next step first, then side statuses, then release. */
export function nextStatuses(lifecycle: Lifecycle, status: Status, kind: TaskKind = 'board'): Status[] {
  const path = pathOf(lifecycle, kind);
  const out = new Set<Status>();
  const at = path.indexOf(status);
  if (at >= 0 && at < path.length - 1) out.add(path[at + 1]!);
  const side = lifecycle.side.find((s) => s.name === status);
  if (side && !side.final) for (const f of side.from) if (path.includes(f) || lifecycle.side.some((o) => o.name === f)) out.add(f);
  for (const s of lifecycle.side) if (s.name !== status && s.from.includes(status)) out.add(s.name);
  // Release: back to the first status from a held one.
  if (isHeld(lifecycle, status, kind)) out.add(path[0]!);
  out.delete(status);
  return [...out];
}

/** Whether `from → to` is one legal step. Staying put is not a move and is always allowed. */
export function isLegalMove(lifecycle: Lifecycle, from: Status, to: Status, kind: TaskKind = 'board'): boolean {
  return from === to || nextStatuses(lifecycle, from, kind).includes(to);
}

/**
 * How far along a status is: its index on the main path; a side status ranks
 * after the statuses it is entered from, a final one after everything. A merge
 * that finds one task moved on two branches keeps the copy further along.
 */
export function lifecycleRank(lifecycle: Lifecycle, status: Status): number {
  const at = lifecycle.main.indexOf(status);
  if (at >= 0) return at;
  const side = lifecycle.side.find((s) => s.name === status);
  if (!side) return -1;
  if (side.final) return lifecycle.main.length;
  return Math.max(0, ...side.from.map((f) => lifecycle.main.indexOf(f))) + 0.5;
}

/** A named move: claim, start, complete (done) and release. */
export type MoveKind = 'claim' | 'start' | 'complete' | 'release';

/** What a move asks for: a named move, or any status by name (`move ID --to review`). */
export type MoveRequest = MoveKind | { readonly to: Status };

/**
 * Whether the claim itself starts the work: the path's second status is a working one (`in_progress`, or a
 * spelling of it such as `doing` or `wip`) rather than a step of its own before the work, as `claimed` is. On
 * `[backlog, doing, review, done]` the claim goes to `doing`, and `start` has nowhere further to go.
 */
export function claimStarts(lifecycle: Lifecycle): boolean {
  const second = lifecycle.main[1]!;
  return second === 'in_progress' || commonSpelling(second) === 'in_progress';
}

/**
 * The status a move leads to from `from`: claim the first step, start the one
 * after it, complete the last status, release the first. A checklist's claim is
 * its start (it has no claimed state), and so is a board's where the claim
 * starts the work (`claimStarts`).
 */
export function moveTarget(lifecycle: Lifecycle, move: MoveRequest, kind: TaskKind = 'board'): Status {
  if (typeof move === 'object') return move.to;
  const path = pathOf(lifecycle, kind);
  switch (move) {
    case 'claim':
      return path[1] ?? path[0]!;
    case 'start':
      return kind === 'checklist' || claimStarts(lifecycle) ? (path[1] ?? path[0]!) : (path[2] ?? path[path.length - 1]!);
    case 'complete':
      return path[path.length - 1]!;
    case 'release':
      return path[0]!;
  }
}

/**
 * Whether a move may turn out to take hold of a task (`takesHold`), so its caller must say what the task waits on
 * (dependencies span files planMove does not see): `claim`, `start` (the claim where the claim starts the work, and
 * a way round the claim from a side status nobody holds a task in, `blocked → in_progress`), or a move by status
 * name. planMove judges the dependencies only when the move does take hold.
 */
export function mayClaim(move: MoveRequest): boolean {
  return move === 'claim' || move === 'start' || typeof move === 'object';
}

/**
 * Whether `from → to` takes a task someone may hold from a status nobody holds it in: the claim, or a way round
 * it such as `todo → blocked → claimed`. Such a move names its agent and waits for the task's dependencies.
 */
export function takesHold(lifecycle: Lifecycle, from: Status, to: Status, kind: TaskKind = 'board'): boolean {
  return from !== to && !isHeld(lifecycle, from, kind) && isHeld(lifecycle, to, kind);
}

/** The named move that leads from `from` to `to`, when one does. */
export function moveNamed(lifecycle: Lifecycle, from: Status, to: Status, kind: TaskKind = 'board'): MoveKind | undefined {
  if (!isLegalMove(lifecycle, from, to, kind) || from === to) return undefined;
  const path = pathOf(lifecycle, kind);
  if (to === path[0]) return isHeld(lifecycle, from, kind) ? 'release' : undefined;
  // A checklist's first step is its start: the file already names the agent. A step to the last status is done,
  // never a claim or a start (`[todo, done]`).
  const last = lastStatus(lifecycle);
  if (from === path[0] && to !== last && to === moveTarget(lifecycle, 'claim', kind)) return kind === 'checklist' ? 'start' : 'claim';
  if (kind === 'board' && from === path[1] && to !== last && to === moveTarget(lifecycle, 'start', kind)) return 'start';
  if (to === last && path.indexOf(from) === path.length - 2) return 'complete';
  return undefined;
}
