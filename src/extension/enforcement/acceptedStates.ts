// Where accepted snapshots live: workspace storage, one key per file uri, so
// the accepted state survives a restart and a violation made while VS Code was
// closed is still caught (DESIGN section 2).
import type * as vscode from 'vscode';
import { isSnapshot, type AcceptedSnapshot } from '../../core/acceptedState';

const KEY_PREFIX = 'agentTaskBoard.accepted:';

export class AcceptedStates {
  constructor(private readonly storage: vscode.Memento) {}

  get(file: string): AcceptedSnapshot | undefined {
    const value = this.storage.get<unknown>(KEY_PREFIX + file);
    return isSnapshot(value) ? value : undefined;
  }

  set(file: string, snapshot: AcceptedSnapshot): Thenable<void> {
    return this.storage.update(KEY_PREFIX + file, snapshot);
  }

  delete(file: string): Thenable<void> {
    return this.storage.update(KEY_PREFIX + file, undefined);
  }
}
