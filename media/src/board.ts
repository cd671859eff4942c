// The board webview: a column per status of the lifecycle's main path
// (todo, claimed, in_progress, done unless the repository says otherwise;
// side statuses such as blocked are chips on their cards), virtualized cards, filters,
// optional swimlanes by agent, a details pane, and moves by drag and drop or
// keyboard. It holds no truth of its own: the extension sends the cards
// (`state`, then `delta`s) and decides every move; this page only asks.
//
// This file only builds the page and wires its parts, which share one
// `BoardState` (boardState.ts): the toolbar and filters (toolbar.ts), the
// column heads (columnHeads.ts), the virtualized cards (renderer.ts), what a
// change of data redraws (boardView.ts), selection and claims
// (selection.ts), moves (moves.ts, pointer.ts, keyboard.ts), the extension's
// messages (messages.ts) and the saved state (savedState.ts).

import './board.css';
import { createBoardState } from './boardState';
import { BoardView } from './boardView';
import { ColumnHeads } from './columnHeads';
import { DetailsPane } from './details';
import { EmptyBoard } from './emptyBoard';
import { h } from './dom';
import { post } from './host';
import { Keyboard, UNDO_KEY } from './keyboard';
import { Messages } from './messages';
import { Moves } from './moves';
import { wirePointer } from './pointer';
import { Renderer } from './renderer';
import { readSaved, StateSaver } from './savedState';
import { Selection } from './selection';
import { StatusLine } from './statusLine';
import { Toolbar } from './toolbar';

function mountBoard(root: HTMLElement): void {
  const restore = readSaved();
  const state = createBoardState(restore);
  const save = () => saver.queue();

  const toolbar = new Toolbar(state, () => {
    view.relayout();
    save();
  });
  const heads = new ColumnHeads(state);
  const renderer = new Renderer(state, heads.row, save);
  const saver = new StateSaver(state, renderer.scroller);
  const empty = new EmptyBoard();
  const view = new BoardView(state, heads, toolbar, renderer, empty, save);

  const board = h('div', 'board');
  board.setAttribute('role', 'region');
  board.setAttribute('aria-label', 'Task board');
  view.buildColumns();
  board.append(empty.root, renderer.scroller);

  const detailsRoot = h('aside', 'details');
  detailsRoot.setAttribute('aria-label', 'Task details');
  const details = new DetailsPane(detailsRoot, (key) => post({ type: 'open', key }));
  details.clear();

  const main = h('div', 'main');
  main.append(board, detailsRoot);
  const statusLine = new StatusLine();
  const help = h('div', 'keys-help', `Arrows: move between cards · Enter: open · Space: pick up, left and right arrows to choose a column (up and down a swimlane), Space to drop · C: claim · ${UNDO_KEY}: undo the last move`);
  help.id = 'board-keys-help';
  root.replaceChildren(toolbar.root, main, statusLine.root, help);
  renderer.canvas.setAttribute('aria-describedby', help.id);

  const selection = new Selection(state, renderer, details, statusLine, save);
  const moves = new Moves(state, renderer, heads, statusLine);
  wirePointer(state, renderer, selection, moves);
  new Keyboard(state, renderer, selection, moves, statusLine, save);
  const messages = new Messages(state, view, renderer, selection, details, statusLine, restore);

  renderer.scroller.addEventListener('scroll', () => {
    renderer.queueRender();
    save();
  });
  new ResizeObserver(() => renderer.queueRender()).observe(renderer.scroller);
  // When focus moves out to the workbench (the agent quick pick of a claim, the palette), Chromium
  // clears this page's focused element, and VS Code gives the focus back to the page, not to the card.
  // Hand it back to the card the keyboard was on, so Space, arrows and C go on working.
  window.addEventListener('focus', () => {
    if (document.activeElement !== document.body || state.focusedKey === undefined) return;
    renderer.cardElement(state.focusedKey)?.focus({ preventScroll: true });
  });
  window.addEventListener('message', (e: MessageEvent<unknown>) => messages.receive(e.data));
}

mountBoard(document.getElementById('board-root') ?? document.body);
post({ type: 'ready' });
