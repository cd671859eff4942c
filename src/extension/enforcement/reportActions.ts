// What a report's buttons do: Revert puts the violating fields back through
// the editor's one writer, under the file lock; Accept takes the reported
// text as the accepted state. `strict` and the deferred auto-save reverts run
// Revert too.
import * as vscode from 'vscode';
import { strayBytesRefusal } from '../strayBytes';
import { revertEdits, type AcceptedSnapshot } from '../../core/acceptedState';
import { hasConflictMarkers } from '../../core/conflicts/conflictMarkers';
import { withLfBreaks } from '../../core/lineBreaks';
import { diskText, modelMatchesDisk, modelShows, type EditorWrites } from '../editorWrites';
import type { TaskStore } from '../taskStore';
import { hasLifecycle, lintTaskText } from '../diagnostics/taskText';
import type { AcceptedTexts } from './acceptedTexts';
import { gitBusyAfterLock } from './gitTexts';
import type { RevertResult } from './report';

export class ReportActions {
  constructor(
    private readonly store: TaskStore,
    private readonly writes: EditorWrites,
    private readonly accepted: AcceptedTexts,
    /** Called once the accepted state of a file was replaced here. */
    private readonly changed: (file: string) => void,
  ) {}

  /**
   * Puts the violating fields of `file` back to their accepted values, as one
   * WorkspaceEdit + save, provided the file still has `basedOn` (compare-and-swap).
   * The writer tells enforcement of the write, which takes the result as accepted.
   */
  async revert(file: string, basedOn?: string): Promise<RevertResult> {
    if (!vscode.workspace.isTrusted) return { ok: false, message: vscode.l10n.t('This workspace is not trusted; nothing was changed.') };
    const uri = vscode.Uri.parse(file);
    const kind = this.store.kindOf(uri);
    const name = vscode.workspace.asRelativePath(uri, false);
    // Nothing is written into a working tree while git works in it; a short command's lock is waited for.
    const busy = await gitBusyAfterLock(uri);
    if (busy) return { ok: false, message: vscode.l10n.t('Git is in the middle of {0} in {1}; nothing was reverted.', busy, name) };
    const noState = { ok: false, message: vscode.l10n.t('{0} has no accepted state to revert to.', name) } as const;
    if (!hasLifecycle(kind) || !this.accepted.get(file)) return noState;
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch (err) {
      return { ok: false, message: vscode.l10n.t('{0} could not be opened: {1}', name, String(err)) };
    }
    // The save takes `<file>.lock`, as moves do: an agent's locked write cannot land between the check and the save.
    // The accepted state is read once the lock is held: what git or the lock's holder wrote while the revert waited
    // may have become it, and a revert to an older one would undo their legal moves.
    const locked = await this.writes.underFileLock(uri, () => {
      const accepted = this.accepted.get(file);
      return accepted ? this.revertInEditor(file, kind, accepted, doc, name, basedOn) : Promise.resolve(noState);
    });
    return locked.ok ? locked.value : locked;
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
      const disk = await diskText(uri);
      // The store reads a CR-only file with LF breaks: compare the disk as it reads it.
      if (disk === undefined || withLfBreaks(disk) !== reported) {
        return { ok: false, message: vscode.l10n.t('{0} changed again since the violation was reported; nothing was accepted.', name) };
      }
    }
    await this.accepted.takeWhole(file, kind, text);
    this.changed(file);
    return { ok: true };
  }

  private async revertInEditor(
    file: string,
    kind: 'board' | 'checklist',
    accepted: AcceptedSnapshot,
    doc: vscode.TextDocument,
    name: string,
    basedOn: string | undefined,
  ): Promise<RevertResult> {
    const uri = doc.uri;
    const stray = await strayBytesRefusal(uri, name);
    if (stray) return { ok: false, message: stray };
    // A clean buffer must be the disk first: the model can lag a write made on disk meanwhile (an agent's, not yet
    // judged), and a revert planned on the model and saved would overwrite it. Then it must be the text reported.
    const onDisk = doc.isDirty || (await modelMatchesDisk(doc));
    const expected = basedOn ?? doc.getText();
    if (!onDisk || !(await modelShows(doc, expected))) {
      await this.store.refresh(uri);
      return { ok: false, message: vscode.l10n.t('{0} changed again since the violation was reported; nothing was reverted.', name) };
    }
    const text = doc.getText();
    if (hasConflictMarkers(text)) return { ok: false, message: vscode.l10n.t('{0} has merge conflicts; nothing was reverted.', name) };
    const version = doc.version;
    const { tasks } = lintTaskText(file, kind, text, this.store.lifecycle);
    const edits = revertEdits(this.accepted.violations(file, accepted, tasks, text));
    if (edits.length === 0) return { ok: true };
    const written = await this.writes.write(doc, edits, { version, label: vscode.l10n.t('Revert illegal task moves'), save: true });
    if (!written.ok) return { ok: false, message: vscode.l10n.t('{0} changed while it was being reverted; nothing was written.', name) };
    if (written.outcome === 'not-saved') return { ok: false, message: vscode.l10n.t('{0} was reverted in the editor but could not be saved.', name) };
    await this.store.refresh(uri);
    return { ok: true };
  }
}
