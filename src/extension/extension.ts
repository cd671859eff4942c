// Entry point: only wiring, so activation stays fast and each feature lives in
// its own file. Each register function returns the disposable that undoes it;
// all of them go into context.subscriptions. If wiring fails, say why, then rethrow.
import * as vscode from 'vscode';
import { registerCreateTodo } from './commands/createTodo';
import { registerListTaskFiles } from './commands/listTaskFiles';
import { registerLog } from './log';
import { registerMoveCommands } from './commands/moveCommands';
import { registerStatusBar } from './statusBar';
import { registerBoard } from './board/registerBoard';
import { registerBoardBranch } from './sync/boardBranchView';
import { registerEnforcement } from './enforcement/registerEnforcement';
import { registerGitSetupOffer } from './gitSetup/registerGitSetupOffer';
import { isUnderTest, registerMeasurementHooks, registerTestHooks } from './testHooks';
import { EditorWrites, SAVE_WAIT_MS } from './editorWrites';
import { TaskStore } from './taskStore';
import { registerTrust } from './trust';
import { registerLifecycleSetting } from './lifecycleSetting';
import { registerTaskTree } from './tree/registerTaskTree';
import { registerUnreadableFileNotice } from './unreadableFileNotice';
import { registerWorkLog } from './workLog/registerWorkLog';

export function activate(context: vscode.ExtensionContext): void {
  try {
    // Opened first, closed last: whatever fails while the rest starts or stops is logged.
    // The test hooks (testHooks.ts) exist only when VS Code runs the extension under test.
    const underTest = isUnderTest(context);
    const log = registerLog(underTest);
    const store = new TaskStore();
    // The one editor writer of moves and reverts (editorWrites.ts); enforcement hears of each write from it.
    const writes = new EditorWrites();
    context.subscriptions.push(store, registerLifecycleSetting(store));
    context.subscriptions.push(
      registerTaskTree(store, context.workspaceState, underTest),
      registerMoveCommands(store, writes, context.workspaceState),
      registerWorkLog(store, underTest),
      registerStatusBar(store),
      registerCreateTodo(),
      registerListTaskFiles(store),
      registerBoard(context, store, writes),
      registerMeasurementHooks(context, store),
      registerUnreadableFileNotice(store),
      registerEnforcement(context, store, writes),
      registerTrust(),
      registerBoardBranch(store, underTest),
      registerGitSetupOffer(context),
      // A save held past the wait is met by waiting it out: tests shorten the wait rather than spend 10 s each time.
      registerTestHooks(underTest, { '_agentTaskBoard.setSaveWait': (ms?: number) => (writes.saveWaitMs = ms ?? SAVE_WAIT_MS) }),
      log,
    );
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Agent Task Board failed to start: {0}', error instanceof Error ? error.message : String(error)));
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
