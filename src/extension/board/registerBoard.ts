// Wires the board: the Open Board command, one panel per window (revealed
// again rather than duplicated), and the serializer that brings the panel
// back after a reload; the page restores its own filters, scroll and focus
// from vscode.getState().

import * as vscode from 'vscode';
import type { Task } from '../../core/model';
import type { EditorWrites } from '../editorWrites';
import type { TaskStore } from '../taskStore';
import { isUnderTest, registerTestHooks } from '../testHooks';
import { BOARD_VIEW_TYPE, BoardPanel, type BoardSnapshot } from './boardPanel';

export const OPEN_BOARD_COMMAND = 'agentTaskBoard.openBoard';
export const REVEAL_ON_BOARD_COMMAND = 'agentTaskBoard.revealOnBoard';
/** Test hooks (registered only under test, testHooks.ts): the board's snapshot, and a message as if the page had sent it. */
export const BOARD_SNAPSHOT_COMMAND = '_agentTaskBoard.boardSnapshot';
export const BOARD_RECEIVE_COMMAND = '_agentTaskBoard.boardReceive';

export function registerBoard(context: vscode.ExtensionContext, store: TaskStore, writes: EditorWrites): vscode.Disposable {
  let current: BoardPanel | undefined;

  const adopt = (panel: vscode.WebviewPanel, fileFilter?: string): BoardPanel => {
    const board = new BoardPanel(panel, store, writes, context.workspaceState, context.extensionUri, fileFilter);
    current = board;
    board.onDidDispose(() => {
      if (current === board) current = undefined;
    });
    return board;
  };

  const open = (resource?: unknown): BoardPanel => {
    // From a menu on a file: the board limited to that file.
    const file = resource instanceof vscode.Uri ? resource.toString() : undefined;
    if (current) {
      current.reveal(file);
      return current;
    }
    const panel = vscode.window.createWebviewPanel(BOARD_VIEW_TYPE, vscode.l10n.t('Agent Task Board'), vscode.ViewColumn.Active, {
      enableScripts: true,
    });
    return adopt(panel, file);
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(OPEN_BOARD_COMMAND, (resource?: unknown) => void open(resource)),
    // From the Tasks tree's context menu (a tree node holds its task).
    vscode.commands.registerCommand(REVEAL_ON_BOARD_COMMAND, async (arg?: { task: Task } | Task) => {
      const task = arg && 'task' in arg ? arg.task : arg;
      if (!task) return false;
      const shown = await open().revealTask(task);
      if (!shown) void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no card on the board (its status is not one of the columns, or its file is too large for the board).', task.id));
      return shown;
    }),
    registerTestHooks(isUnderTest(context), {
      [BOARD_SNAPSHOT_COMMAND]: (): BoardSnapshot | undefined => current?.snapshot(),
      [BOARD_RECEIVE_COMMAND]: (raw: unknown) => current?.receive(raw),
    }),
    vscode.window.registerWebviewPanelSerializer(BOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        current?.dispose();
        adopt(panel);
      },
    }),
    { dispose: () => current?.dispose() },
  );
}
