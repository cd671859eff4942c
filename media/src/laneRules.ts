// Which swimlane a dropped card may land in, apart from the page (the unit tests run it in node): a task stays in
// the lane of its agent, or of none, unless the move gives it the lane's agent, as the extension takes the move.

import type { Status } from '../../src/core/model';
import type { MoveRequest } from '../../src/core/lifecycleModel';
import { moveForDrop, takesLaneAgent, type CardView, type LifecycleView } from '../../src/shared/boardMessages';

/** What a drop reads of the card picked up (`Drag`). */
export interface DroppedCard {
  /** The column the card sits in. */
  readonly from: Status;
  readonly status: Status;
  readonly kind: CardView['kind'];
  /** `''` for none. */
  readonly agent: string;
}

/**
 * Whether `d` may be dropped on `to` (in swimlane `lane`, an agent or `''`, when lanes are on): its own column (a
 * drop in place), or a move the lifecycle allows; and in a lane, a task stays in the lane of its agent (or of none)
 * unless the move gives it another (see `outOfLane`).
 */
export function dropAllowed(lifecycle: LifecycleView, d: DroppedCard, to: Status, lane?: string): boolean {
  const move = to === d.from ? undefined : moveForDrop(lifecycle, d.kind, d.status, to);
  if (to !== d.from && move === undefined) return false;
  return !outOfLane(d.agent, lane, move, takesLaneAgent(lifecycle, d.kind, d.status, to, move));
}

/**
 * Whether `move` (undefined: a drop in the card's own column) of a task held by `agent` (`''`: nobody) would leave
 * it out of swimlane `lane`: a held task keeps its agent in every move but a claim (the lane's agent claims) and a
 * release; a task nobody holds gets the lane's agent only by a move that `takesAgent` (see `takesLaneAgent`), and
 * is nobody's after any other.
 */
export function outOfLane(agent: string, lane: string | undefined, move: MoveRequest | undefined, takesAgent = false): boolean {
  if (lane === undefined || lane === agent) return false;
  if (agent === '') return !takesAgent;
  return move !== 'claim' && move !== 'release';
}
