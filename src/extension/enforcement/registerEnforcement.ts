// Wires lifecycle enforcement, the task-file diagnostics and the quick fixes
// to the store, plus the commands they need. The `_agentTaskBoard.enforcement.*`
// commands are test hooks, registered only under test (testHooks.ts): a
// notification cannot be clicked from the extension host, so tests read the
// last report and run the same revert/accept its buttons run.
import * as vscode from 'vscode';
import type { AcceptedSnapshot } from '../../core/acceptedState';
import { moveTask } from '../taskMover';
import type { EditorWrites } from '../editorWrites';
import type { TaskStore } from '../taskStore';
import { TaskDiagnostics } from '../diagnostics/taskDiagnostics';
import { RELEASE_STALE_COMMAND, registerTaskCodeActions, TaskCodeActions } from '../codeActions/taskCodeActions';
import { Enforcement } from './enforcement';
import type { EnforcementReport, RevertResult } from './report';
import { showReport } from './notifications';
import { UNTRUSTED_MESSAGE } from '../trust';
import { isUnderTest, registerTestHooks } from '../testHooks';

export const FIX_ALL_COMMAND = 'agentTaskBoard.fixAllProblems';

export function registerEnforcement(context: vscode.ExtensionContext, store: TaskStore, writes: EditorWrites): vscode.Disposable {
  const diagnostics = new TaskDiagnostics();
  let current: Enforcement | undefined = new Enforcement(context.workspaceState, store, writes, diagnostics, showReport);
  const live = (): Enforcement => {
    if (!current) throw new Error(vscode.l10n.t('Agent Task Board enforcement is stopped.'));
    return current;
  };
  const isTaskFile = (uri: vscode.Uri): boolean => store.kindOf(uri) !== undefined;
  const codeActions = new TaskCodeActions(() => current, isTaskFile);

  // Disposed in this order: enforcement clears its diagnostics as it stops, so the collection goes after it.
  return vscode.Disposable.from(
    { dispose: () => current?.dispose() },
    diagnostics,
    registerTaskCodeActions(() => current, isTaskFile),
    vscode.commands.registerCommand(FIX_ALL_COMMAND, async () => {
      // Restricted mode writes nothing (trust.ts), fix-all included.
      if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      const editor = vscode.window.activeTextEditor;
      if (!editor || !current || !store.kindOf(editor.document.uri)) return;
      const action = codeActions.fixAllAction(editor.document, current);
      if (!action?.edit) return void vscode.window.showInformationMessage(vscode.l10n.t('No fixable task-file problems in this file.'));
      if (!(await vscode.workspace.applyEdit(action.edit))) return undefined;
      // Say what was done, and that what needs a decision (a release, a status for an agentless claim) is left.
      const name = vscode.workspace.asRelativePath(editor.document.uri, false);
      const left = vscode.languages.getDiagnostics(editor.document.uri).length;
      void vscode.window.showInformationMessage(
        left > 0
          ? vscode.l10n.t('Fixed {0} task-file problems in {1}; the Problems view shows what is left to decide.', action.fixes, name)
          : vscode.l10n.t('Fixed {0} task-file problems in {1}.', action.fixes, name),
      );
      return { fixed: action.fixes };
    }),
    vscode.commands.registerCommand(RELEASE_STALE_COMMAND, async (arg: { file: string; id: string }) => {
      const task = store.find(arg.file, arg.id);
      if (!task) return void vscode.window.showWarningMessage(vscode.l10n.t('{0} is no longer in the file.', arg.id));
      const result = await moveTask(store, writes, { file: arg.file, id: arg.id, status: task.status }, 'release');
      if (!result.ok) void vscode.window.showWarningMessage(result.message);
    }),
    registerTestHooks(isUnderTest(context), {
      '_agentTaskBoard.enforcement.lastReport': (file?: string): EnforcementReport | undefined => current?.lastReport(file),
      '_agentTaskBoard.enforcement.revert': (file: string, basedOn?: string): Promise<RevertResult> => live().revert(file, basedOn),
      '_agentTaskBoard.enforcement.accept': (file: string, reported?: string): Promise<RevertResult> => live().accept(file, reported),
      '_agentTaskBoard.enforcement.accepted': (file: string): AcceptedSnapshot | undefined => current?.accepted(file),
      // How many times the file's accepted state was replaced: one write of the editor's is taken once.
      '_agentTaskBoard.enforcement.acceptedWrites': (file: string): number | undefined => current?.acceptedWrites(file),
      '_agentTaskBoard.enforcement.storeText': (file: string): string | undefined => store.text(file),
      // Stop and start simulate a restart: the new instance reads the same workspace storage.
      '_agentTaskBoard.enforcement.stop': () => {
        current?.dispose();
        current = undefined;
      },
      '_agentTaskBoard.enforcement.start': async () => {
        current?.dispose();
        current = new Enforcement(context.workspaceState, store, writes, diagnostics, showReport);
        await current.ready;
      },
    }),
  );
}
