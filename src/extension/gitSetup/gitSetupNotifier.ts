// How the git set-up offer reaches the user: one notification with Set up.
// Kept apart so tests can replace it.
import * as vscode from 'vscode';
import type { GitSetupNotifier } from './gitSetupOffer';

const SET_UP = vscode.l10n.t('Set up');

export const showGitSetupOffer: GitSetupNotifier = async (message) => {
  const choice = await vscode.window.showInformationMessage(message, SET_UP);
  return choice === SET_UP ? 'setUp' : undefined;
};
