// The extension's messages to the board (`ToWebview` in
// src/shared/boardMessages.ts): the whole state once, then deltas, a card's
// details, the outcome of a move, a file filter, and a card to reveal.

import { DEFAULT_LIFECYCLE_VIEW, type ToWebview } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import type { BoardView } from './boardView';
import type { DetailsPane } from './details';
import { UNDO_KEY } from './keyboard';
import { locate } from './layout';
import type { Renderer } from './renderer';
import type { SavedState } from './savedState';
import type { Selection } from './selection';
import type { StatusLine } from './statusLine';

export class Messages {
  /** `restore` is the saved state: the first `state` scrolls, selects and focuses as the user left the board. */
  constructor(
    private readonly state: BoardState,
    private readonly view: BoardView,
    private readonly renderer: Renderer,
    private readonly selection: Selection,
    private readonly details: DetailsPane,
    private readonly statusLine: StatusLine,
    private readonly restore: SavedState,
  ) {}

  receive(data: unknown): void {
    if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return;
    const { state, view } = this;
    const msg = data as ToWebview;
    switch (msg.type) {
      case 'state': {
        view.setLifecycle(msg.state.lifecycle ?? DEFAULT_LIFECYCLE_VIEW);
        state.cards.replace(msg.state.cards);
        view.setLists(msg.state.agents, msg.state.files, msg.state.unplaced, msg.state.omitted ?? []);
        if (msg.fileFilter !== undefined) view.setFileFilter(msg.fileFilter);
        state.pending.clear();
        const first = !state.loaded;
        state.loaded = true;
        state.taskFiles = msg.state.taskFiles;
        view.relayout();
        if (first) this.firstState();
        else if (state.selectedKey) this.selection.requestDetails(state.selectedKey);
        // When the page is next idle, after the frame: neither first paint nor the next delta pays for it.
        requestIdleCallback(() => state.cards.buildIndex());
        break;
      }
      case 'delta': {
        if (msg.lifecycle) view.setLifecycle(msg.lifecycle);
        const agentsChanged = state.cards.apply(msg.remove, msg.upsert);
        if (msg.taskFiles !== undefined) state.taskFiles = msg.taskFiles;
        for (const key of [...msg.remove, ...msg.upsert.map((c) => c.key)]) state.pending.delete(key);
        // A card's new agent is a new choice of the agent filter, as an agent file's is.
        if (agentsChanged || msg.agents || msg.files || msg.unplaced !== undefined || msg.omitted) {
          view.setLists(msg.agents ?? [...state.agents.values()], msg.files ?? state.files, msg.unplaced ?? state.unplaced, msg.omitted ?? state.omitted);
        }
        view.relayout();
        const sel = state.selectedKey;
        if (sel && (msg.remove.includes(sel) || msg.upsert.some((c) => c.key === sel))) {
          if (state.cards.has(sel)) this.selection.requestDetails(sel);
          else this.selection.select(undefined);
        }
        break;
      }
      case 'details': {
        const card = state.cards.get(msg.key);
        if (card && msg.key === state.selectedKey) this.details.showDetails(card, msg.fields, msg.entries, msg.mentions);
        break;
      }
      case 'moveResult': {
        this.renderer.clearPending(msg.key);
        // A card moved from here lands where its file puts it in its new column, maybe out of view: the card the
        // keyboard (or the pointer) is on is brought into view and keeps the focus.
        if (msg.ok && state.focusedKey === msg.key && this.renderer.hasFocus()) this.renderer.focusCard(msg.key);
        // Every outcome replaces what the line said before (an earlier refusal, the column a keyboard move chose).
        const id = state.cards.get(msg.key)?.id ?? 'The task';
        if (msg.message) this.statusLine.say(msg.message, msg.ok ? 'info' : 'error');
        else if (!msg.ok) this.statusLine.say(`${id} was not moved.`, 'info');
        else this.statusLine.say(msg.undoable ? `${id} moved. ${UNDO_KEY} puts it back.` : `${id} moved.`, 'info');
        break;
      }
      case 'undoResult':
        this.statusLine.say(msg.message, msg.ok ? 'info' : 'error');
        // As after a move: the card put back is brought into view, with the focus, when the focus is on the board.
        if (msg.ok && msg.key !== undefined && state.cards.has(msg.key) && this.renderer.hasFocus()) this.renderer.focusCard(msg.key);
        break;
      case 'fileFilter': {
        view.setFileFilter(msg.file);
        view.relayout();
        break;
      }
      case 'reveal': {
        if (!state.cards.has(msg.key)) break;
        // A card the filters hide cannot be shown: the filters go.
        if (!locate(state.layout, msg.key)) view.clearFilters();
        this.renderer.focusCard(msg.key);
        this.selection.select(msg.key);
        break;
      }
    }
  }

  /** The first state after the page loaded: back to the scroll, selection and focus that were saved. */
  private firstState(): void {
    const { state } = this;
    this.renderer.scroller.scrollTop = this.restore.scrollTop;
    this.renderer.render();
    if (state.selectedKey && state.cards.has(state.selectedKey)) this.selection.select(state.selectedKey);
    else state.selectedKey = undefined;
    if (state.focusedKey && state.cards.has(state.focusedKey) && this.restore.focusedKey) {
      this.renderer.cardElement(state.focusedKey)?.focus({ preventScroll: true });
    }
  }
}
