// The board's extension side: owns one webview panel, answers its `ready`
// with the full state, sends deltas when the store changes, and carries out
// the moves it asks for through the same path as the tree (moveTask:
// compare-and-swap, one WorkspaceEdit, undo). Every message from the page is
// validated before anything is done with it.

import * as vscode from 'vscode';
import { firstStatus, isInFlight, isKnownStatus, moveTarget } from '../../core/lifecycleModel';
import { branchDifferenceOf } from '../sync/activeBoardBranch';
import { branchNote } from '../sync/branchNote';
import { viewKindOf } from '../../core/lifecycle';
import type { Status, Task } from '../../core/model';
import { columnOf, DEFAULT_LIFECYCLE_VIEW, moveForDrop, refusalFor, validateFromWebview, type BoardState, type ShownProblem, type FromWebview, type ToWebview } from '../../shared/boardMessages';
import { packCards } from '../../shared/packedCards';
import { asksForAgent, claimRefusal, moveTask, pickAgent, undoMove, type MoveUndo } from '../taskMover';
import type { EditorWrites } from '../editorWrites';
import type { TaskStore } from '../taskStore';
import { boardHtml, boardWebviewOptions } from './boardHtml';
import { CREATE_TODO_COMMAND } from '../commands/createTodo';
import { staleReasons } from '../staleReasons';
import { warnOfRefusal } from '../commands/moveCommands';
import type { UnfinishedDependency } from '../../core/dependencies/dependencies';
import { boardFiles, buildBoardModel, diffStates, type BoardModel } from './cardModel';
import { detailEntries, detailMentions, detailFields } from './taskDetails';
import { onProblemsChanged, shownProblems } from '../diagnostics/shownProblems';
import type { ShownProblems } from '../diagnostics/problemsByTask';

export const BOARD_VIEW_TYPE = 'agentTaskBoard.board';

/** How many of the board's moves Undo can go back through. */
const UNDO_DEPTH = 50;

export interface BoardSnapshot {
  readonly visible: boolean;
  readonly pageReady: boolean;
  /** Card keys (`<file uri>#<id>`) per column, as last sent to the page; the columns are the lifecycle's main path. */
  readonly columns: Readonly<Record<Status, readonly string[]>>;
  /** The side status (blocked, cancelled) of each card in one, by card key: the chip on the card. */
  readonly sides: Readonly<Record<string, Status>>;
  /** The side named on each card that is one side of a merge conflict, by card key. */
  readonly conflicts: Readonly<Record<string, string>>;
  /** The board-branch note on each card that has one, by card key. */
  readonly branch: Readonly<Record<string, string>>;
  /** What each waiting card waits for, as the page was sent it, by card key. */
  readonly waiting: Readonly<Record<string, readonly UnfinishedDependency[]>>;
  /** The errors and warnings on each card that has any, as the page was sent them, by card key. */
  readonly problems: Readonly<Record<string, readonly ShownProblem[]>>;
  /** The last move's or Undo's outcome, as the page was told it. */
  readonly lastResult?: Extract<ToWebview, { type: 'moveResult' | 'undoResult' }>;
}

export class BoardPanel implements vscode.Disposable {
  private model: BoardModel | undefined;
  /** What the cards say of their tasks' problems (see diagnostics/shownProblems.ts). */
  private readonly problems: ShownProblems;
  /** The state the page has now; deltas are computed against it. */
  private sent: BoardState | undefined;
  private pageReady = false;
  private lastResult: BoardSnapshot['lastResult'];
  private pendingFileFilter: string | undefined;
  /** A card to reveal once the page has its state. */
  private pendingReveal: string | undefined;
  private readonly labels = new Map<string, string>();
  /**
   * The moves made from this board, the newest last: what Undo puts back, or why it cannot (a move made on the
   * board branch is in git's history, not in this file).
   */
  private readonly undoable: (MoveUndo | { readonly refusal: string })[] = [];
  /** The move or undo being made; the next waits for it (see `receive`). */
  private acting: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly store: TaskStore,
    private readonly writes: EditorWrites,
    private readonly memento: vscode.Memento,
    extensionUri: vscode.Uri,
    fileFilter?: string,
  ) {
    this.pendingFileFilter = fileFilter;
    this.problems = shownProblems(store);
    panel.webview.options = boardWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'activity.svg');
    panel.webview.html = boardHtml(panel.webview, extensionUri);
    this.disposables.push(
      this.disposeEmitter,
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      // Without retainContextWhenHidden the page is torn down when hidden and
      // loads again (posting `ready`) when shown: it gets a full state then.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.pageReady = false;
      }),
      store.onDidChange(() => this.sendDelta()),
      // Diagnostics follow a change a turn or more later (see enforcementDiagnostics.ts): the cards' problems then.
      // Most changes set a file's diagnostics again as they were: those build nothing.
      onProblemsChanged(store, this.problems, 'board problems', () => this.sendDelta()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Shows the board with `task`'s card selected and in view; false when the board holds no card for it. */
  async revealTask(task: Pick<Task, 'file' | 'id' | 'line'>): Promise<boolean> {
    this.panel.reveal();
    await this.store.ready;
    this.model ??= this.buildModel();
    const key = this.keyOf(task);
    if (key === undefined) return false;
    if (this.pageReady && this.sent) this.post({ type: 'reveal', key });
    else this.pendingReveal = key;
    return true;
  }

  /** Shows the board, limited to one file when `file` is given. */
  reveal(file?: string): void {
    if (file !== undefined) {
      if (this.pageReady) this.post({ type: 'fileFilter', file });
      else this.pendingFileFilter = file;
    }
    this.panel.reveal();
  }

  /** A message from the page (or a test standing in for it): validated, then acted on; anything else is dropped. */
  async receive(raw: unknown): Promise<void> {
    const msg = validateFromWebview(raw);
    if (!msg) return;
    if (msg.type !== 'move' && msg.type !== 'claim' && msg.type !== 'undo') return this.handle(msg);
    // Moves and undos one after the other, in the order asked: an undo asked while a move is still being written
    // (a synced move takes seconds) is of that move, not of the one before it.
    const turn = this.acting.then(() => this.handle(msg));
    this.acting = turn.catch(() => undefined);
    await turn;
  }

  /** What the page was last sent, by column, and the last move result: for tests in the extension host. */
  snapshot(): BoardSnapshot {
    const view = this.sent?.lifecycle ?? DEFAULT_LIFECYCLE_VIEW;
    const columns: Record<Status, string[]> = {};
    for (const s of view.main) columns[s] = [];
    const sides: Record<string, Status> = {};
    const conflicts: Record<string, string> = {};
    const branch: Record<string, string> = {};
    const waiting: Record<string, readonly UnfinishedDependency[]> = {};
    const problems: Record<string, readonly ShownProblem[]> = {};
    for (const c of this.sent?.cards ?? []) {
      const column = columnOf(view, c.status);
      if (column !== undefined) columns[column]!.push(c.key);
      if (column !== c.status) sides[c.key] = c.status;
      if (c.conflict) conflicts[c.key] = c.conflict;
      if (c.branch) branch[c.key] = c.branch;
      if (c.waiting) waiting[c.key] = c.waiting;
      if (c.problems) problems[c.key] = c.problems;
    }
    return { visible: this.panel.visible, pageReady: this.pageReady, columns, sides, conflicts, branch, waiting, problems, lastResult: this.lastResult };
  }

  dispose(): void {
    this.disposeEmitter.fire();
    for (const d of this.disposables) d.dispose();
    this.disposables.length = 0;
    this.panel.dispose();
  }

  private post(msg: ToWebview): void {
    if (msg.type === 'moveResult' || msg.type === 'undoResult') this.lastResult = msg;
    void this.panel.webview.postMessage(msg);
  }

  private label(file: string): string {
    let l = this.labels.get(file);
    if (l === undefined) {
      try {
        l = vscode.workspace.asRelativePath(vscode.Uri.parse(file), (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      } catch {
        l = file;
      }
      this.labels.set(file, l);
    }
    return l;
  }

  private buildModel(): BoardModel {
    const store = this.store;
    // In path order, as store.tasks() lists them.
    const withTasks = store
      .files()
      .map(({ file }) => ({ file, tasks: store.tasksIn(file).length }))
      .filter((f) => f.tasks > 0)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const { shown, omitted } = boardFiles(withTasks);
    const labels = new Map(withTasks.map((f) => [f.file, this.label(f.file)]));
    const stale = new Map<string, Map<string, string>>();
    const problems = new Map<Task, readonly ShownProblem[]>();
    const tasksOf = shown.map((f) => store.tasksIn(f.file));
    this.problems.retain(new Set(shown.map((f) => f.file)));
    shown.forEach((f, i) => {
      const tasks = tasksOf[i]!;
      if (tasks.some((t) => isInFlight(store.lifecycle, t.status, t.kind))) stale.set(f.file, staleReasons(store, f.file, tasks));
      for (const [task, list] of this.problems.of(f.file, () => tasks).byTask) problems.set(task, list);
    });
    return buildBoardModel({
      tasks: tasksOf.flat(),
      staleReason: (t) => stale.get(t.file)?.get(t.id),
      problemsOf: (t) => problems.get(t),
      waitingOn: (t) => store.waitingOn(t),
      agents: store.agents(),
      files: shown.map((f) => f.file),
      label: (f) => labels.get(f) ?? this.label(f),
      logCount: (t) => store.entriesFor(t).length,
      branchNote: (t) => {
        const there = branchDifferenceOf(t);
        return there ? branchNote(there) : undefined;
      },
      omitted: omitted.map((f) => ({ label: labels.get(f.file)!, tasks: f.tasks })),
      taskFiles: store.files().filter((f) => f.kind === 'board' || f.kind === 'checklist').length,
      lifecycle: { main: store.lifecycle.main, side: store.lifecycle.side },
    });
  }

  private async sendState(): Promise<void> {
    await this.store.ready;
    this.model = this.buildModel();
    this.sent = this.model.state;
    const fileFilter = this.pendingFileFilter;
    this.pendingFileFilter = undefined;
    this.post({ type: 'state', state: { ...this.model.state, cards: packCards(this.model.state.cards, this.model.state.lifecycle) }, ...(fileFilter !== undefined && { fileFilter }) });
    const reveal = this.pendingReveal;
    this.pendingReveal = undefined;
    if (reveal !== undefined) this.post({ type: 'reveal', key: reveal });
  }

  private sendDelta(): void {
    if (!this.pageReady || !this.sent) return;
    this.model = this.buildModel();
    const delta = diffStates(this.sent, this.model.state);
    this.sent = this.model.state;
    if (delta) this.post(delta);
  }

  private task(key: string): Task | undefined {
    return this.model?.tasks.get(key);
  }

  private async handle(msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.pageReady = true;
        await this.sendState();
        return;
      case 'select': {
        const task = this.task(msg.key);
        if (!task) return;
        this.post({
          type: 'details',
          key: msg.key,
          fields: detailFields(task, this.label(task.file)),
          entries: detailEntries(this.store.entriesFor(task), (f) => this.label(f)),
          mentions: detailMentions(this.store.mentionsOf(task), (f) => this.label(f)),
        });
        return;
      }
      case 'open': {
        const task = this.task(msg.key);
        if (!task) return;
        const pos = new vscode.Position(task.line, 0);
        await vscode.window.showTextDocument(vscode.Uri.parse(task.file), {
          viewColumn: vscode.ViewColumn.Beside,
          preserveFocus: true,
          selection: new vscode.Range(pos, pos),
        });
        return;
      }
      case 'claim': {
        const lifecycle = this.store.lifecycle;
        await this.move(msg.key, firstStatus(lifecycle), moveTarget(lifecycle, 'claim'), msg.agent);
        return;
      }
      case 'move': {
        // A word that is no status of the lifecycle is a message that does not validate: dropped.
        const lifecycle = this.store.lifecycle;
        if (!isKnownStatus(lifecycle, msg.from) || !isKnownStatus(lifecycle, msg.to)) return;
        await this.move(msg.key, msg.from, msg.to, msg.agent);
        return;
      }
      case 'undo':
        await this.undo();
        return;
      case 'createTodo':
        // Beside the board: in its place, the board would be hidden behind the new file.
        await vscode.commands.executeCommand(CREATE_TODO_COMMAND, undefined, vscode.ViewColumn.Beside);
        return;
    }
  }

  /** Puts back the newest move made from this board, if the file still holds what it wrote (undoMove). */
  private async undo(): Promise<void> {
    const undo = this.undoable.pop();
    if (!undo) return this.post({ type: 'undoResult', ok: false, message: vscode.l10n.t('Nothing to undo: no move was made from this board.') });
    if ('refusal' in undo) return this.post({ type: 'undoResult', ok: false, message: undo.refusal });
    const outcome = await undoMove(this.store, this.writes, undo);
    if (!outcome.ok) {
      // A refusal that may pass (the file locked for long, read-only for a moment): the move can be undone again.
      if (outcome.code === 'again') this.undoable.push(undo);
      return this.post({ type: 'undoResult', ok: false, message: outcome.message });
    }
    const key = this.keyOf(undo.back);
    this.post({ type: 'undoResult', ok: true, message: vscode.l10n.t('Undone: {0}.', undo.label), ...(key !== undefined && { key }) });
  }

  /** The card key of a task, when the board shows it; of the one on `line` when given (an id used twice has two cards). */
  private keyOf(task: { readonly file: string; readonly id: string; readonly line?: number }): string | undefined {
    for (const [key, t] of this.model?.tasks ?? []) if (t.file === task.file && t.id === task.id && (task.line === undefined || t.line === task.line)) return key;
    return undefined;
  }

  /** `laneAgent`: the swimlane the card was dropped in; a move that needs an agent takes it instead of asking. */
  private async move(key: string, from: Status, to: Status, laneAgent?: string): Promise<void> {
    const task = this.task(key);
    const result = (ok: boolean, message?: string, undoable?: boolean) => this.post({ type: 'moveResult', key, ok, ...(message && { message }), ...(undoable && { undoable }) });
    if (!task) return result(false, vscode.l10n.t('This task is no longer on the board.'));
    const view = this.model!.state.lifecycle;
    const move = moveForDrop(view, viewKindOf(task), from, to);
    if (!move) return result(false, `${task.id}: ${refusalFor(view, viewKindOf(task), from, to)}`);
    let agent: string | undefined;
    const ref = { file: task.file, id: task.id, status: from };
    // What no agent could claim is said before the picker asks for one.
    const refused = move === 'claim' ? claimRefusal(this.store, ref) : undefined;
    if (refused) return result(false, refused);
    if (move === 'claim' || asksForAgent(this.store.lifecycle, task, from, to)) {
      agent = laneAgent ?? (await pickAgent(this.store, this.memento, task.file));
      if (!agent) return result(false);
    }
    const outcome = await moveTask(this.store, this.writes, ref, move, agent, { undoable: true });
    if (outcome.ok) {
      this.undoable.push(outcome.undo ?? { refusal: vscode.l10n.t('{0} was moved through the board branch, which Undo does not reach: move it back from its menu.', task.id) });
      if (this.undoable.length > UNDO_DEPTH) this.undoable.shift();
      return result(true, undefined, outcome.undo !== undefined);
    }
    result(false, outcome.message);
    warnOfRefusal(this.store, this.writes, ref, outcome, agent, move);
  }
}
