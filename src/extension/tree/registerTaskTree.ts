// The Tasks view: the tree, its title-bar commands (group by, filter, reveal),
// following the editor cursor, and the snapshot the tests read (a test hook, testHooks.ts).
import * as vscode from 'vscode';
import type { Task } from '../../core/model';
import { setContext } from '../commands/contextKeys';
import { taskAtCursor } from '../commands/taskAtCursor';
import { SECTION } from '../settings';
import type { TaskStore } from '../taskStore';
import { preciseNow, registerTestHooks } from '../testHooks';
import { isTrusted, UNTRUSTED_MESSAGE } from '../trust';
import { pickFilter } from './pickFilter';
import type { TaskFilter } from './taskFilter';
import { describeFilter, isFilterActive, NO_FILTER } from './taskFilter';
import { OPEN_TASK_COMMAND, taskContextValue } from './taskTreeItems';
import type { GroupBy, TaskNode, TreeNode } from './taskTreeModel';
import { GROUP_BY_MODES } from './taskTreeModel';
import { TaskTreeProvider } from './taskTreeProvider';

export const TASKS_VIEW = 'agentTaskBoard.tasks';
export const TREE_SNAPSHOT_COMMAND = '_agentTaskBoard.treeSnapshot';
/** How many times the tree's model was rebuilt, and the time of the last (`preciseNow()`), without flushing (the bench's disk → tree probe). */
export const TREE_REBUILDS_COMMAND = '_agentTaskBoard.treeRebuilds';

const GROUP_BY_KEY = 'agentTaskBoard.tree.groupBy';
const FOLLOW_CURSOR_DELAY_MS = 150;

/** One row of the tree as the tests see it: what the TreeDataProvider returned, plus the element to pass to commands. */
export interface TreeSnapshotRow {
  readonly label: string;
  readonly description: string | undefined;
  readonly contextValue: string | undefined;
  readonly tooltip: string | undefined;
  readonly icon: string | undefined;
  readonly iconColor: string | undefined;
  readonly children: TreeSnapshotRow[];
  readonly node: TreeNode;
}

export interface TreeSnapshot {
  readonly groupBy: GroupBy;
  readonly description: string | undefined;
  readonly message: string | undefined;
  /** Labels of the selected rows (reveal selects). */
  readonly selected: string[];
  readonly rows: TreeSnapshotRow[];
}

export function registerTaskTree(store: TaskStore, state: vscode.Memento, underTest: boolean): vscode.Disposable {
  const stored = state.get<GroupBy>(GROUP_BY_KEY);
  const provider = new TaskTreeProvider(store, stored && GROUP_BY_MODES.includes(stored) ? stored : 'status');
  const view = vscode.window.createTreeView<TreeNode>(TASKS_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  const showState = (): void => {
    const filter = provider.filter;
    const active = isFilterActive(filter);
    view.description = active ? describeFilter(filter, vscode.l10n.t('unassigned')) : undefined;
    // Restricted mode says why Claim and the other moves are missing (trust.ts).
    const messages = [
      isTrusted() ? undefined : UNTRUSTED_MESSAGE,
      active && provider.model.roots.every((g) => g.count === 0) && store.taskLists().some((list) => list.length > 0) ? vscode.l10n.t('No task matches the filter.') : undefined,
      withoutTasksMessage(store),
    ].filter((m) => m !== undefined);
    view.message = messages.length > 0 ? messages.join(' ') : undefined;
    setContext('agentTaskBoard.groupBy', provider.groupBy);
    setContext('agentTaskBoard.filterActive', active);
    setContext('agentTaskBoard.hasTaskFiles', store.files().some((f) => f.kind !== 'agent'));
  };
  showState();
  void store.ready.then(() => {
    provider.flush(true);
    setContext('agentTaskBoard.ready', true);
  });

  const setGroupBy = (groupBy: GroupBy): void => {
    provider.setGroupBy(groupBy);
    void state.update(GROUP_BY_KEY, groupBy);
    showState();
  };
  const setFilter = (filter: TaskFilter): void => {
    provider.setFilter(filter);
    showState();
  };

  const reveal = async (task: Task | undefined, focus: boolean): Promise<boolean> => {
    if (!task) return false;
    provider.flush();
    const node = provider.model.find(task.file, (t) => t.id === task.id && t.line === task.line);
    if (!node) return false;
    await view.reveal(node, { select: true, focus, expand: false });
    return true;
  };

  let followTimer: ReturnType<typeof setTimeout> | undefined;
  /** Sets the palette's context key for the task under the cursor; on cursor moves, also follows it in the tree. */
  const onCursor = (follow: boolean): void => {
    if (followTimer) clearTimeout(followTimer);
    followTimer = setTimeout(() => {
      followTimer = undefined;
      const task = taskAtCursor(store);
      const node = task && provider.model.find(task.file, (t) => t === task);
      setContext('agentTaskBoard.cursorTask', task ? taskContextValue(node ?? { task }, store.lifecycle) : '');
      if (follow && task && view.visible && vscode.workspace.getConfiguration(SECTION).get<boolean>('tree.followCursor', false)) {
        void reveal(task, false);
      }
    }, FOLLOW_CURSOR_DELAY_MS);
  };

  let rebuilds = { count: 0, at: 0 };
  return vscode.Disposable.from(
    provider,
    view,
    provider.onDidRebuild(showState),
    provider.onDidRebuild(() => (rebuilds = { count: rebuilds.count + 1, at: preciseNow() })),
    vscode.workspace.onDidGrantWorkspaceTrust(showState),
    vscode.window.onDidChangeTextEditorSelection(() => onCursor(true)),
    vscode.window.onDidChangeActiveTextEditor(() => onCursor(true)),
    provider.onDidRebuild(() => onCursor(false)),
    { dispose: () => followTimer && clearTimeout(followTimer) },
    vscode.commands.registerCommand('agentTaskBoard.groupByStatus', () => setGroupBy('status')),
    vscode.commands.registerCommand('agentTaskBoard.groupByFile', () => setGroupBy('file')),
    vscode.commands.registerCommand('agentTaskBoard.groupByAgent', () => setGroupBy('agent')),
    // A filter object as argument skips the pickers (tests and other parts of the extension).
    vscode.commands.registerCommand('agentTaskBoard.filter', async (filter?: TaskFilter) => {
      const chosen = filter ?? (await pickFilter(store, provider.filter));
      if (chosen) setFilter(chosen);
    }),
    vscode.commands.registerCommand('agentTaskBoard.clearFilter', () => setFilter(NO_FILTER)),
    vscode.commands.registerCommand('agentTaskBoard.revealActiveTask', async () => {
      const found = await reveal(taskAtCursor(store), true);
      if (!found) void vscode.window.showInformationMessage(vscode.l10n.t('The cursor is not on a task.'));
      return found;
    }),
    vscode.commands.registerCommand(OPEN_TASK_COMMAND, (node: TaskNode | Task) => openTask('task' in node ? node.task : node)),
    // The context menu's Open and Copy Id (the row's click runs the internal open command).
    vscode.commands.registerCommand('agentTaskBoard.openTask', (node?: TaskNode) => node && openTask(node.task)),
    vscode.commands.registerCommand('agentTaskBoard.copyTaskId', async (node?: TaskNode) => {
      if (node) await vscode.env.clipboard.writeText(node.task.id);
    }),
    registerTestHooks(underTest, {
      [TREE_REBUILDS_COMMAND]: () => rebuilds,
      [TREE_SNAPSHOT_COMMAND]: (): TreeSnapshot => {
        provider.flush();
        return {
          groupBy: provider.groupBy,
          description: view.description,
          message: view.message,
          selected: view.selection.map((n) => {
            const label = provider.getTreeItem(n).label;
            return typeof label === 'string' ? label : (label?.label ?? '');
          }),
          rows: snapshotRows(provider, provider.getChildren()),
        };
      },
    }),
  );
}

function snapshotRows(provider: TaskTreeProvider, nodes: readonly TreeNode[]): TreeSnapshotRow[] {
  return nodes.map((node) => {
    const item = provider.resolveTreeItem(provider.getTreeItem(node), node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
    return {
      label,
      description: typeof item.description === 'string' ? item.description : undefined,
      contextValue: item.contextValue,
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value,
      icon: icon?.id,
      // ThemeColor keeps its id in a field the 1.90 typings do not declare.
      iconColor: (icon?.color as { id?: string } | undefined)?.id,
      children: snapshotRows(provider, provider.getChildren(node)),
      node,
    };
  });
}

/**
 * Boards and checklists the globs found but in which no task was read (a
 * plain markdown list, tasks in another shape): otherwise they would simply
 * be missing from the view, with no hint why.
 */
function withoutTasksMessage(store: TaskStore): string | undefined {
  // Files that could not be read at all have their own notice (unreadableFileNotice.ts).
  const unreadable = new Set(store.unreadableFiles().map((u) => u.file));
  const names = store
    .files()
    .filter(({ file, kind }) => (kind === 'board' || kind === 'checklist') && !unreadable.has(file) && store.tasksIn(file).length === 0)
    .map(({ file }) => vscode.workspace.asRelativePath(vscode.Uri.parse(file), false))
    .sort();
  if (names.length === 0) return undefined;
  const shown = names.length <= 3 ? names.join(', ') : vscode.l10n.t('{0} and {1} more', names.slice(0, 3).join(', '), names.length - 3);
  return vscode.l10n.t('No tasks could be read in {0}: a board holds YAML items such as - TASK_001: "Title" with a status, - [ ] checkbox items or a table with a Status column; a checklist holds - [ ] items under To Do, In Progress and Completed headings. A file that is not a task file can be left out with the agentTaskBoard.files.exclude setting.', shown);
}

/** Opens the task's file with the cursor on the task's first line. */
export async function openTask(task: Task): Promise<void> {
  const uri = vscode.Uri.parse(task.file);
  const position = new vscode.Position(task.line, 0);
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: true });
}
