// How a task's state on the board branch is said where it differs from the
// working copy's: "claimed by agent-b on origin/main (todo here)".
import * as vscode from 'vscode';
import type { BranchDifference } from './boardBranchView';

export function branchNote(there: BranchDifference): string {
  const what = there.agent ? vscode.l10n.t('{0} by {1}', there.status ?? '?', there.agent) : (there.status ?? '?');
  return vscode.l10n.t('{0} on {1} ({2} here)', what, there.branch, there.localStatus ?? vscode.l10n.t('no status'));
}
