// The window's board-branch view, for the parts that only ask it something
// (the move path, the tree's and the board's marks): set while sync runs,
// undefined otherwise, so with sync off every question answers "no".
import type { Task } from '../../core/model';
import type { BoardBranchView, BranchDifference } from './boardBranchView';

let active: BoardBranchView | undefined;

export function setActiveBoardBranch(view: BoardBranchView | undefined): void {
  active = view;
}

/** The repository top whose board branch moves of `file` go through, when its repository syncs. */
export function syncedRootOf(file: string): string | undefined {
  return active?.syncedRoot(file);
}

/** The settings file of `file`'s repository when its sync setting cannot be read: moves there are refused. */
export function syncSettingUnknownFor(file: string): string | undefined {
  return active?.syncUnknown(file);
}

/** How a task the views show differs on the board branch, if it does. */
export function branchDifferenceOf(task: Task): BranchDifference | undefined {
  return active?.differenceOf(task);
}

/** Fetches the board branches now (after a move); resolves when the views have the new state. */
export function refreshBoardBranch(): Promise<void> {
  return active?.fetch() ?? Promise.resolve();
}
