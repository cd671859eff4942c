// Claim, Start, Complete, Release, and Move to… (any legal step of the
// repository's lifecycle: review, blocked, back from blocked): the commands
// behind the tree's inline and context-menu actions and the palette (task
// under the cursor). All of them go through moveTask, the one compare-and-swap
// WorkspaceEdit path.
import * as vscode from 'vscode';
import type { MoveKind, Status, Task } from '../../core/model';
import type { MoveRequest } from '../../core/lifecycleModel';
import type { MoveResult, TaskRef } from '../taskMover';
import { asksForAgent, claimRefusal, moveTask, pickAgent } from '../taskMover';
import type { EditorWrites } from '../editorWrites';
import type { TaskStore } from '../taskStore';
import { taskAtCursor } from './taskAtCursor';
import { isKnownStatus, nextStatuses } from '../../core/lifecycleModel';
import { statusIcon, statusName, statusTitle } from '../statusNames';

export const MOVE_COMMANDS: Readonly<Record<MoveKind, string>> = {
  claim: 'agentTaskBoard.claim',
  start: 'agentTaskBoard.start',
  complete: 'agentTaskBoard.complete',
  release: 'agentTaskBoard.release',
};

/** What the commands accept: a tree node (`{task}`), a task, or a plain reference; nothing means the task under the cursor. */
type MoveTarget = { readonly task: Task } | TaskRef | undefined;

export function registerMoveCommands(store: TaskStore, writes: EditorWrites, state: vscode.Memento): vscode.Disposable {
  const run = async (move: MoveKind, target: MoveTarget, agentArg?: unknown, optionsArg?: unknown): Promise<MoveResult | undefined> => {
    const ref = toRef(target) ?? refOf(taskAtCursor(store));
    if (!ref) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor on a task, or use the Tasks view.'));
      return undefined;
    }
    let agent: string | undefined;
    if (move === 'claim') {
      // What no agent could claim is said before the picker asks for one.
      const refused = claimRefusal(store, ref);
      if (refused) {
        void vscode.window.showWarningMessage(refused);
        return { ok: false, message: refused };
      }
      // A name passed by a caller (the board, tests) skips the picker.
      agent = typeof agentArg === 'string' && agentArg.trim() ? agentArg.trim() : await pickAgent(store, state, ref.file);
      if (!agent) return undefined;
    }
    // `{ force: true }` from a caller claims past unfinished dependencies, as Claim Anyway does.
    const force = move === 'claim' && typeof optionsArg === 'object' && optionsArg !== null && (optionsArg as { force?: unknown }).force === true;
    const result = await moveTask(store, writes, ref, move, agent, { force });
    if (!result.ok) warnOfRefusal(store, writes, ref, result, agent, move);
    return result;
  };
  /** Move to…: the legal statuses from where the task is, picked by name (or given by a caller, as `to`). */
  const moveTo = async (target: MoveTarget, toArg?: unknown, agentArg?: unknown): Promise<MoveResult | undefined> => {
    const ref = toRef(target) ?? refOf(taskAtCursor(store));
    if (!ref) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Put the cursor on a task, or use the Tasks view.'));
      return undefined;
    }
    const task = store.find(ref.file, ref.id);
    const lifecycle = store.lifecycle;
    if (!task || task.status === undefined || !isKnownStatus(lifecycle, task.status)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no status of this repository\'s lifecycle; fix it first (see Problems).', ref.id));
      return undefined;
    }
    const from = task.status;
    const legal = nextStatuses(lifecycle, from, task.kind);
    let to = typeof toArg === 'string' ? toArg : undefined;
    if (to === undefined) {
      if (legal.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('{0} is {1}, which is final.', ref.id, statusName(from)));
        return undefined;
      }
      const picked = await vscode.window.showQuickPick(
        legal.map((s) => ({ label: `$(${statusIcon(s)}) ${statusTitle(s)}`, description: s, status: s })),
        { title: vscode.l10n.t('Move {0} from {1} to…', ref.id, statusName(from)), placeHolder: vscode.l10n.t('The statuses the lifecycle allows from here') },
      );
      if (!picked) return undefined;
      to = picked.status;
    }
    // A name passed by a caller (tests) skips the picker, as for Claim.
    let agent = typeof agentArg === 'string' && agentArg.trim() ? agentArg.trim() : undefined;
    if (!agent && asksForAgent(lifecycle, task, from, to)) {
      agent = await pickAgent(store, state, ref.file);
      if (!agent) return undefined;
    }
    const result = await moveTask(store, writes, ref, { to }, agent);
    if (!result.ok) warnOfRefusal(store, writes, ref, result, agent, { to });
    return result;
  };
  return vscode.Disposable.from(
    ...(Object.keys(MOVE_COMMANDS) as MoveKind[]).map((move) =>
      vscode.commands.registerCommand(MOVE_COMMANDS[move], (target?: MoveTarget, agent?: unknown, options?: unknown) => run(move, target, agent, options)),
    ),
    vscode.commands.registerCommand(MOVE_TO_COMMAND, (target?: MoveTarget, to?: unknown, agent?: unknown) => moveTo(target, to, agent)),
  );
}

export const MOVE_TO_COMMAND = 'agentTaskBoard.moveTo';

/**
 * Shows why a move was refused. A claim (or another move that takes hold of the
 * task) refused because the task waits on unfinished dependencies offers Claim
 * Anyway: the same move forced, which its Session History line records (as the
 * CLI's --force does).
 */
export function warnOfRefusal(store: TaskStore, writes: EditorWrites, ref: TaskRef, result: Extract<MoveResult, { ok: false }>, agent: string | undefined, move: MoveRequest): void {
  if (result.code !== 'waiting') {
    void vscode.window.showWarningMessage(result.message);
    return;
  }
  const force = vscode.l10n.t('Claim Anyway');
  void vscode.window.showWarningMessage(result.message, force).then(async (choice) => {
    if (choice !== force) return;
    const forced = await moveTask(store, writes, ref, move, agent, { force: true });
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
