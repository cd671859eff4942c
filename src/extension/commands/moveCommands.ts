// Claim, Start, Complete, Release: the commands behind the tree's inline and
// context-menu actions and the palette (task under the cursor). All of them go
// through moveTask, the one compare-and-swap WorkspaceEdit path.
import * as vscode from 'vscode';
import type { MoveKind, Status, Task } from '../../core/model';
import type { MoveResult, TaskRef } from '../taskMover';
import { moveTask, pickAgent } from '../taskMover';
import type { TaskStore } from '../taskStore';
import { taskAtCursor } from './taskAtCursor';

export const MOVE_COMMANDS: Readonly<Record<MoveKind, string>> = {
  claim: 'agentTaskBoard.claim',
  start: 'agentTaskBoard.start',
  complete: 'agentTaskBoard.complete',
  release: 'agentTaskBoard.release',
};

/** What the commands accept: a tree node (`{task}`), a task, or a plain reference; nothing means the task under the cursor. */
type MoveTarget = { readonly task: Task } | TaskRef | undefined;

export function registerMoveCommands(store: TaskStore, state: vscode.Memento): vscode.Disposable {
  const run = async (move: MoveKind, target: MoveTarget, agentArg?: unknown, optionsArg?: unknown): Promise<MoveResult | undefined> => {
    const ref = toRef(target) ?? refOf(taskAtCursor(store));
    if (!ref) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor on a task, or use the Tasks view.'));
      return undefined;
    }
    let agent: string | undefined;
    if (move === 'claim') {
      // A name passed by a caller (the board, tests) skips the picker.
      agent = typeof agentArg === 'string' && agentArg.trim() ? agentArg.trim() : await pickAgent(store, state);
      if (!agent) return undefined;
    }
    // `{ force: true }` from a caller claims past unfinished dependencies, as Claim Anyway does.
    const force = move === 'claim' && typeof optionsArg === 'object' && optionsArg !== null && (optionsArg as { force?: unknown }).force === true;
    const result = await moveTask(store, ref, move, agent, { force });
    if (!result.ok) warnOfRefusal(store, ref, result, agent);
    return result;
  };
  return vscode.Disposable.from(
    ...(Object.keys(MOVE_COMMANDS) as MoveKind[]).map((move) =>
      vscode.commands.registerCommand(MOVE_COMMANDS[move], (target?: MoveTarget, agent?: unknown, options?: unknown) => run(move, target, agent, options)),
    ),
  );
}

/**
 * Shows why a move was refused. A claim refused because the task waits on
 * unfinished dependencies offers Claim Anyway: the forced claim, which its
 * Session History line records (as the CLI's --force does).
 */
export function warnOfRefusal(store: TaskStore, ref: TaskRef, result: Extract<MoveResult, { ok: false }>, agent: string | undefined): void {
  if (result.code !== 'waiting') {
    void vscode.window.showWarningMessage(result.message);
    return;
  }
  const force = vscode.l10n.t('Claim Anyway');
  void vscode.window.showWarningMessage(result.message, force).then(async (choice) => {
    if (choice !== force) return;
    const forced = await moveTask(store, ref, 'claim', agent, { force: true });
    if (!forced.ok) void vscode.window.showWarningMessage(forced.message);
  });
}

function toRef(target: MoveTarget): TaskRef | undefined {
  if (!target || typeof target !== 'object') return undefined;
  if ('task' in target && target.task) return refOf(target.task);
  if ('file' in target && 'id' in target && typeof target.file === 'string' && typeof target.id === 'string') {
    return { file: target.file, id: target.id, status: target.status as Status | undefined };
  }
  return undefined;
}

function refOf(task: Task | undefined): TaskRef | undefined {
  return task && { file: task.file, id: task.id, status: task.status };
}
