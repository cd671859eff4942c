// The one message contract between the board webview and the extension.
// Both sides import these types; the extension validates everything that
// comes from the webview with `validateFromWebview` before acting on it,
// because a webview is a web page and its messages are untrusted input.
//
// Handshake: the webview posts `ready`; the extension answers with a full
// `state`; after that it sends small `delta`s (changed and removed cards).

import { STATUSES, type MoveKind, type Status } from '../core/model';

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

export interface BoardState {
  readonly cards: readonly CardView[];
  readonly agents: readonly AgentView[];
  readonly files: readonly FileView[];
  /** Tasks not on the board because their status is missing or unknown. */
  readonly unplaced: number;
  /** Files not on the board, too large for it (see BOARD_CARD_LIMIT). */
  readonly omitted: readonly OmittedFile[];
}

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

// ---- extension → webview ----

export type ToWebview =
  | { readonly type: 'state'; readonly state: BoardState; readonly fileFilter?: string }
  | {
      readonly type: 'delta';
      readonly upsert: readonly CardView[];
      readonly remove: readonly string[];
      readonly agents?: readonly AgentView[];
      readonly files?: readonly FileView[];
      readonly unplaced?: number;
      readonly omitted?: readonly OmittedFile[];
    }
  | { readonly type: 'details'; readonly key: string; readonly fields: readonly DetailField[]; readonly entries: readonly DetailEntry[] }
  | { readonly type: 'moveResult'; readonly key: string; readonly ok: boolean; readonly message?: string }
  | { readonly type: 'fileFilter'; readonly file: string }
  /** Select this card, scroll to it and focus it (Reveal on Board from the Tasks tree). */
  | { readonly type: 'reveal'; readonly key: string };

// ---- webview → extension ----

export type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'open'; readonly key: string }
  | { readonly type: 'select'; readonly key: string }
  | { readonly type: 'move'; readonly key: string; readonly from: Status; readonly to: Status }
  | { readonly type: 'claim'; readonly key: string };

const MAX_KEY_LENGTH = 4096;

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_KEY_LENGTH;
}

function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
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
      return { type: 'ready' };
    case 'open':
    case 'select':
    case 'claim':
      return isKey(m.key) ? { type: m.type, key: m.key } : undefined;
    case 'move':
      return isKey(m.key) && isStatus(m.from) && isStatus(m.to) ? { type: 'move', key: m.key, from: m.from, to: m.to } : undefined;
    default:
      return undefined;
  }
}

/**
 * The lifecycle move that takes a card from one column to another, or
 * undefined when that drop is illegal. Checklist items have no `claimed`
 * column of their own: their file belongs to one agent. Every move here is one
 * the tree's context menu and the palette offer too (package.json `when`).
 */
export function moveForDrop(kind: CardView['kind'], from: Status, to: Status): MoveKind | undefined {
  if (kind === 'checkbox') return from === 'todo' && to === 'done' ? 'complete' : undefined;
  if (kind === 'checklist') {
    if (from === 'todo' && to === 'in_progress') return 'start';
    if (from === 'in_progress' && to === 'done') return 'complete';
    if (from === 'in_progress' && to === 'todo') return 'release';
    return undefined;
  }
  if (from === 'todo' && to === 'claimed') return 'claim';
  if (from === 'claimed' && to === 'in_progress') return 'start';
  if (from === 'in_progress' && to === 'done') return 'complete';
  // Release: a claimed or a started task goes back to To do (the lifecycle allows both, so a dead agent's work can be freed).
  if ((from === 'claimed' || from === 'in_progress') && to === 'todo') return 'release';
  return undefined;
}

/** Why a drop is refused, in words a person reads. */
export function refusalFor(kind: CardView['kind'], from: Status, to: Status): string {
  const name = (s: Status) => COLUMN_TITLES[s];
  if (from === to) return `The task is already in ${name(to)}.`;
  const next = STATUSES.find((s) => moveForDrop(kind, from, s) !== undefined && STATUSES.indexOf(s) > STATUSES.indexOf(from));
  const hint = next ? ` Next step: ${name(next)}.` : '';
  return `A task cannot move from ${name(from)} to ${name(to)}: the lifecycle is To do → Claimed → In progress → Done.${hint}`;
}

export const COLUMN_TITLES: Readonly<Record<Status, string>> = {
  todo: 'To do',
  claimed: 'Claimed',
  in_progress: 'In progress',
  done: 'Done',
};
