// How enforcement reports reach the user: a notification per report; disk
// and start-up reports offer Revert / Accept. Kept apart so tests can replace it.
import * as vscode from 'vscode';
import { UNTRUSTED_MESSAGE } from '../trust';
import type { EnforcementReport, Notifier, ReportChoice } from './report';

const REVERT = vscode.l10n.t('Revert');
const ACCEPT = vscode.l10n.t('Accept New State');

export const showReport: Notifier = async (report: EnforcementReport): Promise<ReportChoice> => {
  if (report.source === 'save' || report.reverted) {
    void vscode.window.showInformationMessage(report.message);
    return undefined;
  }
  // Restricted mode writes nothing, so it does not offer to revert.
  if (!vscode.workspace.isTrusted) {
    const choice = await vscode.window.showWarningMessage(`${report.message} ${UNTRUSTED_MESSAGE}`, ACCEPT);
    return choice === ACCEPT ? 'accept' : undefined;
  }
  const choice = await vscode.window.showWarningMessage(report.message, REVERT, ACCEPT);
  return choice === REVERT ? 'revert' : choice === ACCEPT ? 'accept' : undefined;
};
