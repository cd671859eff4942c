// The Tasks tree's nodes. The store is sorted into groups and counted before
// the tree asks, so VS Code's callbacks only read (no parsing or I/O in
// getChildren); a group's rows are built when first read, so
// a 350,000-task board does not build rows nobody opened. Node objects are kept across
// rebuilds, keyed by what they show, so VS Code keeps expansion and
// selection, `reveal` finds them, and a change can refresh one group only.
import type { UnfinishedDependency } from '../../core/dependencies/dependencies';
import type { Task, WorkLogEntry } from '../../core/model';
import type { ShownProblem } from '../../shared/boardMessages';
import { DEFAULT_LIFECYCLE, firstStatus, isKnownStatus, moveNamed, nextStatuses, type Lifecycle } from '../../core/lifecycleModel';
import { lifecycleKindOf, viewKindOf } from '../../core/lifecycle';
import type { TaskFilter } from './taskFilter';
import { isFilterActive, matchesFilter } from './taskFilter';
import { runToEnd, TASKS_PER_STEP } from '../../core/steps';

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
  /**
   * The group's rows, built on first read: a build only counts a group's
   * tasks, so a collapsed group of 300,000 tasks costs no row until opened.
   */
  readonly children: readonly (GroupNode | TaskNode)[];
  /** Whether `children` has been read since the last build (so the rows exist, e.g. because the view showed them). */
  readonly built: boolean;
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
  /** The unfinished dependencies the task waits for; empty when it waits for nothing. */
  waiting: readonly UnfinishedDependency[];
  /** Its errors and warnings, as the Problems view lists them (errors first); empty when it has none. */
  problems: readonly ShownProblem[];
  subtasks: TaskNode[];
  entries: EntryNode[];
}

export interface EntryNode {
  readonly type: 'entry';
  readonly key: string;
  entry: WorkLogEntry;
  /** True for an entry about another task that names this one only in passing. */
  readonly mention: boolean;
  parent: TaskNode;
}

export type TreeNode = GroupNode | TaskNode | EntryNode;

export interface ModelSource {
  /** The tasks of each board and checklist, a list per file, in path order. */
  taskLists(): readonly (readonly Task[])[];
  entriesFor(task: Task): readonly WorkLogEntry[];
  /** Entries about other tasks that name this one in their body: listed after its own, marked as mentions. */
  mentionsOf(task: Task): readonly WorkLogEntry[];
  /** The stale-claim message of a task, if any. */
  staleReason(task: Task): string | undefined;
  /** What a task waits for (its unfinished dependencies); none when absent. */
  waitingOn?(task: Task): readonly UnfinishedDependency[];
  /** A task's errors and warnings (see diagnostics/shownProblems.ts); none when absent. */
  problemsOf?(task: Task): readonly ShownProblem[] | undefined;
  /** A short name for a file uri (workspace-relative path). */
  fileLabel(file: string): string;
  /** The repository's lifecycle: the status groups, in its order. */
  readonly lifecycle?: Lifecycle;
}

const NO_STATUS = 'none';
const NO_AGENT = '';
const NO_SECTION = '';

/**
 * The tasks of one task file, kept between builds: a change rebuilds only its
 * own files' entries. Nodes are built per task on demand (a group's rows when
 * the group is read, a task's node when it is revealed), so a build costs a
 * count per task, not a node.
 */
interface FileTasks {
  readonly file: string;
  /** Top-level tasks in file order (checklist subtasks hang under theirs). */
  readonly top: readonly Task[];
  /**
   * The node of top[i], once built, by i. A map, not an array of top.length:
   * on a 350,000-task board that array alone held the host for 10-30 ms.
   */
  readonly nodes: Map<number, TaskNode>;
  /** Node keys of `top`, computed on the first node built (`task:<file>#<id>#<n>`: n-th task with that id). */
  keys: string[] | undefined;
  /** Every built node of the file (tasks, subtasks, entries) by key. */
  readonly byKey: Map<string, TaskNode | EntryNode>;
  /** The previous build's nodes of this file, reused by key so VS Code keeps expansion and selection. */
  readonly previous: Map<string, TaskNode | EntryNode> | undefined;
  /** How the last unfiltered build sorted `top` into groups (see GroupRuns); undefined after a filtered one. */
  runs: GroupRuns | undefined;
}

/**
 * How a build sorted one file's top-level tasks into groups, as the runs it
 * added to them, in the order it added them. A build replays them when no
 * task of the file changed its group since: a write that changes one task of
 * a 10,000-task board then costs a look at each task (is it the same object,
 * or in the same group?) instead of a place in a group for each, and a file
 * a change did not touch costs one step per run.
 */
interface GroupRuns {
  readonly groupBy: GroupBy;
  readonly runs: readonly GroupRun[];
}

/** One run of a GroupRuns: the tasks at `indexes` of `top`, under the groups of `value`. */
interface GroupRun {
  readonly value: string;
  readonly indexes: IndexList;
}

/** A run of one file's top-level tasks (indexes into its `top`) inside a group, in tree order. */
interface TaskRun {
  readonly tasks: FileTasks;
  readonly indexes: IndexList;
}

/** Numbers in each chunk of an IndexList but the first (which doubles up to it): a power of two. */
const INDEX_CHUNK = 4096;
const INDEX_CHUNK_BITS = 12;

/**
 * A list of task indexes that grows without copying what it holds. An array
 * of numbers grown by `push` is copied whole each time it fills: on a 50 MB
 * board, a group's array of 262,000 indexes took 5-15 ms to grow, in one step.
 * Here the first chunk doubles up to INDEX_CHUNK numbers, and the list then
 * goes on in chunks of that size.
 */
class IndexList {
  private readonly chunks: Int32Array[] = [new Int32Array(8)];
  length = 0;

  constructor(first: number) {
    this.push(first);
  }

  push(index: number): void {
    const chunks = this.chunks;
    let last = chunks[chunks.length - 1]!;
    let at = this.length - (chunks.length - 1) * INDEX_CHUNK;
    if (at === last.length) {
      if (last.length < INDEX_CHUNK) {
        const grown = new Int32Array(last.length * 2);
        grown.set(last);
        chunks[chunks.length - 1] = last = grown;
      } else {
        chunks.push((last = new Int32Array(INDEX_CHUNK)));
        at = 0;
      }
    }
    last[at] = index;
    this.length++;
  }

  at(k: number): number {
    return this.chunks[k >>> INDEX_CHUNK_BITS]![k & (INDEX_CHUNK - 1)]!;
  }
}

/** A group as a build sorts tasks into it, before the build is put in place. */
interface DraftGroup {
  readonly key: string;
  readonly groupKind: GroupNode['groupKind'];
  readonly value: string;
  readonly parent: DraftGroup | undefined;
  count: number;
  readonly members: (DraftGroup | TaskRun)[];
}

function isDraft(member: DraftGroup | TaskRun): member is DraftGroup {
  return 'key' in member;
}

/** A group whose rows are built from its members on first read of `children`. */
class LazyGroup implements GroupNode {
  readonly type = 'group';
  parent: GroupNode | undefined;
  count = 0;
  /** Subgroups and runs of tasks, in the order the rows show. */
  members: (LazyGroup | TaskRun)[] = [];
  private rows: (GroupNode | TaskNode)[] | undefined;

  constructor(
    readonly key: string,
    readonly groupKind: GroupNode['groupKind'],
    readonly value: string,
    parent: GroupNode | undefined,
    private readonly build: (run: TaskRun, index: number) => TaskNode,
  ) {
    this.parent = parent;
  }

  get built(): boolean {
    return this.rows !== undefined;
  }

  get children(): readonly (GroupNode | TaskNode)[] {
    if (this.rows) return this.rows;
    const rows: (GroupNode | TaskNode)[] = [];
    for (const member of this.members) {
      if (member instanceof LazyGroup) rows.push(member);
      else for (let k = 0; k < member.indexes.length; k++) rows.push(this.build(member, member.indexes.at(k)));
    }
    this.rows = rows;
    return rows;
  }

  reset(parent: GroupNode | undefined): void {
    this.parent = parent;
    this.count = 0;
    this.members = [];
    this.rows = undefined;
  }

  /** Whether a task of one of `files` is under this group, without building rows. */
  holdsAny(files: ReadonlySet<string>): boolean {
    return this.members.some((m) => (m instanceof LazyGroup ? m.holdsAny(files) : files.has(m.tasks.file)));
  }
}

/**
 * Builds the node tree for one grouping and filter, reusing the node objects of
 * the previous build by key. A build sorts tasks into groups and counts them;
 * rows are built when a group's children are read. Files a build does not name
 * as changed keep their entry (and built nodes) as they are (on a
 * 350,000-task board building every row froze the host).
 */
export class TaskTreeModel {
  private groups = new Map<string, LazyGroup>();
  private files = new Map<string, FileTasks>();
  private source: ModelSource | undefined;
  private groupBy: GroupBy = 'status';
  private filter: TaskFilter | undefined;
  roots: GroupNode[] = [];

  /**
   * `changedFiles`: the only files whose tasks, entries or stale reasons may
   * differ since the last build; undefined rebuilds every node (a grouping or
   * filter change, or a work log changed, which any task may mention).
   */
  rebuild(source: ModelSource, groupBy: GroupBy, filter: TaskFilter, changedFiles?: ReadonlySet<string>): void {
    runToEnd(this.rebuildSteps(source, groupBy, filter, changedFiles));
  }

  /**
   * The same build as `rebuild`, as steps: it yields every TASKS_PER_STEP
   * tasks, and the model shows the last build until the final step puts the
   * new one in place (VS Code may read the tree between two steps).
   */
  *rebuildSteps(source: ModelSource, groupBy: GroupBy, filter: TaskFilter, changedFiles?: ReadonlySet<string>): Generator<void, void, void> {
    const drafts = new Map<string, DraftGroup>();
    const group = (key: string, groupKind: GroupNode['groupKind'], value: string, parent: DraftGroup | undefined): DraftGroup => {
      let draft = drafts.get(key);
      if (!draft) {
        draft = { key, groupKind, value, parent, count: 0, members: [] };
        drafts.set(key, draft);
        if (parent) parent.members.push(draft);
      }
      return draft;
    };

    const lists = source.taskLists();
    if (groupBy === 'status' && lists.some((list) => list.length > 0)) {
      // Statuses in lifecycle order, even when empty, so the tree does not jump around.
      // No task at all leaves the tree empty, so the view's welcome content shows.
      // Side statuses (blocked, cancelled) get their group when a task is in one.
      for (const status of (source.lifecycle ?? DEFAULT_LIFECYCLE).main) group(`status:${status}`, 'status', status, undefined);
    }
    const files = new Map<string, FileTasks>();
    const filtering = isFilterActive(filter);
    let sinceYield = 0;
    for (const list of lists) {
      if (list.length === 0) continue;
      const file = list[0]!.file;
      // Its top-level tasks (checklist subtasks hang under theirs): a board's are its list itself, not a copy. A copy
      // of a 50 MB board's 344,000 tasks held the host's thread for 7-22 ms in one step. A file's tasks are all of
      // its kind, and only a checklist has subtasks.
      let filtered: Task[] | undefined;
      for (let end = 0; list[0]!.kind === 'checklist' && end < list.length; end++) {
        if (!isTop(list[end]!)) filtered ??= list.slice(0, end);
        else if (filtered) filtered.push(list[end]!);
        if (++sinceYield === TASKS_PER_STEP) {
          sinceYield = 0;
          yield;
        }
      }
      const top = filtered ?? list;
      const kept = this.files.get(file);
      const entry = kept && changedFiles !== undefined && !changedFiles.has(file) && kept.top.length === top.length ? kept : fileTasks(file, top, kept);
      files.set(file, entry);
      // A file's tasks fall into a few groups: each group's path is found once per value, not made again for every task.
      const pathOf = new Map<string, DraftGroup[]>();
      const pathFor = (task: Task, value: string): DraftGroup[] => {
        let parents = pathOf.get(value);
        if (!parents) pathOf.set(value, (parents = groupsOf(task, value, groupBy, group)));
        return parents;
      };
      if (!filtering && kept?.runs?.groupBy === groupBy && (entry === kept || (yield* sameGroups(kept.top, entry.top, groupBy)))) {
        entry.runs = kept.runs;
        for (const run of kept.runs.runs) {
          const parents = pathFor(entry.top[run.indexes.at(0)]!, run.value);
          parents[parents.length - 1]!.members.push({ tasks: entry, indexes: run.indexes });
          for (const p of parents) p.count += run.indexes.length;
        }
        continue;
      }
      const runs: GroupRun[] = [];
      for (let j = 0; j < entry.top.length; j++) {
        if (++sinceYield === TASKS_PER_STEP) {
          sinceYield = 0;
          yield;
        }
        const task = entry.top[j]!;
        if (filtering && !matchesFilter(task, filter)) continue;
        const value = groupValueOf(task, groupBy);
        const parents = pathFor(task, value);
        const parent = parents[parents.length - 1]!;
        const last = parent.members[parent.members.length - 1];
        if (last !== undefined && !isDraft(last) && last.tasks === entry) last.indexes.push(j);
        else {
          const indexes = new IndexList(j);
          parent.members.push({ tasks: entry, indexes });
          runs.push({ value, indexes });
        }
        for (const p of parents) p.count++;
      }
      entry.runs = filtering ? undefined : { groupBy, runs };
    }

    // The new build in place, in one step: group nodes are kept by key (VS Code keeps expansion and selection).
    const previousGroups = this.groups;
    const groups = new Map<string, LazyGroup>();
    const build = (run: TaskRun, index: number): TaskNode => this.node(run.tasks, index);
    for (const draft of drafts.values()) {
      const node = previousGroups.get(draft.key) ?? new LazyGroup(draft.key, draft.groupKind, draft.value, undefined, build);
      node.reset(draft.parent ? groups.get(draft.parent.key) : undefined);
      node.count = draft.count;
      groups.set(draft.key, node);
    }
    const roots: LazyGroup[] = [];
    for (const draft of drafts.values()) {
      const node = groups.get(draft.key)!;
      node.members = draft.members.map((m) => (isDraft(m) ? groups.get(m.key)! : m));
      if (!draft.parent) roots.push(node);
    }
    if (groupBy === 'file') roots.sort((a, b) => source.fileLabel(a.value).localeCompare(source.fileLabel(b.value)));
    if (groupBy === 'agent') roots.sort((a, b) => (a.value === NO_AGENT ? 1 : b.value === NO_AGENT ? -1 : a.value.localeCompare(b.value)));

    this.roots = roots;
    this.groups = groups;
    this.files = files;
    this.source = source;
    this.groupBy = groupBy;
    this.filter = filtering ? filter : undefined;
  }

  /** Whether a task of one of `files` is under `group` (rows need not be built). */
  holdsAny(group: GroupNode, files: ReadonlySet<string>): boolean {
    return group instanceof LazyGroup ? group.holdsAny(files) : false;
  }

  get(key: string): TreeNode | undefined {
    const found = this.groups.get(key);
    if (found) return found;
    for (const entry of this.files.values()) {
      if (!key.startsWith(`task:${entry.file}#`)) continue;
      for (let i = 0; i < entry.top.length; i++) this.node(entry, i);
      const node = entry.byKey.get(key);
      if (node) return node;
    }
    return undefined;
  }

  /** Every task node, in tree order (builds every row: for tests and small trees). */
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

  /**
   * The node of the first task of `file` (subtasks included) that `matches`, if
   * the tree shows it; builds only that task's node.
   */
  find(file: string, matches: (task: Task) => boolean): TaskNode | undefined {
    const entry = this.files.get(file);
    if (!entry) return undefined;
    for (let i = 0; i < entry.top.length; i++) {
      if (!containsMatch(entry.top[i]!, matches)) continue;
      const node = this.node(entry, i);
      if (!node.parent) return undefined;
      const inner = (n: TaskNode): TaskNode | undefined => {
        if (matches(n.task)) return n;
        for (const sub of n.subtasks) {
          const found = inner(sub);
          if (found) return found;
        }
        return undefined;
      };
      return inner(node);
    }
    return undefined;
  }

  /** The innermost task whose item covers `offset` in `file`. */
  taskAt(file: string, offset: number): TaskNode | undefined {
    const entry = this.files.get(file);
    if (!entry) return undefined;
    let topIndex = -1;
    for (let i = 0; i < entry.top.length; i++) {
      const { start, end } = entry.top[i]!.span;
      if (offset >= start && offset <= end && (topIndex < 0 || start >= entry.top[topIndex]!.span.start)) topIndex = i;
    }
    if (topIndex < 0) return undefined;
    let best = this.node(entry, topIndex);
    const walk = (node: TaskNode): void => {
      for (const sub of node.subtasks) {
        const { start, end } = sub.task.span;
        if (offset >= start && offset <= end && start >= best.task.span.start) best = sub;
        walk(sub);
      }
    };
    walk(best);
    return best;
  }

  /** The node of entry.top[index], built on first use, under the group the last build put its task in. */
  private node(entry: FileTasks, index: number): TaskNode {
    const known = entry.nodes.get(index);
    if (known) return known;
    const source = this.source!;
    const keys = (entry.keys ??= topKeys(entry.top));
    const task = entry.top[index]!;
    const shown = this.filter === undefined || matchesFilter(task, this.filter);
    const parents = shown ? groupsOf(task, groupValueOf(task, this.groupBy), this.groupBy, (key) => this.groups.get(key)!) : [];
    const node = buildTaskNode(source, entry, task, parents[parents.length - 1], keys[index]!);
    entry.nodes.set(index, node);
    return node;
  }
}

function containsMatch(task: Task, matches: (task: Task) => boolean): boolean {
  return matches(task) || (task.kind === 'checklist' && task.subtasks.some((sub) => containsMatch(sub, matches)));
}

function isTop(task: Task): boolean {
  return task.kind !== 'checklist' || task.depth === 0;
}

/** A fresh entry for one file's top-level tasks, reusing `kept`'s node objects by key as they get built. */
function fileTasks(file: string, top: readonly Task[], kept: FileTasks | undefined): FileTasks {
  return { file, top, nodes: new Map(), keys: undefined, byKey: new Map(), previous: kept?.byKey, runs: undefined };
}

/**
 * Whether each task of `after` falls in the group its task of `before` fell
 * in (the same object, or one with the same group value), in steps.
 */
function* sameGroups(before: readonly Task[], after: readonly Task[], groupBy: GroupBy): Generator<void, boolean, void> {
  if (before.length !== after.length) return false;
  for (let start = 0; start < after.length; start += TASKS_PER_STEP) {
    if (start > 0) yield;
    const end = Math.min(after.length, start + TASKS_PER_STEP);
    for (let j = start; j < end; j++) {
      const was = before[j]!;
      const is = after[j]!;
      if (was !== is && groupValueOf(was, groupBy) !== groupValueOf(is, groupBy)) return false;
    }
  }
  return true;
}

function topKeys(top: readonly Task[]): string[] {
  const seen = new Map<string, number>();
  return top.map((task) => {
    const seenKey = `${task.file}#${task.id}`;
    const occurrence = seen.get(seenKey) ?? 0;
    seen.set(seenKey, occurrence + 1);
    return `task:${seenKey}#${occurrence}`;
  });
}

/** The node of one task and its subtasks and entries; a subtask's key extends its parent's. */
function buildTaskNode(source: ModelSource, entry: FileTasks, task: Task, parent: GroupNode | TaskNode | undefined, key: string): TaskNode {
  const { previous, byKey } = entry;
  const old = previous?.get(key);
  const node: TaskNode = old?.type === 'task' ? old : { type: 'task', key, task, parent, stale: undefined, waiting: [], problems: [], subtasks: [], entries: [] };
  node.task = task;
  node.parent = parent;
  node.stale = source.staleReason(task);
  node.waiting = source.waitingOn?.(task) ?? [];
  node.problems = source.problemsOf?.(task) ?? [];
  byKey.set(key, node);
  node.subtasks = [];
  if (task.kind === 'checklist') {
    task.subtasks.forEach((sub, i) => node.subtasks.push(buildTaskNode(source, entry, sub, node, `${key}/${i}`)));
  }
  const entryNode = (workEntry: WorkLogEntry, i: number, mention: boolean): EntryNode => {
    const entryKey = `${key}/${mention ? 'mention' : 'entry'}:${workEntry.file}#${workEntry.line}#${i}`;
    const oldEntry = previous?.get(entryKey);
    const e: EntryNode = oldEntry?.type === 'entry' ? oldEntry : { type: 'entry', key: entryKey, entry: workEntry, mention, parent: node };
    e.entry = workEntry;
    e.parent = node;
    byKey.set(entryKey, e);
    return e;
  };
  node.entries = [
    ...source.entriesFor(task).map((e, i) => entryNode(e, i, false)),
    ...source.mentionsOf(task).map((e, i) => entryNode(e, i, true)),
  ];
  return node;
}

function groupsOf<G>(
  task: Task,
  /** `groupValueOf(task, groupBy)`. */
  value: string,
  groupBy: GroupBy,
  group: (key: string, kind: GroupNode['groupKind'], value: string, parent: G | undefined) => G,
): G[] {
  // `group` creates the groups during a build and looks them up afterwards (a node built on demand).
  switch (groupBy) {
    case 'status':
      return [group(`status:${value}`, 'status', value, undefined)];
    case 'agent':
      return [group(`agent:${value}`, 'agent', value, undefined)];
    case 'file': {
      const file = group(`file:${task.file}`, 'file', task.file, undefined);
      if (value === NO_SECTION) return [file];
      return [file, group(`section:${task.file}#${value}`, 'section', value, file)];
    }
  }
}

/** What places a task in the grouping, besides its file: its status, its agent, or its section. */
function groupValueOf(task: Task, groupBy: GroupBy): string {
  switch (groupBy) {
    case 'status':
      return task.status ?? NO_STATUS;
    case 'agent':
      return (task.kind === 'checklist' ? task.agent : task.assignedAgent?.trim()) || NO_AGENT;
    case 'file':
      return task.group?.trim() || NO_SECTION;
  }
}

/** Whether two builds of a group show the same children (node objects are kept by key, so identity tells). */
export function sameChildren(a: readonly (GroupNode | TaskNode)[], b: readonly (GroupNode | TaskNode)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * `task.board.todo.can-claim`, `task.checklist.in_progress.can-complete.can-release`, ...: the
 * kind, the status, then each legal move under the repository's lifecycle (`can-move` when a
 * legal step has no command of its own, like in_progress → review), then `.stale` when the claim
 * looks abandoned. The menus' `when` clauses (package.json) key on the `can-` parts.
 */
export function taskContextValue(node: Pick<TaskNode, 'task'> & { readonly stale?: string }, lifecycle: Lifecycle = DEFAULT_LIFECYCLE): string {
  const { task } = node;
  // A checkbox follows the checklist's path; one whose box is its only status has one move, complete (viewKindOf).
  const view = viewKindOf(task);
  const kind = lifecycleKindOf(task);
  let value = `task.${view}.${task.status ?? 'unknown'}`;
  if (view === 'checkbox') {
    if (task.status === firstStatus(lifecycle, kind) && !task.conflict) value += '.can-complete';
  } else if (task.status !== undefined && isKnownStatus(lifecycle, task.status) && !task.conflict) {
    const moves = new Set<string>();
    for (const to of nextStatuses(lifecycle, task.status, kind)) moves.add(moveNamed(lifecycle, task.status, to, kind) ?? 'move');
    for (const move of ['claim', 'start', 'complete', 'release', 'move']) if (moves.has(move)) value += `.can-${move}`;
  }
  return node.stale ? `${value}.stale` : value;
}

export { NO_AGENT, NO_SECTION, NO_STATUS };
