// Which columns a picked-up card may go to, and how a column head or a cell
// shows it: legal, not allowed (with `aria-disabled`), or under the pointer.
// The lifecycle decides, through `moveForDrop`, as the extension will.

import type { Status } from '../../src/core/model';
import type { BoardState } from './boardState';
import { dropAllowed, outOfLane } from './laneRules';

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
