// The one message contract between the board webview and the extension.
// Both sides import these types; the extension validates everything that
// comes from the webview with `validateFromWebview` before acting on it,
// because a webview is a web page and its messages are untrusted input.
//
// Handshake: the webview posts `ready`; the extension answers with a full
// `state` (its cards packed, see packedCards.ts); after that it sends small
// `delta`s (changed and removed cards).

import { oneLineProblem } from '../core/oneLine';
import type { UnfinishedDependency } from '../core/dependencies/dependencies';
import { DEFAULT_LIFECYCLE, isLegalMove, moveNamed, nextStatuses, takesHold, type MoveRequest, type SideStatus } from '../core/lifecycleModel';
import type { Status } from '../core/model';
import type { PackedCards } from './packedCards';

/** What one card shows. Built on the extension side from a Task; plain data only. */
export interface CardView {
  /** Unique across the workspace: `<file uri>#<id>` (with `~n` for duplicate ids). */
  readonly key: string;
  readonly file: string;
  /** Workspace-relative path, for the file filter and the card's tooltip. */
  readonly fileLabel: string;
  readonly id: string;
  readonly title: string;
  /** Which lifecycle the card follows: `checkbox` is a box with no status heading, which can only be ticked. */
  readonly kind: 'board' | 'checklist' | 'checkbox';
  readonly status: Status;
  readonly priority?: string;
  readonly agent?: string;
  readonly logCount: number;
  /** `created_at` as written, when there is one (the webview computes the age). */
  readonly createdAt?: string;
  /** Set when the card is one side of a git merge conflict: that side's name (`HEAD`, `origin/main`). */
  readonly conflict?: string;
  /** Set when sync is on and the board branch has the task in another state: what it says there. */
  readonly branch?: string;
  /** 0-based line of the item. */
  readonly line: number;
  readonly group?: string;
  /** Why the claim looks abandoned, when it does (the same check as the Tasks tree's). */
  readonly stale?: string;
  /** The unfinished dependencies the task waits for (ids and their statuses), when it waits; the Tasks tree shows the same. */
  readonly waiting?: readonly UnfinishedDependency[];
  /** The file's errors and warnings about this task (as the Problems view lists them; a stale claim is `stale`), when it has any. */
  readonly problems?: readonly ShownProblem[];
}

/** One error or warning about a card's task. */
export interface ShownProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** 0-based line the problem starts on. */
  readonly line: number;
}

export interface AgentView {
  readonly name: string;
  /**
   * A colour the webview can use safely: a theme variable name such as
   * `--vscode-charts-orange`, or a `#rgb`/`#rrggbb` literal. Anything else
   * an agent definition says is dropped on the extension side.
   */
  readonly color?: string;
}

export interface FileView {
  readonly uri: string;
  readonly label: string;
}

/** A task file left off the board because its tasks alone would pass the board's card limit. */
export interface OmittedFile {
  readonly label: string;
  readonly tasks: number;
}

/** The repository's lifecycle as the board needs it: a column per main status, side statuses on their cards. */
export interface LifecycleView {
  readonly main: readonly Status[];
  readonly side: readonly SideStatus[];
}

export const DEFAULT_LIFECYCLE_VIEW: LifecycleView = { main: DEFAULT_LIFECYCLE.main, side: DEFAULT_LIFECYCLE.side };

export interface BoardState {
  readonly lifecycle: LifecycleView;
  readonly cards: readonly CardView[];
  readonly agents: readonly AgentView[];
  readonly files: readonly FileView[];
  /** Tasks not on the board because their status is missing or unknown. */
  readonly unplaced: number;
  /** Files not on the board, too large for it (see BOARD_CARD_LIMIT). */
  readonly omitted: readonly OmittedFile[];
  /** How many boards and checklists the workspace has, with tasks or without: none, and the board offers to create one. */
  readonly taskFiles: number;
}

/** A `BoardState` as the `state` message carries it: the cards packed (`packCards`), so its cost does not grow with each card's fields. */
export type PackedBoardState = Omit<BoardState, 'cards'> & { readonly cards: PackedCards };

export interface DetailField {
  readonly name: string;
  readonly value: string;
}

export interface DetailEntry {
  readonly heading: string;
  readonly when?: string;
  readonly fileLabel: string;
  readonly line: number;
  /** markdown-it output with `html: false`: raw HTML in the log is escaped. */
  readonly html: string;
}

/** An entry about another task that names this one in passing ("unblocks TASK_002"): where it is, not its text. */
export interface DetailMention {
  readonly heading: string;
  readonly when?: string;
  readonly fileLabel: string;
  readonly line: number;
}

// ---- extension → webview ----

export type ToWebview =
  | { readonly type: 'state'; readonly state: PackedBoardState; readonly fileFilter?: string }
  | {
      readonly type: 'delta';
      readonly upsert: readonly CardView[];
      readonly remove: readonly string[];
      readonly agents?: readonly AgentView[];
      readonly files?: readonly FileView[];
      readonly unplaced?: number;
      readonly omitted?: readonly OmittedFile[];
      readonly taskFiles?: number;
      /** Set when the repository's lifecycle changed: the columns change with it. */
      readonly lifecycle?: LifecycleView;
    }
  | {
      readonly type: 'details';
      readonly key: string;
      readonly fields: readonly DetailField[];
      readonly entries: readonly DetailEntry[];
      readonly mentions: readonly DetailMention[];
    }
  /** `undoable`: Undo (Ctrl+Z on the board) can put the move back. */
  | { readonly type: 'moveResult'; readonly key: string; readonly ok: boolean; readonly message?: string; readonly undoable?: boolean }
  /** What Undo (Ctrl+Z on the board) did: the move it put back (and its card, brought into view), or why it did not. */
  | { readonly type: 'undoResult'; readonly ok: boolean; readonly message: string; readonly key?: string }
  | { readonly type: 'fileFilter'; readonly file: string }
  /** Select this card, scroll to it and focus it (Reveal on Board from the Tasks tree). */
  | { readonly type: 'reveal'; readonly key: string };

// ---- webview → extension ----

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'open'; readonly key: string }
  | { readonly type: 'select'; readonly key: string }
  /** `agent`: the swimlane the card was dropped in, for a move that needs an agent (a claim) instead of asking. */
  | { readonly type: 'move'; readonly key: string; readonly from: Status; readonly to: Status; readonly agent?: string }
  | { readonly type: 'claim'; readonly key: string; readonly agent?: string }
  /** Put back the last move made from this board. */
  | { readonly type: 'undo' }
  /** The empty board's button: create TODO.md. */
  | { readonly type: 'createTodo' };

const MAX_KEY_LENGTH = 4096;

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_LENGTH;
}

/**
 * The agent a drop names (a swimlane's): a one-line name, not blank or padded, as planMove takes one. Anything else
 * is left out of the message, which then goes on without it (the panel asks for the agent instead).
 */
function agentOf(value: unknown): { readonly agent?: string } {
  return typeof value === 'string' && value !== '' && value === value.trim() && value.length <= MAX_KEY_LENGTH && oneLineProblem(value) === undefined ? { agent: value } : {};
}

/**
 * A status word as lifecycles have them (`todo`, `in_review`, `révision`, `レビュー`: letters of any script, their
 * marks, digits and `_`, in lower case as statusKey leaves them); whether it is one of the lifecycle's is the
 * extension's to check.
 */
function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && value.length <= 64 && /^\p{L}[\p{L}\p{M}\p{N}_]*$/u.test(value) && value === value.toLowerCase();
}

/**
 * The message as a `FromWebview`, or undefined when it is anything else.
 * Only the known fields are copied, so nothing extra rides along.
 */
export function validateFromWebview(msg: unknown): FromWebview | undefined {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return undefined;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'undo':
    case 'createTodo':
      return { type: m.type };
    case 'open':
    case 'select':
      return isKey(m.key) ? { type: m.type, key: m.key } : undefined;
    case 'claim':
      return isKey(m.key) ? { type: 'claim', key: m.key, ...agentOf(m.agent) } : undefined;
    case 'move':
      return isKey(m.key) && isStatus(m.from) && isStatus(m.to) ? { type: 'move', key: m.key, from: m.from, to: m.to, ...agentOf(m.agent) } : undefined;
    default:
      return undefined;
  }
}

/** A lifecycle with the parts the board has (no aliases: the board never reads words). */
function asLifecycle(view: LifecycleView) {
  return { main: view.main, side: view.side, aliases: new Map<string, Status>() };
}

/**
 * The column a card sits in: its status when that is on the main path; a side
 * status sits in the column of the last status it is entered from (blocked
 * work stays where it stopped), a final one (cancelled) in the last column.
 * Undefined for a status the lifecycle does not have.
 */
export function columnOf(view: LifecycleView, status: Status): Status | undefined {
  if (view.main.includes(status)) return status;
  const side = view.side.find((s) => s.name === status);
  if (!side) return undefined;
  if (side.final) return view.main[view.main.length - 1];
  const from = view.main.filter((m) => side.from.includes(m));
  return from[from.length - 1] ?? view.main[0];
}

/** File order, the order the people and agents wrote the cards in: by file label, then line. The board's columns list cards in it. */
export function compareCards(a: CardView, b: CardView): number {
  if (a.fileLabel !== b.fileLabel) return a.fileLabel < b.fileLabel ? -1 : 1;
  return a.line - b.line;
}

/**
 * The lifecycle move that takes a card to another column (a main status), or
 * undefined when that drop is illegal. A card in a side status dropped on the
 * column it sits in is no move. Checklist items have no `claimed` column of
 * their own: their file belongs to one agent. Every move here is one the
 * tree's context menu and the palette offer too (package.json `when`).
 */
export function moveForDrop(view: LifecycleView, kind: CardView['kind'], from: Status, to: Status): MoveRequest | undefined {
  const lifecycle = asLifecycle(view);
  // A checkbox whose box is its only status: ticked is its one move.
  if (kind === 'checkbox') return from === view.main[0] && to === view.main[view.main.length - 1] ? 'complete' : undefined;
  if (from === to || !isLegalMove(lifecycle, from, to, kind)) return undefined;
  return moveNamed(lifecycle, from, to, kind) ?? { to };
}

/**
 * Whether `move` of a card from `from` to `to` gives a task nobody holds the agent of the swimlane it is dropped in, as
 * the extension takes it: a claim, or a board task's step into a held status (`asksForAgent`). Any other move leaves
 * the task nobody's (a checkbox item's `@agent` is written by hand).
 */
export function takesLaneAgent(view: LifecycleView, kind: CardView['kind'], from: Status, to: Status, move: MoveRequest | undefined): boolean {
  return move === 'claim' || (move !== undefined && kind === 'board' && takesHold(asLifecycle(view), from, to, 'board'));
}

/** Why a drop is refused, in words a person reads. */
export function refusalFor(view: LifecycleView, kind: CardView['kind'], from: Status, to: Status): string {
  const name = (s: Status) => columnTitle(s);
  if (from === to || columnOf(view, from) === to) return `The task is already in ${name(to)}.`;
  const next = kind === 'checkbox' ? [view.main[view.main.length - 1]!] : nextStatuses(asLifecycle(view), from, kind);
  const hint = next.length > 0 ? ` From ${name(from)} it can go to ${next.map(name).join(' or ')}.` : ` ${name(from)} is final.`;
  return `A task cannot move from ${name(from)} to ${name(to)}: the lifecycle is ${view.main.map(name).join(' → ')}.${hint}`;
}

const COLUMN_TITLES: Readonly<Record<string, string>> = {
  todo: 'To do',
  claimed: 'Claimed',
  in_progress: 'In progress',
  done: 'Done',
};

/** A status as a column title: `To do`, `In progress`, `Review`, `On hold`. */
export function columnTitle(status: Status): string {
  const known = COLUMN_TITLES[status];
  if (known !== undefined) return known;
  const words = status.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
