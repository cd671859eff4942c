// What the board's parts share: the cards and lists the extension sent, the
// lifecycle, the filters, the layout they give, and where the user is
// (focus, selection, a move in progress). Plain data, no DOM: each part gets
// this one object and changes only what it owns (docs/architecture.md,
// "Board messages": the page holds no truth of its own, only this view of it).

import type { Status } from '../../src/core/model';
import { DEFAULT_LIFECYCLE_VIEW, type AgentView, type CardView, type FileView, type LifecycleView, type OmittedFile } from '../../src/shared/boardMessages';
import { CardSet } from './cardSet';
import { NO_FILTERS, type Filters } from './filter';
import { buildLayout, type Layout } from './layout';
import type { SavedState } from './savedState';

/** A card picked up, by the pointer or by the keyboard. */
export interface Drag {
  readonly key: string;
  /** The column the card sits in. */
  readonly from: Status;
  /** The card's status (a side status sits in a main status's column). */
  readonly status: Status;
  readonly kind: CardView['kind'];
  /** The card's agent, `''` for none: with swimlanes, a task an agent holds stays in that agent's lane. */
  readonly agent: string;
  /** The column the pointer or the arrow keys are over now. */
  over?: Status;
  /** The swimlane the pointer or the up and down arrows are over (an agent, `''`), with swimlanes on. */
  overLane?: string;
  dropped: boolean;
  readonly keyboard: boolean;
}

export interface BoardState {
  readonly cards: CardSet;
  agents: Map<string, AgentView>;
  files: readonly FileView[];
  unplaced: number;
  omitted: readonly OmittedFile[];
  /** The columns are `lifecycle.main`, left to right. */
  lifecycle: LifecycleView;
  filters: Filters;
  swimlanes: boolean;
  layout: Layout;
  /** Cards whose move or claim the extension has not answered yet. */
  readonly pending: Set<string>;
  focusedKey: string | undefined;
  selectedKey: string | undefined;
  drag: Drag | undefined;
  /** Whether the extension has sent its first state (until then the lists are empty because nothing came yet). */
  loaded: boolean;
  /** How many boards and checklists the workspace has, with tasks or without (BoardState.taskFiles). */
  taskFiles: number;
}

export function createBoardState(saved: SavedState): BoardState {
  return {
    cards: new CardSet(),
    agents: new Map(),
    files: [],
    unplaced: 0,
    omitted: [],
    lifecycle: DEFAULT_LIFECYCLE_VIEW,
    filters: saved.filters,
    swimlanes: saved.swimlanes,
    layout: buildLayout([], NO_FILTERS, false),
    pending: new Set(),
    focusedKey: saved.focusedKey,
    selectedKey: saved.selectedKey,
    drag: undefined,
    loaded: false,
    taskFiles: 0,
  };
}
