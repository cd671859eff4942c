// Lifecycle enforcement (docs/architecture.md, "Enforcement") over the store: every text of a task
// file is compared with the file's accepted state. While typing, violations
// are Error diagnostics; on save they are reverted inside the save (setting
// `revert`); a write on disk that breaks the lifecycle is reported with a
// notification offering to revert or accept it (`strict` reverts by itself).
// Legal changes, whoever made them, simply become the accepted state.
//
// A text that git wrote (a checkout, pull, rebase, reset or stash; see
// src/node/gitState.ts) is the repository's, not an agent's: it becomes the
// accepted state at once, and the lifecycle between the old HEAD's file and
// the new one's is shown as information on the tasks concerned, never
// reverted. Nothing is written into a working tree while git is in the middle
// of an operation, and a file with conflict markers is left alone until a
// person resolves it.
import * as vscode from 'vscode';
import { strayBytesRefusal } from '../strayBytes';
import { withLfBreaks } from '../../core/lineBreaks';
import {
  acceptLegal,
  matchAccepted,
  revertEdits,
  snapshotOf,
  summarizeViolations,
  violationsAgainst,
  type AcceptedSnapshot,
  type AcceptedTask,
  type ViolationSummary,
} from '../../core/acceptedState';
import { hasConflictMarkers } from '../../core/conflicts/conflictMarkers';
import { checkTransitions } from '../../core/lifecycle';
import type { FileKind, HistoryEntry, Problem, Task } from '../../core/model';
import { gitPlaceOf, operationInProgress } from '../../node/gitPlace';
import { fileAt, gitChangeOf, type GitChange } from '../../node/gitState';
import { enforcement as enforcementMode, staleAfterHours, type Enforcement as EnforcementMode } from '../settings';
import { staleClaimsOf } from '../staleClaimsOf';
import { sameLines, underFileLock } from '../taskMover';
import type { TaskMoved, TaskStore } from '../taskStore';
import { hasLifecycle, lintTaskText } from '../diagnostics/taskText';
import type { TaskDiagnostics } from '../diagnostics/taskDiagnostics';
import { AcceptedStates } from './acceptedStateStorage';

/** What enforcement told the user about one file, kept for tests and the output. */
export interface EnforcementReport {
  readonly file: string;
  /** `save`: refused in a save; `disk`: written on disk; `startup`: found when VS Code opened. */
  readonly source: 'save' | 'disk' | 'startup';
  readonly violations: readonly ViolationSummary[];
  /** True when the fields were reverted without asking (`revert` on save, `strict` on disk). */
  readonly reverted: boolean;
  readonly message: string;
}

export type ReportChoice = 'revert' | 'accept' | undefined;

/** Shows a report; for disk reports resolves with the user's choice. Injectable for tests. */
export type Notifier = (report: EnforcementReport) => Thenable<ReportChoice>;

export type RevertResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** How long a revert waits for the editor model to show the text it was computed on. */
const MODEL_CATCH_UP_MS = 1500;
/** Stale claims age with the clock, not with edits: look again this often. */
const STALE_RECHECK_MS = 10 * 60 * 1000;
/**
 * An illegal-looking text that shows no sign of git is looked at once more
 * after this long: git writes the working tree before its reflog, and the
 * watcher can deliver the file between the two.
 */
const GIT_SETTLE_MS = 400;

/** What a git operation did to one task, shown as information while the task keeps that status. */
interface GitNote {
  readonly taskId: string;
  readonly status: string | undefined;
  readonly message: string;
}

export class Enforcement implements vscode.Disposable {
  private readonly states: AcceptedStates;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly history = new Map<string, readonly HistoryEntry[]>();
  /** The last external text handled per file, so one disk write seen twice is reported once. */
  private readonly handledExternal = new Map<string, string>();
  private readonly reports: EnforcementReport[] = [];
  private readonly gitNotes = new Map<string, readonly GitNote[]>();
  private readonly lastViolations = new Map<
    string,
    { readonly accepted: AcceptedSnapshot; readonly tasks: readonly Task[]; readonly text: string; readonly problems: Problem[] }
  >();
  private disposed = false;
  /** Why each file is being saved, from onWillSave to onDidSave (only onWillSave is told). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  /**
   * Files an auto-save wrote with an illegal move while the user was still in
   * them, with the moves: put back when the user leaves the file or the window,
   * or saves it explicitly, rather than under the cursor a second after typing.
   */
  private readonly deferred = new Map<string, ViolationSummary[]>();
  /** Resolves when the start-up check of every known file is done. */
  readonly ready: Promise<void>;

  constructor(
    storage: vscode.Memento,
    private readonly store: TaskStore,
    private readonly diagnostics: TaskDiagnostics,
    private readonly notify: Notifier,
  ) {
    this.states = new AcceptedStates(storage);
    this.disposables.push(
      store.onDidChange(({ files }) => {
        for (const file of files) this.refreshDiagnostics(file);
      }),
      store.onDidWriteOnDisk(({ file, text }) => void this.onExternalText(file, text, 'disk')),
      store.onDidMoveTask((move) => void this.acceptMove(move)),
      // An open, clean editor reloads a file written on disk without going
      // through the store's disk event: a change that leaves the buffer clean
      // may have come from the disk (see onCleanChange).
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || e.document.isDirty) return;
        void this.onCleanChange(e.document);
      }),
      vscode.workspace.onWillSaveTextDocument((e) => this.onWillSave(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.onDidSave(doc)),
      vscode.window.onDidChangeActiveTextEditor((editor) => void this.revertDeferred(editor?.document.uri.toString())),
      vscode.window.onDidChangeWindowState((state) => {
        if (!state.focused) void this.revertDeferred(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentTaskBoard.enforcement') || e.affectsConfiguration('agentTaskBoard.staleClaimHours')) {
          this.refreshAll();
        }
      }),
    );
    const timer = setInterval(() => this.refreshAll(), STALE_RECHECK_MS);
    this.disposables.push({ dispose: () => clearInterval(timer) });
    this.ready = this.startUp();
  }

  /** The last report shown, of any file or of `file`. */
  lastReport(file?: string): EnforcementReport | undefined {
    for (let i = this.reports.length - 1; i >= 0; i--) if (file === undefined || this.reports[i]!.file === file) return this.reports[i];
    return undefined;
  }

  accepted(file: string): AcceptedSnapshot | undefined {
    return this.states.get(file);
  }

  /**
   * Every problem of `text` as a version of `file`: lint, lifecycle against the
   * accepted state (unless enforcement is off) and stale claims. Spans point into `text`.
   */
  problemsFor(file: string, text: string): Problem[] {
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOf(uri);
    if (!kind) return [];
    const fromStore = this.store.text(file) === text;
    const own = fromStore && hasLifecycle(kind) ? undefined : lintTaskText(file, kind, text, this.store.lifecycle);
    const lint = fromStore ? this.store.problems(file) : own!.problems;
    // A conflicted file is judged once resolved: its only problems are the conflicts (and what cannot be read).
    if (!hasLifecycle(kind) || hasConflictMarkers(text)) return [...lint];
    const tasks = own?.tasks ?? this.tasksInStore(file, kind);
    const lifecycle = this.lifecycleProblems(file, tasks, text);
    const stale = this.staleProblems(file, kind, tasks, text);
    return dedupe([...lifecycle, ...lint, ...stale, ...this.gitNoteProblems(file, tasks, text)]);
  }

  /** The lint used by fix-all: the same problems, for any text of the file. */
  lintFor(file: string): (text: string) => Problem[] {
    const kind = this.store.kindOf(vscode.Uri.parse(file));
    return (text) => {
      if (!kind || !hasLifecycle(kind)) return this.problemsFor(file, text);
      const own = lintTaskText(file, kind, text, this.store.lifecycle);
      return dedupe([...this.lifecycleProblems(file, own.tasks, text), ...own.problems]);
    };
  }

  /**
   * Puts the violating fields of `file` back to their accepted values, as one
   * WorkspaceEdit + save, provided the file still has `basedOn` (compare-and-swap).
   * The notification's Revert action and `strict` call this.
   */
  async revert(file: string, basedOn?: string): Promise<RevertResult> {
    if (!vscode.workspace.isTrusted) return { ok: false, message: vscode.l10n.t('This workspace is not trusted; nothing was changed.') };
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOf(uri);
    const accepted = this.states.get(file);
    const name = vscode.workspace.asRelativePath(uri, false);
    if (!hasLifecycle(kind) || !accepted) return { ok: false, message: vscode.l10n.t('{0} has no accepted state to revert to.', name) };
    const busy = gitBusy(uri);
    if (busy) return { ok: false, message: vscode.l10n.t('Git is in the middle of {0} in {1}; nothing was reverted.', busy, name) };
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch (err) {
      return { ok: false, message: vscode.l10n.t('{0} could not be opened: {1}', name, String(err)) };
    }
    // The save takes `<file>.lock`, as moves do: an agent's locked write cannot land between the check and the save.
    const locked = await underFileLock(uri, () => this.revertInEditor(file, uri, kind, accepted, doc, name, basedOn));
    return locked.ok ? locked.value : locked;
  }

  private async revertInEditor(
    file: string,
    uri: vscode.Uri,
    kind: 'board' | 'checklist',
    accepted: AcceptedSnapshot,
    doc: vscode.TextDocument,
    name: string,
    basedOn: string | undefined,
  ): Promise<RevertResult> {
    const stray = await strayBytesRefusal(uri, name);
    if (stray) return { ok: false, message: stray };
    const expected = basedOn ?? doc.getText();
    if (!(await modelShows(doc, expected))) {
      await this.store.refresh(uri);
      return { ok: false, message: vscode.l10n.t('{0} changed again since the violation was reported; nothing was reverted.', name) };
    }
    const text = doc.getText();
    if (hasConflictMarkers(text)) return { ok: false, message: vscode.l10n.t('{0} has merge conflicts; nothing was reverted.', name) };
    const version = doc.version;
    const { tasks } = lintTaskText(file, kind, text, this.store.lifecycle);
    const edits = revertEdits(violationsAgainst(accepted, tasks, text, this.store.lifecycle));
    if (edits.length === 0) return { ok: true };
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) {
      edit.replace(uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText, {
        label: vscode.l10n.t('Revert illegal task moves'),
        needsConfirmation: false,
      });
    }
    if (doc.version !== version || !(await vscode.workspace.applyEdit(edit))) {
      return { ok: false, message: vscode.l10n.t('{0} changed while it was being reverted; nothing was written.', name) };
    }
    if (!(await doc.save())) return { ok: false, message: vscode.l10n.t('{0} was reverted in the editor but could not be saved.', name) };
    await this.store.refresh(uri);
    return { ok: true };
  }

  /**
   * Takes `reported` (the text a report was about) as accepted, violations
   * included: the notification's Accept action. Refused when the file no
   * longer holds that text on disk: the editor's buffer may hold unsaved
   * edits of the user's, which were never reported and must not be accepted.
   * Without `reported`, the store's current text (tests, a file never reported).
   */
  async accept(file: string, reported?: string): Promise<RevertResult> {
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOf(uri);
    const name = vscode.workspace.asRelativePath(uri, false);
    const text = reported ?? this.store.text(file);
    if (!hasLifecycle(kind) || text === undefined) return { ok: false, message: vscode.l10n.t('{0} is not a task file.', name) };
    if (reported !== undefined) {
      let disk: string | undefined;
      try {
        disk = new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        disk = undefined;
      }
      // The store reads a CR-only file with LF breaks: compare the disk as it reads it.
      if (disk === undefined || withLfBreaks(disk) !== reported) {
        return { ok: false, message: vscode.l10n.t('{0} changed again since the violation was reported; nothing was accepted.', name) };
      }
    }
    await this.states.set(file, snapshotOf(lintTaskText(file, kind, text, this.store.lifecycle).tasks));
    this.refreshDiagnostics(file);
    return { ok: true };
  }

  /**
   * A move made through moveTask is in the buffer: the task's accepted entry
   * becomes the move's result at once (the file's other tasks keep theirs), so
   * a second move before the save is judged from there.
   */
  async acceptMove(move: TaskMoved): Promise<void> {
    const uri = vscode.Uri.parse(move.file);
    const kind = this.store.kindOf(uri);
    const accepted = this.states.get(move.file);
    if (this.disposed || !hasLifecycle(kind) || !accepted) return;
    const moved: { -readonly [K in keyof AcceptedTask]: AcceptedTask[K] } = { id: move.id, kind, status: move.status };
    if (move.agent !== undefined) moved.assignedAgent = move.agent;
    if (move.title.trim() !== '') moved.title = move.title.trim();
    const at = accepted.tasks.findIndex((t) => t.id === move.id);
    const tasks = [...accepted.tasks];
    if (at >= 0) tasks[at] = moved;
    else {
      // Not accepted under this id (renumbered, or new): the entry it matched by title, if any, is replaced.
      const text = this.store.text(move.file);
      const current = text === undefined ? [] : this.tasksOf(move.file, kind, text);
      const old = matchAccepted(accepted, current)[current.findIndex((t) => t.id === move.id)];
      const was = old ? accepted.tasks.findIndex((t) => t.title === old.title && t.kind === old.kind) : -1;
      if (was >= 0) tasks[was] = moved;
      else tasks.push(moved);
    }
    await this.states.set(move.file, { tasks });
    this.refreshDiagnostics(move.file);
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.states.dispose();
    this.diagnostics.clear();
  }

  private async startUp(): Promise<void> {
    await this.store.ready;
    if (this.disposed) return;
    for (const { file, kind } of this.store.files()) {
      const text = this.store.text(file);
      if (!hasLifecycle(kind) || text === undefined) {
        this.refreshDiagnostics(file);
        continue;
      }
      await this.onExternalText(file, text, 'startup');
    }
  }

  /**
   * A change to a buffer that is still clean: a reload from disk, or an edit
   * whose dirty flag has not arrived yet (VS Code sends it after the change, so
   * a move's edit to a clean buffer looks clean at first). Only a text the disk
   * holds is taken as written on disk: a move whose save then failed must not
   * become the accepted state.
   */
  private async onCleanChange(doc: vscode.TextDocument): Promise<void> {
    const file = doc.uri.toString();
    const text = doc.getText();
    let disk: string;
    try {
      disk = new TextDecoder('utf-8', { fatal: true }).decode(await vscode.workspace.fs.readFile(doc.uri));
    } catch {
      return; // gone or unreadable: the store reports it
    }
    if (doc.getText() !== text || !sameLines(disk, doc)) return;
    await this.onExternalText(file, text, 'disk');
  }

  /** A text that did not come from typing in this window: a write on disk, or the file as found at start-up. */
  private async onExternalText(file: string, text: string, source: 'disk' | 'startup'): Promise<void> {
    if (this.disposed) return;
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOf(uri);
    if (!hasLifecycle(kind)) return;
    // A watcher can see a file mid-write (truncated, then written): an empty text is never judged.
    if (text.trim() === '' || this.handledExternal.get(file) === text) return;
    this.handledExternal.set(file, text);
    // Two versions of some tasks at once: judged once a person has chosen.
    if (hasConflictMarkers(text)) return this.refreshDiagnostics(file);
    const mode = enforcementMode(uri);
    const git = await this.gitChange(file, kind, text, mode);
    if (this.disposed || this.handledExternal.get(file) !== text) return; // a newer text came meanwhile
    if (git) return this.takeFromGit(file, kind, text, git);
    this.gitNotes.delete(file);
    const judged = await this.takeText(file, kind, text, mode);
    if (!judged) return;
    const summaries = summarizeViolations(judged.accepted, judged.tasks, judged.violations);
    const name = vscode.workspace.asRelativePath(uri, false);
    const where = source === 'startup' ? vscode.l10n.t('while VS Code was closed, {0} was changed', name) : vscode.l10n.t('{0} was changed on disk', name);
    const list = summaries.map((s) => `${s.taskId} ${s.move}`).join('; ');
    // A change found at start-up is judged against the restored state, which may
    // be old (written by another version, another machine's checkout): it is
    // reported and offered, never reverted by itself, even under strict.
    if (mode === 'strict' && source !== 'startup' && vscode.workspace.isTrusted) {
      const result = await this.revert(file, text);
      const message = result.ok
        ? vscode.l10n.t('Agent Task Board: {0} with illegal task moves, which were reverted: {1}.', where, list)
        : vscode.l10n.t('Agent Task Board: {0} with illegal task moves ({1}); reverting failed: {2}', where, list, result.message);
      void this.show({ file, source, violations: summaries, reverted: result.ok, message });
      return;
    }
    if (mode === 'warn') {
      // `warn` is diagnostics only: the report is kept (tests, later) but not shown.
      this.record({ file, source, violations: summaries, reverted: false, message: `${where}: ${list}` });
      return;
    }
    const message = vscode.l10n.t('Agent Task Board: {0} with illegal task moves: {1}.', where, list);
    // Not awaited: the user may answer much later, or never, and other files must not wait for it.
    void this.show({ file, source, violations: summaries, reverted: false, message }).then(async (choice) => {
      if (this.disposed) return;
      if (choice === 'revert') {
        const result = await this.revert(file, text);
        if (!result.ok) void vscode.window.showWarningMessage(result.message);
      } else if (choice === 'accept') {
        const result = await this.accept(file, text);
        if (!result.ok) void vscode.window.showWarningMessage(result.message);
      }
    });
  }

  private onWillSave(e: vscode.TextDocumentWillSaveEvent): void {
    const doc = e.document;
    const file = doc.uri.toString();
    const kind = this.store.kindOf(doc.uri);
    if (!hasLifecycle(kind) || !vscode.workspace.isTrusted) return;
    this.saveReasons.set(file, e.reason);
    // An auto-save a second after a keystroke: the user is still typing (see `deferred`).
    if (e.reason === vscode.TextDocumentSaveReason.AfterDelay) return;
    const mode = enforcementMode(doc.uri);
    if (mode !== 'revert' && mode !== 'strict') return;
    const accepted = this.states.get(file);
    if (!accepted) return;
    // Computed synchronously: the save waits at most 1.5 s for every extension together.
    const text = doc.getText();
    // Saving while resolving a merge (or any git operation) is the person's choice, not a move to judge.
    if (hasConflictMarkers(text) || gitBusy(doc.uri)) return;
    const tasks = this.tasksOf(file, kind, text);
    const violations = violationsAgainst(accepted, tasks, text, this.store.lifecycle);
    const edits = revertEdits(violations);
    if (edits.length === 0) return;
    e.waitUntil(
      Promise.resolve(edits.map((t) => vscode.TextEdit.replace(new vscode.Range(doc.positionAt(t.start), doc.positionAt(t.end)), t.newText))),
    );
    const summaries = summarizeViolations(accepted, tasks, violations);
    const name = vscode.workspace.asRelativePath(doc.uri, false);
    const moves = summaries.map((s) => `${s.taskId} ${s.move}`).join('; ');
    const message = vscode.l10n.t('Agent Task Board: illegal task moves were not saved in {0}: {1}.', name, moves);
    void this.show({ file, source: 'save', violations: summaries, reverted: true, message });
  }

  /** After every save, whoever triggered it: accept what is legal; revert what onWillSave did not catch. */
  private async onDidSave(doc: vscode.TextDocument): Promise<void> {
    const file = doc.uri.toString();
    const kind = this.store.kindOf(doc.uri);
    if (this.disposed || !hasLifecycle(kind)) return;
    const text = doc.getText();
    this.handledExternal.set(file, text);
    const reason = this.saveReasons.get(file);
    this.saveReasons.delete(file);
    if (hasConflictMarkers(text)) return this.refreshDiagnostics(file);
    const mode = enforcementMode(doc.uri);
    const busy = gitBusy(doc.uri);
    if (busy) return this.takeFromGit(file, kind, text, { how: `during ${busy}` });
    this.gitNotes.delete(file);
    const judged = await this.takeText(file, kind, text, mode);
    this.deferred.delete(file);
    if (judged && (mode === 'revert' || mode === 'strict') && vscode.workspace.isTrusted) {
      if (reason === vscode.TextDocumentSaveReason.AfterDelay && vscode.window.activeTextEditor?.document.uri.toString() === file) {
        // The error stays on the line; the move is put back when the user leaves the file.
        this.deferred.set(file, summarizeViolations(judged.accepted, judged.tasks, judged.violations));
        return;
      }
      // onWillSave is not fired for every save (and its edits can time out).
      const result = await this.revert(file, text);
      if (!result.ok) void vscode.window.showWarningMessage(result.message);
    }
  }

  /** Puts back the illegal moves auto-saves wrote in files the user has now left (`stillIn` is the file they are in). */
  private async revertDeferred(stillIn: string | undefined): Promise<void> {
    for (const [file, violations] of [...this.deferred]) {
      if (file === stillIn || this.disposed) continue;
      this.deferred.delete(file);
      const before = this.store.text(file);
      const result = await this.revert(file);
      // Fixed by hand meanwhile: nothing was put back, nothing to say.
      if (result.ok && this.store.text(file) === before) continue;
      const name = vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);
      const moves = violations.map((v) => `${v.taskId} ${v.move}`).join('; ');
      const message = result.ok
        ? vscode.l10n.t('Agent Task Board: illegal task moves auto-saved in {0} were put back when you left it: {1}.', name, moves)
        : result.message;
      void this.show({ file, source: 'save', violations, reverted: result.ok, message });
    }
  }

  /**
   * A new text of a file from a save or from disk: accepted whole when the file is new to us or
   * enforcement is off, else judged against the accepted state, whose legal part moves on.
   * Returns the violations when there are any.
   */
  private async takeText(file: string, kind: FileKind, text: string, mode: EnforcementMode) {
    const { tasks, history } = this.parsed(file, kind, text);
    this.history.set(file, history);
    const accepted = this.states.get(file);
    const violations = accepted && mode !== 'off' ? this.violations(file, accepted, tasks, text) : [];
    if (!accepted || violations.length === 0) await this.acceptAll(file, tasks, text);
    else await this.states.set(file, acceptLegal(accepted, tasks, violations));
    this.refreshDiagnostics(file);
    return accepted && violations.length > 0 ? { accepted, tasks, violations } : undefined;
  }

  /**
   * Whether git wrote `text`: asked only of a text that would break the
   * lifecycle (a legal one is accepted whoever wrote it), and once more after
   * a moment when the first look finds no sign (see GIT_SETTLE_MS).
   */
  private async gitChange(file: string, kind: FileKind, text: string, mode: EnforcementMode): Promise<GitChange | undefined> {
    const uri = vscode.Uri.parse(file);
    const accepted = this.states.get(file);
    if (mode === 'off' || uri.scheme !== 'file' || !accepted) return undefined;
    if (this.violations(file, accepted, this.tasksOf(file, kind, text), text).length === 0) return undefined;
    const first = await gitChangeOf(uri.fsPath, text);
    if (first || !gitPlaceOf(uri.fsPath)) return first;
    await new Promise((r) => setTimeout(r, GIT_SETTLE_MS));
    if (this.disposed || this.handledExternal.get(file) !== text) return undefined;
    return gitChangeOf(uri.fsPath, text);
  }

  /**
   * A text git wrote becomes the accepted state whole. What it did to the
   * lifecycle is kept as notes: the moves between the old HEAD's file and the
   * new one's under the rules of `check --base`, or, when HEAD did not move
   * (a stash, a merge under way), the moves from the state accepted before.
   */
  private async takeFromGit(file: string, kind: FileKind, text: string, change: GitChange): Promise<void> {
    const { tasks, history } = this.parsed(file, kind, text);
    this.history.set(file, history);
    const accepted = this.states.get(file);
    let before = accepted;
    let problems: readonly Problem[] = [];
    if (change.oldHead && change.newHead && change.oldHead !== change.newHead) {
      const place = gitPlaceOf(vscode.Uri.parse(file).fsPath);
      const old = place ? await fileAt(place, change.oldHead, vscode.Uri.parse(file).fsPath) : undefined;
      const oldTasks = old === undefined ? [] : this.tasksOf(file, kind, old);
      before = snapshotOf(oldTasks);
      problems = checkTransitions(oldTasks, tasks, { text, lifecycle: this.store.lifecycle });
    } else if (accepted) {
      problems = this.violations(file, accepted, tasks, text);
    }
    if (this.disposed || (this.store.text(file) !== undefined && this.store.text(file) !== text && this.handledExternal.get(file) !== text)) return;
    const notes = before ? summarizeViolations(before, tasks, problems).map((s) => gitNote(s, tasks, change.how)) : [];
    if (notes.length > 0) this.gitNotes.set(file, notes);
    else this.gitNotes.delete(file);
    await this.acceptAll(file, tasks, text);
    this.refreshDiagnostics(file);
  }

  /** The notes of the last git operation, on the tasks that still have the status it left them in. */
  private gitNoteProblems(file: string, tasks: readonly Task[], text: string): Problem[] {
    const notes = this.gitNotes.get(file);
    if (!notes) return [];
    const problems: Problem[] = [];
    for (const note of notes) {
      const task = tasks.find((t) => t.id === note.taskId && (t.statusText ?? t.status) === note.status);
      if (!task) continue;
      const lineEnd = text.indexOf('\n', task.span.start);
      const end = lineEnd < 0 || lineEnd > task.span.end ? task.span.end : lineEnd;
      problems.push({ code: 'git-transition', severity: 'info', message: note.message, span: { start: task.span.start, end }, taskId: task.id, fixes: [] });
    }
    return problems;
  }

  private show(report: EnforcementReport): Thenable<ReportChoice> {
    this.record(report);
    return this.notify(report);
  }

  private record(report: EnforcementReport): void {
    this.reports.push(report);
    if (this.reports.length > 50) this.reports.shift();
  }

  private refreshAll(): void {
    for (const { file } of this.store.files()) this.refreshDiagnostics(file);
  }

  private refreshDiagnostics(file: string): void {
    if (this.disposed) return;
    // A large file's checks are passes over every task: their own turn, not this one's (see laterTurns.ts).
    if (this.store.isLarge(file)) this.store.later.enqueue(`diagnostics ${file}`, () => this.refreshDiagnosticsNow(file));
    else this.refreshDiagnosticsNow(file);
  }

  private refreshDiagnosticsNow(file: string): void {
    if (this.disposed) return;
    const text = this.store.text(file);
    if (text === undefined) {
      this.diagnostics.delete(file);
      this.history.delete(file);
      this.lastViolations.delete(file);
      this.handledExternal.delete(file);
      this.gitNotes.delete(file);
      return;
    }
    this.diagnostics.set(file, text, this.problemsFor(file, text));
  }

  private lifecycleProblems(file: string, tasks: readonly Task[], text: string): Problem[] {
    const accepted = this.states.get(file);
    if (!accepted || enforcementMode(vscode.Uri.parse(file)) === 'off') return [];
    return this.violations(file, accepted, tasks, text);
  }

  /**
   * Takes every task of `text` as accepted. The tasks compared with their own
   * snapshot break no rule (same status, same agent, same order), so that
   * answer is remembered rather than computed: on a big board it was a second.
   */
  private acceptAll(file: string, tasks: readonly Task[], text: string): Thenable<void> {
    const accepted = snapshotOf(tasks);
    this.lastViolations.set(file, { accepted, tasks, text, problems: [] });
    return this.states.set(file, accepted);
  }

  /**
   * violationsAgainst, remembered per file for the last snapshot, tasks and
   * text it was asked about: one change asks several times (the disk handler,
   * then the diagnostics), and on a big board each answer walks every task.
   */
  private violations(file: string, accepted: AcceptedSnapshot, tasks: readonly Task[], text: string): Problem[] {
    const last = this.lastViolations.get(file);
    if (last && last.accepted === accepted && last.tasks === tasks && last.text === text) return last.problems;
    const problems = violationsAgainst(accepted, tasks, text, this.store.lifecycle);
    this.lastViolations.set(file, { accepted, tasks, text, problems });
    return problems;
  }

  private staleProblems(file: string, kind: 'board' | 'checklist', tasks: readonly Task[], text: string): Problem[] {
    const hours = staleAfterHours(vscode.Uri.parse(file));
    if (!(hours > 0)) return [];
    let history = this.history.get(file);
    if (history === undefined) {
      history = this.parsed(file, kind, text).history;
      this.history.set(file, history);
    }
    // Shared with the Tasks tree, which asks about the same text after the same change.
    return staleClaimsOf({
      file,
      tasks,
      text,
      history,
      thresholdMs: hours * 3_600_000,
      entries: this.store.entries(),
      entriesFor: (task) => this.store.entriesFor(task),
      textOf: (f) => (f === file ? text : this.store.text(f)),
      lifecycle: this.store.lifecycle,
    });
  }

  /** The tasks of one text of the file: the store's when it holds that text, else parsed here. */
  private tasksOf(file: string, kind: FileKind, text: string): readonly Task[] {
    return lintTaskText(file, kind, text, this.store.lifecycle).tasks;
  }

  private parsed(file: string, kind: FileKind, text: string): { tasks: readonly Task[]; history: readonly HistoryEntry[] } {
    const own = lintTaskText(file, kind, text, this.store.lifecycle);
    return { tasks: own.tasks, history: own.history };
  }

  /** The store's tasks of `file`: lintTaskText answers the store's own parse of its text (not a filter of every task). */
  private tasksInStore(file: string, kind: 'board' | 'checklist'): readonly Task[] {
    const text = this.store.text(file);
    return text === undefined ? [] : lintTaskText(file, kind, text, this.store.lifecycle).tasks;
  }
}

/** The same problem found twice (lint and lifecycle both flag an agentless claim): keep the first. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}:${p.span.start}:${p.span.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function modelShows(doc: vscode.TextDocument, expected: string): Promise<boolean> {
  const deadline = Date.now() + MODEL_CATCH_UP_MS;
  while (!sameLines(expected, doc)) {
    if (doc.isDirty || Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** What git is in the middle of in the working tree of `uri`, if anything. */
function gitBusy(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const place = gitPlaceOf(uri.fsPath);
  return place ? operationInProgress(place) : undefined;
}

/** One line about what a git operation did to a task: `TASK_001 went done → in_progress with the checkout of \`old\``. */
function gitNote(summary: ViolationSummary, tasks: readonly Task[], how: string): GitNote {
  const task = tasks.find((t) => t.id === summary.taskId);
  const what =
    summary.code === 'new-task-not-todo'
      ? vscode.l10n.t('{0} arrived as {1} {2}', summary.taskId, task?.statusText ?? task?.status ?? '?', how)
      : summary.code === 'stolen-claim'
        ? vscode.l10n.t('{0} changed hands ({1}) {2}', summary.taskId, summary.move, how)
        : vscode.l10n.t('{0} went {1} {2}', summary.taskId, summary.move, how);
  return { taskId: summary.taskId, status: task?.statusText ?? task?.status, message: what };
}
