// The Tasks tree's data provider. It only displays: the model is rebuilt from
// the store when the store changes (throttled), and the callbacks read it.
import * as vscode from 'vscode';
import { isInFlight } from '../../core/lifecycleModel';
import type { Task } from '../../core/model';
import { staleAfterHours } from '../settings';
import { staleReasons } from '../staleReasons';
import type { TaskStore } from '../taskStore';
import type { TaskFilter } from './taskFilter';
import { NO_FILTER } from './taskFilter';
import { entryItem, groupItem, relativeName, taskItem, taskTooltip } from './taskTreeItems';
import type { GroupBy, TreeNode } from './taskTreeModel';
import { sameChildren, TaskTreeModel } from './taskTreeModel';
import { runToEnd } from '../../core/steps';
import type { ShownProblem } from '../../shared/boardMessages';
import { onProblemsChanged, shownProblems } from '../diagnostics/shownProblems';
import type { ShownProblems } from '../diagnostics/problemsByTask';

/** Changes arriving closer together than this are shown together; the first after a quiet spell is shown at once. */
const REFRESH_THROTTLE_MS = 80;

/** The sliced rebuild's key among the store's later turns. */
const TREE_JOB = 'tree';

/**
 * A claim goes stale with the clock, not with an edit: files with held tasks
 * are re-checked every quarter of the threshold, between these bounds.
 */
const STALE_RECHECK_MIN_MS = 1_000;
const STALE_RECHECK_MAX_MS = 5 * 60_000;

/** Every quarter of the shortest threshold any folder sets (a folder may set its own); undefined when none looks. */
function staleRecheckMs(): number | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const hours = (folders.length > 0 ? folders.map((f) => staleAfterHours(f.uri)) : [staleAfterHours(null)]).filter((h) => h > 0);
  if (hours.length === 0) return undefined;
  const quarter = (Math.min(...hours) * 3_600_000) / 4;
  return Math.min(STALE_RECHECK_MAX_MS, Math.max(STALE_RECHECK_MIN_MS, quarter));
}

export class TaskTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  readonly model = new TaskTreeModel();
  private groupByMode: GroupBy;
  private activeFilter: TaskFilter = NO_FILTER;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the tree was last rebuilt from store changes (Date.now()), for the throttle. */
  private lastFlush = -Infinity;
  private pendingFiles = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly rebuiltEmitter = new vscode.EventEmitter<void>();
  /** After every rebuild, once the model reflects the store. */
  readonly onDidRebuild = this.rebuiltEmitter.event;
  private readonly subscriptions: vscode.Disposable[];
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The files of a sliced rebuild under way (undefined: every file), null when none is. */
  private unfinished: ReadonlySet<string> | undefined | null = null;
  /** Stale-claim messages by file, then `<file>#<id>`: recomputed for the files a change names. */
  private readonly staleByFile = new Map<string, Map<string, string>>();
  /** What the rows say of their tasks' problems (see diagnostics/shownProblems.ts). */
  private readonly problems: ShownProblems;

  constructor(
    private readonly store: TaskStore,
    groupBy: GroupBy,
  ) {
    this.groupByMode = groupBy;
    this.problems = shownProblems(store);
    this.subscriptions = [
      store.onDidChange(({ files }) => this.schedule(files)),
      // Other status groups, other moves on every row.
      store.onDidChangeLifecycle(() => this.rebuild(undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('agentTaskBoard.staleClaimHours')) return;
        this.rebuild(undefined);
        this.scheduleStaleRecheck();
      }),
      // A folder added may set a shorter threshold of its own.
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleStaleRecheck()),
      // Diagnostics are set a turn or more after the store's change: a file whose rows showed other problems is
      // shown again. Most changes set a file's diagnostics again as they were, and show nothing.
      onProblemsChanged(store, this.problems, 'tree problems', (files) => this.schedule(files)),
    ];
    this.rebuild(undefined);
    this.scheduleStaleRecheck();
  }

  /** Re-checks the files that hold claimed or started tasks, so a claim that went stale meanwhile shows. */
  private scheduleStaleRecheck(): void {
    if (this.staleTimer) clearTimeout(this.staleTimer);
    const every = staleRecheckMs();
    if (every === undefined) return;
    this.staleTimer = setTimeout(() => {
      const held = new Set<string>();
      const lifecycle = this.store.lifecycle;
      for (const list of this.store.taskLists()) if (list.some((t) => isInFlight(lifecycle, t.status, t.kind))) held.add(list[0]!.file);
      if (held.size > 0) this.schedule([...held]);
      this.scheduleStaleRecheck();
    }, every);
  }

  get groupBy(): GroupBy {
    return this.groupByMode;
  }

  get filter(): TaskFilter {
    return this.activeFilter;
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupByMode = groupBy;
    this.rebuild(undefined);
  }

  setFilter(filter: TaskFilter): void {
    this.activeFilter = filter;
    this.rebuild(undefined);
  }

  /** Applies pending store changes now, skipping the throttle and ending a sliced rebuild (before a read that must see them). */
  flush(force = false): void {
    this.apply(force);
    this.store.later.finish(TREE_JOB);
  }

  /** Rebuilds for the store changes that came since the last rebuild (a large file's, in slices). */
  private apply(force = false): void {
    if (!force && this.timer === undefined && this.pendingFiles.size === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = Date.now();
    const files = this.pendingFiles;
    this.pendingFiles = new Set();
    this.rebuild(files);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'group':
        return groupItem(node);
      case 'task':
        return taskItem(node, this.store.lifecycle);
      case 'entry':
        return entryItem(node);
    }
  }

  /** Tooltips are built when the pointer rests on a row, not for every row of a 5,000-task board. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.type === 'task') item.tooltip = taskTooltip(node);
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.model.roots;
    switch (node.type) {
      case 'group':
        // Built here on first read (the model only counted them); VS Code does not change the array.
        return node.children as TreeNode[];
      case 'task':
        return [...node.subtasks, ...node.entries];
      case 'entry':
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.staleTimer) clearTimeout(this.staleTimer);
    for (const s of this.subscriptions) s.dispose();
    this.changeEmitter.dispose();
    this.rebuiltEmitter.dispose();
  }

  private schedule(files: readonly string[]): void {
    for (const f of files) this.pendingFiles.add(f);
    if (this.timer) return;
    // A change after a quiet spell is shown now (the store has already gathered what changed with it), before
    // the store's other listeners do their own passes; one within the throttle of the last rebuild waits for
    // its end, with every other that arrives meanwhile.
    const wait = this.lastFlush + REFRESH_THROTTLE_MS - Date.now();
    if (wait <= 0) this.apply();
    else this.timer = setTimeout(() => this.apply(), wait);
  }

  /**
   * Rebuilds the model for `changedFiles` (every file when undefined), with
   * the files of a sliced rebuild still under way. A large file's rebuild is
   * a pass over every task: it runs in slices, in later turns (see
   * laterTurns.ts), and the tree shows the last build until it ends.
   */
  private rebuild(changedFiles: ReadonlySet<string> | undefined): void {
    const unfinished = this.unfinished;
    const files = unfinished === null ? changedFiles : unfinished === undefined || changedFiles === undefined ? undefined : new Set([...unfinished, ...changedFiles]);
    const large = files === undefined ? this.store.files().some((f) => this.store.isLarge(f.file)) : [...files].some((f) => this.store.isLarge(f));
    if (large) {
      this.unfinished = files;
      this.store.later.enqueueSteps(TREE_JOB, () => this.rebuildSteps(files));
      return;
    }
    this.unfinished = null;
    this.store.later.cancel(TREE_JOB);
    runToEnd(this.rebuildSteps(files));
  }

  /**
   * The rebuild's steps; at their end the model is in place, and only the
   * root groups whose members or tasks changed are refreshed, or the whole
   * tree when groups came or went (or on a grouping/filter change,
   * `changedFiles` undefined).
   */
  private *rebuildSteps(changedFiles: ReadonlySet<string> | undefined): Generator<void, void, void> {
    // A work log (or any file without tasks of its own) may mention tasks of every board: all nodes are rebuilt.
    const onlyTaskFiles =
      changedFiles !== undefined &&
      [...changedFiles].every((f) => {
        const kind = this.store.kindOfFile(f);
        return kind === 'board' || kind === 'checklist';
      });
    // What a task waits for changes with the status of tasks in other files: files with dependencies are rebuilt too.
    const dependents = onlyTaskFiles ? withDependents(changedFiles, yield* this.store.dependentFilesSteps()) : undefined;
    // Every file's problems are read once per build, and a file whose tasks got other problems is rebuilt too: its
    // rows, built from an older build, show what they got then.
    const problems = this.readProblems();
    yield;
    const rebuilt = dependents === undefined || problems.changed.length === 0 ? dependents : new Set([...dependents, ...problems.changed]);
    const refreshed = changedFiles === undefined || problems.changed.length === 0 ? changedFiles : new Set([...changedFiles, ...problems.changed]);
    // Rows the view has not asked for are not built to compare them: such a group is refreshed when its count or files changed.
    const before = new Map(this.model.roots.map((g) => [g, { children: g.built ? g.children : undefined, count: g.count }]));
    const rootsBefore = this.model.roots.map((g) => g.key).join('|');
    yield* this.model.rebuildSteps(this.source(rebuilt, problems.byLine), this.groupByMode, this.activeFilter, rebuilt);
    this.unfinished = null;
    const rootsAfter = this.model.roots.map((g) => g.key).join('|');
    const changedGroups =
      !refreshed || rootsBefore !== rootsAfter
        ? undefined
        : this.model.roots.filter((group) => {
            const was = before.get(group);
            return (
              !was ||
              was.count !== group.count ||
              this.model.holdsAny(group, refreshed) ||
              (was.children !== undefined && !sameChildren(was.children, group.children))
            );
          });
    // Two groups changing together may be a task moving from one to the other. Refreshed one by one,
    // the group it joins can be read while the group it left still holds its id, and VS Code refuses
    // the row ("Element with id … is already registered") and leaves the group empty: refresh all.
    if (changedGroups === undefined || changedGroups.length > 1) this.changeEmitter.fire(undefined);
    else for (const group of changedGroups) this.changeEmitter.fire(group);
    this.rebuiltEmitter.fire();
  }

  /**
   * Each task file's problems by first line, read from the store's tasks now,
   * and the files whose tasks got other problems than the last build gave
   * them. A file with no diagnostics and no problems before costs a lookup.
   */
  private readProblems(): { byLine: Map<string, Map<number, readonly ShownProblem[]>>; changed: string[] } {
    const byLine = new Map<string, Map<number, readonly ShownProblem[]>>();
    const changed: string[] = [];
    const read = new Set<string>();
    for (const { file, kind } of this.store.files()) {
      if (kind !== 'board' && kind !== 'checklist') continue;
      read.add(file);
      const given = this.problems.of(file, () => withSubtasks(this.store.tasksIn(file)));
      if (given.changed) changed.push(file);
      if (given.byTask.size > 0) byLine.set(file, new Map([...given.byTask].map(([task, list]) => [task.line, list])));
    }
    this.problems.retain(read);
    return { byLine, changed };
  }

  /**
   * What the model reads. Stale reasons are recomputed for `changedFiles`
   * only (every file when undefined), and only when a row of the file is
   * built: a count of a 300,000-task board's groups makes no pass over its claims.
   */
  private source(changedFiles: ReadonlySet<string> | undefined, problems: ReadonlyMap<string, ReadonlyMap<number, readonly ShownProblem[]>>) {
    const store = this.store;
    const lists = store.taskLists();
    if (!changedFiles) this.staleByFile.clear();
    else for (const file of changedFiles) this.staleByFile.delete(file);
    const staleIn = (file: string): Map<string, string> => {
      let stale = this.staleByFile.get(file);
      // Per file: ids are unique within a board, not across boards, and each board has its own history.
      if (!stale) this.staleByFile.set(file, (stale = staleReasons(store, file, store.tasksIn(file))));
      return stale;
    };
    return {
      taskLists: () => lists,
      entriesFor: (task: Task) => store.entriesFor(task),
      mentionsOf: (task: Task) => store.mentionsOf(task),
      staleReason: (task: Task) => staleIn(task.file).get(task.id),
      waitingOn: (task: Task) => store.waitingOn(task),
      // By file and first line: a row kept from an older build may hold another copy of its task (the board
      // branch's view makes new ones), and an unchanged file's lines are what they were.
      problemsOf: (task: Task) => problems.get(task.file)?.get(task.line),
      fileLabel: (file: string) => relativeName(file),
      lifecycle: store.lifecycle,
    };
  }
}

/** A file's tasks in file order, each checklist item followed by its subtasks (they have rows of their own). */
function withSubtasks(tasks: readonly Task[]): readonly Task[] {
  if (!tasks.some((t) => t.kind === 'checklist' && t.subtasks.length > 0)) return tasks;
  const out: Task[] = [];
  const add = (task: Task): void => {
    out.push(task);
    if (task.kind === 'checklist') for (const sub of task.subtasks) add(sub);
  };
  for (const task of tasks) add(task);
  return out;
}

function withDependents(changed: ReadonlySet<string>, dependents: ReadonlySet<string>): ReadonlySet<string> {
  if (dependents.size === 0 || [...dependents].every((f) => changed.has(f))) return changed;
  return new Set([...changed, ...dependents]);
}
