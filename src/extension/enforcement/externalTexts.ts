// Texts that did not come from typing in this window (docs/architecture.md,
// "Enforcement"): a write on disk, a clean editor's reload, the files as found
// at start-up. Each is judged against the accepted state; a violation is
// reported with Revert / Accept (`strict` reverts a disk write by itself; one
// found at start-up is only offered). A text git wrote is git's (gitTexts.ts).
import * as vscode from 'vscode';
import { summarizeViolations } from '../../core/acceptedState';
import { diskText, sameLines } from '../editorWrites';
import { enforcement as enforcementMode } from '../settings';
import { hasLifecycle, lintTaskText } from '../diagnostics/taskText';
import type { EnforcementParts } from './parts';

export class ExternalTexts {
  constructor(private readonly parts: EnforcementParts) {}

  /** Every file the store found, judged against the state restored from the last session. */
  async startUp(): Promise<void> {
    const { store, views } = this.parts;
    await store.ready;
    if (this.parts.isDisposed()) return;
    for (const { file, kind } of store.files()) {
      const text = store.text(file);
      if (!hasLifecycle(kind) || text === undefined) {
        views.refresh(file);
        continue;
      }
      await this.onText(file, text, 'startup', store.digest(file));
    }
  }

  /**
   * A change to a buffer that is still clean: a reload from disk, or an edit
   * whose dirty flag has not arrived yet (VS Code sends it after the change, so
   * a move's edit to a clean buffer looks clean at first). Only a text the disk
   * holds is taken as written on disk: a move whose save then failed must not
   * become the accepted state.
   */
  async onCleanChange(doc: vscode.TextDocument): Promise<void> {
    const file = doc.uri.toString();
    const text = doc.getText();
    // The store read the write before the buffer reloaded it, and it was judged in the store's form (line ends as
    // written, a BOM): the reload is the same write, in the buffer's form. (The store has taken the reload's text
    // by now: it is the text last judged that tells.)
    const judged = this.parts.accepted.lastHandled(file);
    if (judged !== undefined && judged !== text && sameLines(judged, doc)) return;
    const disk = await diskText(doc.uri);
    // Gone or unreadable: the store reports it.
    if (disk === undefined || doc.getText() !== text || !sameLines(disk, doc)) return;
    await this.onText(file, text, 'disk');
  }

  /**
   * A text that did not come from typing in this window: a write on disk, or the file as found at start-up.
   * `digest`: of the bytes it was read from, when the store has it (TaskStore.digest).
   */
  async onText(file: string, text: string, source: 'disk' | 'startup', digest?: string): Promise<void> {
    const { store, accepted, git, views, reports, actions } = this.parts;
    if (this.parts.isDisposed()) return;
    const uri = vscode.Uri.parse(file);
    // As the store read it: no settings or paths looked at again for every write.
    const kind = store.kindOfFile(file);
    if (!hasLifecycle(kind)) return;
    // Deleted since the write (the store let go of it): not judged, and its accepted state stays as forgetting left it.
    if (store.text(file) === undefined) return;
    if (accepted.wasHandled(file, text, digest)) return;
    // Read from the parse, the store's when it is of this text: a large text is not read again (see readConflicts).
    const { tasks, conflicted } = lintTaskText(file, kind, text, store.lifecycle);
    // A watcher can see a file mid-write (truncated, then written): an empty text is never judged.
    if (tasks.length === 0 && text.trim() === '') return;
    accepted.markHandled(file, text, digest);
    // Two versions of some tasks at once: judged once a person has chosen.
    if (conflicted) return views.refresh(file);
    const mode = enforcementMode(uri);
    // A large text's judgement is made over several turns first; a newer text that came meanwhile wins.
    await accepted.prepare(file, kind, text);
    if (this.parts.isDisposed() || !accepted.wasHandled(file, text, digest)) return;
    // At start-up the files are judged one after the other: a lock left by a git that died must not hold each for a
    // minute (gitState.ts, LOCK_WAIT_MS). What start-up finds is only reported, never reverted.
    const change = await git.changeOf(file, kind, text, mode, source === 'startup' ? { lockWaitMs: 0 } : {});
    if (this.parts.isDisposed() || !accepted.wasHandled(file, text, digest)) return; // a newer text came meanwhile
    if (change) {
      if (await git.take(file, kind, text, change)) views.refresh(file);
      return;
    }
    git.forget(file);
    const judged = await accepted.take(file, kind, text, mode);
    views.refresh(file);
    if (!judged) return;
    const summaries = summarizeViolations(judged.accepted, judged.tasks, judged.violations);
    const name = vscode.workspace.asRelativePath(uri, false);
    const where = source === 'startup' ? vscode.l10n.t('while VS Code was closed, {0} was changed', name) : vscode.l10n.t('{0} was changed on disk', name);
    const list = summaries.map((s) => `${s.taskId} ${s.move}`).join('; ');
    // A change found at start-up is judged against the restored state, which may
    // be old (written by another version, another machine's checkout): it is
    // reported and offered, never reverted by itself, even under strict.
    if (mode === 'strict' && source !== 'startup' && vscode.workspace.isTrusted) {
      const result = await actions.revert(file, text);
      const message = result.ok
        ? vscode.l10n.t('Agent Task Board: {0} with illegal task moves, which were reverted: {1}.', where, list)
        : vscode.l10n.t('Agent Task Board: {0} with illegal task moves ({1}); reverting failed: {2}', where, list, result.message);
      void reports.show({ file, source, violations: summaries, reverted: result.ok, message });
      return;
    }
    if (mode === 'warn') {
      // `warn` is diagnostics only: the report is kept (tests, later) but not shown.
      reports.record({ file, source, violations: summaries, reverted: false, message: `${where}: ${list}` });
      return;
    }
    const message = vscode.l10n.t('Agent Task Board: {0} with illegal task moves: {1}.', where, list);
    // Not awaited: the user may answer much later, or never, and other files must not wait for it.
    void reports.show({ file, source, violations: summaries, reverted: false, message }).then(async (choice) => {
      if (this.parts.isDisposed()) return;
      if (choice === 'revert') {
        const result = await actions.revert(file, text);
        if (!result.ok) void vscode.window.showWarningMessage(result.message);
      } else if (choice === 'accept') {
        const result = await actions.accept(file, text);
        if (!result.ok) void vscode.window.showWarningMessage(result.message);
      }
    });
  }
}
