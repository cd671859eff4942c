// The context keys our `when` clauses read, typed so a misspelt key or a
// wrong value type is a compile error rather than a menu that never shows.
import * as vscode from 'vscode';
import type { GroupBy } from '../tree/taskTreeModel';

export interface ContextKeys {
  /** How the Tasks tree is grouped. */
  'agentTaskBoard.groupBy': GroupBy;
  /** A filter narrows the Tasks tree. */
  'agentTaskBoard.filterActive': boolean;
  /** The store has finished its first scan. */
  'agentTaskBoard.ready': boolean;
  /** The workspace holds at least one board, checklist or work log. */
  'agentTaskBoard.hasTaskFiles': boolean;
  /** The context value (`task.board.todo`, ...) of the task under the editor cursor, or '' for none. */
  'agentTaskBoard.cursorTask': string;
}

export function setContext<K extends keyof ContextKeys>(key: K, value: ContextKeys[K]): void {
  void vscode.commands.executeCommand('setContext', key, value);
}
