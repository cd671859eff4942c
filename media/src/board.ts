// The board webview: a column per status of the lifecycle's main path
// (todo, claimed, in_progress, done unless the repository says otherwise;
// side statuses such as blocked are chips on their cards), virtualized cards, filters,
// optional swimlanes by agent, a details pane, and moves by drag and drop or
// keyboard. It holds no truth of its own: the extension sends the cards
// (`state`, then `delta`s) and decides every move; this page only asks.

import './board.css';
import type { Status } from '../../src/core/model';
import {
  columnOf,
  columnTitle,
  DEFAULT_LIFECYCLE_VIEW,
  moveForDrop,
  refusalFor,
  type LifecycleView,
  type AgentView,
  type CardView,
  type FileView,
  type OmittedFile,
  type ToWebview,
} from '../../src/shared/boardMessages';
import { unpackCards } from '../../src/shared/packedCards';
import { canClaim, createCardElement, fillCardElement, type CardElement } from './cardElement';
import { CardSet } from './cardSet';
import { DetailsPane } from './details';
import { NONE, NO_FILTERS, filtersFrom, type Filters } from './filter';
import { post, saveState, savedState } from './host';
import { CARD_HEIGHT, buildLayout, locate, visibleRows, type Lane, type Layout } from './layout';

const OVERSCAN_ROWS = 3;
const COLUMN_ICONS: Readonly<Record<string, string>> = {
  todo: 'circle-large-outline',
  claimed: 'person',
  in_progress: 'play-circle',
  review: 'eye',
  done: 'pass',
};

interface SavedState {
  readonly filters: Filters;
  readonly swimlanes: boolean;
  readonly scrollTop: number;
  readonly focusedKey?: string;
  readonly selectedKey?: string;
}

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

interface Drag {
  readonly key: string;
  /** The column the card sits in. */
  readonly from: Status;
  /** The card's status (a side status sits in a main status's column). */
  readonly status: Status;
  readonly kind: CardView['kind'];
  /** The column the pointer or the arrow keys are over now. */
  over?: Status;
  dropped: boolean;
  readonly keyboard: boolean;
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function icon(name: string): HTMLElement {
  const i = h('i', `codicon codicon-${name}`);
  i.setAttribute('aria-hidden', 'true');
  return i;
}

function readSaved(): SavedState {
  const raw = savedState();
  const v = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return {
    filters: filtersFrom(v.filters),
    swimlanes: v.swimlanes === true,
    scrollTop: typeof v.scrollTop === 'number' && Number.isFinite(v.scrollTop) ? v.scrollTop : 0,
    focusedKey: str(v.focusedKey),
    selectedKey: str(v.selectedKey),
  };
}

class Board {
  private readonly cards = new CardSet();
  private agents = new Map<string, AgentView>();
  private files: readonly FileView[] = [];
  private unplaced = 0;
  private omitted: readonly OmittedFile[] = [];
  private filters: Filters;
  private swimlanes: boolean;
  private layout: Layout = buildLayout([], NO_FILTERS, false);
  private readonly cardEls = new Map<string, CardElement>();
  private readonly laneEls = new Map<string, LaneElement>();
  private readonly pending = new Set<string>();
  private focusedKey: string | undefined;
  private selectedKey: string | undefined;
  private drag: Drag | undefined;
  private gotState = false;
  private readonly restore: SavedState;
  private renderQueued = false;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly textInput = h('input', 'filter-text');
  private readonly agentSelect = h('select', 'filter-agent');
  private readonly prioritySelect = h('select', 'filter-priority');
  private readonly fileSelect = h('select', 'filter-file');
  private readonly laneToggle = h('input', 'filter-lanes');
  private readonly summary = h('span', 'summary');
  private heads: Record<Status, { root: HTMLElement; count: HTMLElement }> = {};
  private readonly headRow = h('div', 'column-heads');
  private lifecycle: LifecycleView = DEFAULT_LIFECYCLE_VIEW;
  private readonly statusSelect = h('select', 'filter-status');
  private readonly scroller = h('div', 'scroller');
  private readonly canvas = h('div', 'canvas');
  private readonly status = h('div', 'status');
  private readonly detailsRoot = h('aside', 'details');
  private readonly details: DetailsPane;

  constructor(root: HTMLElement) {
    this.restore = readSaved();
    this.filters = this.restore.filters;
    this.swimlanes = this.restore.swimlanes;
    this.focusedKey = this.restore.focusedKey;
    this.selectedKey = this.restore.selectedKey;

    const toolbar = h('div', 'toolbar');
    toolbar.setAttribute('role', 'search');
    toolbar.setAttribute('aria-label', 'Filter tasks');
    this.textInput.type = 'search';
    this.textInput.placeholder = 'Filter by id, title, agent';
    this.textInput.setAttribute('aria-label', 'Filter by text');
    this.textInput.value = this.filters.text;
    this.agentSelect.setAttribute('aria-label', 'Filter by agent');
    this.prioritySelect.setAttribute('aria-label', 'Filter by priority');
    this.fileSelect.setAttribute('aria-label', 'Filter by file');
    this.statusSelect.setAttribute('aria-label', 'Filter by status');
    this.fillSelect(this.prioritySelect, [['', 'All priorities'], ['high', 'High'], ['medium', 'Medium'], ['low', 'Low'], [NONE, 'No priority']], this.filters.priority);
    this.laneToggle.type = 'checkbox';
    this.laneToggle.checked = this.swimlanes;
    const laneLabel = h('label', 'lanes-toggle');
    laneLabel.append(this.laneToggle, document.createTextNode('Swimlanes by agent'));
    const search = h('span', 'search-box');
    search.append(icon('search'), this.textInput);
    toolbar.append(search, this.agentSelect, this.prioritySelect, this.statusSelect, this.fileSelect, laneLabel, this.summary);

    const board = h('div', 'board');
    board.setAttribute('role', 'region');
    board.setAttribute('aria-label', 'Task board');
    this.buildHeads();
    this.scroller.append(this.headRow, this.canvas);
    board.append(this.scroller);

    this.detailsRoot.setAttribute('aria-label', 'Task details');
    this.details = new DetailsPane(this.detailsRoot, (key) => post({ type: 'open', key }));
    this.details.clear();

    const main = h('div', 'main');
    main.append(board, this.detailsRoot);
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    const help = h('div', 'keys-help', 'Arrows: move between cards · Enter: open · Space: pick up, arrows to choose a column, Space to drop · C: claim');
    help.id = 'board-keys-help';
    root.replaceChildren(toolbar, main, this.status, help);
    this.canvas.setAttribute('aria-describedby', help.id);

    this.wireFilters();
    this.wirePointer();
    this.wireKeyboard();
    this.scroller.addEventListener('scroll', () => {
      this.queueRender();
      this.queueSave();
    });
    new ResizeObserver(() => this.queueRender()).observe(this.scroller);
    // When focus moves out to the workbench (the agent quick pick of a claim, the palette), Chromium
    // clears this page's focused element, and VS Code gives the focus back to the page, not to the card.
    // Hand it back to the card the keyboard was on, so Space, arrows and C go on working.
    window.addEventListener('focus', () => {
      if (document.activeElement !== document.body || this.focusedKey === undefined) return;
      this.cardEls.get(this.focusedKey)?.focus({ preventScroll: true });
    });
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
  }

  /** The columns, left to right: the lifecycle's main path. */
  private get columns(): readonly Status[] {
    return this.lifecycle.main;
  }

  /** One head per column; the lanes' cells follow (they are rebuilt with the lanes). */
  private buildHeads(): void {
    this.heads = {};
    const heads: HTMLElement[] = [];
    for (const s of this.columns) {
      const head = h('div', `column-head column-${s}`);
      head.dataset.status = s;
      head.setAttribute('role', 'heading');
      head.setAttribute('aria-level', '2');
      const count = h('span', 'column-count', '0');
      head.append(icon(COLUMN_ICONS[s] ?? 'circle-outline'), h('span', 'column-title', columnTitle(s)), count);
      heads.push(head);
      this.heads[s] = { root: head, count };
    }
    this.headRow.replaceChildren(...heads);
    // board.css lays the heads and cells out in this many columns.
    document.documentElement.style.setProperty('--columns', String(this.columns.length));
    const options: [string, string][] = [['', 'All statuses'], ...[...this.columns, ...this.lifecycle.side.map((x) => x.name)].map((x): [string, string] => [x, columnTitle(x)])];
    this.filters = { ...this.filters, status: this.fillSelect(this.statusSelect, options, this.filters.status) };
  }

  /** Another lifecycle: new columns, and every lane's cells made again for them. */
  private setLifecycle(lifecycle: LifecycleView): void {
    if (JSON.stringify(lifecycle) === JSON.stringify(this.lifecycle)) return;
    this.lifecycle = lifecycle;
    this.buildHeads();
    for (const laneEl of this.laneEls.values()) laneEl.root.remove();
    this.laneEls.clear();
    for (const el of this.cardEls.values()) el.remove();
    this.cardEls.clear();
  }

  // ---- messages ----

  private receive(data: unknown): void {
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
    const msg = data as ToWebview;
    switch (msg.type) {
      case 'state': {
        this.setLifecycle(msg.state.lifecycle ?? DEFAULT_LIFECYCLE_VIEW);
        this.cards.replace(unpackCards(msg.state.cards));
        this.setLists(msg.state.agents, msg.state.files, msg.state.unplaced, msg.state.omitted ?? []);
        if (msg.fileFilter !== undefined) this.setFileFilter(msg.fileFilter);
        this.pending.clear();
        this.relayout();
        if (!this.gotState) this.firstState();
        else if (this.selectedKey) this.requestDetails(this.selectedKey);
        this.gotState = true;
        // When the page is next idle, after the frame: neither first paint nor the next delta pays for it.
        requestIdleCallback(() => this.cards.buildIndex());
        break;
      }
      case 'delta': {
        if (msg.lifecycle) this.setLifecycle(msg.lifecycle);
        this.cards.apply(msg.remove, msg.upsert);
        for (const key of [...msg.remove, ...msg.upsert.map((c) => c.key)]) this.pending.delete(key);
        if (msg.agents || msg.files || msg.unplaced !== undefined || msg.omitted) {
          this.setLists(msg.agents ?? [...this.agents.values()], msg.files ?? this.files, msg.unplaced ?? this.unplaced, msg.omitted ?? this.omitted);
        }
        this.relayout();
        const sel = this.selectedKey;
        if (sel && (msg.remove.includes(sel) || msg.upsert.some((c) => c.key === sel))) {
          if (this.cards.has(sel)) this.requestDetails(sel);
          else this.select(undefined);
        }
        break;
      }
      case 'details': {
        const card = this.cards.get(msg.key);
        if (card && msg.key === this.selectedKey) this.details.showDetails(card, msg.fields, msg.entries, msg.mentions);
        break;
      }
      case 'moveResult': {
        this.pending.delete(msg.key);
        this.cardEls.get(msg.key)?.classList.remove('pending');
        if (!msg.ok && msg.message) this.say(msg.message, 'error');
        else if (msg.ok && msg.message) this.say(msg.message, 'info');
        break;
      }
      case 'fileFilter': {
        this.setFileFilter(msg.file);
        this.relayout();
        break;
      }
      case 'reveal': {
        if (!this.cards.has(msg.key)) break;
        // A card the filters hide cannot be shown: the filters go.
        if (!locate(this.layout, msg.key)) this.clearFilters();
        this.focusCard(msg.key);
        this.select(msg.key);
        break;
      }
    }
  }

  private clearFilters(): void {
    this.textInput.value = '';
    for (const select of [this.agentSelect, this.prioritySelect, this.statusSelect, this.fileSelect]) select.value = '';
    this.filters = NO_FILTERS;
    this.relayout();
    this.queueSave();
  }

  private firstState(): void {
    this.scroller.scrollTop = this.restore.scrollTop;
    this.render();
    if (this.selectedKey && this.cards.has(this.selectedKey)) this.select(this.selectedKey);
    else this.selectedKey = undefined;
    if (this.focusedKey && this.cards.has(this.focusedKey) && this.restore.focusedKey) {
      const el = this.cardEls.get(this.focusedKey);
      el?.focus({ preventScroll: true });
    }
  }

  private setLists(agents: readonly AgentView[], files: readonly FileView[], unplaced: number, omitted: readonly OmittedFile[]): void {
    this.agents = new Map(agents.map((a) => [a.name, a]));
    this.files = files;
    this.unplaced = unplaced;
    this.omitted = omitted;
    const names = new Set(agents.map((a) => a.name));
    for (const c of this.cards.values()) if (c.agent) names.add(c.agent);
    const agentOptions: [string, string][] = [['', 'All agents'], ...[...names].sort().map((n): [string, string] => [n, n]), [NONE, 'No agent']];
    this.filters = { ...this.filters, agent: this.fillSelect(this.agentSelect, agentOptions, this.filters.agent) };
    const fileOptions: [string, string][] = [['', 'All files'], ...files.map((f): [string, string] => [f.uri, f.label])];
    this.filters = { ...this.filters, file: this.fillSelect(this.fileSelect, fileOptions, this.filters.file) };
    // Colours may have changed: refill every card on screen.
    for (const el of this.cardEls.values()) el.card = undefined;
  }

  private setFileFilter(file: string): void {
    this.filters = { ...this.filters, file: this.files.some((f) => f.uri === file) ? file : '' };
    this.fileSelect.value = this.filters.file;
    this.queueSave();
  }

  /** Replaces a select's options; returns the value kept (the old one if still offered, else `''`). */
  private fillSelect(select: HTMLSelectElement, options: readonly [string, string][], value: string): string {
    const same = select.options.length === options.length && options.every(([v, l], i) => select.options[i].value === v && select.options[i].text === l);
    if (!same) {
      select.replaceChildren(
        ...options.map(([v, l]) => {
          const o = document.createElement('option');
          o.value = v;
          o.textContent = l;
          return o;
        }),
      );
    }
    const kept = options.some(([v]) => v === value) ? value : '';
    select.value = kept;
    return kept;
  }

  private requestDetails(key: string): void {
    post({ type: 'select', key });
  }

  // ---- layout and virtualized rendering ----

  private relayout(): void {
    this.layout = buildLayout(this.cards.values(), this.filters, this.swimlanes, this.lifecycle);
    for (const s of this.columns) {
      this.heads[s]!.count.textContent = String(this.layout.counts[s]);
      this.heads[s]!.root.setAttribute('aria-label', `${columnTitle(s)}, ${this.layout.counts[s]} cards`);
    }
    const total = this.cards.size;
    let text = this.layout.shown === total ? tasksText(total) : `${this.layout.shown} of ${tasksText(total)}`;
    if (this.layout.shown === 0 && total > 0) text += ' · no task matches the filters';
    if (this.unplaced > 0) text += ` · ${this.unplaced} without a readable status (see Problems)`;
    for (const f of this.omitted) {
      text += ` · ${f.label} not shown: its ${f.tasks.toLocaleString('en')} tasks are more than the board holds (use the Tasks view)`;
    }
    this.summary.textContent = text;
    if (this.focusedKey && !locate(this.layout, this.focusedKey)) this.focusedKey = undefined;
    this.render();
  }

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  /** Puts the cards of the viewport (and the focused or dragged one) in the DOM; removes the rest. */
  /** The height below the column heads: what the cards' canvas fills at least, so the board does not scroll by the heads' height. */
  private roomBelowHeads(): number {
    return Math.max(0, this.scroller.clientHeight - this.canvas.offsetTop);
  }

  private render(): void {
    this.canvas.style.height = `${Math.max(this.layout.height, this.roomBelowHeads())}px`;
    const hadFocus = document.activeElement instanceof HTMLElement && document.activeElement.classList.contains('card');
    const viewTop = this.scroller.scrollTop - this.canvas.offsetTop;
    const viewHeight = this.scroller.clientHeight || window.innerHeight;
    const keepKeys = [this.focusedKey, this.drag?.key].filter((k): k is string => k !== undefined);
    const keep = new Set<string>();
    const lanesKept = new Set<string>();
    const now = Date.now();
    let rovingKey = this.focusedKey;

    const place = (lane: Lane, status: Status, row: number) => {
      const cards = lane.columns[status];
      const card = cards[row];
      if (keep.has(card.key)) return;
      keep.add(card.key);
      rovingKey ??= card.key;
      const laneEl = this.ensureLane(lane);
      let el = this.cardEls.get(card.key);
      if (!el) {
        el = createCardElement();
        this.cardEls.set(card.key, el);
      }
      if (el.card !== card) fillCardElement(el, card, this.agents, now, this.lifecycle);
      el.style.transform = `translateY(${row * CARD_HEIGHT}px)`;
      el.setAttribute('aria-posinset', String(row + 1));
      el.setAttribute('aria-setsize', String(cards.length));
      el.classList.toggle('selected', card.key === this.selectedKey);
      el.classList.toggle('pending', this.pending.has(card.key));
      if (card.key === this.selectedKey) el.setAttribute('aria-current', 'true');
      else el.removeAttribute('aria-current');
      const cell = laneEl.cells[status];
      if (el.parentElement !== cell) cell.append(el);
    };

    for (const lane of this.layout.lanes) {
      if (lane.top + lane.height < viewTop || lane.top > viewTop + viewHeight) continue;
      lanesKept.add(lane.key);
      this.ensureLane(lane);
      for (const s of this.columns) {
        const [first, end] = visibleRows(lane, lane.columns[s]!.length, viewTop, viewHeight, OVERSCAN_ROWS);
        for (let row = first; row < end; row++) place(lane, s, row);
      }
    }
    for (const key of keepKeys) {
      const where = locate(this.layout, key);
      if (!where) continue;
      lanesKept.add(where.lane.key);
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
    if (hadFocus && this.focusedKey && document.activeElement !== this.cardEls.get(this.focusedKey)) {
      this.cardEls.get(this.focusedKey)?.focus({ preventScroll: true });
    }
  }

  private ensureLane(lane: Lane): LaneElement {
    let laneEl = this.laneEls.get(lane.key);
    if (!laneEl) {
      const root = h('div', 'lane');
      const header = h('div', 'lane-header');
      const cells = {} as Record<Status, HTMLElement>;
      const empty = {} as Record<Status, HTMLElement>;
      this.columns.forEach((s, i) => {
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
    const only = this.layout.lanes.length === 1;
    const height = only ? Math.max(lane.height, this.roomBelowHeads()) : lane.height;
    laneEl.root.style.transform = `translateY(${lane.top}px)`;
    laneEl.root.style.height = `${height}px`;
    laneEl.header.hidden = lane.bodyTop === 0;
    const laneCount = this.columns.reduce((n, s) => n + lane.columns[s]!.length, 0);
    laneEl.header.textContent = `${lane.title} (${laneCount})`;
    const rowsHeight = height - lane.bodyTop - 8;
    const filtered = this.layout.shown < this.cards.size;
    for (const s of this.columns) {
      const note = laneEl.empty[s]!;
      note.hidden = !only || lane.columns[s]!.length > 0;
      note.textContent = filtered ? 'No task here matches the filters' : emptyColumnText(s);
      const cell = laneEl.cells[s]!;
      cell.style.top = `${lane.bodyTop}px`;
      cell.style.height = `${rowsHeight}px`;
      const where = lane.title ? `, lane ${lane.title}` : '';
      cell.setAttribute('aria-label', `${columnTitle(s)}${where}, ${lane.columns[s]!.length} cards`);
      this.markDropTarget(cell, s);
    }
    return laneEl;
  }

  // ---- filters ----

  private wireFilters(): void {
    const changed = () => {
      this.filters = {
        text: this.textInput.value.trim(),
        agent: this.agentSelect.value,
        priority: this.prioritySelect.value,
        file: this.fileSelect.value,
        status: this.statusSelect.value,
      };
      this.swimlanes = this.laneToggle.checked;
      this.relayout();
      this.queueSave();
    };
    this.textInput.addEventListener('input', changed);
    for (const s of [this.agentSelect, this.prioritySelect, this.statusSelect, this.fileSelect, this.laneToggle]) s.addEventListener('change', changed);
  }

  private queueSave(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      const state: SavedState = {
        filters: this.filters,
        swimlanes: this.swimlanes,
        scrollTop: this.scroller.scrollTop,
        focusedKey: this.focusedKey,
        selectedKey: this.selectedKey,
      };
      saveState(state);
    }, 150);
  }

  // ---- selection, opening, claiming ----

  private select(key: string | undefined): void {
    // An old refusal or result would read as being about the card just chosen.
    this.clearStatus();
    this.selectedKey = key;
    const card = key ? this.cards.get(key) : undefined;
    if (card) {
      this.details.showCard(card);
      this.requestDetails(card.key);
    } else {
      this.selectedKey = undefined;
      this.details.clear();
    }
    for (const [k, el] of this.cardEls) {
      el.classList.toggle('selected', k === this.selectedKey);
      if (k === this.selectedKey) el.setAttribute('aria-current', 'true');
      else el.removeAttribute('aria-current');
    }
    this.queueSave();
  }

  private claim(card: CardView): void {
    if (!canClaim(card, this.lifecycle)) return;
    this.setPending(card.key);
    post({ type: 'claim', key: card.key });
  }

  private setPending(key: string): void {
    this.pending.add(key);
    this.cardEls.get(key)?.classList.add('pending');
  }

  // ---- moves: drag and drop, and the keyboard ----

  private markDropTarget(target: HTMLElement, status: Status): void {
    const d = this.drag;
    const legal = d !== undefined && (status === d.from || moveForDrop(this.lifecycle, d.kind, d.status, status) !== undefined);
    target.classList.toggle('drop-legal', d !== undefined && legal && status !== d.from);
    target.classList.toggle('drop-illegal', d !== undefined && !legal);
    target.classList.toggle('drop-over', d !== undefined && d.over === status && status !== d.from);
    if (d && !legal) target.setAttribute('aria-disabled', 'true');
    else target.removeAttribute('aria-disabled');
  }

  private markAllDropTargets(): void {
    document.body.classList.toggle('dragging', this.drag !== undefined);
    for (const s of this.columns) this.markDropTarget(this.heads[s]!.root, s);
    for (const laneEl of this.laneEls.values()) for (const s of this.columns) this.markDropTarget(laneEl.cells[s]!, s);
  }

  private startDrag(card: CardView, keyboard: boolean): void {
    this.clearStatus();
    const column = columnOf(this.lifecycle, card.status) ?? card.status;
    this.drag = { key: card.key, from: column, status: card.status, kind: card.kind, over: keyboard ? column : undefined, dropped: false, keyboard };
    this.cardEls.get(card.key)?.classList.add('lifted');
    this.markAllDropTargets();
    if (keyboard) this.say(`Picked up ${card.id}. Left and right arrows choose a column, Space drops, Escape cancels.`, 'info');
  }

  private endDrag(): void {
    const d = this.drag;
    this.drag = undefined;
    if (d) this.cardEls.get(d.key)?.classList.remove('lifted');
    this.markAllDropTargets();
  }

  /** A drop on `to`: refused here when the lifecycle forbids it, else asked of the extension. */
  private drop(key: string, to: Status): void {
    const card = this.cards.get(key);
    if (!card || card.status === to) return;
    const move = moveForDrop(this.lifecycle, card.kind, card.status, to);
    if (!move) {
      this.say(`${card.id}: ${refusalFor(this.lifecycle, card.kind, card.status, to)}`, 'error');
      return;
    }
    this.setPending(key);
    if (move === 'claim') post({ type: 'claim', key });
    else post({ type: 'move', key, from: card.status, to });
  }

  private wirePointer(): void {
    const cardOf = (target: EventTarget | null): CardView | undefined => {
      const el = target instanceof Element ? (target.closest('.card') as CardElement | null) : null;
      return el?.card;
    };
    const statusOf = (target: EventTarget | null): Status | undefined => {
      const el = target instanceof Element ? (target.closest('.cell, .column-head') as HTMLElement | null) : null;
      const s = el?.dataset.status;
      return s && this.columns.includes(s) ? s : undefined;
    };

    this.scroller.addEventListener('click', (e) => {
      const card = cardOf(e.target);
      if (!card) return;
      if (e.target instanceof Element && e.target.closest('.card-claim')) {
        this.claim(card);
        return;
      }
      // A click selects and shows the details; opening the file beside the board would squeeze it
      // to half the width, so that takes a double click, Enter, or the details pane's Open button.
      this.focusCard(card.key);
      this.select(card.key);
    });
    this.scroller.addEventListener('dblclick', (e) => {
      const card = cardOf(e.target);
      if (!card || (e.target instanceof Element && e.target.closest('.card-claim'))) return;
      post({ type: 'open', key: card.key });
    });

    this.scroller.addEventListener('dragstart', (e) => {
      const card = cardOf(e.target);
      if (!card || !e.dataTransfer) return;
      e.dataTransfer.setData('text/plain', card.id);
      e.dataTransfer.effectAllowed = 'move';
      this.startDrag(card, false);
    });
    this.scroller.addEventListener('dragover', (e) => {
      const d = this.drag;
      const to = statusOf(e.target);
      if (!d || d.keyboard || !to) return;
      // Every column takes the event so that a drop on a forbidden one can say why.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = to === d.from || moveForDrop(this.lifecycle, d.kind, d.status, to) ? 'move' : 'none';
      if (d.over !== to) {
        d.over = to;
        this.markAllDropTargets();
      }
    });
    this.scroller.addEventListener('drop', (e) => {
      const d = this.drag;
      const to = statusOf(e.target);
      if (!d || !to) return;
      e.preventDefault();
      d.dropped = true;
      this.endDrag();
      this.drop(d.key, to);
    });
    this.scroller.addEventListener('dragend', () => {
      const d = this.drag;
      if (!d) return;
      this.endDrag();
      // A forbidden column gets dropEffect 'none', so the browser fires no drop; explain the refusal anyway.
      if (!d.dropped && d.over && d.over !== d.from) this.drop(d.key, d.over);
    });
  }

  private wireKeyboard(): void {
    this.scroller.addEventListener('focusin', (e) => {
      const el = e.target instanceof Element ? (e.target.closest('.card') as CardElement | null) : null;
      if (el?.card && this.focusedKey !== el.card.key) {
        this.focusedKey = el.card.key;
        for (const [k, c] of this.cardEls) c.tabIndex = k === this.focusedKey ? 0 : -1;
        this.queueSave();
      }
    });
    this.scroller.addEventListener('keydown', (e) => {
      const el = e.target instanceof Element ? (e.target.closest('.card') as CardElement | null) : null;
      const card = el?.card;
      if (!card) return;
      const d = this.drag;
      if (d?.keyboard) {
        this.dragKey(e, d);
        return;
      }
      let handled = true;
      switch (e.key) {
        case 'ArrowUp':
          this.moveFocus(card, 0, -1);
          break;
        case 'ArrowDown':
          this.moveFocus(card, 0, 1);
          break;
        case 'ArrowLeft':
          this.moveFocus(card, -1, 0);
          break;
        case 'ArrowRight':
          this.moveFocus(card, 1, 0);
          break;
        case 'Home':
          this.moveFocus(card, 0, -Infinity);
          break;
        case 'End':
          this.moveFocus(card, 0, Infinity);
          break;
        case 'PageUp':
          this.moveFocus(card, 0, -Math.max(1, Math.floor(this.scroller.clientHeight / CARD_HEIGHT) - 1));
          break;
        case 'PageDown':
          this.moveFocus(card, 0, Math.max(1, Math.floor(this.scroller.clientHeight / CARD_HEIGHT) - 1));
          break;
        case 'Enter':
          this.select(card.key);
          post({ type: 'open', key: card.key });
          break;
        case ' ':
          this.startDrag(card, true);
          break;
        case 'c':
        case 'C':
          if (canClaim(card, this.lifecycle)) this.claim(card);
          else handled = false;
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    });
  }

  private dragKey(e: KeyboardEvent, d: Drag): void {
    const columns = this.columns;
    const i = columns.indexOf(d.over ?? d.from);
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight': {
        const next = columns[Math.min(columns.length - 1, Math.max(0, i + (e.key === 'ArrowLeft' ? -1 : 1)))]!;
        d.over = next;
        this.markAllDropTargets();
        const legal = next === d.from || moveForDrop(this.lifecycle, d.kind, d.status, next) !== undefined;
        this.say(`${columnTitle(next)}${legal ? '' : ' (not allowed)'}`, 'info');
        break;
      }
      case ' ':
      case 'Enter':
        this.endDrag();
        if (d.over && d.over !== d.from) this.drop(d.key, d.over);
        else this.say('Dropped in place.', 'info');
        break;
      case 'Escape':
      case 'Tab':
        this.endDrag();
        this.say('Move cancelled.', 'info');
        if (e.key === 'Tab') return;
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  private moveFocus(card: CardView, dx: number, dy: number): void {
    const where = locate(this.layout, card.key);
    if (!where) return;
    let { status, row } = where;
    const lanes = this.layout.lanes;
    let laneIndex = lanes.indexOf(where.lane);
    if (dx !== 0) {
      const columns = this.columns;
      let col = columns.indexOf(status);
      // Skip empty columns in the direction of travel.
      for (let c = col + dx; c >= 0 && c < columns.length; c += dx) {
        if (where.lane.columns[columns[c]!]!.length > 0) {
          col = c;
          break;
        }
      }
      status = columns[col]!;
      row = Math.min(row, where.lane.columns[status].length - 1);
    } else {
      let target = row + dy;
      if (!Number.isFinite(target)) target = dy < 0 ? 0 : where.lane.columns[status].length - 1;
      // Up from the first row and down from the last go to the neighbouring lane.
      if (target < 0 && laneIndex > 0 && Number.isFinite(dy)) {
        laneIndex--;
        const cards = lanes[laneIndex].columns[status];
        if (cards.length === 0) return;
        target = cards.length - 1;
      } else if (target >= where.lane.columns[status].length && laneIndex < lanes.length - 1 && Number.isFinite(dy)) {
        laneIndex++;
        if (lanes[laneIndex].columns[status].length === 0) return;
        target = 0;
      }
      row = Math.max(0, Math.min(target, lanes[laneIndex].columns[status].length - 1));
    }
    const next = lanes[laneIndex].columns[status][row];
    if (next) this.focusCard(next.key);
  }

  /** Scrolls a card into view, renders it, and focuses it. */
  private focusCard(key: string): void {
    const where = locate(this.layout, key);
    if (!where) return;
    this.focusedKey = key;
    const top = where.lane.top + where.lane.bodyTop + where.row * CARD_HEIGHT + this.canvas.offsetTop;
    const headHeight = this.canvas.offsetTop;
    if (top - headHeight < this.scroller.scrollTop) this.scroller.scrollTop = top - headHeight;
    else if (top + CARD_HEIGHT > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + CARD_HEIGHT - this.scroller.clientHeight;
    }
    this.render();
    this.cardEls.get(key)?.focus({ preventScroll: true });
    this.queueSave();
  }

  private say(message: string, severity: 'info' | 'error'): void {
    this.status.textContent = message;
    this.status.className = `status status-${severity}`;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => this.clearStatus(), 10_000);
  }

  private clearStatus(): void {
    clearTimeout(this.statusTimer);
    this.status.textContent = '';
    this.status.className = 'status';
  }
}

function tasksText(n: number): string {
  return n === 1 ? '1 task' : `${n} tasks`;
}

const root = document.getElementById('board-root') ?? document.body;
new Board(root);
post({ type: 'ready' });
