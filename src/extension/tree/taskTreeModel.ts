// The Tasks tree's nodes, built from the store before the tree asks for them
// (STYLE rule 10: getChildren only reads this). Node objects are kept across
// rebuilds, keyed by what they show, so VS Code keeps expansion and
// selection, `reveal` finds them, and a change can refresh one group only.
import type { Status, Task, WorkLogEntry } from '../../core/model';
import { STATUSES } from '../../core/model';
import type { TaskFilter } from './taskFilter';
import { isFilterActive, matchesFilter } from './taskFilter';

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

/** The task nodes of one task file, kept between builds: a change rebuilds only its own files' nodes. */
interface FileNodes {
  /** Top-level task nodes in file order (checklist subtasks hang under theirs). */
  readonly top: TaskNode[];
  /** Every node of the file (tasks, subtasks, entries) by key. */
  readonly byKey: Map<string, TaskNode | EntryNode>;
  /** Every task node of the file, subtasks included, for `taskAt`. */
  readonly tasks: TaskNode[];
}

/**
 * Builds the node tree for one grouping and filter, reusing the node objects of
 * the previous build by key. Task nodes are built per file and kept: a build
 * that names the files that changed rebuilds only their nodes and regroups the
 * rest as they are (on a 350,000-task board a full build froze the host).
 */
export class TaskTreeModel {
  private groups = new Map<string, GroupNode>();
  private files = new Map<string, FileNodes>();
  roots: GroupNode[] = [];

  /**
   * `changedFiles`: the only files whose tasks, entries or stale reasons may
   * differ since the last build; undefined rebuilds every node (a grouping or
   * filter change, or a work log changed, which any task may mention).
   */
  rebuild(source: ModelSource, groupBy: GroupBy, filter: TaskFilter, changedFiles?: ReadonlySet<string>): void {
    const previousGroups = this.groups;
    const groups = new Map<string, GroupNode>();
    const roots: GroupNode[] = [];
    const group = (key: string, groupKind: GroupNode['groupKind'], value: string, parent: GroupNode | undefined): GroupNode => {
      const known = groups.get(key);
      if (known) return known;
      const old = previousGroups.get(key);
      const node: GroupNode = old ?? { type: 'group', key, groupKind, value, parent, children: [], count: 0 };
      node.parent = parent;
      node.children = [];
      node.count = 0;
      groups.set(key, node);
      if (parent) parent.children.push(node);
      else roots.push(node);
      return node;
    };

    const all = source.tasks();
    if (groupBy === 'status' && all.length > 0) {
      // Statuses in lifecycle order, even when empty, so the tree does not jump around.
      // No task at all leaves the tree empty, so the view's welcome content shows.
      for (const status of STATUSES) group(`status:${status}`, 'status', status, undefined);
    }
    const files = new Map<string, FileNodes>();
    const filtering = isFilterActive(filter);
    // The store lists tasks by file, then position: each file's tasks are one run.
    for (let i = 0; i < all.length; ) {
      const file = all[i]!.file;
      let end = i + 1;
      while (end < all.length && all[end]!.file === file) end++;
      const kept = this.files.get(file);
      const nodes =
        kept && changedFiles !== undefined && !changedFiles.has(file) && kept.top.length === countTop(all, i, end)
          ? kept
          : buildFile(source, all, i, end, kept);
      files.set(file, nodes);
      for (const node of nodes.top) {
        if (filtering && !matchesFilter(node.task, filter)) continue;
        const parents = groupsOf(node.task, groupBy, group);
        const parent = parents[parents.length - 1]!;
        node.parent = parent;
        parent.children.push(node);
        for (const p of parents) p.count++;
      }
      i = end;
    }
    if (groupBy === 'file') roots.sort((a, b) => source.fileLabel(a.value).localeCompare(source.fileLabel(b.value)));
    if (groupBy === 'agent') roots.sort((a, b) => (a.value === NO_AGENT ? 1 : b.value === NO_AGENT ? -1 : a.value.localeCompare(b.value)));

    this.roots = roots;
    this.groups = groups;
    this.files = files;
  }

  get(key: string): TreeNode | undefined {
    const found = this.groups.get(key);
    if (found) return found;
    for (const nodes of this.files.values()) {
      const node = nodes.byKey.get(key);
      if (node) return node;
    }
    return undefined;
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
    for (const node of this.files.get(file)?.tasks ?? []) {
      const { start, end } = node.task.span;
      if (offset >= start && offset <= end && (!best || start >= best.task.span.start)) best = node;
    }
    return best;
  }
}

/** Top-level tasks among all[start, end): checklist subtasks are listed under their parents, not here. */
function countTop(all: readonly Task[], start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (isTop(all[i]!)) n++;
  return n;
}

function isTop(task: Task): boolean {
  return task.kind !== 'checklist' || task.depth === 0;
}

/** The nodes of one file's tasks all[start, end), reusing `kept`'s node objects by key. */
function buildFile(source: ModelSource, all: readonly Task[], start: number, end: number, kept: FileNodes | undefined): FileNodes {
  const previous = kept?.byKey;
  const byKey = new Map<string, TaskNode | EntryNode>();
  const tasks: TaskNode[] = [];
  // Keys: `task:<file>#<id>#<n>` (n-th task with that id in the file); a subtask's key extends its parent's.
  const taskNode = (task: Task, parent: GroupNode | TaskNode | undefined, key: string): TaskNode => {
    const old = previous?.get(key);
    const node: TaskNode = old?.type === 'task' ? old : { type: 'task', key, task, parent, stale: undefined, subtasks: [], entries: [] };
    node.task = task;
    node.parent = parent;
    node.stale = source.staleReason(task);
    byKey.set(key, node);
    tasks.push(node);
    node.subtasks = [];
    if (task.kind === 'checklist') {
      task.subtasks.forEach((sub, i) => node.subtasks.push(taskNode(sub, node, `${key}/${i}`)));
    }
    node.entries = source.entriesFor(task).map((entry, i) => {
      const entryKey = `${key}/entry:${entry.file}#${entry.line}#${i}`;
      const oldEntry = previous?.get(entryKey);
      const e: EntryNode = oldEntry?.type === 'entry' ? oldEntry : { type: 'entry', key: entryKey, entry, parent: node };
      e.entry = entry;
      e.parent = node;
      byKey.set(entryKey, e);
      return e;
    });
    return node;
  };
  const seen = new Map<string, number>();
  const top: TaskNode[] = [];
  for (let i = start; i < end; i++) {
    const task = all[i]!;
    if (!isTop(task)) continue;
    const seenKey = `${task.file}#${task.id}`;
    const occurrence = seen.get(seenKey) ?? 0;
    seen.set(seenKey, occurrence + 1);
    top.push(taskNode(task, undefined, `task:${seenKey}#${occurrence}`));
  }
  return { top, byKey, tasks };
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

/** Whether two builds of a group show the same children (node objects are kept by key, so identity tells). */
export function sameChildren(a: readonly (GroupNode | TaskNode)[], b: readonly (GroupNode | TaskNode)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export { NO_AGENT, NO_SECTION, NO_STATUS };
