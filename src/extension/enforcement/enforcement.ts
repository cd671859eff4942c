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
//
// This file puts the parts together and wires them to VS Code's events:
// acceptedTexts.ts (the accepted state), enforcementDiagnostics.ts (while
// typing), saves.ts (on save, and the editor's own writes), externalTexts.ts
// (disk and start-up), gitTexts.ts (git's writes), reportActions.ts (Revert
// and Accept), report.ts (what the user is told).
import * as vscode from 'vscode';
import type { AcceptedSnapshot } from '../../core/acceptedState';
import type { Problem } from '../../core/model';
import type { EditorWrites } from '../editorWrites';
import type { TaskStore } from '../taskStore';
import type { TaskDiagnostics } from '../diagnostics/taskDiagnostics';
import { AcceptedTexts } from './acceptedTexts';
import { EnforcementDiagnostics } from './enforcementDiagnostics';
import { ExternalTexts } from './externalTexts';
import { GitTexts } from './gitTexts';
import type { EnforcementParts } from './parts';
import { Reports, type EnforcementReport, type Notifier, type RevertResult } from './report';
import { ReportActions } from './reportActions';
import { SaveGuard } from './saves';

/** Stale claims age with the clock, not with edits: look again this often. */
const STALE_RECHECK_MS = 10 * 60 * 1000;

export class Enforcement implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly parts: EnforcementParts;
  /** Resolves when the start-up check of every known file is done. */
  readonly ready: Promise<void>;

  constructor(storage: vscode.Memento, store: TaskStore, writes: EditorWrites, private readonly diagnostics: TaskDiagnostics, notify: Notifier) {
    const isDisposed = (): boolean => this.disposed;
    const accepted = new AcceptedTexts(storage, store);
    const git = new GitTexts(store, accepted, isDisposed);
    const views = new EnforcementDiagnostics(store, accepted, git, diagnostics, isDisposed);
    const actions = new ReportActions(store, writes, accepted, (file) => views.refresh(file));
    this.parts = { store, accepted, git, reports: new Reports(notify), views, actions, isDisposed };
    const saves = new SaveGuard(this.parts);
    const external = new ExternalTexts(this.parts);
    this.disposables.push(
      accepted,
      // As the store lets go of the file: a file deleted and made again starts over (its next text is judged
      // against the accepted state, which stays).
      store.onDidForget((file) => {
        accepted.forget(file);
        git.forget(file);
      }),
      store.onDidChange(({ files }) => {
        for (const file of files) views.refresh(file);
        views.refreshDependencyDiagnostics(files);
      }),
      // Judged in a turn of its own (setImmediate, not a timer: timers due together run in one turn): the
      // views show the write first, and on a big board judging it walks every task.
      store.onDidWriteOnDisk(({ file, text, digest }) => {
        setImmediate(() => void external.onText(file, text, 'disk', digest));
      }),
      // The editor's own moves and reverts are told to the save guard directly (editorWrites.ts).
      writes.witnessedBy(saves),
      // An open, clean editor reloads a file written on disk without going
      // through the store's disk event: a change that leaves the buffer clean
      // may have come from the disk (see onCleanChange).
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0 || e.document.isDirty) return;
        void external.onCleanChange(e.document);
      }),
      vscode.workspace.onWillSaveTextDocument((e) => saves.onWillSave(e)),
      vscode.workspace.onDidSaveTextDocument((doc) => void saves.onDidSave(doc)),
      vscode.window.onDidChangeActiveTextEditor((editor) => void saves.revertDeferred(editor?.document.uri.toString())),
      vscode.window.onDidChangeWindowState((state) => {
        if (!state.focused) void saves.revertDeferred(undefined);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentTaskBoard.enforcement') || e.affectsConfiguration('agentTaskBoard.staleClaimHours')) {
          views.refreshAll();
        }
      }),
    );
    const timer = setInterval(() => views.refreshAll(), STALE_RECHECK_MS);
    this.disposables.push({ dispose: () => clearInterval(timer) });
    this.ready = external.startUp();
  }

  /** The last report shown, of any file or of `file`. */
  lastReport(file?: string): EnforcementReport | undefined {
    return this.parts.reports.last(file);
  }

  accepted(file: string): AcceptedSnapshot | undefined {
    return this.parts.accepted.get(file);
  }

  /** How many times the accepted state of `file` was replaced. */
  acceptedWrites(file: string): number {
    return this.parts.accepted.timesSet(file);
  }

  /**
   * Every problem of `text` as a version of `file`: lint, lifecycle against the
   * accepted state (unless enforcement is off) and stale claims. Spans point into `text`.
   */
  problemsFor(file: string, text: string): Problem[] {
    return this.parts.views.problemsFor(file, text);
  }

  /** `problems` of `text` with the fixes that give an id choosing one no other task file uses (see EnforcementDiagnostics). */
  idsFreeElsewhere(file: string, text: string, problems: readonly Problem[]): readonly Problem[] {
    return this.parts.views.idsFreeElsewhere(file, text, problems);
  }

  /** The lint used by fix-all: the same problems, for any text of the file. */
  lintFor(file: string): (text: string) => Problem[] {
    return this.parts.views.lintFor(file);
  }

  /** The notification's Revert (and `strict`'s): see ReportActions.revert. */
  revert(file: string, basedOn?: string): Promise<RevertResult> {
    return this.parts.actions.revert(file, basedOn);
  }

  /** The notification's Accept: see ReportActions.accept. */
  async accept(file: string, reported?: string): Promise<RevertResult> {
    const text = reported ?? this.parts.store.text(file);
    const result = await this.parts.actions.accept(file, reported);
    // Accepted by a person, the text is no longer one an agent wrote (GitTexts.changeOf): git may write it back.
    if (result.ok && text !== undefined) this.parts.git.trust(file, text);
    return result;
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.diagnostics.clear();
  }
}
