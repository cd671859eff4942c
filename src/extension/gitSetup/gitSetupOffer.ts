// Offers, once per workspace, to make git merge the task files task by task
// (`agent-task-board merge-file` as the merge driver for the configured board,
// checklist and work-log globs). Only in a trusted workspace whose folder is in
// a git repository that is not set up yet, and only when a CLI script to name
// in the driver exists: the repository's own `node_modules/agent-task-board`
// (what `npm install -D agent-task-board` gives), else one next to the extension.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { applyGitConfig, attributesAddition, attributesFile, LOCAL_CLI, nothingMissing, planGitSetup, type GitSetupPlan } from '../../node/gitSetup';
import { gitIgnores, gitTopLevel } from '../../node/git';

/** Remembered per workspace once the offer was made (whatever the answer) or found nothing to do. */
export const OFFERED_KEY = 'agentTaskBoard.gitSetup.offered';

export type GitSetupAnswer = 'setUp' | undefined;
/** Shows the offer and says what the user chose. */
export type GitSetupNotifier = (message: string) => Thenable<GitSetupAnswer>;

export interface OfferOutcome {
  /** The message shown, when the offer was made. */
  readonly offered?: string;
  /** What was written when the user chose Set up. */
  readonly plan?: GitSetupPlan;
}

export class GitSetupOffer {
  constructor(
    private readonly state: vscode.Memento,
    private readonly extensionPath: string,
    private readonly notify: GitSetupNotifier,
  ) {}

  /** Checks the workspace's folders and makes the offer for the first one that needs it. */
  async run(): Promise<OfferOutcome> {
    if (!vscode.workspace.isTrusted || this.state.get<boolean>(OFFERED_KEY)) return {};
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const plan = this.planFor(folder);
      if (!plan) continue;
      if (nothingMissing(plan)) {
        await this.state.update(OFFERED_KEY, true); // nothing to offer here, and no git to run at the next start
        continue;
      }
      await this.state.update(OFFERED_KEY, true);
      const message = offerMessage(folder.name, plan);
      const answer = await this.notify(message);
      if (answer !== 'setUp') return { offered: message };
      const saved = await appendAttributes(plan);
      applyGitConfig(plan);
      void vscode.window.showInformationMessage(
        saved
          ? vscode.l10n.t('Git now merges the task files of {0} task by task. Commit .gitattributes so every clone does.', folder.name)
          : vscode.l10n.t('Git will merge the task files of {0} task by task once you save .gitattributes (it had unsaved changes, kept).', folder.name),
      );
      return { offered: message, plan };
    }
    return {};
  }

  private planFor(folder: vscode.WorkspaceFolder): GitSetupPlan | undefined {
    const root = folder.uri.fsPath;
    if (!isInsideGitRepository(root)) return undefined;
    const topLevel = gitTopLevel(root);
    // A folder git ignores (a scratch copy under `.cache/`) is not the repository's to set up.
    if (!topLevel || gitIgnores(root)) return undefined;
    const cli = [path.join(topLevel, LOCAL_CLI), path.join(this.extensionPath, 'dist', 'cli.js')].find((f) => fs.existsSync(f));
    if (!cli) return undefined;
    const files = vscode.workspace.getConfiguration('agentTaskBoard', folder.uri);
    const globs = [files.get<string>('files.boards'), files.get<string>('files.checklists'), files.get<string>('files.workLogs')];
    return planGitSetup(root, globs.filter((g): g is string => typeof g === 'string' && g !== ''), cli);
  }
}

/**
 * Appends the missing lines to `.gitattributes` as an editor edit (the file may
 * be open, with unsaved changes: they stay), then saves it unless it had some.
 * Whether the lines are on disk now.
 */
async function appendAttributes(plan: GitSetupPlan): Promise<boolean> {
  const uri = vscode.Uri.file(attributesFile(plan));
  const edit = new vscode.WorkspaceEdit();
  if (!fs.existsSync(uri.fsPath)) {
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(attributesAddition(plan, '')) });
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not create ${uri.fsPath}`);
    return true;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const addition = attributesAddition(plan, doc.getText());
  if (addition === '') return !doc.isDirty;
  const wasDirty = doc.isDirty;
  edit.insert(uri, doc.positionAt(doc.getText().length), addition);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${uri.fsPath}`);
  return wasDirty ? false : doc.save();
}

/** A `.git` (directory or worktree file) in the folder or above it: checked before running git at all. */
function isInsideGitRepository(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

export function offerMessage(folderName: string, plan: GitSetupPlan): string {
  const patterns = plan.attributeLines.map((l) => l.replace(/ merge=.*$/, '')).join(', ');
  return vscode.l10n.t(
    'Let git merge the task files of {0} task by task? Two branches that add tasks or claim different ones then merge without conflicts ({1}).',
    folderName,
    patterns || vscode.l10n.t('the merge driver setting'),
  );
}
