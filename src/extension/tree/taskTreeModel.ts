// The Tasks tree's nodes, built from the store before the tree asks for them
// (STYLE rule 10: getChildren only reads this). Node objects are kept across
// rebuilds, keyed by what they show, so VS Code keeps expansion and
// selection, `reveal` finds them, and a change can refresh one group only.
import type { Status, Task, WorkLogEntry } from '../../core/model';
import { STATUSES } from '../../core/model';
import type { TaskFilter } from './taskFilter';
import { matchesFilter } from './taskFilter';

export type GroupBy = 'status' | 'file' | 'agent';
export const GROUP_BY_MODES: readonly GroupBy[] = ['status', 'file', 'agent'];

export interface GroupNode {
  readonly type: 'group';
  /** Unique among all nodes: `status:todo`, `file:<uri>`, `section:<uri>#<heading>`, `agent:<name>`. */
  readonly key: string;
  /** What the group is (a status, a file uri, a heading, an agent name); the tree item turns it into a label. */
  readonly groupKind: 'status' | 'file' | 'section' | 'agent';
  readonly value: string;
  parent: GroupNode | undefined;
  children: (GroupNode | TaskNode)[];
  /** Tasks under this group, at any depth. */
  count: number;
}

export interface TaskNode {
  readonly type: 'task';
  readonly key: string;
  task: Task;
  parent: GroupNode | TaskNode | undefined;
  /** Why the claim looks abandoned, when it does. */
  stale: string | undefined;
  subtasks: TaskNode[];
  entries: EntryNode[];
}

export interface EntryNode {
  readonly type: 'entry';
  readonly key: string;
  entry: WorkLogEntry;
  parent: TaskNode;
}

export type TreeNode = GroupNode | TaskNode | EntryNode;

export interface ModelSource {
  tasks(): readonly Task[];
  entriesFor(task: Task): readonly WorkLogEntry[];
  /** The stale-claim message of a task, if any. */
  staleReason(task: Task): string | undefined;
  /** A short name for a file uri (workspace-relative path). */
  fileLabel(file: string): string;
}

const NO_STATUS = 'none';
const NO_AGENT = '';
const NO_SECTION = '';

/**
 * Builds the node tree for one grouping and filter, reusing the node objects of
 * the previous build by key. Returns the root groups and every node by key.
 */
export class TaskTreeModel {
  private nodes = new Map<string, TreeNode>();
  roots: GroupNode[] = [];
  /** Task nodes by task file and line, for revealing the task under the cursor. */
  private byFile = new Map<string, TaskNode[]>();

  rebuild(source: ModelSource, groupBy: GroupBy, filter: TaskFilter): void {
    const previous = this.nodes;
    const next = new Map<string, TreeNode>();
    const byFile = new Map<string, TaskNode[]>();

    const group = (key: string, groupKind: GroupNode['groupKind'], value: string, parent: GroupNode | undefined): GroupNode => {
      const known = next.get(key);
      if (known?.type === 'group') return known;
      const old = previous.get(key);
      const node: GroupNode = old?.type === 'group' ? old : { type: 'group', key, groupKind, value, parent, children: [], count: 0 };
      node.parent = parent;
      node.children = [];
      node.count = 0;
      next.set(key, node);
      if (parent) parent.children.push(node);
      else roots.push(node);
      return node;
    };

    // Keys: `task:<file>#<id>#<n>` (n-th task with that id in the file); a subtask's key extends its parent's.
    const taskNode = (task: Task, parent: GroupNode | TaskNode, key: string): TaskNode => {
      const old = previous.get(key);
      const node: TaskNode =
        old?.type === 'task' ? old : { type: 'task', key, task, parent, stale: undefined, subtasks: [], entries: [] };
      node.task = task;
      node.parent = parent;
      node.stale = source.staleReason(task);
      next.set(key, node);
      const list = byFile.get(task.file);
      if (list) list.push(node);
      else byFile.set(task.file, [node]);
      node.subtasks = [];
      if (task.kind === 'checklist') {
        task.subtasks.forEach((sub, i) => node.subtasks.push(taskNode(sub, node, `${key}/${i}`)));
      }
      node.entries = source.entriesFor(task).map((entry, i) => {
        const entryKey = `${key}/entry:${entry.file}#${entry.line}#${i}`;
        const oldEntry = previous.get(entryKey);
        const e: EntryNode = oldEntry?.type === 'entry' ? oldEntry : { type: 'entry', key: entryKey, entry, parent: node };
        e.entry = entry;
        e.parent = node;
        next.set(entryKey, e);
        return e;
      });
      return node;
    };

    const roots: GroupNode[] = [];
    const seen = new Map<string, number>();
    const tasks = source.tasks().filter((t) => (t.kind !== 'checklist' || t.depth === 0) && matchesFilter(t, filter));
    if (groupBy === 'status' && source.tasks().length > 0) {
      // Statuses in lifecycle order, even when empty, so the tree does not jump around.
      // No task at all leaves the tree empty, so the view's welcome content shows.
      for (const status of STATUSES) group(`status:${status}`, 'status', status, undefined);
    }
    for (const task of tasks) {
      const seenKey = `${task.file}#${task.id}`;
      const occurrence = seen.get(seenKey) ?? 0;
      seen.set(seenKey, occurrence + 1);
      const parents = groupsOf(task, groupBy, group);
      const node = taskNode(task, parents[parents.length - 1]!, `task:${seenKey}#${occurrence}`);
      parents[parents.length - 1]!.children.push(node);
      for (const p of parents) p.count++;
    }
    if (groupBy === 'file') roots.sort((a, b) => source.fileLabel(a.value).localeCompare(source.fileLabel(b.value)));
    if (groupBy === 'agent') roots.sort((a, b) => (a.value === NO_AGENT ? 1 : b.value === NO_AGENT ? -1 : a.value.localeCompare(b.value)));

    this.roots = roots;
    this.nodes = next;
    this.byFile = byFile;
  }

  get(key: string): TreeNode | undefined {
    return this.nodes.get(key);
  }

  /** Every task node, in tree order. */
  taskNodes(): TaskNode[] {
    const out: TaskNode[] = [];
    const walk = (nodes: readonly (GroupNode | TaskNode)[]): void => {
      for (const n of nodes) {
        if (n.type === 'group') walk(n.children);
        else {
          out.push(n);
          walk(n.subtasks);
        }
      }
    };
    walk(this.roots);
    return out;
  }

  /** The innermost task whose item covers `offset` in `file`. */
  taskAt(file: string, offset: number): TaskNode | undefined {
    let best: TaskNode | undefined;
    for (const node of this.byFile.get(file) ?? []) {
      const { start, end } = node.task.span;
      if (offset >= start && offset <= end && (!best || start >= best.task.span.start)) best = node;
    }
    return best;
  }
}

function groupsOf(
  task: Task,
  groupBy: GroupBy,
  group: (key: string, kind: GroupNode['groupKind'], value: string, parent: GroupNode | undefined) => GroupNode,
): GroupNode[] {
  switch (groupBy) {
    case 'status': {
      const status: Status | typeof NO_STATUS = task.status ?? NO_STATUS;
      return [group(`status:${status}`, 'status', status, undefined)];
    }
    case 'agent': {
      const agent = (task.kind === 'checklist' ? task.agent : task.assignedAgent?.trim()) || NO_AGENT;
      return [group(`agent:${agent}`, 'agent', agent, undefined)];
    }
    case 'file': {
      const file = group(`file:${task.file}`, 'file', task.file, undefined);
      const heading = task.group?.trim() || NO_SECTION;
      if (heading === NO_SECTION) return [file];
      return [file, group(`section:${task.file}#${heading}`, 'section', heading, file)];
    }
  }
}

/** What tells two builds of a group apart for a targeted refresh. */
export function groupSignature(node: GroupNode): string {
  return node.children.map((c) => c.key).join('|');
}

export { NO_AGENT, NO_SECTION, NO_STATUS };
