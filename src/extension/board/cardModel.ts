// Turns the store's tasks into what the board shows (CardView), and two
// card sets into the delta between them. Plain data in, plain data out: no
// `vscode` import, so it is unit-tested in Node.

import { describeWaiting, type UnfinishedDependency } from '../../core/dependencies/dependencies';
import { viewKindOf } from '../../core/lifecycle';
import type { AgentDefinition, Task } from '../../core/model';
import { readTimestamp, timestampTime } from '../../core/board/timestampText';
import { DEFAULT_LIFECYCLE_VIEW, type AgentView, type BoardState, type ShownProblem, type CardView, type FileView, type LifecycleView, type OmittedFile, type ToWebview } from '../../shared/boardMessages';

export interface CardSource {
  readonly tasks: readonly Task[];
  /** With sync on: what the board branch says of a task whose state there differs from the working copy's. */
  readonly branchNote?: (task: Task) => string | undefined;
  readonly agents: readonly AgentDefinition[];
  /** The files the board's file filter offers (boards and checklists). */
  readonly files: readonly string[];
  /** Workspace-relative label of a file uri. */
  label(file: string): string;
  /** How many work-log entries link to a task. */
  logCount(task: Task): number;
  /** Files left off the board (see `boardFiles`). */
  readonly omitted?: readonly OmittedFile[];
  /** How many boards and checklists the workspace has (BoardState.taskFiles); the files of `files` when left out. */
  readonly taskFiles?: number;
  /** Why a task's claim looks abandoned, or undefined. */
  staleReason?(task: Task): string | undefined;
  /** The repository's lifecycle: the board's columns. */
  readonly lifecycle?: LifecycleView;
  /** The unfinished dependencies a task waits for; none when absent. */
  waitingOn?(task: Task): readonly UnfinishedDependency[];
  /** The errors and warnings about a task (see problemsByTask.ts); none when absent. */
  problemsOf?(task: Task): readonly ShownProblem[] | undefined;
}

/**
 * Cards the board holds at most. The page draws only what is visible and reads
 * a card's text only when it draws it (the state is packed, see
 * packedCards.ts), but every card is still built and sent: a 50 MB board's
 * 344,000 held the extension host for seconds and sent the page a message of
 * tens of megabytes. Such a file belongs to the Tasks view and the CLI.
 */
export const BOARD_CARD_LIMIT = 20_000;

/**
 * Which files the board shows: whole files, in path order, as long as they fit
 * under `limit` together; a file that does not fit is left out whole (a board
 * cut in the middle of a file would look complete and not be).
 */
export function boardFiles<T extends { readonly file: string; readonly tasks: number }>(files: readonly T[], limit = BOARD_CARD_LIMIT): { shown: T[]; omitted: T[] } {
  const shown: T[] = [];
  const omitted: T[] = [];
  let room = limit;
  for (const f of files) {
    if (f.tasks <= room) {
      shown.push(f);
      room -= f.tasks;
    } else {
      omitted.push(f);
    }
  }
  return { shown, omitted };
}

export interface BoardModel {
  readonly state: BoardState;
  /** The task behind each card key, for acting on messages. */
  readonly tasks: ReadonlyMap<string, Task>;
}

/** Agent `color:` words the seeds use, mapped to theme colours that follow light, dark and high contrast. */
const NAMED_COLORS: Readonly<Record<string, string>> = {
  red: '--vscode-charts-red',
  orange: '--vscode-charts-orange',
  yellow: '--vscode-charts-yellow',
  green: '--vscode-charts-green',
  blue: '--vscode-charts-blue',
  purple: '--vscode-charts-purple',
  violet: '--vscode-charts-purple',
  cyan: '--vscode-terminal-ansiCyan',
  teal: '--vscode-terminal-ansiCyan',
  magenta: '--vscode-terminal-ansiMagenta',
  pink: '--vscode-terminal-ansiMagenta',
  gray: '--vscode-descriptionForeground',
  grey: '--vscode-descriptionForeground',
};

/** A colour the webview may use, or undefined: a theme variable for known words, a hex literal as written, nothing else. */
export function agentColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  const c = color.trim();
  if (/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(c)) return c;
  return NAMED_COLORS[c.toLowerCase()];
}

/**
 * When the task was created, as UTC ISO (`2026-11-05T10:00:00Z`), read as lint reads `created_at`: the page's
 * `Date.parse` would read a time without a zone in the viewer's own zone, `03/04/2026` month first and `TBD 2024`
 * as 1 January. A value that names no one time gives the card no age.
 */
function createdAt(task: Task): string | undefined {
  if (task.kind !== 'board') return undefined;
  const v = task.fields['created_at'];
  // As written when it is ISO with its zone, which every reader takes alike (most boards: nothing to make).
  if (typeof v === 'string' && endsWithZone(v) && readTimestamp(v).kind === 'iso') return v.trim();
  const time = typeof v === 'string' ? timestampTime(v) : v instanceof Date ? v.getTime() : undefined;
  return time === undefined || Number.isNaN(time) ? undefined : new Date(time).toISOString().replace('.000Z', 'Z');
}

/** Whether a time ends with its zone (`Z`, `+02:00`), told by its last characters (read for every card). */
function endsWithZone(v: string): boolean {
  const n = v.length;
  if (v.charCodeAt(n - 1) === 90) return true; // Z
  const sign = v.charCodeAt(n - 6);
  return n > 6 && v.charCodeAt(n - 3) === 58 && (sign === 43 || sign === 45); // ±hh:mm
}

function agentOf(task: Task): string | undefined {
  const a = task.assignedAgent?.trim() || (task.kind === 'checklist' ? task.agent : undefined);
  return a || undefined;
}

export function buildBoardModel(src: CardSource): BoardModel {
  const cards: CardView[] = [];
  const tasks = new Map<string, Task>();
  let unplaced = 0;
  for (const task of src.tasks) {
    if (task.status === undefined) {
      unplaced++;
      continue;
    }
    // Duplicate ids in one file (a lint error) still get a card each.
    let key = `${task.file}#${task.id}`;
    for (let n = 2; tasks.has(key); n++) key = `${task.file}#${task.id}~${n}`;
    tasks.set(key, task);
    const stale = src.staleReason?.(task);
    const waiting = src.waitingOn?.(task) ?? [];
    const problems = src.problemsOf?.(task);
    cards.push({
      key,
      file: task.file,
      fileLabel: src.label(task.file),
      id: task.id,
      title: task.title,
      kind: viewKindOf(task),
      status: task.status,
      priority: task.priority?.trim() || undefined,
      agent: agentOf(task),
      logCount: src.logCount(task),
      createdAt: createdAt(task),
      conflict: task.conflict?.label,
      branch: src.branchNote?.(task),
      line: task.line,
      group: task.group,
      ...(stale !== undefined && { stale }),
      ...(waiting.length > 0 && { waiting }),
      ...(problems !== undefined && problems.length > 0 && { problems }),
    });
  }
  const agents: AgentView[] = src.agents.map((a) => ({ name: a.name, color: agentColor(a.color) }));
  const files: FileView[] = src.files.map((uri) => ({ uri, label: src.label(uri) })).sort((a, b) => a.label.localeCompare(b.label));
  const lifecycle = src.lifecycle ?? DEFAULT_LIFECYCLE_VIEW;
  return { state: { lifecycle, cards, agents, files, unplaced, omitted: src.omitted ?? [], taskFiles: src.taskFiles ?? src.files.length }, tasks };
}

function sameCard(a: CardView, b: CardView): boolean {
  return (
    a.title === b.title &&
    a.status === b.status &&
    a.priority === b.priority &&
    a.agent === b.agent &&
    a.logCount === b.logCount &&
    a.createdAt === b.createdAt &&
    a.conflict === b.conflict &&
    a.branch === b.branch &&
    a.line === b.line &&
    a.group === b.group &&
    a.fileLabel === b.fileLabel &&
    a.kind === b.kind &&
    a.stale === b.stale &&
    describeWaiting(a.waiting ?? []) === describeWaiting(b.waiting ?? []) &&
    sameList(a.problems ?? [], b.problems ?? [])
  );
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => JSON.stringify(x) === JSON.stringify(b[i]));
}

/** The delta that turns `before` into `after`, or undefined when nothing the board shows changed. */
export function diffStates(before: BoardState, after: BoardState): Extract<ToWebview, { type: 'delta' }> | undefined {
  const old = new Map(before.cards.map((c) => [c.key, c]));
  const upsert: CardView[] = [];
  for (const card of after.cards) {
    const prev = old.get(card.key);
    old.delete(card.key);
    if (!prev || !sameCard(prev, card)) upsert.push(card);
  }
  const remove = [...old.keys()];
  const agents = sameList(before.agents, after.agents) ? undefined : after.agents;
  const files = sameList(before.files, after.files) ? undefined : after.files;
  const unplaced = before.unplaced === after.unplaced ? undefined : after.unplaced;
  const taskFiles = before.taskFiles === after.taskFiles ? undefined : after.taskFiles;
  const omitted = sameList(before.omitted, after.omitted) ? undefined : after.omitted;
  const lifecycle = JSON.stringify(before.lifecycle) === JSON.stringify(after.lifecycle) ? undefined : after.lifecycle;
  if (upsert.length === 0 && remove.length === 0 && !agents && !files && unplaced === undefined && taskFiles === undefined && !omitted && !lifecycle) return undefined;
  return {
    type: 'delta',
    upsert,
    remove,
    ...(agents && { agents }),
    ...(files && { files }),
    ...(unplaced !== undefined && { unplaced }),
    ...(taskFiles !== undefined && { taskFiles }),
    ...(omitted && { omitted }),
    ...(lifecycle && { lifecycle }),
  };
}
