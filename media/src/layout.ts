// Where every card sits: lanes (one, or one per agent), a column per status
// of the lifecycle's main path each (a card in a side status sits in the
// column `columnOf` gives it), fixed-height rows. With fixed rows, the cards a viewport shows are two
// divisions away, which is what lets 5,000 cards render as a few dozen nodes.

import type { Status } from '../../src/core/model';
import { columnOf, DEFAULT_LIFECYCLE_VIEW, type CardView, type LifecycleView } from '../../src/shared/boardMessages';
import type { PackedCards } from '../../src/shared/packedCards';
import { cardMatches, type Filters } from './filter';

export const CARD_HEIGHT = 100; // px, gap included; board.css sizes cards to fit
export const LANE_HEADER = 30; // px, only when swimlanes are on
export const LANE_PADDING = 8; // px below each lane

export interface Lane {
  /** Agent name, `''` for "no agent", or `'*'` for the single lane without swimlanes. */
  readonly key: string;
  readonly title: string;
  readonly top: number;
  readonly height: number;
  /** Top of the first card row, relative to the lane. */
  readonly bodyTop: number;
  readonly columns: Readonly<Record<Status, readonly CardView[]>>;
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

/** File order: the order the people and agents wrote them in. */
export function compareCards(a: CardView, b: CardView): number {
  if (a.fileLabel !== b.fileLabel) return a.fileLabel < b.fileLabel ? -1 : 1;
  return a.line - b.line;
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
 * their packed arrays (`list` is `unpackCards(packed)`): a card's status,
 * agent, file and line are numbers there, so the page decides every card's
 * place without asking the card, and sorts a column only when it did not
 * arrive in file order.
 */
export function buildPackedLayout(packed: PackedCards, list: readonly CardView[], filters: Filters, swimlanes: boolean, lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW): Layout {
  const STATUSES = lifecycle.main;
  const { words } = packed;
  // Per word: the column index of the status it names (-1: none), and the rank of the file label it names.
  const columnOfWord = new Int32Array(words.length).fill(-2);
  const rankOfWord = labelRanks(packed);
  const filtering = filters.text !== '' || filters.agent !== '' || filters.priority !== '' || filters.file !== '' || filters.status !== '';
  const noName = words.indexOf('');
  const byLane = new Map<number, number[][]>();
  const counts = new Array<number>(STATUSES.length).fill(0);
  let shown = 0;
  for (let i = 0; i < packed.count; i++) {
    const w = packed.status[i];
    let c = columnOfWord[w];
    if (c === -2) {
      const column = columnOf(lifecycle, words[w] as Status);
      columnOfWord[w] = c = column === undefined ? -1 : STATUSES.indexOf(column);
    }
    if (c < 0) continue;
    if (filtering && !cardMatches(list[i], filters)) continue;
    // No agent and an empty name share the "No agent" lane.
    const agent = packed.agent[i];
    const lane = !swimlanes ? 0 : agent === noName ? -1 : agent;
    let cols = byLane.get(lane);
    if (!cols) byLane.set(lane, (cols = STATUSES.map(() => [])));
    cols[c]!.push(i);
    counts[c]++;
    shown++;
  }
  const inOrder = (a: number, b: number) => rankOfWord[packed.fileLabel[a]] - rankOfWord[packed.fileLabel[b]] || packed.line[a] - packed.line[b];
  const cardLanes = new Map<string, Record<Status, CardView[]>>();
  for (const [lane, cols] of byLane) {
    const columns: Record<Status, CardView[]> = {};
    STATUSES.forEach((s, c) => {
      const rows = cols[c]!;
      for (let r = 1; r < rows.length; r++) {
        if (inOrder(rows[r - 1]!, rows[r]!) > 0) {
          rows.sort(inOrder);
          break;
        }
      }
      const cards = new Array<CardView>(rows.length);
      for (let r = 0; r < rows.length; r++) cards[r] = list[rows[r]!]!;
      columns[s] = cards;
    });
    cardLanes.set(swimlanes ? (lane < 0 ? '' : words[lane]!) : '*', columns);
  }
  const countOf: Record<Status, number> = {};
  STATUSES.forEach((s, c) => (countOf[s] = counts[c]!));
  return { columns: STATUSES, ...lanesOf(cardLanes, STATUSES, swimlanes), counts: countOf, shown };
}

/** Per word of `packed`, the place of the file label it names among the labels, in `compareCards`' order. */
function labelRanks(packed: PackedCards): Int32Array {
  const isLabel = new Uint8Array(packed.words.length);
  for (let i = 0; i < packed.count; i++) isLabel[packed.fileLabel[i]] = 1;
  const labels: number[] = [];
  isLabel.forEach((yes, w) => yes && labels.push(w));
  // The words are distinct strings, so no two labels tie.
  labels.sort((a, b) => (packed.words[a]! < packed.words[b]! ? -1 : 1));
  const ranks = new Int32Array(packed.words.length);
  labels.forEach((w, i) => (ranks[w] = i));
  return ranks;
}

/** The lanes of the columns each lane holds (sorted): named agents alphabetically, then the unassigned lane last. */
function lanesOf(byLane: Map<string, Record<Status, CardView[]>>, STATUSES: readonly Status[], swimlanes: boolean): { lanes: Lane[]; height: number } {
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
      const row = lane.columns[status]!.findIndex((c) => c.key === key);
      if (row >= 0) return { lane, status, row };
    }
  }
  return undefined;
}
