// Keeps what the board shows in step with the data: a new lifecycle (new
// columns), new lists of agents and files, a file filter, and after every
// change the layout, the heads' counts, the summary, the cards in view, and
// what an empty workspace's board says.

import type { AgentView, FileView, LifecycleView, OmittedFile } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import type { ColumnHeads } from './columnHeads';
import { buildLayout, buildPackedLayout, locate } from './layout';
import type { Renderer } from './renderer';
import type { EmptyBoard } from './emptyBoard';
import type { Toolbar } from './toolbar';

export class BoardView {
  constructor(
    private readonly state: BoardState,
    private readonly heads: ColumnHeads,
    private readonly toolbar: Toolbar,
    private readonly renderer: Renderer,
    private readonly empty: EmptyBoard,
    private readonly saveState: () => void,
  ) {}

  /** The heads and the status filter's options for the state's lifecycle. */
  buildColumns(): void {
    this.heads.build();
    this.toolbar.setStatusOptions();
  }

  /** Another lifecycle: new columns, and every lane's cells made again for them. */
  setLifecycle(lifecycle: LifecycleView): void {
    if (JSON.stringify(lifecycle) === JSON.stringify(this.state.lifecycle)) return;
    this.state.lifecycle = lifecycle;
    this.buildColumns();
    this.renderer.forgetAll();
  }

  setLists(agents: readonly AgentView[], files: readonly FileView[], unplaced: number, omitted: readonly OmittedFile[]): void {
    const { state } = this;
    state.agents = new Map(agents.map((a) => [a.name, a]));
    state.files = files;
    state.unplaced = unplaced;
    state.omitted = omitted;
    this.toolbar.setLists(agents, files);
    // Colours may have changed: refill every card on screen.
    this.renderer.refillAll();
  }

  setFileFilter(file: string): void {
    this.toolbar.setFileFilter(file);
    this.saveState();
  }

  clearFilters(): void {
    this.toolbar.clear();
    this.relayout();
    this.saveState();
  }

  /** Lays the cards out again under the filters, and shows the result. */
  relayout(): void {
    const { state } = this;
    const packed = state.cards.asPacked();
    state.layout = packed
      ? buildPackedLayout(packed.packed, packed.cardAt, state.filters, state.swimlanes, state.lifecycle)
      : buildLayout(state.cards.values(), state.filters, state.swimlanes, state.lifecycle);
    this.heads.showCounts();
    this.toolbar.showSummary();
    this.empty.show(state.loaded && state.taskFiles === 0);
    if (state.focusedKey && !locate(state.layout, state.focusedKey)) state.focusedKey = undefined;
    this.renderer.render();
  }
}
