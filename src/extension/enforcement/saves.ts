// Enforcement on save (docs/architecture.md, "Enforcement"): with `revert` or
// `strict`, the offending fields go back to their accepted values inside the
// save; after every save what is legal becomes accepted and what onWillSave
// did not catch is reverted. An auto-save in the active editor is put back
// when the user leaves the file. The editor's own writes (editorWrites.ts)
// are told here directly and taken once, not judged again by their save.
import * as vscode from 'vscode';
import { revertEdits, summarizeViolations, type ViolationSummary } from '../../core/acceptedState';
import { hasConflictMarkers } from '../../core/conflicts/conflictMarkers';
import type { OwnWrite, WriteEnd, WriteWitness } from '../editorWrites';
import { enforcement as enforcementMode } from '../settings';
import { hasLifecycle } from '../diagnostics/taskText';
import { gitBusy, onlyGitLockHeld } from './gitTexts';
import type { EnforcementParts } from './parts';

export class SaveGuard implements WriteWitness {
  /** Why each file is being saved, from onWillSave to onDidSave (only onWillSave is told). */
  private readonly saveReasons = new Map<string, vscode.TextDocumentSaveReason>();
  /**
   * Files an auto-save wrote with an illegal move while the user was still in
   * them, with the moves: put back when the user leaves the file or the window,
   * or saves it explicitly, rather than under the cursor a second after typing. With the text saved: the revert
   * is made only while the file still holds it (a write made since, an agent's, is judged on its own).
   */
  private readonly deferred = new Map<string, { readonly violations: ViolationSummary[]; readonly text: string }>();
  /**
   * Files whose clean buffer is being saved while git holds a bare lock (Ctrl+S saves a clean buffer too): the
   * buffer holds the disk's text, maybe what a checkout is writing. Neither save event judges it or writes into it;
   * the disk's text is judged when the lock is gone (ExternalTexts).
   */
  private readonly cleanUnderLock = new Set<string>();
  /** The editor's own writes being saved, by file (see `saving`): their save events bring nothing to judge. */
  private readonly ownSaves = new Map<string, OwnWrite>();

  constructor(private readonly parts: EnforcementParts) {}

  /**
   * The editor's writer is saving `write` (a move or a revert): the save events, the watcher and a
   * reload will bring its text back, and none of them is to judge it or take it again; `wrote` does.
   */
  saving(write: OwnWrite): void {
    this.ownSaves.set(write.file, write);
    this.parts.accepted.markHandled(write.file, write.text);
  }

  /**
   * A write of the editor's is over. A move's task takes the move's result, saved or still in the
   * buffer; a revert's text becomes the accepted state whole (it holds the accepted values). A save
   * that failed leaves the accepted state where the disk is; one whose text was changed on the way
   * (by onWillSave's reverts) was judged by onDidSave like any save. A save that outlasted the
   * writer's wait is told here when it ends; its own save events were passed over meanwhile.
   */
  wrote(write: OwnWrite, outcome: WriteEnd): void {
    const pending = this.ownSaves.get(write.file);
    if (pending === write) this.ownSaves.delete(write.file);
    if (this.parts.isDisposed() || outcome === 'not-saved' || (outcome === 'saved' && pending !== write)) return;
    void this.take(write);
  }

  onWillSave(e: vscode.TextDocumentWillSaveEvent): void {
    const { store, accepted: texts, reports } = this.parts;
    const doc = e.document;
    const file = doc.uri.toString();
    const kind = store.kindOf(doc.uri);
    if (!hasLifecycle(kind) || !vscode.workspace.isTrusted) return;
    // The editor's own move or revert: legal by construction, taken when the writer says it is done.
    if (this.ownSaves.get(file)?.text === doc.getText()) return;
    if (!doc.isDirty && onlyGitLockHeld(doc.uri)) {
      this.cleanUnderLock.add(file);
      return;
    }
    this.saveReasons.set(file, e.reason);
    // An auto-save a second after a keystroke: the user is still typing (see `deferred`).
    if (e.reason === vscode.TextDocumentSaveReason.AfterDelay) return;
    const mode = enforcementMode(doc.uri);
    if (mode !== 'revert' && mode !== 'strict') return;
    const accepted = texts.get(file);
    if (!accepted) return;
    // Computed synchronously: the save waits at most 1.5 s for every extension together.
    const text = doc.getText();
    // Saving while resolving a merge (or any git operation stopped in progress) is the person's choice, not a move to
    // judge. A bare lock is not: an edited buffer is this window's text whatever git command runs beside it.
    if (hasConflictMarkers(text) || gitBusy(doc.uri, { locks: false })) return;
    const tasks = texts.tasksOf(file, kind, text);
    // As every judgement of the editor's: a move made here and undone is no violation (AcceptedTexts.violations).
    const violations = texts.violations(file, accepted, tasks, text);
    const edits = revertEdits(violations);
    if (edits.length === 0) return;
    e.waitUntil(
      Promise.resolve(edits.map((t) => vscode.TextEdit.replace(new vscode.Range(doc.positionAt(t.start), doc.positionAt(t.end)), t.newText))),
    );
    const summaries = summarizeViolations(accepted, tasks, violations);
    const name = vscode.workspace.asRelativePath(doc.uri, false);
    const moves = summaries.map((s) => `${s.taskId} ${s.move}`).join('; ');
    const message = vscode.l10n.t('Agent Task Board: illegal task moves were not saved in {0}: {1}.', name, moves);
    void reports.show({ file, source: 'save', violations: summaries, reverted: true, message });
  }

  /** After every save, whoever triggered it: accept what is legal; revert what onWillSave did not catch. */
  async onDidSave(doc: vscode.TextDocument): Promise<void> {
    const { store, accepted, git, views, actions } = this.parts;
    const file = doc.uri.toString();
    const kind = store.kindOf(doc.uri);
    if (this.parts.isDisposed() || !hasLifecycle(kind)) return;
    if (this.cleanUnderLock.delete(file)) return;
    const text = doc.getText();
    accepted.markHandled(file, text);
    const reason = this.saveReasons.get(file);
    this.saveReasons.delete(file);
    const own = this.ownSaves.get(file);
    if (own?.text === text) return; // the writer tells us (see `wrote`)
    if (own) this.ownSaves.delete(file); // saved with more than the writer wrote: judged here like any save
    if (hasConflictMarkers(text)) return views.refresh(file);
    const mode = enforcementMode(doc.uri);
    const busy = gitBusy(doc.uri, { locks: false });
    if (busy) {
      if (await git.take(file, kind, text, { how: `during ${busy}` })) views.refresh(file);
      return;
    }
    git.forget(file);
    const judged = await accepted.take(file, kind, text, mode);
    views.refresh(file);
    this.deferred.delete(file);
    if (judged && (mode === 'revert' || mode === 'strict') && vscode.workspace.isTrusted) {
      if (reason === vscode.TextDocumentSaveReason.AfterDelay && vscode.window.activeTextEditor?.document.uri.toString() === file) {
        // The error stays on the line; the move is put back when the user leaves the file.
        this.deferred.set(file, { violations: summarizeViolations(judged.accepted, judged.tasks, judged.violations), text });
        return;
      }
      // onWillSave is not fired for every save (and its edits can time out).
      const result = await actions.revert(file, text);
      if (!result.ok) void vscode.window.showWarningMessage(result.message);
    }
  }

  /** Puts back the illegal moves auto-saves wrote in files the user has now left (`stillIn` is the file they are in). */
  async revertDeferred(stillIn: string | undefined): Promise<void> {
    const { store, reports, actions } = this.parts;
    for (const [file, { violations, text }] of [...this.deferred]) {
      if (file === stillIn || this.parts.isDisposed()) continue;
      this.deferred.delete(file);
      const before = store.text(file);
      // Changed since (typed on, or written by an agent): that text is judged on its own, on its save or its write.
      // The document tells, when open: the store's text of a large board lags while it is parsed.
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file);
      if (doc?.isDirty || (doc ? doc.getText() : before) !== text) continue;
      const result = await actions.revert(file, text);
      // Fixed by hand meanwhile: nothing was put back, nothing to say.
      if (result.ok && store.text(file) === before) continue;
      const name = vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);
      const moves = violations.map((v) => `${v.taskId} ${v.move}`).join('; ');
      const message = result.ok
        ? vscode.l10n.t('Agent Task Board: illegal task moves auto-saved in {0} were put back when you left it: {1}.', name, moves)
        : result.message;
      void reports.show({ file, source: 'save', violations, reverted: result.ok, message });
    }
  }

  /** A write of the editor's, done: a move's result for its task, or a revert's text whole. */
  private async take(write: OwnWrite): Promise<void> {
    const { store, accepted, git, views } = this.parts;
    if (write.moved) {
      await accepted.takeMove(write.moved);
    } else {
      const kind = store.kindOf(vscode.Uri.parse(write.file));
      if (!hasLifecycle(kind)) return;
      git.forget(write.file);
      await accepted.takeWhole(write.file, kind, write.text);
    }
    views.refresh(write.file);
  }
}
