// The board from the keyboard: arrows, Home, End and the page keys move the
// focus between cards (one tab stop, a roving tabindex) and the details pane
// with it, Enter opens, C
// claims, and Space picks a card up, the left and right arrows choose a
// column (with swimlanes, up and down a lane), and Space drops it (Escape or
// Tab cancels). Ctrl+Z (⌘Z on a Mac) puts back the last
// move made from the board, wherever the focus is on the page but a text field.

import { columnTitle, type CardView } from '../../src/shared/boardMessages';
import type { BoardState, Drag } from './boardState';
import { canClaim, type CardElement } from './cardElement';
import { dropAllowed, outOfLane } from './laneRules';
import { post } from './host';
import { CARD_HEIGHT, locate } from './layout';
import type { Moves } from './moves';
import type { Renderer } from './renderer';
import type { Selection } from './selection';
import type { StatusLine } from './statusLine';

/** The key that undoes a move, as this platform writes it. */
export const UNDO_KEY = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘Z' : 'Ctrl+Z';

/** Ctrl+Z, or ⌘Z on a Mac: Undo, without Shift (Redo) or Alt; the Z key of a layout whose letters are not Latin too. */
function isUndo(e: KeyboardEvent): boolean {
  const z = e.key.toLowerCase() === 'z' || (e.code === 'KeyZ' && !/^[a-z]$/i.test(e.key));
  return (UNDO_KEY === '⌘Z' ? e.metaKey : e.ctrlKey) && !e.shiftKey && !e.altKey && z;
}

/** A field the user types in: its own Undo (the browser's) is left to it. */
function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement);
}

export class Keyboard {
  constructor(
    private readonly state: BoardState,
    private readonly renderer: Renderer,
    private readonly selection: Selection,
    private readonly moves: Moves,
    private readonly statusLine: StatusLine,
    saveState: () => void,
  ) {
    const scroller = renderer.scroller;
    scroller.addEventListener('focusin', (e) => {
      const el = e.target instanceof Element ? (e.target.closest('.card') as CardElement | null) : null;
      if (el?.card && state.focusedKey !== el.card.key) {
        state.focusedKey = el.card.key;
        for (const [k, c] of renderer.cardElements()) c.tabIndex = k === state.focusedKey ? 0 : -1;
        saveState();
      }
    });
    scroller.addEventListener('keydown', (e) => this.keydown(e));
    document.addEventListener('keydown', (e) => {
      if (!isUndo(e) || state.drag || isTextField(e.target)) return;
      e.preventDefault();
      // A held key repeats: one undo per press.
      if (e.repeat) return;
      post({ type: 'undo' });
    });
  }

  private keydown(e: KeyboardEvent): void {
    const el = e.target instanceof Element ? (e.target.closest('.card') as CardElement | null) : null;
    const card = el?.card;
    if (!card) return;
    const d = this.state.drag;
    if (d?.keyboard) {
      this.dragKey(e, d);
      return;
    }
    // Ctrl+C copies, ⌘Z undoes: a character with a modifier is never the board's own (C would claim). The arrows,
    // Home and End keep theirs (Ctrl+Home, ⌘↑).
    if ((e.ctrlKey || e.metaKey || e.altKey) && e.key.length === 1) return;
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
        this.moveFocus(card, 0, -this.pageRows());
        break;
      case 'PageDown':
        this.moveFocus(card, 0, this.pageRows());
        break;
      case 'Enter':
        this.selection.select(card.key);
        post({ type: 'open', key: card.key });
        break;
      case ' ':
        this.moves.startDrag(card, true);
        break;
      case 'c':
      case 'C':
        if (canClaim(card, this.state.lifecycle)) this.selection.claim(card);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }

  /** How many rows PageUp and PageDown move: a screenful, less one for context. */
  private pageRows(): number {
    return Math.max(1, Math.floor(this.renderer.scroller.clientHeight / CARD_HEIGHT) - 1);
  }

  /**
   * A key while a card is picked up: the left and right arrows choose a column, with swimlanes the up and down
   * arrows a lane (a claim there is for the lane's agent, as a drop with the pointer), Space or Enter drops, Escape
   * or Tab cancels.
   */
  private dragKey(e: KeyboardEvent, d: Drag): void {
    const columns = this.state.lifecycle.main;
    const i = columns.indexOf(d.over ?? d.from);
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
        d.over = columns[Math.min(columns.length - 1, Math.max(0, i + (e.key === 'ArrowLeft' ? -1 : 1)))]!;
        this.sayTarget(d);
        break;
      case 'ArrowUp':
      case 'ArrowDown': {
        // Without swimlanes there is one lane, and the arrows scroll the board as before.
        if (!this.state.swimlanes) return;
        const lanes = this.state.layout.lanes;
        const at = lanes.findIndex((l) => l.key === d.overLane);
        const next = lanes[Math.min(lanes.length - 1, Math.max(0, (at < 0 ? 0 : at) + (e.key === 'ArrowUp' ? -1 : 1)))]!;
        d.overLane = next.key;
        // The lane comes into view (the picked-up card's element is kept, out of view too, with the focus).
        const scroller = this.renderer.scroller;
        if (next.top + next.bodyTop + CARD_HEIGHT > scroller.scrollTop + scroller.clientHeight || next.top < scroller.scrollTop) scroller.scrollTop = next.top;
        this.sayTarget(d);
        break;
      }
      case ' ':
      case 'Enter': {
        // With a modifier it is a shortcut of VS Code's or the system's (Ctrl+Space switches input sources), not a drop.
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        this.moves.endDrag();
        const to = d.over ?? d.from;
        // In its own column, only another agent's lane is something to say (a task stays in its agent's lane).
        if (to !== d.from || outOfLane(d.agent, d.overLane, undefined)) this.moves.drop(d.key, to, d.overLane);
        else this.statusLine.say('Dropped in place.', 'info');
        break;
      }
      case 'Escape':
      case 'Tab':
        this.moves.endDrag();
        this.statusLine.say('Move cancelled.', 'info');
        if (e.key === 'Tab') return;
        break;
      default:
        return;
    }
    e.preventDefault();
  }

  /** Marks where the picked-up card would go and says it: "Claimed", with swimlanes "Claimed, lane eng-backend". */
  private sayTarget(d: Drag): void {
    const to = d.over ?? d.from;
    this.moves.markAllDropTargets();
    const lane = this.state.layout.lanes.find((l) => l.key === d.overLane);
    const legal = dropAllowed(this.state.lifecycle, d, to, d.overLane);
    this.statusLine.say(`${columnTitle(to)}${lane ? `, lane ${lane.title}` : ''}${legal ? '' : ' (not allowed)'}`, 'info');
  }

  /** To the next card across (skipping empty columns) or up and down (into the neighbouring lane at either end). */
  private moveFocus(card: CardView, dx: number, dy: number): void {
    const layout = this.state.layout;
    const where = locate(layout, card.key);
    if (!where) return;
    let { status, row } = where;
    const lanes = layout.lanes;
    let laneIndex = lanes.indexOf(where.lane);
    if (dx !== 0) {
      const columns = this.state.lifecycle.main;
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
    const next = lanes[laneIndex].columns[status].at(row);
    if (!next) return;
    this.renderer.focusCard(next.key);
    // The details pane follows the keyboard, as it follows a click: Enter is then only for opening the file.
    this.selection.select(next.key);
  }
}
