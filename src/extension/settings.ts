// The extension's settings, read in one place so every part agrees on names and defaults.
import * as vscode from 'vscode';
import { DEFAULT_GLOBS } from '../core/fileKinds';
import type { FileKind } from '../core/model';

export const SECTION = 'agentTaskBoard';

export type Enforcement = 'revert' | 'warn' | 'off' | 'strict';

export interface FileGlobs {
  readonly globs: Readonly<Record<FileKind, string>>;
  readonly excludes: readonly string[];
}

const DEFAULTS: Readonly<Record<FileKind, string>> = DEFAULT_GLOBS;

export function fileGlobs(scope?: vscode.ConfigurationScope): FileGlobs {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    globs: {
      board: c.get<string>('files.boards', DEFAULTS.board),
      checklist: c.get<string>('files.checklists', DEFAULTS.checklist),
      worklog: c.get<string>('files.workLogs', DEFAULTS.worklog),
      agent: c.get<string>('files.agents', DEFAULTS.agent),
    },
    // node_modules and .git are never scanned, whatever the setting says.
    excludes: ['**/node_modules/**', '**/.git/**', ...c.get<string[]>('files.exclude', [])],
  };
}

export interface MoveSettings {
  readonly stamps: boolean;
  readonly history: boolean;
  readonly defaultAgent: string;
}

export function moveSettings(scope?: vscode.ConfigurationScope): MoveSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    stamps: c.get<boolean>('moves.timestamps', true),
    history: c.get<boolean>('moves.sessionHistory', true),
    defaultAgent: c.get<string>('defaultAgent', ''),
  };
}

export function enforcement(scope?: vscode.ConfigurationScope): Enforcement {
  return vscode.workspace.getConfiguration(SECTION, scope).get<Enforcement>('enforcement', 'revert');
}

export function staleAfterHours(scope: vscode.ConfigurationScope | null): number {
  return vscode.workspace.getConfiguration(SECTION, scope).get<number>('staleClaimHours', 4);
}
