// Where every card sits: lanes (one, or one per agent), a column per status
// of the lifecycle's main path each (a card in a side status sits in the
// column `columnOf` gives it), fixed-height rows. With fixed rows, the cards a viewport shows are two
// divisions away, which is what lets 5,000 cards render as a few dozen nodes.

import type { Status } from '../../src/core/model';
import { columnOf, compareCards, DEFAULT_LIFECYCLE_VIEW, type CardView, type LifecycleView } from '../../src/shared/boardMessages';
import type { PackedCards } from '../../src/shared/packedCards';
import { cardMatches, type Filters } from './filter';

export const CARD_HEIGHT = 100; // px, gap included; board.css sizes cards to fit
export const LANE_HEADER = 30; // px, only when swimlanes are on
export const LANE_PADDING = 8; // px below each lane

/**
 * The cards of one column of one lane, top to bottom. An array is one; so is
 * a column of a state's packed cards, which makes a card only when asked.
 */
export interface CardColumn {
  readonly length: number;
  at(row: number): CardView | undefined;
}

export interface Lane {
  /** Agent name, `''` for "no agent", or `'*'` for the single lane without swimlanes. */
  readonly key: string;
  readonly title: string;
  readonly top: number;
  readonly height: number;
  /** Top of the first card row, relative to the lane. */
  readonly bodyTop: number;
  readonly columns: Readonly<Record<Status, CardColumn>>;
}

export interface Layout {
  /** The columns, left to right: the lifecycle's main path. */
  readonly columns: readonly Status[];
  readonly lanes: readonly Lane[];
  readonly height: number;
  /** Filtered card counts per column, over all lanes. */
  readonly counts: Readonly<Record<Status, number>>;
  readonly shown: number;
}

function emptyColumns(columns: readonly Status[]): Record<Status, CardView[]> {
  const out: Record<Status, CardView[]> = {};
  for (const s of columns) out[s] = [];
  return out;
}

export function buildLayout(cards: Iterable<CardView>, filters: Filters, swimlanes: boolean, lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW): Layout {
  const STATUSES = lifecycle.main;
  const byLane = new Map<string, Record<Status, CardView[]>>();
  const counts: Record<Status, number> = {};
  for (const s of STATUSES) counts[s] = 0;
  let shown = 0;
  for (const card of cards) {
    if (!cardMatches(card, filters)) continue;
    const column = columnOf(lifecycle, card.status);
    if (column === undefined) continue;
    const laneKey = swimlanes ? (card.agent ?? '') : '*';
    let cols = byLane.get(laneKey);
    if (!cols) byLane.set(laneKey, (cols = emptyColumns(STATUSES)));
    cols[column]!.push(card);
    counts[column]!++;
    shown++;
  }
  for (const columns of byLane.values()) for (const s of STATUSES) columns[s]!.sort(compareCards);
  return { columns: STATUSES, ...lanesOf(byLane, STATUSES, swimlanes), counts, shown };
}

/**
 * The layout `buildLayout` gives the cards of a `state` message, read from
 * their packed arrays (`cardAt(i)` is card i of them). It runs cold, before
 * the page's first paint, where a pass over 20,000 cards costs milliseconds.
 * The columns are the packer's (`packed.columns`: each in file order). The
 * default view (no filter, no swimlanes) takes them as they are and makes a
 * card only when it is drawn; a filter or swimlanes take one pass over them,
 * reading a card's agent from the packed arrays and asking a card only to
 * filter it.
 */
export function buildPackedLayout(packed: PackedCards, cardAt: (i: number) => CardView, filters: Filters, swimlanes: boolean, lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW): Layout {
  const STATUSES = lifecycle.main;
  // Packed under the same lifecycle: the state's (see packCards).
  const { order, ends } = packed.columns;
  const filtering = filters.text !== '' || filters.agent !== '' || filters.priority !== '' || filters.file !== '' || filters.status !== '';
  if (!filtering && !swimlanes) return packedColumnsLayout(packed, cardAt, STATUSES);
  const noName = packed.words.indexOf('');
  // Per agent word + 1 (0: no agent, which an empty name shares): the lane's columns.
  const lanes: CardView[][][] = [];
  const counts: Record<Status, number> = {};
  let shown = 0;
  STATUSES.forEach((s, c) => {
    counts[s] = 0;
    for (let r = c > 0 ? ends[c - 1]! : 0; r < ends[c]!; r++) {
      const i = order[r]!;
      if (filtering && !cardMatches(cardAt(i), filters)) continue;
      const agent = !swimlanes || packed.agent[i] === noName ? 0 : packed.agent[i]! + 1;
      (lanes[agent] ??= STATUSES.map(() => []))[c]!.push(cardAt(i));
      counts[s]++;
      shown++;
    }
  });
  const cardLanes = new Map<string, Record<Status, CardColumn>>();
  lanes.forEach((columns, agent) => {
    cardLanes.set(swimlanes ? (agent === 0 ? '' : packed.words[agent - 1]!) : '*', Object.fromEntries(STATUSES.map((s, c) => [s, columns[c]!])));
  });
  return { columns: STATUSES, ...lanesOf(cardLanes, STATUSES, swimlanes), counts, shown };
}

/** The one lane of the default view: the packer's columns, each card made when first asked for. */
function packedColumnsLayout(packed: PackedCards, cardAt: (i: number) => CardView, STATUSES: readonly Status[]): Layout {
  const { order, ends } = packed.columns;
  const columns: Record<Status, CardColumn> = {};
  const counts: Record<Status, number> = {};
  STATUSES.forEach((s, c) => {
    const start = c > 0 ? ends[c - 1]! : 0;
    columns[s] = new PackedColumn(order, start, ends[c]! - start, cardAt);
    counts[s] = ends[c]! - start;
  });
  return { columns: STATUSES, ...lanesOf(new Map([['*', columns]]), STATUSES, false), counts, shown: order.length };
}

/** Cards `order[start .. start + length)` of a state's packed cards. */
class PackedColumn implements CardColumn {
  constructor(
    private readonly order: Int32Array,
    private readonly start: number,
    readonly length: number,
    private readonly cardAt: (i: number) => CardView,
  ) {}

  at(row: number): CardView | undefined {
    return row >= 0 && row < this.length ? this.cardAt(this.order[this.start + row]!) : undefined;
  }
}

/** The lanes of the columns each lane holds (sorted): named agents alphabetically, then the unassigned lane last. */
function lanesOf(byLane: Map<string, Record<Status, CardColumn>>, STATUSES: readonly Status[], swimlanes: boolean): { lanes: Lane[]; height: number } {
  if (!swimlanes && byLane.size === 0) byLane.set('*', emptyColumns(STATUSES));
  const keys = [...byLane.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const lanes: Lane[] = [];
  let top = 0;
  for (const key of keys) {
    const columns = byLane.get(key)!;
    const rows = Math.max(1, ...STATUSES.map((s) => columns[s]!.length));
    const bodyTop = swimlanes ? LANE_HEADER : 0;
    const height = bodyTop + rows * CARD_HEIGHT + LANE_PADDING;
    lanes.push({ key, title: key === '*' ? '' : key === '' ? 'No agent' : key, top, height, bodyTop, columns });
    top += height;
  }
  return { lanes, height: top };
}

/** Row indexes `[start, end)` of one lane's column that intersect the viewport, with `overscan` extra rows each side. */
export function visibleRows(lane: Lane, count: number, viewTop: number, viewHeight: number, overscan: number): [number, number] {
  const bodyTop = lane.top + lane.bodyTop;
  const first = Math.floor((viewTop - bodyTop) / CARD_HEIGHT) - overscan;
  const last = Math.ceil((viewTop + viewHeight - bodyTop) / CARD_HEIGHT) + overscan;
  const end = Math.min(count, Math.max(0, last));
  return [Math.min(end, Math.max(0, first)), end];
}

/** Where a card is: its lane, column and row; undefined when filtered out. */
export function locate(layout: Layout, key: string): { lane: Lane; status: Status; row: number } | undefined {
  for (const lane of layout.lanes) {
    for (const status of layout.columns) {
      const cards = lane.columns[status]!;
      for (let row = 0; row < cards.length; row++) if (cards.at(row)!.key === key) return { lane, status, row };
    }
  }
  return undefined;
}
