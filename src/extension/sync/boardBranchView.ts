// The board branch in the editor: with sync on (the repository settings file
// says `sync: { enabled: true }`), the Tasks view, the board and the status
// bar show each task as the board branch has it, fetched on a timer and when
// the window gains focus; a task whose state there differs from the working
// copy's is marked ("claimed by agent-b on origin/main"); and moves from the
// sidebar and the board go through the board branch (taskMover.ts asks
// `syncedRoot`). With sync off nothing here runs: the views show the files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Status, Task } from '../../core/model';
import { taskData } from '../../core/parsedTransfer';
import { SETTINGS_FILE } from '../../core/settings/repoSettings';
import { gitPlaceOf } from '../../node/gitPlace';
import { repoSettingsFor } from '../../node/repoSettingsFile';
import { showSettingsFile } from '../lifecycleSetting';
import { tasksOnBoardBranch } from '../../node/sync/boardMoves';
import { SECTION } from '../settings';
import type { TaskOverlay, TaskStore } from '../taskStore';
import { registerTestHooks } from '../testHooks';
import { setActiveBoardBranch } from './activeBoardBranch';

/** A task as the board branch has it, where that differs from the working copy. */
export interface BranchDifference {
  readonly branch: string;
  readonly status: Status | undefined;
  readonly agent: string | undefined;
  /** The working copy's status, for the mark. */
  readonly localStatus: Status | undefined;
}

interface RepoState {
  /** `origin/main`, once fetched. */
  branch?: string;
  fetchedAt?: Date;
  error?: string;
  /** Per file uri, per id: the branch's status and holder. */
  tasks: Map<string, Map<string, { status: Status | undefined; agent: string | undefined }>>;
}

const DEFAULT_FETCH_SECONDS = 60;

export class BoardBranchView implements TaskOverlay, vscode.Disposable {
  /** Per repository top folder with sync on. */
  private readonly repos = new Map<string, RepoState>();
  /** Repositories whose settings file's sync setting cannot be read, with that file's path. */
  private readonly unknown = new Map<string, string>();
  private readonly marks = new WeakMap<Task, BranchDifference>();
  private readonly overlaid = new WeakMap<readonly Task[], { version: number; tasks: readonly Task[] }>();
  /** Bumped by every fetch and every change of which repositories sync. */
  private version = 0;
  /** Each file's repository top (or none), as uri string → folder; found again by each `rediscover`. */
  private readonly roots = new Map<string, string | null>();
  /** Repository tops whose settings file was read (the watcher tells of later changes). */
  private readonly lookedAt = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private fetching: Promise<void> | undefined;
  /** The last look for the repositories that sync (at start-up, and on each change of a settings file). */
  private discovering: Promise<void> = Promise.resolve();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** The branch state (or the repositories that sync) changed. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly store: TaskStore) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${SETTINGS_FILE}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => void this.discover()),
      watcher.onDidChange(() => void this.discover()),
      watcher.onDidDelete(() => void this.discover()),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.fetch();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${SECTION}.sync`)) this.restartTimer();
      }),
      store.onDidChange(({ files }) => {
        // A task file in a repository not looked at yet: is its board synced?
        if (files.some((f) => this.newRepo(f))) void this.discover();
      }),
      this.changeEmitter,
    );
    void this.discover();
  }

  /**
   * Fetch the Board Branch, as a person asks for it: once the repositories that sync are known (a command run
   * just after start-up would otherwise find none), the board branch of each; how many there are.
   */
  async fetchAsked(): Promise<number> {
    await this.discovering;
    await this.fetch();
    return this.repos.size;
  }

  /** A look that failed (git gone mid-way) is not a failure of every Fetch after it: the next change looks again. */
  private discover(): Promise<void> {
    return (this.discovering = this.rediscover().catch(() => undefined));
  }

  /** The repository top folder whose board branch `file` is moved through, when its repository syncs. */
  syncedRoot(file: string): string | undefined {
    return this.rootOf(file);
  }

  /** The settings file of `file`'s repository when its sync setting cannot be read (a move must not guess). */
  syncUnknown(file: string): string | undefined {
    if (this.unknown.size === 0) return undefined;
    const uri = vscode.Uri.parse(file);
    const top = this.roots.get(file) ?? (uri.scheme === 'file' ? gitPlaceOf(uri.fsPath)?.workTree : undefined);
    return top ? this.unknown.get(top) : undefined;
  }

  /** What the status bar says: each synced board branch and when it was last fetched. */
  summary(): { readonly branch: string; readonly fetchedAt?: Date; readonly error?: string }[] {
    return [...this.repos.values()].map((r) => ({ branch: r.branch ?? vscode.l10n.t('the board branch'), fetchedAt: r.fetchedAt, error: r.error }));
  }

  /** The mark of a task the views got from `overlay`, when its state on the board branch differs. */
  differenceOf(task: Task): BranchDifference | undefined {
    return this.marks.get(task);
  }

  /** The tasks with the board branch's status and holder where they differ; the same array when none does. Kept per list until the next fetch. */
  overlay(tasks: readonly Task[]): readonly Task[] {
    if (this.repos.size === 0 || tasks.length === 0) return tasks;
    const known = this.overlaid.get(tasks);
    if (known?.version === this.version) return known.tasks;
    let out: Task[] | undefined;
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      const shown = this.shown(task);
      if (shown !== task && !out) out = tasks.slice(0, i);
      out?.push(shown);
    }
    const result = out ?? tasks;
    this.overlaid.set(tasks, { version: this.version, tasks: result });
    return result;
  }

  /** Fetches every synced board branch now; the views follow. */
  fetch(): Promise<void> {
    this.fetching ??= this.fetchAll().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  private shown(task: Task): Task {
    const root = this.rootOf(task.file);
    const there = root ? this.repos.get(root)?.tasks.get(task.file)?.get(task.id) : undefined;
    const local = task.kind === 'board' ? task.assignedAgent?.trim() || undefined : task.agent;
    if (!there || task.conflict || (there.status === task.status && (there.agent ?? local) === local)) return task;
    const shown = { ...taskData(task), status: there.status, ...(task.kind === 'board' ? { assignedAgent: there.agent } : {}) } as Task;
    this.marks.set(shown, { branch: this.repos.get(root!)?.branch ?? '', status: there.status, agent: there.agent, localStatus: task.status });
    return shown;
  }

  private rootOf(file: string): string | undefined {
    if (this.repos.size === 0) return undefined;
    let top = this.roots.get(file);
    if (top === undefined) {
      const uri = vscode.Uri.parse(file);
      top = (uri.scheme === 'file' ? gitPlaceOf(uri.fsPath)?.workTree : undefined) ?? null;
      this.roots.set(file, top);
    }
    return top !== null && this.repos.has(top) ? top : undefined;
  }

  private newRepo(file: string): boolean {
    const uri = vscode.Uri.parse(file);
    const top = uri.scheme === 'file' ? gitPlaceOf(uri.fsPath)?.workTree : undefined;
    return top !== undefined && !this.lookedAt.has(top);
  }

  /** Which repositories of the workspace's task files sync, from their settings files. */
  private async rediscover(): Promise<void> {
    await this.store.ready;
    const tops = new Set<string>();
    // A folder that became a repository (git init, a clone made in place) since a file in it was first asked about.
    this.roots.clear();
    for (const { file } of this.store.files()) {
      const uri = vscode.Uri.parse(file);
      if (uri.scheme !== 'file') continue;
      const top = gitPlaceOf(uri.fsPath)?.workTree;
      this.roots.set(file, top ?? null);
      if (top !== undefined) tops.add(top);
    }
    let changed = false;
    for (const top of tops) {
      this.lookedAt.add(top);
      const read = repoSettingsFor(top);
      showSettingsFile(read);
      if (read.settings.sync?.enabledUnreadable) this.unknown.set(top, read.path);
      else this.unknown.delete(top);
      const on = read.settings.sync?.enabled === true;
      if (on && !this.repos.has(top)) {
        this.repos.set(top, { tasks: new Map() });
        changed = true;
      } else if (!on && this.repos.delete(top)) changed = true;
    }
    for (const top of [...this.repos.keys()]) {
      if (!tops.has(top)) changed = this.repos.delete(top) || changed;
    }
    if (!changed) return;
    this.version++;
    this.changeEmitter.fire();
    this.restartTimer();
    await this.fetch();
    this.store.showThrough(this);
  }

  private restartTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration(SECTION).get<number>('sync.fetchIntervalSeconds', DEFAULT_FETCH_SECONDS);
    if (this.repos.size > 0 && seconds > 0) this.timer = setInterval(() => void this.fetch(), seconds * 1000);
  }

  private async fetchAll(): Promise<void> {
    const changedFiles = new Set<string>();
    for (const [top, state] of this.repos) {
      const before = state.tasks;
      try {
        const { board, tasks } = await tasksOnBoardBranch(top);
        const byFile = new Map<string, Map<string, { status: Status | undefined; agent: string | undefined }>>();
        for (const t of tasks) {
          const file = vscode.Uri.file(path.join(top, ...t.file.split('/'))).toString();
          let ids = byFile.get(file);
          if (!ids) byFile.set(file, (ids = new Map()));
          ids.set(t.id, { status: t.status, agent: (t.kind === 'board' ? t.assignedAgent?.trim() : t.agent) || undefined });
        }
        state.branch = board.name;
        state.tasks = byFile;
        state.error = undefined;
        for (const file of new Set([...before.keys(), ...byFile.keys()])) changedFiles.add(file);
      } catch (err) {
        state.error = (err as Error).message;
      }
      state.fetchedAt = new Date();
    }
    this.version++;
    this.store.shownChanged([...changedFiles]);
    this.changeEmitter.fire();
  }
}

/** The board-branch view, its status-bar item and its command; inert until a repository's settings file turns sync on. */
export function registerBoardBranch(store: TaskStore, underTest: boolean): vscode.Disposable {
  const view = new BoardBranchView(store);
  setActiveBoardBranch(view);
  const item = vscode.window.createStatusBarItem('agentTaskBoard.boardBranch', vscode.StatusBarAlignment.Left, 49);
  item.name = vscode.l10n.t('Agent Task Board: board branch');
  item.command = FETCH_COMMAND;
  let shown = false;
  const update = (): void => {
    const repos = view.summary();
    shown = repos.length > 0;
    if (!shown) return item.hide();
    const failed = repos.find((r) => r.error);
    const time = (d: Date | undefined): string => (d ? d.toLocaleTimeString() : vscode.l10n.t('not yet'));
    item.text = `$(${failed ? 'warning' : 'git-branch'}) ${repos.map((r) => r.branch).join(', ')} · ${time(repos[0]!.fetchedAt)}`;
    item.tooltip = repos
      .map((r) =>
        r.error
          ? vscode.l10n.t('The board branch {0} could not be fetched at {1}: {2}', r.branch, time(r.fetchedAt), r.error)
          : vscode.l10n.t('Tasks show the board branch {0}, fetched at {1}; moves go through it.', r.branch, time(r.fetchedAt)),
      )
      .concat(vscode.l10n.t('Click to fetch now.'))
      .join('\n');
    item.accessibilityInformation = { label: item.tooltip };
    item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  return vscode.Disposable.from(
    view,
    item,
    view.onDidChange(update),
    { dispose: () => setActiveBoardBranch(undefined) },
    vscode.commands.registerCommand(FETCH_COMMAND, async () => {
      const repositories = await view.fetchAsked();
      if (repositories > 0) return { repositories };
      // Said, not left to nothing happening: the command is in the palette whether or not a board syncs.
      const message = vscode.l10n.t('Nothing to fetch: no repository in this workspace syncs its task board through a board branch (sync: enabled: true in {0}).', SETTINGS_FILE);
      void vscode.window.showInformationMessage(message);
      return { repositories, message };
    }),
    // A test hook (testHooks.ts): what the status bar item shows.
    registerTestHooks(underTest, {
      '_agentTaskBoard.boardBranchStatus': () => ({ visible: shown, text: item.text, tooltip: item.tooltip }),
    }),
  );
}

export const FETCH_COMMAND = 'agentTaskBoard.fetchBoardBranch';
