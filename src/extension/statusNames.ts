// How a status looks to a person in the editor: its name and its codicon. The
// default lifecycle's four have translated names; a repository's own statuses
// (review, blocked…) are shown as written, in words.
import * as vscode from 'vscode';
import type { Status } from '../core/model';
import { statusTitleCase } from '../core/lifecycleModel';

const ICONS: Readonly<Record<string, string>> = {
  todo: 'circle-large-outline',
  claimed: 'account',
  in_progress: 'sync',
  review: 'eye',
  blocked: 'debug-pause',
  cancelled: 'circle-slash',
  done: 'pass-filled',
};

/** The status's name as a title (`To Do`, `In Progress`, `Review`). */
export function statusTitle(status: Status): string {
  switch (status) {
    case 'todo':
      return vscode.l10n.t('To Do');
    case 'claimed':
      return vscode.l10n.t('Claimed');
    case 'in_progress':
      return vscode.l10n.t('In Progress');
    case 'done':
      return vscode.l10n.t('Done');
    default:
      return statusTitleCase(status);
  }
}

/** The status's name inside a sentence (`to do`, `in progress`, `review`). */
export function statusName(status: Status): string {
  switch (status) {
    case 'todo':
      return vscode.l10n.t('to do');
    case 'claimed':
      return vscode.l10n.t('claimed');
    case 'in_progress':
      return vscode.l10n.t('in progress');
    case 'done':
      return vscode.l10n.t('done');
    default:
      return status.replace(/_/g, ' ');
  }
}

/** The codicon of a status; a status we have no picture for gets a plain circle. */
export function statusIcon(status: Status): string {
  return ICONS[status] ?? 'circle-outline';
}
