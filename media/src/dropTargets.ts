// Which columns a picked-up card may go to, and how a column head or a cell
// shows it: legal, not allowed (with `aria-disabled`), or under the pointer.
// The lifecycle decides, through `moveForDrop`, as the extension will.

import type { Status } from '../../src/core/model';
import type { MoveRequest } from '../../src/core/lifecycleModel';
import { moveForDrop, type LifecycleView } from '../../src/shared/boardMessages';
import type { BoardState, Drag } from './boardState';

/**
 * Whether `d` may be dropped on `to` (in swimlane `lane`, an agent or `''`, when lanes are on): its own column (a
 * drop in place), or a move the lifecycle allows; and in a lane, a task an agent holds stays in that agent's lane
 * but for a claim (the lane's agent claims) or a release.
 */
export function dropAllowed(lifecycle: LifecycleView, d: Drag, to: Status, lane?: string): boolean {
  const move = to === d.from ? undefined : moveForDrop(lifecycle, d.kind, d.status, to);
  if (to !== d.from && move === undefined) return false;
  return !outOfLane(d.agent, lane, move);
}

/**
 * Whether `move` (undefined: a drop in the card's own column) of a task held by `agent` (`''`: nobody) would put it
 * in another agent's swimlane `lane`: every move but a claim (the lane's agent claims) and a release keeps its agent.
 */
export function outOfLane(agent: string, lane: string | undefined, move: MoveRequest | undefined): boolean {
  return lane !== undefined && agent !== '' && lane !== agent && move !== 'claim' && move !== 'release';
}

/** The agent a swimlane's key names, as drops read it: undefined for the one lane without swimlanes (`*`). */
export function laneAgent(key: string | undefined): string | undefined {
  return key === '*' ? undefined : key;
}

/** Marks a column head (`lane` undefined) or a lane's cell as a legal or forbidden target of the move in progress. */
export function markDropTarget(target: HTMLElement, status: Status, state: BoardState, lane?: string): void {
  const d = state.drag;
  const legal = d !== undefined && dropAllowed(state.lifecycle, d, status, lane);
  const inPlace = d !== undefined && status === d.from && !outOfLane(d.agent, lane, undefined);
  const over = d !== undefined && d.over === status && (lane === undefined || d.overLane === undefined || d.overLane === lane);
  target.classList.toggle('drop-legal', d !== undefined && legal && !inPlace);
  target.classList.toggle('drop-illegal', d !== undefined && !legal);
  target.classList.toggle('drop-over', over && !inPlace);
  if (d && !legal) target.setAttribute('aria-disabled', 'true');
  else target.removeAttribute('aria-disabled');
}
