// Which columns a picked-up card may go to, and how a column head or a cell
// shows it: legal, not allowed (with `aria-disabled`), or under the pointer.
// The lifecycle decides, through `moveForDrop`, as the extension will.

import type { Status } from '../../src/core/model';
import { moveForDrop, type LifecycleView } from '../../src/shared/boardMessages';
import type { BoardState, Drag } from './boardState';

/** Whether `d` may be dropped on `to`: its own column (a drop in place), or a move the lifecycle allows. */
export function dropAllowed(lifecycle: LifecycleView, d: Drag, to: Status): boolean {
  return to === d.from || moveForDrop(lifecycle, d.kind, d.status, to) !== undefined;
}

export function markDropTarget(target: HTMLElement, status: Status, state: BoardState): void {
  const d = state.drag;
  const legal = d !== undefined && dropAllowed(state.lifecycle, d, status);
  target.classList.toggle('drop-legal', d !== undefined && legal && status !== d.from);
  target.classList.toggle('drop-illegal', d !== undefined && !legal);
  target.classList.toggle('drop-over', d !== undefined && d.over === status && status !== d.from);
  if (d && !legal) target.setAttribute('aria-disabled', 'true');
  else target.removeAttribute('aria-disabled');
}
