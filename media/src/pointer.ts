// The pointer on the board: a click selects a card (or claims it, on its
// Claim button), a double click opens its file, and HTML drag and drop moves
// it between columns.

import type { Status } from '../../src/core/model';
import type { CardView } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import type { CardElement } from './cardElement';
import { laneAgent } from './dropTargets';
import { dropAllowed } from './laneRules';
import { post } from './host';
import type { Moves } from './moves';
import type { Renderer } from './renderer';
import type { Selection } from './selection';

export function wirePointer(state: BoardState, renderer: Renderer, selection: Selection, moves: Moves): void {
  const scroller = renderer.scroller;
  const cardOf = (target: EventTarget | null): CardView | undefined => {
    const el = target instanceof Element ? (target.closest('.card') as CardElement | null) : null;
    return el?.card;
  };
  const statusOf = (target: EventTarget | null): Status | undefined => {
    const el = target instanceof Element ? (target.closest('.cell, .column-head') as HTMLElement | null) : null;
    const s = el?.dataset.status;
    return s && state.lifecycle.main.includes(s) ? s : undefined;
  };

  /** The swimlane under `target`: its agent, `''` for the lane of no agent; undefined without swimlanes. */
  const laneOf = (target: EventTarget | null): string | undefined =>
    laneAgent(target instanceof Element ? (target.closest('.lane') as HTMLElement | null)?.dataset.lane : undefined);

  scroller.addEventListener('click', (e) => {
    const card = cardOf(e.target);
    if (!card) return;
    if (e.target instanceof Element && e.target.closest('.card-claim')) {
      selection.claim(card);
      return;
    }
    // A click selects and shows the details; opening the file beside the board would squeeze it
    // to half the width, so that takes a double click, Enter, or the details pane's Open button.
    renderer.focusCard(card.key);
    selection.select(card.key);
  });
  scroller.addEventListener('dblclick', (e) => {
    const card = cardOf(e.target);
    if (!card || (e.target instanceof Element && e.target.closest('.card-claim'))) return;
    post({ type: 'open', key: card.key });
  });

  scroller.addEventListener('dragstart', (e) => {
    const card = cardOf(e.target);
    if (!card || !e.dataTransfer) return;
    e.dataTransfer.setData('text/plain', card.id);
    e.dataTransfer.effectAllowed = 'move';
    moves.startDrag(card, false);
  });
  scroller.addEventListener('dragover', (e) => {
    const d = state.drag;
    const to = statusOf(e.target);
    if (!d || d.keyboard || !to) return;
    const lane = laneOf(e.target);
    // Every column takes the event so that a drop on a forbidden one can say why.
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = dropAllowed(state.lifecycle, d, to, lane) ? 'move' : 'none';
    if (d.over !== to || d.overLane !== lane) {
      d.over = to;
      d.overLane = lane;
      moves.markAllDropTargets();
    }
  });
  scroller.addEventListener('drop', (e) => {
    const d = state.drag;
    const to = statusOf(e.target);
    if (!d || !to) return;
    e.preventDefault();
    d.dropped = true;
    moves.endDrag();
    moves.drop(d.key, to, laneOf(e.target));
  });
  scroller.addEventListener('dragend', () => {
    const d = state.drag;
    if (!d) return;
    moves.endDrag();
    // A forbidden column gets dropEffect 'none', so the browser fires no drop; explain the refusal anyway.
    if (!d.dropped && d.over && (d.over !== d.from || d.overLane !== undefined)) moves.drop(d.key, d.over, d.overLane);
  });
}
