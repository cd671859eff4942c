// A move in progress, by the pointer or the keyboard: picking a card up,
// marking where it may go, and the drop, which the lifecycle refuses here
// (`refusalFor` says why) or the extension is asked to carry out.

import type { Status } from '../../src/core/model';
import { columnOf, moveForDrop, refusalFor, takesLaneAgent, type CardView } from '../../src/shared/boardMessages';
import type { BoardState } from './boardState';
import type { ColumnHeads } from './columnHeads';
import { markDropTarget } from './dropTargets';
import { outOfLane } from './laneRules';
import { post } from './host';
import type { Renderer } from './renderer';
import type { StatusLine } from './statusLine';

export class Moves {
  constructor(
    private readonly state: BoardState,
    private readonly renderer: Renderer,
    private readonly heads: ColumnHeads,
    private readonly statusLine: StatusLine,
  ) {}

  /** Shows every column head and cell as a legal or forbidden target of the move in progress, or as none. */
  markAllDropTargets(): void {
    document.body.classList.toggle('dragging', this.state.drag !== undefined);
    for (const s of this.state.lifecycle.main) markDropTarget(this.heads.head(s), s, this.state);
    for (const [s, cell, lane] of this.renderer.cells()) markDropTarget(cell, s, this.state, lane);
  }

  startDrag(card: CardView, keyboard: boolean): void {
    const { state } = this;
    this.statusLine.clear();
    const column = columnOf(state.lifecycle, card.status) ?? card.status;
    const agent = card.agent ?? '';
    // With swimlanes, a card picked up with the keyboard is over its own lane until the arrows choose another.
    const over = keyboard ? { over: column, ...(state.swimlanes ? { overLane: agent } : {}) } : {};
    state.drag = { key: card.key, from: column, status: card.status, kind: card.kind, agent, ...over, dropped: false, keyboard };
    this.renderer.cardElement(card.key)?.classList.add('lifted');
    this.markAllDropTargets();
    const arrows = state.swimlanes ? 'Left and right arrows choose a column, up and down a lane' : 'Left and right arrows choose a column';
    if (keyboard) this.statusLine.say(`Picked up ${card.id}. ${arrows}, Space drops, Escape cancels.`, 'info');
  }

  endDrag(): void {
    const d = this.state.drag;
    this.state.drag = undefined;
    if (d) this.renderer.cardElement(d.key)?.classList.remove('lifted');
    this.markAllDropTargets();
  }

  /**
   * A drop on `to`: refused here when the lifecycle forbids it, else asked of the extension. `lane`, with
   * swimlanes on, is the lane it landed in (an agent, `''` for no agent): a claim there is for that agent, and a
   * task an agent holds stays in that agent's lane, as every move but a release keeps its agent.
   */
  drop(key: string, to: Status, lane?: string): void {
    const { lifecycle } = this.state;
    const card = this.state.cards.get(key);
    if (!card) return;
    const held = card.agent ?? '';
    if (card.status === to) {
      if (!outOfLane(held, lane, undefined)) return;
      // Until it is claimed, said only of what a claim can take: a board task in the first status.
      const claimable = card.kind === 'board' && card.status === lifecycle.main[0];
      if (held === '') this.statusLine.say(`${card.id} has no agent: it stays in the No agent lane${claimable ? ' until it is claimed' : ''}.`, 'error');
      else this.statusLine.say(`${card.id} is ${held}'s: a task stays in its agent's lane while the agent holds it.`, 'error');
      return;
    }
    const move = moveForDrop(lifecycle, card.kind, card.status, to);
    if (!move) {
      this.statusLine.say(`${card.id}: ${refusalFor(lifecycle, card.kind, card.status, to)}`, 'error');
      return;
    }
    if (outOfLane(held, lane, move, takesLaneAgent(lifecycle, card.kind, card.status, to, move))) {
      if (held === '') this.statusLine.say(`${card.id} has no agent, and this move gives it none: drop it in the No agent lane.`, 'error');
      else this.statusLine.say(`${card.id} is ${held}'s, and a move keeps its agent: drop it in ${held}'s lane.`, 'error');
      return;
    }
    // A named lane's agent takes a claim (or a move that needs an agent) without being asked for.
    const agent = lane ? { agent: lane } : {};
    this.renderer.setPending(key);
    if (move === 'claim') post({ type: 'claim', key, ...agent });
    else post({ type: 'move', key, from: card.status, to, ...agent });
  }
}
