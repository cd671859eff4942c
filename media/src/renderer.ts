// The virtualized board: the scroller, and in its canvas a lane per agent
// (or one lane), a cell per column in each, and only the cards in view (plus
// the focused and the dragged one) as elements. Rows have a fixed height
// (layout.ts), so what the viewport shows is a division away.

import type { Status } from '../../src/core/model';
import { columnTitle } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import { createCardElement, fillCardElement, type CardElement } from './cardElement';
import { h } from './dom';
import { laneAgent, markDropTarget } from './dropTargets';
import { CARD_HEIGHT, locate, visibleRows, type Lane } from './layout';

const OVERSCAN_ROWS = 3;

interface LaneElement {
  readonly root: HTMLElement;
  readonly header: HTMLElement;
  readonly cells: Readonly<Record<Status, HTMLElement>>;
  /** What an empty column says instead of showing nothing. */
  readonly empty: Readonly<Record<Status, HTMLElement>>;
}

/** What an empty column says, by column; with a filter on, that nothing matches. */
const EMPTY_COLUMN: Readonly<Record<string, string>> = {
  todo: 'No tasks waiting',
  claimed: 'No claimed tasks',
  in_progress: 'Nothing in progress',
  done: 'Nothing done yet',
};

function emptyColumnText(status: Status): string {
  return EMPTY_COLUMN[status] ?? `Nothing in ${columnTitle(status).toLowerCase()}`;
}

export class Renderer {
  readonly scroller = h('div', 'scroller');
  readonly canvas = h('div', 'canvas');
  private readonly cardEls = new Map<string, CardElement>();
  private readonly laneEls = new Map<string, LaneElement>();
  private renderQueued = false;

  /** `headRow` scrolls with the cards; `saveState` is asked after the focus moved. */
  constructor(
    private readonly state: BoardState,
    headRow: HTMLElement,
    private readonly saveState: () => void,
  ) {
    this.scroller.append(headRow, this.canvas);
  }

  /** The element of a card, if it is in the DOM now. */
  cardElement(key: string): CardElement | undefined {
    return this.cardEls.get(key);
  }

  /** The cards in the DOM now, by key. */
  cardElements(): IterableIterator<[string, CardElement]> {
    return this.cardEls.entries();
  }

  /** The cells of every lane in the DOM, with their lane's agent (undefined without swimlanes), for marking drop targets. */
  *cells(): Iterable<[Status, HTMLElement, string | undefined]> {
    for (const [key, laneEl] of this.laneEls) for (const s of this.state.lifecycle.main) yield [s, laneEl.cells[s]!, laneAgent(key)];
  }

  /** Drops every lane and card element: the columns changed, so the next render makes them again. */
  forgetAll(): void {
    for (const laneEl of this.laneEls.values()) laneEl.root.remove();
    this.laneEls.clear();
    for (const el of this.cardEls.values()) el.remove();
    this.cardEls.clear();
  }

  /** Makes every card on screen fill itself again at the next render (agents' colours may have changed). */
  refillAll(): void {
    for (const el of this.cardEls.values()) el.card = undefined;
  }

  setPending(key: string): void {
    this.state.pending.add(key);
    this.cardEls.get(key)?.classList.add('pending');
  }

  clearPending(key: string): void {
    this.state.pending.delete(key);
    this.cardEls.get(key)?.classList.remove('pending');
  }

  queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  /**
   * Whether the keyboard focus is on the board's cards, or was until its card was taken off the page (it left the
   * view): not in the toolbar, the details pane, or out of the page.
   */
  hasFocus(): boolean {
    const active = document.activeElement;
    return document.hasFocus() && (active === document.body || this.scroller.contains(active));
  }

  /** Scrolls a card into view, renders it, and focuses it. */
  focusCard(key: string): void {
    const where = locate(this.state.layout, key);
    if (!where) return;
    this.state.focusedKey = key;
    const top = where.lane.top + where.lane.bodyTop + where.row * CARD_HEIGHT + this.canvas.offsetTop;
    const headHeight = this.canvas.offsetTop;
    if (top - headHeight < this.scroller.scrollTop) this.scroller.scrollTop = top - headHeight;
    else if (top + CARD_HEIGHT > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + CARD_HEIGHT - this.scroller.clientHeight;
    }
    this.render();
    this.cardEls.get(key)?.focus({ preventScroll: true });
    this.saveState();
  }

  /** The height below the column heads: what the cards' canvas fills at least, so the board does not scroll by the heads' height. */
  private roomBelowHeads(): number {
    return Math.max(0, this.scroller.clientHeight - this.canvas.offsetTop);
  }

  /** Puts the cards of the viewport (and the focused or dragged one) in the DOM; removes the rest. */
  render(): void {
    const { state } = this;
    // Read once, before any write: a read after a style write makes the page lay itself out again.
    const room = this.roomBelowHeads();
    this.canvas.style.height = `${Math.max(state.layout.height, room)}px`;
    const hadFocus = document.activeElement instanceof HTMLElement && document.activeElement.classList.contains('card');
    const viewTop = this.scroller.scrollTop - this.canvas.offsetTop;
    const viewHeight = this.scroller.clientHeight || window.innerHeight;
    const keepKeys = [state.focusedKey, state.drag?.key].filter((k): k is string => k !== undefined);
    const keep = new Set<string>();
    const lanesKept = new Map<string, LaneElement>();
    const laneElement = (lane: Lane): LaneElement => {
      let laneEl = lanesKept.get(lane.key);
      if (!laneEl) lanesKept.set(lane.key, (laneEl = this.ensureLane(lane, room)));
      return laneEl;
    };
    const now = Date.now();
    let rovingKey = state.focusedKey;

    const place = (lane: Lane, status: Status, row: number) => {
      const cards = lane.columns[status];
      const card = cards.at(row)!;
      if (keep.has(card.key)) return;
      keep.add(card.key);
      rovingKey ??= card.key;
      const laneEl = laneElement(lane);
      let el = this.cardEls.get(card.key);
      if (!el) {
        el = createCardElement();
        this.cardEls.set(card.key, el);
      }
      if (el.card !== card) fillCardElement(el, card, state.agents, now, state.lifecycle);
      el.style.transform = `translateY(${row * CARD_HEIGHT}px)`;
      el.setAttribute('aria-posinset', String(row + 1));
      el.setAttribute('aria-setsize', String(cards.length));
      el.classList.toggle('selected', card.key === state.selectedKey);
      el.classList.toggle('pending', state.pending.has(card.key));
      if (card.key === state.selectedKey) el.setAttribute('aria-current', 'true');
      else el.removeAttribute('aria-current');
      const cell = laneEl.cells[status];
      if (el.parentElement !== cell) cell.append(el);
    };

    for (const lane of state.layout.lanes) {
      if (lane.top + lane.height < viewTop || lane.top > viewTop + viewHeight) continue;
      laneElement(lane);
      for (const s of state.lifecycle.main) {
        const [first, end] = visibleRows(lane, lane.columns[s]!.length, viewTop, viewHeight, OVERSCAN_ROWS);
        for (let row = first; row < end; row++) place(lane, s, row);
      }
    }
    for (const key of keepKeys) {
      const where = locate(state.layout, key);
      if (!where) continue;
      place(where.lane, where.status, where.row);
    }
    for (const [key, el] of this.cardEls) {
      if (keep.has(key)) {
        el.tabIndex = key === rovingKey ? 0 : -1;
        continue;
      }
      el.remove();
      this.cardEls.delete(key);
    }
    for (const [key, laneEl] of this.laneEls) {
      if (lanesKept.has(key)) continue;
      laneEl.root.remove();
      this.laneEls.delete(key);
    }
    // Re-parenting a card (it changed column) drops its focus; give it back.
    if (hadFocus && state.focusedKey && document.activeElement !== this.cardEls.get(state.focusedKey)) {
      this.cardEls.get(state.focusedKey)?.focus({ preventScroll: true });
    }
  }

  /** `room` is `roomBelowHeads()`, read by the caller before it wrote anything. */
  private ensureLane(lane: Lane, room: number): LaneElement {
    const { state } = this;
    const columns = state.lifecycle.main;
    let laneEl = this.laneEls.get(lane.key);
    if (!laneEl) {
      const root = h('div', 'lane');
      // Where a drop lands: the agent a claim in this lane is for (pointer.ts).
      root.dataset.lane = lane.key;
      const header = h('div', 'lane-header');
      const cells = {} as Record<Status, HTMLElement>;
      const empty = {} as Record<Status, HTMLElement>;
      columns.forEach((s, i) => {
        const cell = h('div', `cell column-${s}`);
        cell.dataset.status = s;
        cell.style.left = `calc(${i} * 100% / var(--columns))`;
        cell.setAttribute('role', 'list');
        empty[s] = h('div', 'cell-empty');
        cell.append(empty[s]);
        cells[s] = cell;
        root.append(cell);
      });
      root.prepend(header);
      laneEl = { root, header, cells, empty };
      this.laneEls.set(lane.key, laneEl);
      this.canvas.append(root);
    }
    // Without swimlanes the one lane reaches the bottom of the view, so the columns do not stop in mid-air.
    const only = state.layout.lanes.length === 1;
    const height = only ? Math.max(lane.height, room) : lane.height;
    laneEl.root.style.transform = `translateY(${lane.top}px)`;
    laneEl.root.style.height = `${height}px`;
    laneEl.header.hidden = lane.bodyTop === 0;
    const laneCount = columns.reduce((n, s) => n + lane.columns[s]!.length, 0);
    laneEl.header.textContent = `${lane.title} (${laneCount})`;
    const rowsHeight = height - lane.bodyTop - 8;
    const filtered = state.layout.shown < state.cards.size;
    for (const s of columns) {
      const note = laneEl.empty[s]!;
      note.hidden = !only || lane.columns[s]!.length > 0;
      note.textContent = filtered ? 'No task here matches the filters' : emptyColumnText(s);
      const cell = laneEl.cells[s]!;
      cell.style.top = `${lane.bodyTop}px`;
      cell.style.height = `${rowsHeight}px`;
      const where = lane.title ? `, lane ${lane.title}` : '';
      cell.setAttribute('aria-label', `${columnTitle(s)}${where}, ${lane.columns[s]!.length} cards`);
      markDropTarget(cell, s, state, laneAgent(lane.key));
    }
    return laneEl;
  }
}
